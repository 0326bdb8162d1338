/**
 * App Insights as the Azure ML inference server reads it (azmlinfsrv 1.0.0 to 1.5.1):
 * `AML_APP_INSIGHTS_ENABLED=true` plus the instrumentation key in `AML_APP_INSIGHTS_KEY`
 * (the launcher turns telemetry off without it), and the connection string for the
 * exporters' ingestion endpoint, both from one source and never as literal values.
 */
import { AksEndpointProps, AksWebserviceProps, AppInsights, AppInsightsSource, AuthKeys, KubeObject, planEndpoint, planWebservice } from 'aks-ml-constructs';
import {
  INSTRUMENTATION_KEY_TEMPLATE,
  azureNativeComponentArgs,
} from '../../../src/core/webservice/app-insights';
import { configurationErrorOf } from '../../support/errors';
import { validateAll } from '../../support/schema';

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const WORKSPACE = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/ml-rg/providers/Microsoft.OperationalInsights/workspaces/ml-logs';
const service = (extra: Partial<AksWebserviceProps> = {}): AksWebserviceProps => ({ name: 'fraud-model', namespace: 'ml', image: IMAGE, ...extra });

function containerEnv(objects: KubeObject[], name?: string): Record<string, unknown> {
  const d = objects.find((o) => o.kind === 'Deployment' && (name === undefined || o.metadata.name === name)) as Record<string, any>;
  return Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}
const appInsightsEnvOf = (objects: KubeObject[], name?: string) =>
  Object.fromEntries(Object.entries(containerEnv(objects, name)).filter(([k]) => /INSIGHTS/.test(k)));
const kinds = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

