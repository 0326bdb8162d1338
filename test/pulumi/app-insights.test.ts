/**
 * App Insights in the Pulumi components: `AppInsights.createComponent()` creates an
 * azure-native `applicationinsights.Component` (a child of the component), writes its
 * instrumentation key and connection string to the Secret `<name>-app-insights` as
 * secret outputs, and the scoring containers read both from it.
 */
import * as pulumi from '@pulumi/pulumi';
import type * as Core from 'aks-ml-constructs';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { validateAll } from '../support/schema';
import { mockAppInsightsOutputs, settle, setupMocks, valueOf } from './mock-runtime';

const recorder = setupMocks();
const { AppInsights }: typeof Core = require('aks-ml-constructs');
const { AksEndpoint, AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const WORKSPACE = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/ml-rg/providers/Microsoft.OperationalInsights/workspaces/ml-logs';

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

function withParents(): { parents: Map<string, pulumi.Resource | undefined>; transformations: pulumi.ResourceTransformation[] } {
  const parents = new Map<string, pulumi.Resource | undefined>();
  return {
    parents,
    transformations: [
      (a) => {
        parents.set(`${a.type}::${a.name}`, a.opts.parent);
        return undefined;
      },
    ],
  };
}

const envOf = (deployment: Record<string, any>) =>
  Object.fromEntries(deployment.spec.template.spec.containers[0].env.filter((e: any) => /INSIGHTS/.test(e.name)).map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('AksWebservice with AppInsights.createComponent()', () => {
  test('an azure-native Component, its key and connection string in a Secret as secret outputs, read by the container', async () => {
    const { parents, transformations } = withParents();
    const ws = new AksWebservice('aiws', {
      name: 'fraud-model',
      namespace: 'ml',
      image: IMAGE,
      enableAppInsights: true,
      appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope', workspaceResourceId: WORKSPACE, retentionInDays: 90, tags: { team: 'risk' } }),
    }, { transformations });
    await settle([ws, ...ws.resources]);

    const components = recorder.of('aiws').filter((r) => r.type === 'azure-native:applicationinsights:Component');
    expect(components.map((r) => [r.name, r.inputs])).toEqual([[
      'aiws-app-insights',
      expect.objectContaining({
        resourceGroupName: 'ml-rg',
        resourceName: 'fraud-model',
        location: 'westeurope',
        kind: 'web',
        applicationType: 'web',
        workspaceResourceId: WORKSPACE,
        ingestionMode: 'LogAnalytics',
        retentionInDays: 90,
        tags: { team: 'risk' },
      }),
    ]]);
    expect(parents.get('azure-native:applicationinsights:Component::aiws-app-insights')).toBe(ws);
    expect(ws.appInsightsComponent).toBeDefined();
    expect(ws.resources).toContain(ws.appInsightsComponent);

    const outputs = mockAppInsightsOutputs('aiws-app-insights');
    const secret = recorder.of('aiws').find((r) => r.type === 'kubernetes:core/v1:Secret' && r.inputs.metadata.name === 'fraud-model-app-insights')!;
    expect(secret.inputs.stringData).toEqual({ 'instrumentation-key': outputs.instrumentationKey, 'connection-string': outputs.connectionString });
    // Both values are secret (the whole stringData, or each entry).
    for (const entry of ['instrumentation-key', 'connection-string']) {
      expect([entry, secret.secretPaths.some((p) => p === 'stringData' || p === `stringData.${entry}`)]).toEqual([entry, true]);
    }
    expect(parents.get('kubernetes:core/v1:Secret::aiws-secret-fraud-model-app-insights')).toBe(ws);

    const deployment = recorder.of('aiws').find((r) => r.type === 'kubernetes:apps/v1:Deployment')!;
    expect(envOf(deployment.inputs)).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { secretKeyRef: { name: 'fraud-model-app-insights', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { secretKeyRef: { name: 'fraud-model-app-insights', key: 'connection-string' } },
    });
    const kube = recorder.of('aiws').filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs);
    // No ASO object in Pulumi: azure-native creates the component.
    expect(kube.some((o) => o.kind === 'Component')).toBe(false);
    expect(validateAll(kube)).toBe(ws.kubeResources.filter((r) => r.owned).length);
    expect(await valueOf(ws.appInsightsComponent!.instrumentationKey)).toBe(outputs.instrumentationKey);
  });

  test('App Insights from a Secret creates no Azure resource; off creates nothing either', async () => {
    const on = new AksWebservice('aisec', { name: 'fraud-secret', namespace: 'ml', image: IMAGE, enableAppInsights: true });
    const off = new AksWebservice('aioff', {
      name: 'fraud-off',
      namespace: 'ml',
      image: IMAGE,
      appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' }),
    });
    await settle([on, ...on.resources, off, ...off.resources]);
    for (const prefix of ['aisec', 'aioff']) {
      expect(recorder.of(prefix).filter((r) => r.type.startsWith('azure-native:'))).toEqual([]);
      expect(recorder.of(prefix).filter((r) => r.type === 'kubernetes:core/v1:Secret' && /app-insights/.test(r.inputs.metadata.name))).toEqual([]);
    }
    expect(on.appInsightsComponent).toBeUndefined();
    expect(envOf(recorder.of('aisec').find((r) => r.type === 'kubernetes:apps/v1:Deployment')!.inputs).AML_APP_INSIGHTS_KEY).toEqual({
      secretKeyRef: { name: 'app-insights', key: 'instrumentation-key' },
    });
    expect(off.warnings).toEqual([expect.stringContaining('[ack: aks-ml:webservice:appInsightsWithoutEnable]')]);
  });
});

describe('dependsOn', () => {
  test('the component\'s dependsOn (e.g. the resource group of the same program) holds for the Azure resource', async () => {
    const random: typeof import('@pulumi/random') = require('@pulumi/random');
    const group = new random.RandomPassword('aidep-stand-in-for-the-group', { length: 8 });
    const deps = new Map<string, unknown>();
    const ws = new AksWebservice('aidep', {
      name: 'fraud-dep',
      namespace: 'ml',
      image: IMAGE,
      enableAppInsights: true,
      appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' }),
    }, {
      dependsOn: [group],
      transformations: [(a) => {
        deps.set(`${a.type}::${a.name}`, a.opts.dependsOn);
        return undefined;
      }],
    });
    await settle([ws, ...ws.resources]);
    expect(deps.get('azure-native:applicationinsights:Component::aidep-app-insights')).toEqual([group]);
  });
});

describe('AksEndpoint with AppInsights.createComponent()', () => {
  test('one component for the endpoint; every version reads its Secret', async () => {
    const { parents, transformations } = withParents();
    const ep = new AksEndpoint('ai-ep', {
      name: 'churn',
      namespace: 'ml',
      enableAppInsights: true,
      appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' }),
      versions: [
        { versionName: 'control', image: IMAGE, trafficPercentile: 90, isDefault: true },
        { versionName: 'candidate', image: IMAGE, trafficPercentile: 10 },
      ],
    }, { transformations });
    await settle([ep, ...ep.resources]);
    const components = recorder.of('ai-ep').filter((r) => r.type === 'azure-native:applicationinsights:Component');
    expect(components.map((r) => [r.name, r.inputs.resourceName])).toEqual([['ai-ep-app-insights', 'churn']]);
    expect(parents.get('azure-native:applicationinsights:Component::ai-ep-app-insights')).toBe(ep);
    const deployments = recorder.of('ai-ep').filter((r) => r.type === 'kubernetes:apps/v1:Deployment');
    expect(deployments).toHaveLength(2);
    for (const d of deployments) {
      expect(envOf(d.inputs).APPLICATIONINSIGHTS_CONNECTION_STRING).toEqual({ secretKeyRef: { name: 'churn-app-insights', key: 'connection-string' } });
    }
    const secret = recorder.of('ai-ep').find((r) => r.type === 'kubernetes:core/v1:Secret' && r.inputs.metadata.name === 'churn-app-insights')!;
    expect(secret.inputs.stringData['connection-string']).toBe(mockAppInsightsOutputs('ai-ep-app-insights').connectionString);
    expect(validateAll(recorder.of('ai-ep').filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs))).toBeGreaterThan(10);
  });
});
