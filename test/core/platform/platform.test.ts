import {
  Autoscaler,
  EnvoyGateway,
  EnvoyMetricsSource,
  GitOpsFlavour,
  PLATFORM_COMPONENTS,
  checkServiceOnPlatform,
  GatewayTls,
  planAksCluster,
  planGateway,
  planPlatform,
  planWebservice,
  resolvePlatform,
} from 'aks-ml-constructs';
import type { ControllerFloor, KubeObject, PlatformClusterInput } from 'aks-ml-constructs';
import { compareVersions, devicePluginValues, mergeValues, tolerationOf } from '../../../src/core/platform';
import { servicePlatformNeeds } from '../../../src/core/platform/checks';
import { validateAll } from '../../support/schema';
import { configurationErrorOf } from '../../support/errors';

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';

function clusterInput(props: Record<string, unknown> = {}): PlatformClusterInput {
  const plan = planAksCluster({ name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-rg', ...props } as never);
  return { config: plan.config, managedClusterSpec: plan.managedCluster?.spec as Record<string, unknown> };
}

const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);

describe('platform: components and defaults', () => {
  test('{} installs Envoy Gateway, External Secrets and KEDA at the tested versions, no device plugin', () => {
    const plan = planPlatform({});
    expect(plan.releases.map((r) => `${r.component}@${r.version}`)).toEqual([
      'envoy-gateway@v1.9.0',
      'external-secrets@2.9.0',
      'keda@2.20.2',
    ]);
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    expect(plan.metricsObjects).toEqual([]);
  });

  test('Envoy Gateway is the OCI chart gateway-helm with its CRDs (Gateway API experimental channel bundled)', () => {
    const plan = planPlatform({});
    const eg = plan.releases.find((r) => r.component === 'envoy-gateway')!;
    expect(eg).toMatchObject({ chart: 'oci://docker.io/envoyproxy/gateway-helm', releaseName: 'eg', namespace: 'envoy-gateway-system' });
    expect(eg.repo).toBeUndefined();
    expect(eg.values).toEqual({ crds: { enabled: true } });
    const oci = byKind(plan.objects, 'OCIRepository')[0];
    expect(oci.spec).toMatchObject({
      url: 'oci://docker.io/envoyproxy/gateway-helm',
      ref: { tag: 'v1.9.0' },
      layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
    });
    const hr = byKind(plan.objects, 'HelmRelease').find((o) => o.metadata.name === 'envoy-gateway')!;
    expect(hr.spec).toMatchObject({
      chartRef: { kind: 'OCIRepository', name: 'envoy-gateway', namespace: 'flux-system' },
      targetNamespace: 'envoy-gateway-system',
      install: { crds: 'CreateReplace' },
      upgrade: { crds: 'CreateReplace' },
    });
  });

  test('a cluster with a GPU pool gets the device plugin tolerating the pool taint, scheduled on its nodes', () => {
    const cluster = clusterInput({ gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } });
    const plan = planPlatform({ cluster });
    const dp = plan.releases.find((r) => r.component === 'nvidia-device-plugin')!;
    expect(dp).toMatchObject({ chart: 'nvidia-device-plugin', repo: 'https://nvidia.github.io/k8s-device-plugin', version: '0.20.0' });
    expect(dp.values.tolerations).toContainEqual({ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    // The chart's own tolerations are kept (a values list replaces the chart's).
    expect(dp.values.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    const terms = (dp.values as any).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms[0]).toEqual({ matchExpressions: [{ key: 'sku', operator: 'In', values: ['gpu'] }] });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });

  test('KEDA follows the AKS add-on: left out when it is on (the default), installed when it is off', () => {
    expect(planPlatform({ cluster: clusterInput() }).releases.map((r) => r.component)).toEqual(['envoy-gateway', 'external-secrets']);
    expect(planPlatform({ cluster: clusterInput({ keda: false }) }).releases.map((r) => r.component)).toContain('keda');
    // An attached cluster: the add-on is not known, KEDA is installed unless told otherwise.
    const attached = resolvePlatform({ cluster: { config: { ...clusterInput().config, mode: 'attach' } } });
    expect(attached.config.components.map((c) => c.name)).toContain('keda');
  });

  test('user values merge over the platform values (maps key by key, lists replace)', () => {
    const plan = planPlatform({ envoyGateway: { values: { deployment: { replicas: 2 } } }, keda: { values: { crds: { install: false } } } });
    expect(plan.releases[0].values).toEqual({ crds: { enabled: true }, deployment: { replicas: 2 } });
    expect(plan.releases.find((r) => r.component === 'keda')!.values).toEqual({ crds: { install: false } });
    expect(mergeValues({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { d: 2 } })).toEqual({ a: [3], b: { c: 1, d: 2 } });
  });

  test('every component documents its tested version above its floor and its upstream source', () => {
    for (const c of PLATFORM_COMPONENTS) {
      expect(compareVersions(c.defaultVersion, c.floor.version)).toBeGreaterThanOrEqual(0);
      expect(c.upstream).toMatch(/[0-9a-f]{40}/);
    }
  });
});

describe('platform: cert-manager', () => {
  const leafGateway = () =>
    planGateway({ tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: { acme: { email: 'ops@example.com' } } }) } });

  test('off by default; certManager: true installs the OCI chart with its CRDs kept and Gateway API support on, after Envoy Gateway', () => {
    expect(planPlatform({}).releases.map((r) => r.component)).not.toContain('cert-manager');
    const plan = planPlatform({ certManager: true });
    const cm = plan.releases.find((r) => r.component === 'cert-manager')!;
    expect(cm).toEqual({
      component: 'cert-manager',
      releaseName: 'cert-manager',
      namespace: 'cert-manager',
      chart: 'oci://quay.io/jetstack/charts/cert-manager',
      version: 'v1.21.1',
      values: {
        crds: { enabled: true, keep: true },
        config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', enableGatewayAPI: true },
      },
      dependsOn: ['envoy-gateway'],
    });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const oci = byKind(plan.objects, 'OCIRepository').find((o) => o.metadata.name === 'cert-manager')!;
    expect(oci.spec).toMatchObject({ url: 'oci://quay.io/jetstack/charts/cert-manager', ref: { tag: 'v1.21.1' } });
    const hr = byKind(plan.objects, 'HelmRelease').find((o) => o.metadata.name === 'cert-manager')!;
    expect(hr.spec).toMatchObject({ targetNamespace: 'cert-manager', dependsOn: [{ name: 'envoy-gateway', namespace: 'flux-system' }] });
    const ns = byKind(plan.objects, 'Namespace').find((o) => o.metadata.name === 'cert-manager')!;
    expect(ns.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('Argo CD: an Application from quay.io/jetstack/charts (Helm OCI) one sync wave after Envoy Gateway', () => {
    const plan = planPlatform({ certManager: { namespace: 'certs', values: { replicaCount: 2 } }, gitOps: GitOpsFlavour.ARGO_CD });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const app = byKind(plan.objects, 'Application').find((o) => o.metadata.name === 'cert-manager')!;
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    expect(app.spec).toMatchObject({
      source: { repoURL: 'quay.io/jetstack/charts', chart: 'cert-manager', targetRevision: 'v1.21.1', helm: { releaseName: 'cert-manager' } },
      destination: { namespace: 'certs' },
    });
    expect((app.spec as any).source.helm.valuesObject).toMatchObject({ replicaCount: 2, crds: { enabled: true, keep: true } });
    expect(byKind(plan.objects, 'Secret').map((o) => o.metadata.name)).toContain('cert-manager-helm-oci');
  });

  test('the floor is 1.15.0 (gatewayHTTPRoute, enableGatewayAPI); without Gateway API CRDs it warns', () => {
    const err = configurationErrorOf(() => planPlatform({ certManager: { version: 'v1.14.5' } }));
    expect(err.problems).toEqual([expect.stringMatching(/^certManager\.version must be at least 1\.15\.0 .*gatewayHTTPRoute.*received "v1\.14\.5"/)]);
    expect(planPlatform({ certManager: { version: '1.15.0' } }).releases.find((r) => r.component === 'cert-manager')!.version).toBe('v1.15.0');
    const noCrds = planPlatform({ certManager: true, envoyGateway: { installCrds: false } });
    expect(noCrds.warnings.map((w) => w.id)).toEqual(['aks-ml:platform:certManagerWithoutGatewayApi']);
    const noEg = planPlatform({ certManager: true, envoyGateway: false });
    expect(noEg.warnings.map((w) => w.id)).toEqual(['aks-ml:platform:certManagerWithoutGatewayApi']);
    expect(noEg.releases.find((r) => r.component === 'cert-manager')!.dependsOn).toEqual([]);
    expect(configurationErrorOf(() => planPlatform({ certManager: 'yes' as never })).problems[0]).toMatch(/^certManager must be true, false or an object/);
  });

  test("a gateway's Certificate and ClusterIssuer need cert-manager: left out warns, below 1.15.0 is impossible, installed is quiet", () => {
    const gw = leafGateway();
    expect(gw.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Certificate', 'ClusterIssuer']));
    const floors = servicePlatformNeeds(gw.objects).floors.filter((f) => f.component === 'cert-manager');
    expect(floors.map((f) => f.version)).toEqual(['1.15.0', '1.15.0']);
    const without = checkServiceOnPlatform('AksMlGateway "aks-ml"', resolvePlatform({}).config, gw.objects);
    expect(without.problems).toEqual([]);
    expect(without.warnings).toEqual([
      expect.objectContaining({ id: 'aks-ml:platform:componentLeftOut', prop: 'cert-manager', message: expect.stringMatching(/certManager: true/) }),
    ]);
    const withCm = checkServiceOnPlatform('AksMlGateway "aks-ml"', resolvePlatform({ certManager: true }).config, gw.objects);
    expect(withCm).toEqual({ problems: [], warnings: [] });
  });
});

describe('platform: floors and bad input', () => {
  test('a version below a floor is one ConfigurationError naming each floor and why', () => {
    const err = configurationErrorOf(() => planPlatform({ envoyGateway: { version: 'v1.8.3' }, externalSecrets: { version: '2.7.1' } }));
    expect(err.problems).toHaveLength(2);
    expect(err.problems[0]).toMatch(/^envoyGateway\.version must be at least 1\.9\.0 .*authorization\.rules\[\]\.cel.*received "v1\.8\.3"/);
    expect(err.problems[1]).toMatch(/^externalSecrets\.version must be at least 2\.8\.0 .*CreateOrMerge/);
  });

  test('a pre-release of the floor is below it; a later version is accepted as given', () => {
    expect(configurationErrorOf(() => planPlatform({ envoyGateway: { version: '1.9.0-rc.1' } })).problems[0]).toMatch(/at least 1\.9\.0/);
    expect(planPlatform({ envoyGateway: { version: '1.10.2' } }).releases[0].version).toBe('v1.10.2');
  });

  test('every problem of the props is listed', () => {
    const err = configurationErrorOf(() =>
      planPlatform({
        envoyGateway: { version: 'latest', namespace: 'Bad_NS', installCrds: 'yes' } as never,
        keda: 'on' as never,
        envoyMetrics: { source: 'prometheus' as never },
        gitOps: 'helm' as never,
        interval: '5 minutes',
        colour: 'blue',
      } as never),
    );
    expect(err.problems.map((p) => p.split(' ')[0])).toEqual([
      'colour', 'envoyGateway.version', 'envoyGateway.namespace', 'envoyGateway.installCrds', 'keda', 'envoyMetrics.source', 'gitOps', 'interval',
    ]);
  });

  test('taints become tolerations', () => {
    expect(tolerationOf('sku=gpu:NoSchedule')).toEqual({ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    expect(tolerationOf('dedicated:NoExecute')).toEqual({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' });
    expect((devicePluginValues(undefined).tolerations as unknown[]).length).toBe(3);
  });

  test('warnings: device plugin left out on a GPU cluster, KEDA twice', () => {
    const gpu = clusterInput({ gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } });
    expect(resolvePlatform({ cluster: gpu, nvidiaDevicePlugin: false }).warnings.map((w) => w.id)).toEqual(['aks-ml:platform:devicePluginOff']);
    expect(resolvePlatform({ cluster: clusterInput(), keda: true }).warnings.map((w) => w.id)).toEqual(['aks-ml:platform:kedaTwice']);
  });
});

describe('platform: Argo CD flavour', () => {
  test('an Application per chart, sync waves, the OCI repository Secret; all schema-valid', () => {
    const plan = planPlatform({ gitOps: GitOpsFlavour.ARGO_CD });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const apps = byKind(plan.gitOpsObjects, 'Application');
    expect(apps.map((a) => a.metadata.name)).toEqual(['envoy-gateway', 'external-secrets', 'keda']);
    const eg = apps[0];
    expect(eg.metadata.namespace).toBe('argocd');
    expect(eg.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
    expect(eg.spec).toMatchObject({
      source: { repoURL: 'docker.io/envoyproxy', chart: 'gateway-helm', targetRevision: 'v1.9.0', helm: { releaseName: 'eg', valuesObject: { crds: { enabled: true } } } },
      destination: { namespace: 'envoy-gateway-system' },
      syncPolicy: { syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] },
    });
    const secret = byKind(plan.gitOpsObjects, 'Secret')[0];
    expect(secret.metadata.labels!['argocd.argoproj.io/secret-type']).toBe('repository');
    expect(secret.stringData).toEqual({ type: 'helm', name: 'envoy-gateway-helm-oci', url: 'docker.io/envoyproxy', enableOCI: 'true' });
  });
});

describe('platform: Envoy metrics', () => {
  test('auto: a PodMonitor per kind of Prometheus the concurrency autoscalers query', () => {
    const plan = planPlatform({}, {
      prometheusAddresses: ['http://prometheus-operated.monitoring.svc:9090', 'https://ml-amw-abcd.westeurope.prometheus.monitor.azure.com'],
    });
    expect(plan.metricsObjects.map((o) => o.apiVersion)).toEqual(['monitoring.coreos.com/v1', 'azmonitoring.coreos.com/v1']);
    expect(plan.metricsObjects[0]).toMatchObject({
      metadata: { name: 'aks-ml-envoy-proxies', namespace: 'envoy-gateway-system' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy' } },
        podMetricsEndpoints: [{ port: 'metrics', path: '/stats/prometheus' }],
      },
    });
    expect(validateAll(plan.metricsObjects)).toBe(2);
  });

  test('an explicit source is emitted without services; none emits nothing', () => {
    const plan = planPlatform({ envoyMetrics: { source: EnvoyMetricsSource.PROMETHEUS_OPERATOR, podMonitorLabels: { release: 'kps' } } });
    expect(plan.metricsObjects).toHaveLength(1);
    expect(plan.metricsObjects[0].metadata.labels).toMatchObject({ release: 'kps' });
    expect(planPlatform({ envoyMetrics: { source: EnvoyMetricsSource.NONE } }, { prometheusAddresses: ['http://p:9090'] }).metricsObjects).toEqual([]);
  });
});

describe('services check the platform they land on', () => {
  const keyService = () => planWebservice({ name: 'fraud', image: IMAGE });

  test('the key-auth policy needs Envoy Gateway 1.9.0: the default platform passes', () => {
    const ws = keyService();
    const check = checkServiceOnPlatform('AksWebservice "fraud"', resolvePlatform({}).config, ws.objects, ws.gateway.implementation);
    expect(check).toEqual({ problems: [], warnings: [] });
  });

  test('a policy whose floor is above the installed Envoy Gateway is a problem naming the floor and why', () => {
    class NewerEnvoyGateway extends EnvoyGateway {
      public floors(objects: readonly KubeObject[]): ControllerFloor[] {
        // Only the CEL rule's floor is raised (as a later Envoy Gateway field would be).
        return super.floors(objects).map((f) => (f.field.endsWith('rules[].cel') ? { ...f, version: '1.10.0', reason: 'a field of 1.10.0' } : f));
      }
    }
    const ws = planWebservice({ name: 'fraud', namespace: 'ml', image: IMAGE, gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', implementation: new NewerEnvoyGateway() } });
    const check = checkServiceOnPlatform('AksWebservice "fraud"', resolvePlatform({}).config, ws.objects, ws.gateway.implementation);
    expect(check.problems).toEqual([
      'AksWebservice "fraud": SecurityPolicy/ml/fraud spec.authorization.rules[].cel needs Envoy Gateway 1.10.0 or later ' +
        '(its floor: a field of 1.10.0); the platform installs v1.9.0. Raise envoyGateway.version to at least 1.10.0.',
    ]);
  });

  test('generated keys use creationPolicy CreateOrMerge: their floor (External Secrets 2.8.0) is a service need and the platform floor', () => {
    const ws = planWebservice({ name: 'fraud', namespace: 'ml', image: IMAGE });
    const needs = servicePlatformNeeds(ws.objects, ws.gateway.implementation).floors.filter((f) => f.component === 'external-secrets');
    expect(needs.filter((f) => f.version === '2.8.0').map((f) => f.field)).toEqual([
      'ExternalSecret/ml/fraud-primary-key spec.target.creationPolicy',
      'ExternalSecret/ml/fraud-secondary-key spec.target.creationPolicy',
    ]);
    expect(configurationErrorOf(() => resolvePlatform({ externalSecrets: { version: '2.7.0' } })).problems).toEqual([
      expect.stringMatching(/^externalSecrets\.version must be at least 2\.8\.0 .*CreateOrMerge/),
    ]);
    expect(checkServiceOnPlatform('s', resolvePlatform({ externalSecrets: { version: '2.8.0' } }).config, ws.objects, ws.gateway.implementation).problems).toEqual([]);
  });

  test('Envoy Gateway left out: a warning that another install must provide the floor', () => {
    const ws = keyService();
    const check = checkServiceOnPlatform('s', resolvePlatform({ envoyGateway: false }).config, ws.objects, ws.gateway.implementation);
    expect(check.warnings.map((w) => w.id)).toEqual(['aks-ml:platform:componentLeftOut']);
  });

  test('a concurrency autoscaler with no PodMonitor for its Prometheus warns that it will not scale', () => {
    const ws = planWebservice({
      name: 'fraud',
      namespace: 'ml',
      image: IMAGE,
      autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus-operated.monitoring.svc:9090' }),
    });
    const none = checkServiceOnPlatform('s', resolvePlatform({ envoyMetrics: { source: EnvoyMetricsSource.NONE } }).config, ws.objects, ws.gateway.implementation);
    expect(none.warnings.map((w) => w.id)).toEqual(['aks-ml:platform:concurrencyWithoutMetrics']);
    expect(none.warnings[0].message).toMatch(/will not scale above its minimum replicas/);
    const wrong = checkServiceOnPlatform('s', resolvePlatform({ envoyMetrics: { source: EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS } }).config, ws.objects);
    expect(wrong.warnings.map((w) => w.id)).toEqual(['aks-ml:platform:concurrencyWithoutMetrics']);
    expect(checkServiceOnPlatform('s', resolvePlatform({}).config, ws.objects).warnings).toEqual([]);
  });

  test('a ScaledObject on a cluster whose KEDA add-on is off, with KEDA left out, is a problem', () => {
    const ws = planWebservice({
      name: 'fraud',
      namespace: 'ml',
      image: IMAGE,
      autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus-operated.monitoring.svc:9090' }),
    });
    const platform = resolvePlatform({ cluster: clusterInput({ keda: false }), keda: false }).config;
    expect(checkServiceOnPlatform('s', platform, ws.objects).problems).toEqual([expect.stringMatching(/ScaledObject fraud needs KEDA/)]);
  });

  test('gpuCores > 0 with no device plugin and no GPU pool warns', () => {
    const ws = planWebservice({ name: 'vision', image: IMAGE, gpuCores: 1 });
    const check = checkServiceOnPlatform('s', resolvePlatform({}).config, ws.objects);
    expect(check.warnings.map((w) => w.id)).toEqual(['aks-ml:platform:gpuWithoutDevicePlugin']);
    expect(check.warnings[0].message).toMatch(/no GPU pool/);
    const gpu = clusterInput({ gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } });
    expect(checkServiceOnPlatform('s', resolvePlatform({ cluster: gpu }).config, ws.objects).warnings).toEqual([]);
  });

  test('an EnvoyGateway expecting another controller namespace warns', () => {
    const ws = planWebservice({
      name: 'fraud',
      image: IMAGE,
      gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', implementation: new EnvoyGateway({ controllerNamespace: 'eg' }) },
    });
    const check = checkServiceOnPlatform('s', resolvePlatform({}).config, ws.objects, ws.gateway.implementation);
    expect(check.warnings.map((w) => w.id)).toEqual(['aks-ml:platform:envoyNamespaceMismatch']);
  });
});

describe('platform: the schemas bite', () => {
  test('a HelmRelease with a CRD policy Flux does not know, or an Application without destination, fails its schema', () => {
    const plan = planPlatform({});
    const hr = byKind(plan.objects, 'HelmRelease')[0];
    expect(() => validateAll([{ ...hr, spec: { ...(hr.spec as object), install: { crds: 'Always' } } }])).toThrow(/fails its schema/);
    const app = byKind(planPlatform({ gitOps: GitOpsFlavour.ARGO_CD }).objects, 'Application')[0];
    const { destination: _d, ...spec } = app.spec as Record<string, unknown>;
    expect(() => validateAll([{ ...app, spec }])).toThrow(/fails its schema/);
  });
});
