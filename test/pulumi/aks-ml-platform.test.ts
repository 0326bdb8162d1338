/**
 * The Pulumi AksMlPlatform: one helm.v3.Release per component with the chart,
 * version and values of the cdk8s HelmReleases (parity), the Namespaces and
 * PodMonitors, and the checks services on the same provider make against it.
 */
import * as pulumi from '@pulumi/pulumi';
import type * as K8s from '@pulumi/kubernetes';
import type * as Core from 'aks-ml-constructs';
import type * as Cdk8sModule from 'aks-ml-constructs/cdk8s';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { Testing } from 'cdk8s';
import { validateAll } from '../support/schema';
import { synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';
import { configurationErrorOf } from '../support/errors';
import { installMocks, ofType, settled } from './aks-cluster-mocks';

const mocks = installMocks();
const k8s: typeof K8s = require('@pulumi/kubernetes');
const core: typeof Core = require('aks-ml-constructs');
const { AksMlPlatform: Cdk8sPlatform, AksCluster: Cdk8sCluster }: typeof Cdk8sModule = require('aks-ml-constructs/cdk8s');
const { AksCluster, AksMlGateway, AksMlPlatform, AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');
const { Autoscaler, EnvoyGateway } = core;

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const clusterArgs = { name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-rg', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } };

let warn: jest.SpyInstance;
beforeEach(() => {
  mocks.reset();
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

let providers = 0;
/** A fresh provider: a platform serves the services on its provider. */
function provider(): K8s.Provider {
  return new k8s.Provider(`k8s-${++providers}`, { kubeconfig: 'apiVersion: v1\nkind: Config\n' });
}

function cdk8sHelmReleases(props: Cdk8sModule.AksMlPlatformProps): Record<string, any>[] {
  const chart = Testing.chart();
  captureWarnings(() => new Cdk8sPlatform(chart, 'platform', props));
  const objects = synthObjects(chart);
  validateAll(objects);
  return objects.filter((o) => o.kind === 'HelmRelease');
}

describe('Pulumi AksMlPlatform', () => {
  test('{ cluster }: a helm.v3.Release per component on the cluster provider, after its Namespace', async () => {
    const cluster = new AksCluster('ml-prod', clusterArgs);
    const platform = new AksMlPlatform('platform', { cluster });
    await settled([platform, ...platform.releases]);
    const releases = ofType(mocks, RELEASE);
    expect(releases.map((r) => r.name)).toEqual(['platform-envoy-gateway', 'platform-external-secrets', 'platform-nvidia-device-plugin']);
    for (const r of releases) expect(r.provider).toContain('ml-prod-k8s');
    expect(releases[0].inputs).toMatchObject({
      name: 'eg',
      chart: 'oci://docker.io/envoyproxy/gateway-helm',
      version: 'v1.9.0',
      namespace: 'envoy-gateway-system',
      createNamespace: false,
      skipAwait: false,
      values: { crds: { enabled: true } },
    });
    expect(releases[1].inputs.repositoryOpts).toEqual({ repo: 'https://charts.external-secrets.io' });
    const ns = ofType(mocks, 'kubernetes:core/v1:Namespace').map((r) => r.inputs.metadata.name);
    expect(ns).toEqual(['envoy-gateway-system', 'external-secrets', 'nvidia-device-plugin']);
  });

  test('{} with no cluster works too', async () => {
    const platform = new AksMlPlatform('bare', {}, { provider: provider() });
    await settled([platform, ...platform.releases]);
    expect(ofType(mocks, RELEASE).map((r) => r.inputs.chart)).toEqual(['oci://docker.io/envoyproxy/gateway-helm', 'external-secrets', 'keda']);
  });

  test('parity: the same chart, version and values as the cdk8s HelmReleases', async () => {
    const props = { keda: true, nvidiaDevicePlugin: true, certManager: true, envoyGateway: { values: { deployment: { replicas: 2 } } } };
    const platform = new AksMlPlatform('parity', props, { provider: provider() });
    await settled([platform, ...platform.releases]);
    const pulumiReleases = ofType(mocks, RELEASE).map((r) => ({
      release: r.inputs.name,
      namespace: r.inputs.namespace,
      chart: r.inputs.chart,
      repo: r.inputs.repositoryOpts?.repo,
      version: r.inputs.version,
      values: r.inputs.values,
    }));
    const chart = Testing.chart();
    const cdk8s = new Cdk8sPlatform(chart, 'platform', props);
    const objects = synthObjects(chart);
    const sources = new Map(objects.filter((o) => o.kind === 'HelmRepository' || o.kind === 'OCIRepository').map((o) => [o.metadata.name, o]));
    const fluxReleases = cdk8sHelmReleases(props).map((hr) => {
      const source = sources.get(hr.metadata.name)!;
      return {
        release: hr.spec.releaseName,
        namespace: hr.spec.targetNamespace,
        chart: source.kind === 'OCIRepository' ? source.spec.url : hr.spec.chart.spec.chart,
        repo: source.kind === 'HelmRepository' ? source.spec.url : undefined,
        version: source.kind === 'OCIRepository' ? source.spec.ref.tag : hr.spec.chart.spec.version,
        values: hr.spec.values,
      };
    });
    // The mocks record in registration order, which the engine does not fix: compare by release.
    const byRelease = (a: { release: string }, b: { release: string }) => (a.release < b.release ? -1 : 1);
    expect(pulumiReleases.sort(byRelease)).toEqual(fluxReleases.sort(byRelease));
    expect(pulumiReleases).toHaveLength(5);
    expect(pulumiReleases.find((r) => r.release === 'cert-manager')).toMatchObject({ chart: 'oci://quay.io/jetstack/charts/cert-manager', version: 'v1.21.1', repo: undefined });
    expect(cdk8s.releases).toEqual(platform.releaseSpecs);
  });

  test('a concurrency autoscaler on the same provider gets a PodMonitor, whichever comes first', async () => {
    for (const platformFirst of [true, false]) {
      mocks.reset();
      const p = provider();
      const service = () =>
        new AksWebservice(`fraud-${platformFirst}`, {
          name: 'fraud',
          namespace: 'ml',
          image: IMAGE,
          autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'https://amw-1.westeurope.prometheus.monitor.azure.com' }),
        }, { provider: p });
      const ws = platformFirst ? undefined : service();
      const platform = new AksMlPlatform(`metrics-${platformFirst}`, {}, { provider: p });
      const ws2 = ws ?? service();
      await settled([platform, ws2, ...platform.kubeResources.map((r) => r.resource)]);
      const monitors = mocks.resources.filter((r) => r.type === 'kubernetes:azmonitoring.coreos.com/v1:PodMonitor');
      expect(monitors).toHaveLength(1);
      validateAll([monitors[0].inputs]);
      expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('aks-ml:platform:'))).toEqual([]);
    }
  });

  test('a service whose policy needs a newer Envoy Gateway is a ConfigurationError, before it registers anything', () => {
    class NewerEnvoyGateway extends EnvoyGateway {
      public floors(objects: readonly Core.KubeObject[]): Core.ControllerFloor[] {
        // Only the CEL rule's floor is raised (as a later Envoy Gateway field would be).
        return super.floors(objects).map((f) => (f.field.endsWith('rules[].cel') ? { ...f, version: '2.0.0', reason: 'a field of 2.0.0' } : f));
      }
    }
    const p = provider();
    new AksMlPlatform('floors', {}, { provider: p });
    const before = mocks.resources.length;
    const err = configurationErrorOf(() => new AksWebservice('fraud', {
      name: 'fraud',
      namespace: 'ml',
      image: IMAGE,
      gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', implementation: new NewerEnvoyGateway() },
    }, { provider: p }));
    expect(err.problems[0]).toMatch(/needs Envoy Gateway 2\.0\.0 or later \(its floor: a field of 2\.0\.0\); the platform installs v1\.9\.0/);
    expect(mocks.resources.slice(before).filter((r) => r.name.startsWith('fraud'))).toEqual([]);
  });

  test('cert-manager: a leaf-domain gateway on a platform without it warns; with certManager: true it is quiet', async () => {
    const leaf = { tls: { certificate: core.GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: { acme: { email: 'ops@example.com' } } }) } };
    const p = provider();
    new AksMlPlatform('no-cm', {}, { provider: p });
    const gw = new AksMlGateway('leaf', leaf, { provider: p });
    expect(gw.warnings.filter((w) => w.includes('aks-ml:platform:'))).toEqual([
      expect.stringMatching(/needs cert-manager 1\.15\.0 or later .*certManager: true.*\[ack: aks-ml:platform:componentLeftOut\]/),
    ]);
    const q = provider();
    const platform = new AksMlPlatform('cm', { certManager: { version: '1.19.4' } }, { provider: q });
    const gw2 = new AksMlGateway('leaf2', leaf, { provider: q });
    expect(gw2.warnings.filter((w) => w.includes('aks-ml:platform:'))).toEqual([]);
    expect(platform.releaseSpecs.find((r) => r.component === 'cert-manager')).toMatchObject({ version: 'v1.19.4', dependsOn: ['envoy-gateway'] });
    await settled([gw, gw2, platform, ...platform.releases]);
  });

  test('a GPU service on a platform with no device plugin warns; a service on another provider is not checked', async () => {
    const p = provider();
    new AksMlPlatform('gpu', {}, { provider: p });
    const ws = new AksWebservice('vision', { name: 'vision', namespace: 'ml', image: IMAGE, gpuCores: 1 }, { provider: p });
    expect(ws.warnings.filter((w) => w.includes('[ack: aks-ml:platform:gpuWithoutDevicePlugin]'))).toHaveLength(1);
    const other = new AksWebservice('vision2', { name: 'vision', namespace: 'ml', image: IMAGE, gpuCores: 1 }, { provider: provider() });
    expect(other.warnings.filter((w) => w.includes('aks-ml:platform:'))).toEqual([]);
    await settled([ws, other]);
  });
});

test('the cdk8s AksCluster feeds the cdk8s platform the same way', () => {
  const chart = Testing.chart();
  const cluster = captureWarnings(() => new Cdk8sCluster(chart, 'cluster', clusterArgs)).result;
  const platform = new Cdk8sPlatform(chart, 'platform', { cluster });
  expect(platform.releases.map((r) => r.component)).toEqual(['envoy-gateway', 'external-secrets', 'nvidia-device-plugin']);
});
