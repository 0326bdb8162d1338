import { ConfigurationError, VersionType } from 'aks-ml-constructs';
import { AksEndpointConstruct, AksMlGateway } from 'aks-ml-constructs/cdk8s';
import { validateAll } from '../support/schema';
import { newChart, one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';

const IMAGE = 'myacr.azurecr.io/churn:1.0';

describe('AksEndpointConstruct', () => {
  test('an A/B endpoint: control + treatment + default, weights, URIs and schema-valid objects', () => {
    const chart = newChart();
    const gateway = new AksMlGateway(chart, 'gateway', { hostname: 'ml.example.com', tls: { certificateSecretName: 'ml-tls' }, httpListener: 'redirect' });
    const ep = new AksEndpointConstruct(chart, 'churn', {
      name: 'churn',
      namespace: 'ml',
      gateway: gateway.ref,
      versions: [
        { versionName: 'control', image: IMAGE, versionType: VersionType.CONTROL, trafficPercentile: 45 },
        { versionName: 'treatment', image: 'myacr.azurecr.io/churn:1.1', trafficPercentile: 45, cpuCores: 0.5 },
        { versionName: 'fallback', image: IMAGE, isDefault: true },
      ],
    });
    expect(ep.scoringUri).toBe('https://ml.example.com/api/v1/service/churn/score');
    expect(ep.versions.map((v) => [v.versionName, v.weight, v.versionType, v.isDefault])).toEqual([
      ['control', 45, 'Control', false],
      ['treatment', 45, 'Treatment', false],
      ['fallback', 10, 'Treatment', true],
    ]);
    expect(ep.defaultVersion.versionName).toBe('fallback');
    expect(ep.version('treatment').scoringUri).toBe('https://ml.example.com/api/v1/service/churn/versions/treatment/score');
    expect(ep.version('treatment').header).toEqual({ name: 'azureml-model-deployment', value: 'treatment' });
    expect(ep.version('treatment').deployment.name).toBe('churn-treatment');
    expect(() => ep.version('nope')).toThrow(/endpoint "churn" has no version "nope" \(versions: control, treatment, fallback\)/);
    expect(ep.keySecrets.map((s) => s.name)).toEqual(['churn-primary-key', 'churn-secondary-key']);

    const objects = synthObjects(chart);
    expect(validateAll(objects)).toBe(objects.length);
    const route = one(objects, 'HTTPRoute', 'churn');
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([
      ['churn-control', 45],
      ['churn-treatment', 45],
      ['churn-fallback', 10],
    ]);
    // The treatment's Deployment carries its own configuration and the version labels.
    const d = one(objects, 'Deployment', 'churn-treatment');
    expect(d.spec.template.spec.containers[0].resources.requests.cpu).toBe('500m');
    expect(d.metadata.labels).toMatchObject({ 'aks-ml-constructs.io/endpoint': 'churn', 'aks-ml-constructs.io/version': 'treatment', 'aks-ml-constructs.io/version-type': 'Treatment' });
  });

  test('warnings carry the version path', () => {
    const chart = newChart();
    const { warnings } = captureWarnings(
      () =>
        new AksEndpointConstruct(chart, 'churn', {
          name: 'churn',
          namespace: 'ml',
          versions: [{ versionName: 'control', image: IMAGE, autoscaleRefreshSeconds: 2 }],
        }),
    );
    expect(warnings).toEqual([expect.stringMatching(/^AksEndpoint "churn": versions\[0\]\.autoscaleRefreshSeconds: \(v1: autoscale_refresh_seconds\) cannot be honoured/)]);
  });

  test('invalid props throw one ConfigurationError before anything is added to the tree', () => {
    const chart = newChart();
    let error: unknown;
    try {
      new AksEndpointConstruct(chart, 'churn', {
        name: 'churn',
        versions: [
          { versionName: 'control', image: IMAGE, trafficPercentile: 70, isDefault: true },
          { versionName: 'treatment', image: IMAGE, trafficPercentile: 40, isDefault: true },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toHaveLength(2);
    expect(chart.node.children).toHaveLength(0);
  });
});
