import { App, Chart, Testing } from 'cdk8s';
import { Autoscaler, EnvoyGateway, GatewayTls, GitOpsFlavour } from 'aks-ml-constructs';
import type { ControllerFloor, KubeObject } from 'aks-ml-constructs';
import { AksCluster, AksMlGateway, AksMlPlatform, AksWebserviceConstruct, AksEndpointConstruct, Warnings } from 'aks-ml-constructs/cdk8s';
import { validateAll } from '../support/schema';
import { one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';
import { configurationErrorOf } from '../support/errors';

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const PROM = 'http://prometheus-operated.monitoring.svc:9090';
const clusterProps = { name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-rg' };

function charts() {
  const app = Testing.app();
  return { app, cluster: new Chart(app, 'cluster'), platform: new Chart(app, 'platform'), services: new Chart(app, 'services', { namespace: 'ml' }) };
}

describe('cdk8s AksMlPlatform', () => {
  test('{ cluster } alone: Flux sources and HelmReleases for what the cluster needs, all schema-valid', () => {
    const c = charts();
    const { result: cluster } = captureWarnings(() => new AksCluster(c.cluster, 'cluster', { ...clusterProps, gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } }));
    const platform = new AksMlPlatform(c.platform, 'platform', { cluster });
    const objects = synthObjects(c.platform);
    expect(validateAll(objects)).toBe(objects.length);
    // KEDA is the AKS add-on here (on by default), so it is not installed.
    expect(objects.filter((o) => o.kind === 'HelmRelease').map((o) => o.metadata.name)).toEqual(['envoy-gateway', 'external-secrets', 'nvidia-device-plugin']);
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['envoy-gateway-system', 'external-secrets', 'nvidia-device-plugin']);
    const dp = one(objects, 'HelmRelease', 'nvidia-device-plugin');
    expect(dp.spec.values.tolerations).toContainEqual({ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    expect(dp.spec.chart.spec).toEqual({
      chart: 'nvidia-device-plugin',
      version: '0.20.0',
      sourceRef: { kind: 'HelmRepository', name: 'nvidia-device-plugin', namespace: 'flux-system' },
      interval: '1h',
    });
    expect(one(objects, 'HelmRepository', 'nvidia-device-plugin').spec.url).toBe('https://nvidia.github.io/k8s-device-plugin');
    expect(platform.releases.map((r) => r.component)).toEqual(['envoy-gateway', 'external-secrets', 'nvidia-device-plugin']);
  });

  test('{} without a cluster, and the Argo CD flavour', () => {
    const chart = Testing.chart();
    new AksMlPlatform(chart, 'platform');
    const objects = synthObjects(chart);
    expect(validateAll(objects)).toBe(objects.length);
    expect(objects.filter((o) => o.kind === 'HelmRelease')).toHaveLength(3);
    const argo = Testing.chart();
    new AksMlPlatform(argo, 'platform', { gitOps: GitOpsFlavour.ARGO_CD });
    const apps = synthObjects(argo);
    expect(validateAll(apps)).toBe(apps.length);
    expect(apps.filter((o) => o.kind === 'Application')).toHaveLength(3);
  });

  test('invalid props add nothing to the tree', () => {
    const chart = Testing.chart();
    const err = configurationErrorOf(() => new AksMlPlatform(chart, 'platform', { envoyGateway: { version: '1.8.0' } }));
    expect(err.problems[0]).toMatch(/envoyGateway\.version must be at least 1\.9\.0/);
    expect(chart.node.children).toHaveLength(0);
  });

  test.each([['platform first', true], ['services first', false]])('%s: a concurrency autoscaler of the app gets a PodMonitor of the Envoy proxies', (_t, platformFirst) => {
    const c = charts();
    const add = () =>
      new AksWebserviceConstruct(c.services, 'fraud', { name: 'fraud', image: IMAGE, autoscaler: Autoscaler.concurrency({ prometheusServerAddress: PROM }) });
    if (!platformFirst) add();
    new AksMlPlatform(c.platform, 'platform');
    if (platformFirst) add();
    const { warnings } = captureWarnings(() => c.app.synth());
    expect(warnings.filter((w) => w.includes('aks-ml:platform:'))).toEqual([]);
    const objects = synthObjects(c.platform);
    const monitor = one(objects, 'PodMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(validateAll(objects)).toBe(objects.length);
  });

  test('a service whose policy needs a newer Envoy Gateway fails the synthesis, naming the floor', () => {
    class NewerEnvoyGateway extends EnvoyGateway {
      public floors(objects: readonly KubeObject[]): ControllerFloor[] {
        // Only the CEL rule's floor is raised (as a later Envoy Gateway field would be).
        return super.floors(objects).map((f) => (f.field.endsWith('rules[].cel') ? { ...f, version: '2.0.0', reason: 'a field of 2.0.0' } : f));
      }
    }
    const c = charts();
    new AksMlPlatform(c.platform, 'platform');
    new AksWebserviceConstruct(c.services, 'fraud', { name: 'fraud', image: IMAGE, gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', implementation: new NewerEnvoyGateway() } });
    expect(() => c.app.synth()).toThrow(/\[services\/fraud\] AksWebservice "fraud": SecurityPolicy\/\/fraud spec\.authorization\.rules\[\]\.cel needs Envoy Gateway 2\.0\.0 or later \(its floor: a field of 2\.0\.0\); the platform installs v1\.9\.0/);
  });

  test('GPU services on a platform with no device plugin and no GPU pool warn at synthesis (and can be acknowledged)', () => {
    const c = charts();
    new AksMlPlatform(c.platform, 'platform');
    new AksEndpointConstruct(c.services, 'vision', { name: 'vision', versions: [{ versionName: 'blue', isDefault: true, image: IMAGE, gpuCores: 1 }] });
    const { warnings } = captureWarnings(() => c.app.synth());
    expect(warnings.filter((w) => w.includes('[ack: aks-ml:platform:gpuWithoutDevicePlugin]'))).toHaveLength(1);

    const d = charts();
    Warnings.of(d.app).acknowledge('aks-ml:platform:gpuWithoutDevicePlugin');
    new AksMlPlatform(d.platform, 'platform');
    new AksWebserviceConstruct(d.services, 'vision', { name: 'vision', image: IMAGE, gpuCores: 1 });
    expect(captureWarnings(() => d.app.synth()).warnings.filter((w) => w.includes('gpuWithoutDevicePlugin'))).toEqual([]);
  });

  test("cert-manager: off by default, a leaf-domain gateway warns that nothing reads its Certificate; certManager: true installs it after Envoy Gateway", () => {
    const leaf = { tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: { acme: { email: 'ops@example.com' } } }) } };
    const c = charts();
    new AksMlPlatform(c.platform, 'platform');
    captureWarnings(() => new AksMlGateway(c.services, 'gateway', leaf));
    const { warnings } = captureWarnings(() => c.app.synth());
    expect(warnings.filter((w) => w.includes('aks-ml:platform:'))).toEqual([
      expect.stringMatching(/AksMlGateway "aks-ml" needs cert-manager 1\.15\.0 or later for ClusterIssuer\/.*certManager: true.*\[ack: aks-ml:platform:componentLeftOut\]/),
    ]);

    const d = charts();
    new AksMlPlatform(d.platform, 'platform', { certManager: true, gitOps: GitOpsFlavour.FLUX });
    captureWarnings(() => new AksMlGateway(d.services, 'gateway', leaf));
    expect(captureWarnings(() => d.app.synth()).warnings.filter((w) => w.includes('aks-ml:platform:'))).toEqual([]);
    const objects = synthObjects(d.platform);
    expect(validateAll(objects)).toBe(objects.length);
    const hr = one(objects, 'HelmRelease', 'cert-manager');
    expect(hr.spec).toMatchObject({
      releaseName: 'cert-manager',
      targetNamespace: 'cert-manager',
      chartRef: { kind: 'OCIRepository', name: 'cert-manager', namespace: 'flux-system' },
      dependsOn: [{ name: 'envoy-gateway', namespace: 'flux-system' }],
      values: { crds: { enabled: true, keep: true }, config: { kind: 'ControllerConfiguration', enableGatewayAPI: true } },
    });
    expect(one(objects, 'OCIRepository', 'cert-manager').spec).toMatchObject({ url: 'oci://quay.io/jetstack/charts/cert-manager', ref: { tag: 'v1.21.1' } });
  });

  test('without a platform in the app, services check nothing', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'services', { namespace: 'ml' });
    new AksWebserviceConstruct(chart, 'vision', { name: 'vision', image: IMAGE, gpuCores: 1 });
    expect(captureWarnings(() => app.synth()).warnings.filter((w) => w.includes('aks-ml:platform:'))).toEqual([]);
  });
});
