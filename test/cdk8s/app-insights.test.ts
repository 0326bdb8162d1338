/**
 * App Insights in the cdk8s constructs: a created component is an Azure Service
 * Operator `insights.azure.com` Component that exports its instrumentation key and
 * connection string to a ConfigMap; the scoring containers read both from it.
 */
import { AppInsights } from 'aks-ml-constructs';
import { AksEndpointConstruct, AksWebserviceConstruct, Warnings } from 'aks-ml-constructs/cdk8s';
import { findKeyMaterial } from '../support/key-material';
import { validateAll } from '../support/schema';
import { newChart, one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';

const IMAGE = 'myacr.azurecr.io/fraud/model:1.4.2';
// Owned by the ASO ResourceGroup object "ml-rg" in the namespace (with subscriptionId: the group's ARM id, see test/core).
const component = () => AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' });
const insightsEnv = (d: Record<string, any>) =>
  Object.fromEntries(d.spec.template.spec.containers[0].env.filter((e: any) => /INSIGHTS/.test(e.name)).map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('AksWebserviceConstruct with AppInsights.createComponent()', () => {
  test('the ASO Component is synthesized, schema-valid, and the container reads its ConfigMap; no key in the YAML', () => {
    const chart = newChart();
    const { result: ws, warnings } = captureWarnings(() => new AksWebserviceConstruct(chart, 'ws', { name: 'fraud-model', namespace: 'ml', image: IMAGE, enableAppInsights: true, appInsights: component() }));
    const objects = synthObjects(chart);
    expect(validateAll(objects)).toBe(objects.length);
    const c = one(objects, 'Component', 'fraud-model-app-insights');
    expect(c.apiVersion).toBe('insights.azure.com/v1api20200202');
    expect(c.metadata.namespace).toBe('ml');
    expect(c.spec.owner).toEqual({ name: 'ml-rg' });
    expect(c.spec.operatorSpec.configMaps.instrumentationKey).toEqual({ name: 'fraud-model-app-insights', key: 'instrumentation-key' });
    expect(ws.appInsightsComponent?.kind).toBe('Component');
    expect(insightsEnv(one(objects, 'Deployment'))).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { configMapKeyRef: { name: 'fraud-model-app-insights', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { configMapKeyRef: { name: 'fraud-model-app-insights', key: 'connection-string' } },
    });
    expect(findKeyMaterial(objects)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('the warning of a source without enableAppInsights can be acknowledged by its id', () => {
    const chart = newChart();
    const { result: loud } = captureWarnings(() => new AksWebserviceConstruct(chart, 'loud', { name: 'loud-model', namespace: 'ml', image: IMAGE, appInsights: component() }));
    expect(loud.warnings).toEqual([expect.stringContaining('[ack: aks-ml:webservice:appInsightsWithoutEnable]')]);
    expect(loud.appInsightsComponent).toBeUndefined();
    Warnings.of(chart).acknowledge('aks-ml:webservice:appInsightsWithoutEnable');
    const { result: quiet, warnings } = captureWarnings(() => new AksWebserviceConstruct(chart, 'quiet', { name: 'quiet-model', namespace: 'ml', image: IMAGE, appInsights: component() }));
    expect(quiet.warnings).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('AksEndpointConstruct with AppInsights.fromKeyVault()', () => {
  test('one ExternalSecret for the endpoint, read by every version', () => {
    const chart = newChart();
    const ep = new AksEndpointConstruct(chart, 'ep', {
      name: 'churn',
      namespace: 'ml',
      enableAppInsights: true,
      appInsights: AppInsights.fromKeyVault({ secretStore: { name: 'azure-key-vault' }, connectionStringSecretName: 'churn-appinsights' }),
      versions: [
        { versionName: 'control', image: IMAGE, trafficPercentile: 80, isDefault: true },
        { versionName: 'candidate', image: IMAGE, trafficPercentile: 20 },
      ],
    });
    const objects = synthObjects(chart);
    expect(validateAll(objects)).toBe(objects.length);
    expect(objects.filter((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'churn-app-insights')).toHaveLength(1);
    for (const v of ep.versions) {
      expect(insightsEnv(one(objects, 'Deployment', v.kubernetesName)).AML_APP_INSIGHTS_KEY).toEqual({ secretKeyRef: { name: 'churn-app-insights', key: 'instrumentation-key' } });
    }
    expect(ep.appInsightsComponent).toBeUndefined();
    expect(findKeyMaterial(objects)).toEqual([]);
  });
});