describe('the scoring container environment', () => {
  test('on, default source: the switch, the key and the connection string from the Secret app-insights', () => {
    const plan = planWebservice(service({ enableAppInsights: true }));
    expect(appInsightsEnvOf(plan.objects)).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { secretKeyRef: { name: 'app-insights', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { secretKeyRef: { name: 'app-insights', key: 'connection-string' } },
    });
    // The Secret is the user's: nothing is created for it.
    expect(plan.objects.filter((o) => /app-insights/.test(o.metadata.name))).toEqual([]);
    expect(plan.config.appInsights.source.source).toBe(AppInsightsSource.EXISTING_SECRET);
    expect(plan.warnings).toEqual([]);
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });

  test('off: no App Insights variable at all, and no object', () => {
    const off = planWebservice(service({ appInsights: undefined }));
    expect(appInsightsEnvOf(off.objects)).toEqual({});
    const created = planWebservice(service({ enableAppInsights: false }));
    expect(appInsightsEnvOf(created.objects)).toEqual({});
  });

  test('a source given while App Insights is off warns, with a stable id, and creates nothing', () => {
    const plan = planWebservice(service({ appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' }) }));
    expect(plan.warnings).toEqual([
      expect.objectContaining({ id: 'aks-ml:webservice:appInsightsWithoutEnable', prop: 'appInsights', message: expect.stringContaining('no component is created') }),
    ]);
    expect(plan.objects.some((o) => o.kind === 'Component')).toBe(false);
    expect(appInsightsEnvOf(plan.objects)).toEqual({});
  });

  test('AppInsights.fromSecret with other names', () => {
    const plan = planWebservice(service({
      enableAppInsights: true,
      appInsights: AppInsights.fromSecret({ secretName: 'fraud-telemetry', instrumentationKeyEntry: 'ikey', connectionStringEntry: 'cs' }),
    }));
    expect(appInsightsEnvOf(plan.objects)).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { secretKeyRef: { name: 'fraud-telemetry', key: 'ikey' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { secretKeyRef: { name: 'fraud-telemetry', key: 'cs' } },
    });
  });

  test('the variables cannot be set through env', () => {
    const e = configurationErrorOf(() => planWebservice(service({ env: { AML_APP_INSIGHTS_KEY: '00000000-0000-0000-0000-000000000000', APPLICATIONINSIGHTS_CONNECTION_STRING: 'x' } })));
    expect(e.problems).toEqual([
      'env["AML_APP_INSIGHTS_KEY"] is set by the library from appInsights; set that prop instead; received "00000000-0000-0000-0000-000000000000".',
      'env["APPLICATIONINSIGHTS_CONNECTION_STRING"] is set by the library from appInsights; set that prop instead; received "x".',
    ]);
  });
});

describe('the deprecated appInsightsConnectionString', () => {
  test('still works: the same Secret, its entry for the connection string, "instrumentation-key" for the key; with a warning', () => {
    const plan = planWebservice(service({ enableAppInsights: true, appInsightsConnectionString: { name: 'legacy', key: 'cs' } }));
    expect(appInsightsEnvOf(plan.objects)).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { secretKeyRef: { name: 'legacy', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { secretKeyRef: { name: 'legacy', key: 'cs' } },
    });
    expect(plan.warnings.map((w) => [w.id, w.prop])).toEqual([['aks-ml:webservice:appInsightsConnectionStringDeprecated', 'appInsightsConnectionString']]);
  });

  test('with appInsights, or naming the key\'s entry, it is an error; without enableAppInsights it warns', () => {
    const e = configurationErrorOf(() => planWebservice(service({
      enableAppInsights: true,
      appInsights: AppInsights.fromSecret(),
      appInsightsConnectionString: { name: 'legacy', key: 'instrumentation-key' },
    })));
    expect(e.problems).toEqual([
      'appInsightsConnectionString.key is the entry the instrumentation key is read from ("instrumentation-key"); use AppInsights.fromSecret({ secretName, instrumentationKeyEntry, connectionStringEntry }); received "instrumentation-key".',
      'appInsightsConnectionString cannot be combined with appInsights; set only appInsights (AppInsights.fromSecret({ secretName, connectionStringEntry })); received {"name":"legacy","key":"instrumentation-key"}.',
    ]);
    const off = planWebservice(service({ appInsightsConnectionString: { name: 'legacy', key: 'cs' } }));
    expect(off.warnings.map((w) => w.id).sort()).toEqual(['aks-ml:webservice:appInsightsConnectionStringDeprecated', 'aks-ml:webservice:appInsightsWithoutEnable']);
  });
});

describe('AppInsights.fromKeyVault', () => {
  test('an ExternalSecret writes the Secret <name>-app-insights; the key is taken from the connection string', () => {
    const plan = planWebservice(service({
      enableAppInsights: true,
      appInsights: AppInsights.fromKeyVault({ secretStore: { name: 'azure-key-vault' }, connectionStringSecretName: 'fraud-appinsights-cs' }),
    }));
    const es = plan.objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'fraud-model-app-insights') as Record<string, any>;
    expect(es.metadata.namespace).toBe('ml');
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'azure-key-vault', kind: 'SecretStore' },
      target: {
        name: 'fraud-model-app-insights',
        creationPolicy: 'Owner',
        template: { engineVersion: 'v2', type: 'Opaque', data: { 'instrumentation-key': INSTRUMENTATION_KEY_TEMPLATE, 'connection-string': '{{ .connectionString }}' } },
      },
      data: [{ secretKey: 'connectionString', remoteRef: { key: 'fraud-appinsights-cs' } }],
    });
    expect(appInsightsEnvOf(plan.objects)).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { secretKeyRef: { name: 'fraud-model-app-insights', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { secretKeyRef: { name: 'fraud-model-app-insights', key: 'connection-string' } },
    });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });

  test('the template\'s pattern finds the GUID of a regional connection string (and nothing in one without a key)', () => {
    const pattern = new RegExp(/regexFind "([^"]+)"/.exec(INSTRUMENTATION_KEY_TEMPLATE)![1]);
    const cs = 'InstrumentationKey=3f2b8c1e-5d4a-4b6f-9e2a-1c7d8e9f0a1b;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/';
    expect(pattern.exec(cs)![0].replace(/^InstrumentationKey=/, '')).toBe('3f2b8c1e-5d4a-4b6f-9e2a-1c7d8e9f0a1b');
    expect(pattern.exec('IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/')).toBeNull();
    expect(INSTRUMENTATION_KEY_TEMPLATE).toContain('fail "the connection string has no InstrumentationKey"');
  });

  test('a separate Key Vault secret for the key is read as is', () => {
    const plan = planWebservice(service({
      enableAppInsights: true,
      appInsights: AppInsights.fromKeyVault({ secretStore: { name: 'kv', kind: 'SecretStore' }, connectionStringSecretName: 'cs', instrumentationKeySecretName: 'ikey', refreshInterval: '15m' }),
    }));
    const es = plan.objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'fraud-model-app-insights') as Record<string, any>;
    expect(es.spec.target.template.data['instrumentation-key']).toBe('{{ .instrumentationKey }}');
    expect(es.spec.data).toEqual([
      { secretKey: 'connectionString', remoteRef: { key: 'cs' } },
      { secretKey: 'instrumentationKey', remoteRef: { key: 'ikey' } },
    ]);
    expect(es.spec.secretStoreRef).toEqual({ name: 'kv', kind: 'SecretStore' });
    expect(es.spec.refreshInterval).toBe('15m');
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });
});

