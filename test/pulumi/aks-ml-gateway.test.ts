/**
 * The Pulumi AksMlGateway: the same objects as the cdk8s construct (parity), its
 * outputs and reference, the resource graph, the objects it shares with other
 * components (GatewayClass, Namespace: one resource per provider, retained on delete)
 * and validation before anything is registered.
 */
import * as pulumi from '@pulumi/pulumi';
import type * as K8s from '@pulumi/kubernetes';
import type * as Core from 'aks-ml-constructs';
import type * as Cdk8sModule from 'aks-ml-constructs/cdk8s';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { validateAll } from '../support/schema';
import { newChart, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';
import { RecordedResource, installMocks, settled, valueOf } from './aks-cluster-mocks';
import { byKey } from './mock-runtime';

const mocks = installMocks();
// Loaded after the mocks are installed.
const k8s: typeof K8s = require('@pulumi/kubernetes');
const core: typeof Core = require('aks-ml-constructs');
const { AksMlGateway: Cdk8sGateway }: typeof Cdk8sModule = require('aks-ml-constructs/cdk8s');
const { AksEndpoint, AksMlGateway, AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');
const { ConfigurationError, DEFAULT_GATEWAY_REF, EnvoyGateway } = core;

const GATEWAY = 'kubernetes:gateway.networking.k8s.io/v1:Gateway';
const GATEWAY_CLASS = 'kubernetes:gateway.networking.k8s.io/v1:GatewayClass';
const NAMESPACE = 'kubernetes:core/v1:Namespace';
const tls = { certificateSecretName: 'ml-example-com-tls' };

let warn: jest.SpyInstance;
beforeEach(() => {
  mocks.reset();
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

let providers = 0;
/** A fresh provider: shared objects are shared per provider. */
function provider(): K8s.Provider {
  return new k8s.Provider(`gw-provider-${++providers}`, { kubeconfig: 'apiVersion: v1' });
}

/** The Kubernetes resources one component registered (Pulumi names `<name>-...`). */
function kubeOf(name: string): RecordedResource[] {
  return mocks.resources.filter((r) => r.type.startsWith('kubernetes:') && r.name.startsWith(`${name}-`));
}

async function deploy(name: string, args: PulumiModule.AksMlGatewayArgs, opts: pulumi.ComponentResourceOptions = {}) {
  const gateway = new AksMlGateway(name, args, { provider: provider(), ...opts });
  await settled([gateway, ...gateway.resources]);
  return { gateway, recorded: kubeOf(name), objects: kubeOf(name).map((r) => r.inputs) };
}

function synthCdk8s(props: Core.AksMlGatewayProps) {
  return captureWarnings(() => {
    const chart = newChart();
    const construct = new Cdk8sGateway(chart, 'gateway', props);
    return { objects: synthObjects(chart), construct };
  });
}

describe('AksMlGateway (Pulumi): parity with the cdk8s construct', () => {
  const scenarios: [string, Core.AksMlGatewayProps, string[]][] = [
    ['defaults', { tls }, ['Namespace', 'GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'ClientTrafficPolicy', 'Gateway']],
    [
      'hostname, redirect, namespaces by label, certificate elsewhere, internal load balancer, existing class, TLS 1.2 only',
      {
        name: 'edge',
        namespace: 'gw-edge',
        hostname: 'ml.example.com',
        tls: { certificateSecretName: 'wildcard-tls', certificateSecretNamespace: 'certs', maxVersion: '1.2' },
        httpListener: 'redirect',
        allowedRoutes: { namespaceLabels: { 'ml.example.com/scoring': 'true' } },
        infrastructureAnnotations: {
          'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
          'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'lb-subnet',
        },
        gatewayClassName: 'eg',
        createGatewayClass: false,
      },
      ['Namespace', 'EnvoyProxy', 'SecurityPolicy', 'SecurityPolicy', 'ClientTrafficPolicy', 'Gateway', 'ReferenceGrant', 'HTTPRoute'],
    ],
    ['a plain-HTTP development gateway in an existing namespace', { name: 'dev', namespace: 'gw-dev', httpListener: 'serve', createNamespace: false }, ['GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'Gateway']],
    [
      'v1 leaf domain label: the Azure DNS label, an ACME ClusterIssuer and Certificate',
      { name: 'leaf', namespace: 'gw-leaf', tls: { certificate: core.GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: { acme: { email: 'ops@example.com' } } }) } },
      ['Namespace', 'GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'SecurityPolicy', 'SecurityPolicy', 'ClientTrafficPolicy', 'Gateway', 'ClusterIssuer', 'Certificate', 'HTTPRoute'],
    ],
    [
      'a Key Vault certificate through External Secrets',
      { name: 'kv', namespace: 'gw-kv', hostname: 'ml.example.com', tls: { certificate: core.GatewayTls.fromKeyVault({ secretStore: { name: 'kv' }, certificateName: 'ml' }) } },
      ['Namespace', 'GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'ClientTrafficPolicy', 'Gateway', 'ExternalSecret'],
    ],
  ];

  test.each(scenarios)('%s: the same objects, in the same order, schema-valid; the same warnings and reference', async (_title, props, kinds) => {
    const cdk8s = synthCdk8s(props);
    const { gateway, objects } = await deploy(`par-${kinds.length}-${props.name ?? 'default'}`, props);
    // In plan order (the registrations may complete in another).
    expect(gateway.kubeResources.map((r) => r.kind)).toEqual(kinds);
    expect(cdk8s.result.objects.map((o) => o.kind)).toEqual(kinds);
    expect(byKey(objects)).toEqual(byKey(cdk8s.result.objects));
    expect(validateAll(objects)).toBe(kinds.length);
    expect(gateway.warnings.map((w) => w.replace(/^AksMlGateway /, ''))).toEqual(cdk8s.warnings.map((w) => w.replace(/^AksMlGateway /, '')));
    expect(gateway.ref).toEqual(cdk8s.result.construct.ref);
    expect(gateway.config).toEqual(cdk8s.result.construct.config);
  });
});

describe('AksMlGateway (Pulumi): outputs and resource graph', () => {
  test('with every default it is the gateway services attach to; outputs: name, namespace, hostname, listeners, ref', async () => {
    const { gateway } = await deploy('gw-default', { tls });
    expect(gateway.ref).toMatchObject(DEFAULT_GATEWAY_REF);
    expect([gateway.gatewayName, gateway.namespace, gateway.hostname, gateway.listeners]).toEqual(['aks-ml', 'aks-ml-gateway', undefined, ['https']]);
    const component = mocks.resources.find((r) => r.type === AksMlGateway.TYPE && r.name === 'gw-default')!;
    expect(component.custom).toBe(false);
  });

  test('services build their URIs and parent references from gateway.ref', async () => {
    const p = provider();
    const gateway = new AksMlGateway('gw-host', { name: 'edge', namespace: 'gw-host', hostname: 'ml.example.com', tls, httpListener: 'redirect' }, { provider: p });
    const ws = new AksWebservice('gw-host-ws', { name: 'fraud', namespace: 'ml', image: 'myacr.azurecr.io/fraud:1', gateway: gateway.ref }, { provider: p });
    await settled([gateway, ...gateway.resources, ws, ...ws.resources]);
    expect([gateway.hostname, gateway.listeners]).toEqual(['ml.example.com', ['https', 'http']]);
    expect(await valueOf(ws.scoringUri)).toBe('https://ml.example.com/api/v1/service/fraud/score');
    const route = mocks.resources.find((r) => r.type === 'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute' && r.inputs.metadata.name === 'fraud')!;
    expect(route.inputs.spec.parentRefs).toEqual([
      expect.objectContaining({ name: 'edge', namespace: 'gw-host', sectionName: 'https' }),
    ]);
    expect(route.inputs.spec.hostnames).toEqual(['ml.example.com']);
  });

  test('a service\'s route is created after the policies that guard it (dependsOn)', async () => {
    const p = provider();
    const deps = new Map<string, unknown>();
    const ws = new AksWebservice('gw-deps-ws', { name: 'guarded', namespace: 'ml-deps', image: 'myacr.azurecr.io/fraud:1' }, {
      provider: p,
      transformations: [(a) => {
        deps.set(a.name, a.opts.dependsOn);
        return undefined;
      }],
    });
    await settled([ws, ...ws.resources]);
    const find = (kind: string) => ws.kubeResources.find((r) => r.kind === kind && r.name === 'guarded')!.resource;
    const routeDeps = deps.get('gw-deps-ws-httproute-guarded') as unknown[];
    expect(routeDeps).toEqual(expect.arrayContaining([find('SecurityPolicy'), find('BackendTrafficPolicy')]));
    const kinds = ws.kubeResources.map((r) => r.kind);
    expect(kinds.indexOf('SecurityPolicy')).toBeLessThan(kinds.indexOf('HTTPRoute'));
  });

  test('a wildcard host name is the listeners\' but gives no URI host', async () => {
    const { gateway } = await deploy('gw-wild', { name: 'wild', namespace: 'gw-wild', hostname: '*.ml.example.com', tls });
    expect(gateway.hostname).toBe('*.ml.example.com');
    expect(gateway.ref.hostname).toBeUndefined();
  });

  test('one resource per object, named <component>-<kind>-<name>, children of the component, with its provider', async () => {
    const p = provider();
    const deps = new Map<string, unknown>();
    const gateway = new AksMlGateway('gw-graph', { name: 'graph', namespace: 'gw-graph', tls }, {
      provider: p,
      transformations: [(a) => {
        deps.set(a.name, a.opts.dependsOn);
        return undefined;
      }],
    });
    await settled([gateway, ...gateway.resources]);
    const component = mocks.resources.find((r) => r.type === AksMlGateway.TYPE)!;
    const recorded = kubeOf('gw-graph');
    expect(recorded.map((r) => [r.type, r.name]).sort()).toEqual([
      ['kubernetes:core/v1:Namespace', 'gw-graph-namespace-gw-graph'],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy', 'gw-graph-clienttrafficpolicy-graph'],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy', 'gw-graph-envoyproxy-graph'],
      ['kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy', 'gw-graph-securitypolicy-graph-default-deny'],
      ['kubernetes:gateway.networking.k8s.io/v1:Gateway', 'gw-graph-gateway-graph'],
      ['kubernetes:gateway.networking.k8s.io/v1:GatewayClass', 'gw-graph-gatewayclass-envoy-gateway'],
    ]);
    expect(gateway.kubeResources.map((r) => r.kind)).toEqual(['Namespace', 'GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'ClientTrafficPolicy', 'Gateway']);
    const providerRef = `${await valueOf(p.urn)}::${await valueOf(p.id)}`;
    for (const r of recorded) expect([r.name, r.parent, r.provider]).toEqual([r.name, component.urn, providerRef]);
    expect(gateway.resources).toHaveLength(6);
    expect(gateway.kubeResources.every((r) => r.owned)).toBe(true);
    expect(gateway.gateway).toBe(gateway.kubeResources[5].resource);
    expect(gateway.gatewayClass).toBe(gateway.kubeResources[1].resource);
    expect(gateway.clientTrafficPolicy).toBe(gateway.kubeResources[4].resource);
    // The Gateway is created after the policies that attach to it (the default deny first).
    expect(deps.get('gw-graph-gateway-graph')).toEqual([
      gateway.kubeResources[0].resource,
      gateway.kubeResources[3].resource,
      gateway.kubeResources[4].resource,
    ]);
  });

  test('the plain-HTTP warning is logged on the component', async () => {
    const { gateway } = await deploy('gw-serve', { name: 'serve', namespace: 'gw-serve', httpListener: 'serve' });
    expect(gateway.warnings).toEqual([expect.stringMatching(/^AksMlGateway "serve": httpListener: is "serve": routes are published over plain HTTP/)]);
    // Only the default deny: no TLS listener, no client policy.
    expect(warn).toHaveBeenCalledWith(gateway.warnings[0], gateway);
    expect(gateway.clientTrafficPolicy).toBeUndefined();
  });

  test('an acknowledged warning is not logged', async () => {
    const { gateway } = await deploy('gw-ack', { name: 'serve-ack', namespace: 'gw-ack', httpListener: 'serve', acknowledgeWarnings: ['aks-ml:gateway:plainHttpServing'] });
    expect(gateway.warnings).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('AksMlGateway (Pulumi): shared objects', () => {
  test('two gateways of one class on a provider: one GatewayClass, created by the first, reused by the second', async () => {
    const p = provider();
    const a = new AksMlGateway('gw-a', { name: 'a', namespace: 'gw-a', tls }, { provider: p });
    const b = new AksMlGateway('gw-b', { name: 'b', namespace: 'gw-b', tls }, { provider: p });
    await settled([a, b, ...a.resources, ...b.resources]);
    expect(mocks.resources.filter((r) => r.type === GATEWAY_CLASS).map((r) => r.name)).toEqual(['gw-a-gatewayclass-envoy-gateway']);
    expect(mocks.resources.filter((r) => r.type === GATEWAY).map((r) => r.name)).toEqual(['gw-a-gateway-a', 'gw-b-gateway-b']);
    expect(b.gatewayClass).toBe(a.gatewayClass);
    expect(b.kubeResources.find((r) => r.kind === 'GatewayClass')!.owned).toBe(false);
    expect(b.resources).not.toContain(a.gatewayClass);
  });

  test('a GatewayClass declared differently on the same provider is a ConfigurationError, before anything of it is registered', async () => {
    const p = provider();
    const a = new AksMlGateway('gw-c1', { name: 'c1', namespace: 'gw-c1', tls }, { provider: p });
    await settled([a, ...a.resources]);
    mocks.reset();
    const other = Object.assign(new EnvoyGateway(), { controllerName: 'example.com/other-controller' });
    expect(() => new AksMlGateway('gw-c2', { name: 'c2', namespace: 'gw-c2', tls, implementation: other }, { provider: p }))
      .toThrow(/GatewayClass "envoy-gateway" is already declared by AksMlGateway "c1" with another spec .*createGatewayClass: false/);
    await new Promise((r) => setImmediate(r));
    expect(mocks.resources).toEqual([]);
  });

  test('shared objects are retained on delete (the GatewayClass, the Namespaces of gateways and services); the others are not', async () => {
    const p = provider();
    const gateway = new AksMlGateway('gw-keep', { name: 'keep', namespace: 'gw-keep', tls }, { provider: p });
    const ws = new AksWebservice('gw-keep-ws', { name: 'fraud', namespace: 'ml-keep', image: 'myacr.azurecr.io/fraud:1' }, { provider: p });
    const ep = new AksEndpoint('gw-keep-ep', { name: 'churn', namespace: 'ml-keep', versions: [{ versionName: 'stable', image: 'myacr.azurecr.io/churn:1' }] }, { provider: p });
    await settled([gateway, ws, ep, ...gateway.resources, ...ws.resources, ...ep.resources]);
    const kube = mocks.resources.filter((r) => r.type.startsWith('kubernetes:'));
    const retained = kube.filter((r) => r.retainOnDelete).map((r) => r.name).sort();
    expect(retained).toEqual(['gw-keep-gatewayclass-envoy-gateway', 'gw-keep-namespace-gw-keep', 'gw-keep-ws-namespace-ml-keep']);
    // The endpoint reuses the service's namespace: one Namespace resource for ml-keep.
    expect(kube.filter((r) => r.type === NAMESPACE).map((r) => r.name)).toEqual(['gw-keep-namespace-gw-keep', 'gw-keep-ws-namespace-ml-keep']);
    expect(kube.filter((r) => !r.retainOnDelete).length).toBeGreaterThan(10);
  });
});

describe('AksMlGateway (Pulumi): validation', () => {
  test('invalid props throw one ConfigurationError before anything (the component included) is registered', async () => {
    const p = provider();
    await valueOf(p.urn);
    mocks.reset();
    let error: unknown;
    try {
      new AksMlGateway('gw-bad', { name: 'Edge', hostname: 'ML.example.com', infrastructureAnnotations: { 'Bad_Prefix/x': 'y' } }, { provider: p });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Core.ConfigurationError).message).toMatch(/^Invalid configuration for gateway "Edge": 4 problems/);
    expect((error as Core.ConfigurationError).problems).toEqual([
      expect.stringMatching(/^name must be a DNS label/),
      expect.stringMatching(/^hostname must be a DNS name/),
      expect.stringMatching(/^tls is required/),
      expect.stringMatching(/^infrastructureAnnotations\["Bad_Prefix\/x"\] must be an annotation key/),
    ]);
    await new Promise((r) => setImmediate(r));
    expect(mocks.resources.filter((r) => r.name.startsWith('gw-bad'))).toEqual([]);
  });
});

describe('AksMlGateway (Pulumi): a PEM certificate is a Pulumi secret', () => {
  const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

  test('the kubernetes.io/tls Secret holds the PEM values as secret Outputs; cdk8s refuses the same props', async () => {
    const props = { name: 'pem', namespace: 'gw-pem', hostname: 'ml.example.com', tls: { certificate: core.GatewayTls.fromPem({ cert: CERT, key: KEY }) } };
    const { gateway, recorded } = await deploy('gw-pem', props);
    const secret = gateway.kubeResources.find((r) => r.kind === 'Secret')!;
    expect(secret).toBeDefined();
    const stringData = (secret.resource as K8s.core.v1.Secret).stringData;
    expect(await valueOf(stringData)).toEqual({ 'tls.crt': CERT, 'tls.key': KEY });
    expect(await pulumi.isSecret(stringData)).toBe(true);
    const rec = recorded.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    // Sent to the engine as a secret (Pulumi's secret signature around the value): encrypted in the state.
    expect(rec.inputs).toMatchObject({ type: 'kubernetes.io/tls', stringData: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: { 'tls.crt': CERT, 'tls.key': KEY } } });
    expect(validateAll([{ ...rec.inputs, stringData: rec.inputs.stringData.value }])).toBe(1);
    expect(gateway.warnings).toEqual([]);
    expect(() => synthCdk8s(props)).toThrow(/would be written into the manifests/);
  });

  test('a PEM value that is not PEM fails before anything is registered', () => {
    expect(() => new AksMlGateway('gw-badpem', { tls: { certificate: core.GatewayTls.fromPem({ cert: 'x', key: KEY }) } }, { provider: provider() })).toThrow(ConfigurationError);
  });
});