describe('AppInsights.createComponent', () => {
  const create = (extra: Record<string, unknown> = {}) =>
    AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope', ...extra } as any);

  test('without an engine: an ASO Component exports the key and the connection string to a ConfigMap the container reads', () => {
    const plan = planWebservice(service({ enableAppInsights: true, appInsights: create({ workspaceResourceId: WORKSPACE, retentionInDays: 90, tags: { team: 'risk' } }) }));
    const component = plan.objects.find((o) => o.kind === 'Component') as Record<string, any>;
    expect(component).toEqual({
      apiVersion: 'insights.azure.com/v1api20200202',
      kind: 'Component',
      metadata: { name: 'fraud-model-app-insights', namespace: 'ml', labels: plan.objects.find((o) => o.kind === 'Deployment')!.metadata.labels },
      spec: {
        azureName: 'fraud-model',
        owner: { name: 'ml-rg' },
        location: 'westeurope',
        kind: 'web',
        Application_Type: 'web',
        workspaceResourceReference: { armId: WORKSPACE },
        IngestionMode: 'LogAnalytics',
        RetentionInDays: 90,
        tags: { team: 'risk' },
        operatorSpec: {
          configMaps: {
            instrumentationKey: { name: 'fraud-model-app-insights', key: 'instrumentation-key' },
            connectionString: { name: 'fraud-model-app-insights', key: 'connection-string' },
          },
        },
      },
    });
    expect(appInsightsEnvOf(plan.objects)).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { configMapKeyRef: { name: 'fraud-model-app-insights', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { configMapKeyRef: { name: 'fraud-model-app-insights', key: 'connection-string' } },
    });
    // The component comes before the Deployment that reads its ConfigMap.
    expect(kinds(plan.objects).indexOf('Component/fraud-model-app-insights')).toBeLessThan(kinds(plan.objects).indexOf('Deployment/fraud-model'));
    expect(plan.appInsightsComponent).toBeUndefined();
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });

  test('with a subscription id the owner is the resource group\'s ARM id; a name is used in Azure', () => {
    const plan = planWebservice(service({ enableAppInsights: true, appInsights: create({ subscriptionId: '00000000-1111-2222-3333-444444444444', componentName: 'fraud-ai' }) }));
    const component = plan.objects.find((o) => o.kind === 'Component') as Record<string, any>;
    expect(component.spec.owner).toEqual({ armId: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/ml-rg' });
    expect(component.spec.azureName).toBe('fraud-ai');
    expect(component.spec.workspaceResourceReference).toBeUndefined();
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });

  test('an engine that creates the component gets its description and a Secret with its values', () => {
    const engine = { instrumentationKey: 'placeholder-ikey', connectionString: 'placeholder-cs' };
    const plan = planWebservice(service({ enableAppInsights: true, appInsights: create({ workspaceResourceId: WORKSPACE, subscriptionId: '00000000-1111-2222-3333-444444444444' }) }), { appInsightsComponent: engine });
    expect(plan.objects.some((o) => o.kind === 'Component')).toBe(false);
    const secret = plan.objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'fraud-model-app-insights') as Record<string, any>;
    expect(secret.stringData).toEqual({ 'instrumentation-key': 'placeholder-ikey', 'connection-string': 'placeholder-cs' });
    expect(appInsightsEnvOf(plan.objects)).toEqual({
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { secretKeyRef: { name: 'fraud-model-app-insights', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { secretKeyRef: { name: 'fraud-model-app-insights', key: 'connection-string' } },
    });
    expect(plan.config.appInsights.instrumentationKey).toEqual({ from: 'Secret', name: 'fraud-model-app-insights', key: 'instrumentation-key' });
    expect(plan.appInsightsComponent).toEqual({
      componentName: 'fraud-model', resourceGroupName: 'ml-rg', location: 'westeurope', workspaceResourceId: WORKSPACE, subscriptionId: '00000000-1111-2222-3333-444444444444',
    });
    expect(azureNativeComponentArgs(plan.appInsightsComponent!)).toEqual({
      resourceGroupName: 'ml-rg', resourceName: 'fraud-model', location: 'westeurope', kind: 'web', applicationType: 'web', workspaceResourceId: WORKSPACE, ingestionMode: 'LogAnalytics',
    });
    // The subscription id only sets the ASO owner.
    expect(plan.warnings.map((w) => [w.id, w.prop])).toEqual([['aks-ml:webservice:appInsightsSubscriptionIdUnused', 'appInsights.subscriptionId']]);
  });
});

describe('validation: one ConfigurationError listing every problem', () => {
  test('bad component options', () => {
    const e = configurationErrorOf(() => planWebservice(service({
      enableAppInsights: true,
      appInsights: AppInsights.createComponent({ resourceGroupName: 'bad/rg', location: 'West Europe', componentName: 'ends.', workspaceResourceId: '/subscriptions/x', retentionInDays: 45, subscriptionId: 'nope' }),
    })));
    expect(e.problems).toEqual([
      'appInsights.resourceGroupName must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."; received "bad/rg".',
      'appInsights.location must be an Azure region name such as "westeurope" (lowercase letters and digits); received "West Europe".',
      'appInsights.componentName must be 1 to 260 letters, digits, "_", "-", ".", "(" and ")", not ending with "."; received "ends.".',
      'appInsights.workspaceResourceId must be the ARM id of a Log Analytics workspace: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>; received "/subscriptions/x".',
      'appInsights.retentionInDays must be one of 30, 60, 90, 120, 180, 270, 365, 550, 730 (the retention periods Application Insights accepts); received 45.',
      'appInsights.subscriptionId must be a subscription id (a GUID such as "00000000-0000-0000-0000-000000000000"); received "nope".',
    ]);
    const missing = configurationErrorOf(() => planWebservice(service({ enableAppInsights: true, appInsights: AppInsights.createComponent({} as any) })));
    expect(missing.problems).toEqual([
      'appInsights.resourceGroupName is required: the Azure resource group of the component; received undefined.',
      'appInsights.location is required: the Azure region of the component, e.g. "westeurope"; received undefined.',
    ]);
  });

  test('bad Secret and Key Vault options, and a value that is not an AppInsights, with the other props\' problems', () => {
    const secret = configurationErrorOf(() => planWebservice(service({
      cpuCores: -1,
      enableAppInsights: true,
      appInsights: AppInsights.fromSecret({ secretName: 'Bad_Name', instrumentationKeyEntry: 'same', connectionStringEntry: 'same' }),
    })));
    expect(secret.problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^cpuCores/),
      'appInsights.secretName must be the name of a Secret in the service namespace; received "Bad_Name".',
      'appInsights.connectionStringEntry must differ from instrumentationKeyEntry (the key is a GUID, the connection string is not); received "same".',
    ]));
    const kv = configurationErrorOf(() => planWebservice(service({
      enableAppInsights: true,
      appInsights: AppInsights.fromKeyVault({ secretStore: { name: 'kv', kind: 'Vault' as any }, connectionStringSecretName: 'a_b', instrumentationKeySecretName: 'a_b', refreshInterval: 'hourly' }),
    })));
    expect(kv.problems).toEqual([
      'appInsights.secretStore.kind must be "SecretStore" or "ClusterSecretStore"; received "Vault".',
      'appInsights.connectionStringSecretName must be a Key Vault secret name (1 to 127 letters, digits and "-"); received "a_b".',
      'appInsights.instrumentationKeySecretName must be a Key Vault secret name (1 to 127 letters, digits and "-"); received "a_b".',
      'appInsights.refreshInterval must be a Go duration such as "1h" or "15m"; received "hourly".',
    ]);
    const wrong = configurationErrorOf(() => planWebservice(service({ enableAppInsights: true, appInsights: { secretName: 'x' } as any })));
    expect(wrong.problems).toEqual([
      'appInsights must be made with AppInsights.fromSecret(), AppInsights.fromKeyVault() or AppInsights.createComponent(); received {"secretName":"x"}.',
    ]);
    // AuthKeys is not an App Insights source either.
    expect(configurationErrorOf(() => planWebservice(service({ appInsights: AuthKeys.generated() as any }))).problems).toHaveLength(1);
  });
});

describe('endpoints: one source for every version', () => {
  const endpoint = (extra: Partial<AksEndpointProps> = {}): AksEndpointProps => ({
    name: 'churn',
    namespace: 'ml',
    versions: [
      { versionName: 'control', image: IMAGE, trafficPercentile: 90, isDefault: true },
      { versionName: 'candidate', image: IMAGE, trafficPercentile: 10 },
    ],
    ...extra,
  });

  test('a created component is named after the endpoint, created once, and read by every version', () => {
    const plan = planEndpoint(endpoint({ enableAppInsights: true, appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' }) }));
    expect(plan.objects.filter((o) => o.kind === 'Component').map((o) => [o.metadata.name, (o as any).spec.azureName])).toEqual([['churn-app-insights', 'churn']]);
    for (const name of ['churn-control', 'churn-candidate']) {
      expect(appInsightsEnvOf(plan.objects, name)).toEqual({
        AML_APP_INSIGHTS_ENABLED: 'true',
        AML_APP_INSIGHTS_KEY: { configMapKeyRef: { name: 'churn-app-insights', key: 'instrumentation-key' } },
        APPLICATIONINSIGHTS_CONNECTION_STRING: { configMapKeyRef: { name: 'churn-app-insights', key: 'connection-string' } },
      });
    }
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const engine = planEndpoint(endpoint({ enableAppInsights: true, appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' }) }), {
      appInsightsComponent: { instrumentationKey: 'ik', connectionString: 'cs' },
    });
    expect(engine.appInsightsComponent?.componentName).toBe('churn');
    expect(engine.objects.filter((o) => o.kind === 'Secret' && o.metadata.name === 'churn-app-insights')).toHaveLength(1);
    expect(appInsightsEnvOf(engine.objects, 'churn-candidate').AML_APP_INSIGHTS_KEY).toEqual({ secretKeyRef: { name: 'churn-app-insights', key: 'instrumentation-key' } });
  });

  test('appInsights belongs to the endpoint; a version\'s deprecated prop may not override it; off warns', () => {
    const e = configurationErrorOf(() => planEndpoint(endpoint({
      enableAppInsights: true,
      appInsights: AppInsights.fromSecret(),
      versions: [
        { versionName: 'control', image: IMAGE, appInsights: AppInsights.fromSecret() } as any,
        { versionName: 'candidate', image: IMAGE, appInsightsConnectionString: { name: 'other', key: 'cs' } },
      ],
    })));
    expect(e.problems).toEqual([
      'versions[0].appInsights is an endpoint setting; set it on the endpoint, not on a version; received "AppInsights".',
      'versions[1].appInsightsConnectionString cannot be combined with the endpoint\'s appInsights; set only appInsights (AppInsights.fromSecret({ secretName, connectionStringEntry })); received {"name":"other","key":"cs"}.',
    ]);
    const off = planEndpoint(endpoint({ appInsights: AppInsights.fromSecret() }));
    expect(off.warnings.map((w) => [w.id, w.prop])).toEqual([
      ['aks-ml:endpoint:appInsightsWithoutEnable', 'appInsights'],
      // The A/B split of these props: the default version's Swagger lists the endpoint's paths.
      ['aks-ml:endpoint:defaultVersionSwaggerListsEndpointPaths', 'versions[0].isDefault'],
    ]);
    // A version's deprecated prop still works without an endpoint source.
    const legacy = planEndpoint(endpoint({
      enableAppInsights: true,
      versions: [{ versionName: 'control', image: IMAGE }, { versionName: 'candidate', image: IMAGE, appInsightsConnectionString: { name: 'other', key: 'cs' } }],
    }));
    expect(appInsightsEnvOf(legacy.objects, 'churn-candidate').APPLICATIONINSIGHTS_CONNECTION_STRING).toEqual({ secretKeyRef: { name: 'other', key: 'cs' } });
    expect(appInsightsEnvOf(legacy.objects, 'churn-control').APPLICATIONINSIGHTS_CONNECTION_STRING).toEqual({ secretKeyRef: { name: 'app-insights', key: 'connection-string' } });
    expect(legacy.warnings.map((w) => [w.id, w.prop])).toEqual([['aks-ml:webservice:appInsightsConnectionStringDeprecated', 'versions[1].appInsightsConnectionString']]);
  });
});
