import * as pulumi from '@pulumi/pulumi';
import type * as K8s from '@pulumi/kubernetes';
import type * as Core from 'aks-ml-constructs';
import type * as Cdk8sModule from 'aks-ml-constructs/cdk8s';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { validateAll } from '../support/schema';
import { newChart, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';
import { RecordedResource, byKey, mockPassword, normalize, settle, setupMocks, valueOf } from './mock-runtime';

const recorder = setupMocks();
const k8s: typeof K8s = require('@pulumi/kubernetes');
const core: typeof Core = require('aks-ml-constructs');
const { AksEndpointConstruct }: typeof Cdk8sModule = require('aks-ml-constructs/cdk8s');
const { AksEndpoint }: typeof PulumiModule = require('aks-ml-constructs/pulumi');
const { AuthKeys, Autoscaler, ConfigurationError, VersionType } = core;

const IMAGE_V1 = 'myacr.azurecr.io/fraud:1';
const IMAGE_V2 = 'myacr.azurecr.io/fraud:2';

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

function versions(): Core.AksEndpointVersionProps[] {
  return [
    { versionName: 'ver1', image: IMAGE_V1, trafficPercentile: 80, isDefault: true, versionType: VersionType.CONTROL },
    { versionName: 'ver2', image: IMAGE_V2, trafficPercentile: 20 },
  ];
}

async function deploy(name: string, args: PulumiModule.AksEndpointArgs, opts: pulumi.ComponentResourceOptions = {}) {
  const parents = new Map<string, pulumi.Resource | undefined>();
  const ep = new AksEndpoint(name, args, {
    ...opts,
    transformations: [(a) => {
      parents.set(`${a.type}::${a.name}`, a.opts.parent);
      return undefined;
    }],
  });
  await settle([ep, ...ep.resources]);
  const recorded = recorder.of(name);
  const objects = recorded.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs);
  expect(validateAll(objects)).toBe(ep.kubeResources.filter((r) => r.owned).length);
  return { ep, recorded, objects, parents };
}

function find(recorded: RecordedResource[], type: string, name: string): RecordedResource {
  const found = recorded.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
  return found[0];
}

describe('AksEndpoint', () => {
  test('one resource per object, parented to the component; versions, routes and one generated key pair', async () => {
    const provider = new k8s.Provider('aks', { kubeconfig: 'apiVersion: v1' });
    const { ep, recorded, parents } = await deploy('fraud', { name: 'fraud', namespace: 'ep-ml', versions: versions() }, { provider });
    const plan = core.planEndpoint({ name: 'fraud', namespace: 'ep-ml', versions: versions() }, { generatedKeys: { primary: 'p', secondary: 's' } });
    const typeOf = (o: { apiVersion: string; kind: string }) => `kubernetes:${o.apiVersion === 'v1' ? 'core/v1' : o.apiVersion}:${o.kind}`;
    expect(recorded.filter((r) => r.type.startsWith('kubernetes:')).map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      plan.objects.map((o) => `${typeOf(o)} fraud-${o.kind.toLowerCase()}-${o.metadata.name}`).sort(),
    );
    expect(recorded.filter((r) => !r.type.startsWith('kubernetes:')).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'aks-ml-constructs:index:AksEndpoint fraud',
      'random:index/randomPassword:RandomPassword fraud-primary-key',
      'random:index/randomPassword:RandomPassword fraud-secondary-key',
    ]);
    const providerRef = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
    for (const r of recorded.filter((x) => x.type !== AksEndpoint.TYPE)) {
      expect(parents.get(`${r.type}::${r.name}`)).toBe(ep);
      if (r.type.startsWith('kubernetes:')) expect(r.provider).toBe(providerRef);
    }
    // The two versions and the shared route.
    expect(ep.versions.map((v) => [v.versionName, v.kubernetesName, v.weight, v.isDefault])).toEqual([
      ['ver1', 'fraud-ver1', 80, true],
      ['ver2', 'fraud-ver2', 20, false],
    ]);
    expect(ep.defaultVersion.versionName).toBe('ver1');
    expect(ep.versions[1].deployment).toBeInstanceOf(k8s.apps.v1.Deployment);
    expect(ep.versions[1].service).toBeInstanceOf(k8s.core.v1.Service);
    expect(ep.httpRoute).toBeInstanceOf(k8s.apiextensions.CustomResource);
    const route = find(recorded, 'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', 'fraud-httproute-fraud').inputs;
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['fraud-ver1', 80], ['fraud-ver2', 20]]);
    // One key pair for the endpoint, in <name>-keys; secret outputs.
    expect(ep.keySecretNames).toEqual(['fraud-keys']);
    expect(find(recorded, 'kubernetes:core/v1:Secret', 'fraud-secret-fraud-keys').inputs.stringData).toEqual({
      primary: mockPassword('fraud-primary-key', 32),
      secondary: mockPassword('fraud-secondary-key', 32),
    });
    expect(await valueOf(ep.primaryKey)).toBe(mockPassword('fraud-primary-key', 32));
    expect(await pulumi.isSecret(ep.primaryKey)).toBe(true);
    expect(await pulumi.isSecret(ep.secondaryKey)).toBe(true);
    expect(await valueOf(ep.scoringUri)).toBe('/api/v1/service/fraud/score');
    expect(await valueOf(ep.versions[1].scoringUri)).toBe('/api/v1/service/fraud/versions/ver2/score');
    const config = await valueOf(ep.config);
    expect(config.defaultVersion).toBe('ver1');
    expect(config.keys).toBeInstanceOf(AuthKeys);
    expect(config.primaryKey).toBeUndefined();
  });

  test('per-version image and env values, and the keys, may be Outputs', async () => {
    const { ep, recorded } = await deploy('epin', {
      name: 'epin',
      namespace: 'ep-inputs',
      primaryKey: pulumi.secret('pk-66666666'),
      secondaryKey: 'sk-77777777',
      versions: [
        { versionName: 'blue', image: pulumi.output(IMAGE_V1), env: { COLOR: pulumi.output('blue') }, isDefault: true },
        { versionName: 'green', image: Promise.resolve(IMAGE_V2), trafficPercentile: 50 },
      ],
    });
    const container = (name: string) => find(recorded, 'kubernetes:apps/v1:Deployment', `epin-deployment-${name}`).inputs.spec.template.spec.containers[0];
    expect(container('epin-blue').image).toBe(IMAGE_V1);
    expect(container('epin-blue').env.slice(-1)).toEqual([{ name: 'COLOR', value: 'blue' }]);
    expect(container('epin-green').image).toBe(IMAGE_V2);
    expect(find(recorded, 'kubernetes:core/v1:Secret', 'epin-secret-epin-keys').inputs.stringData).toEqual({ primary: 'pk-66666666', secondary: 'sk-77777777' });
    expect(JSON.stringify(recorded.map((r) => r.inputs))).not.toContain('aksml-pulumi-input');
    expect(await valueOf(ep.primaryKey)).toBe('pk-66666666');
    const config = await valueOf(ep.config);
    expect(config.versions.map((v) => v.image)).toEqual([IMAGE_V1, IMAGE_V2]);
  });

  test('invalid props throw one ConfigurationError before anything is registered', async () => {
    const before = recorder.resources.length;
    let error: unknown;
    try {
      new AksEndpoint('bad-ep', {
        name: 'bad-ep',
        versions: [
          { versionName: 'ver1', image: pulumi.output(IMAGE_V1), trafficPercentile: 70 },
          { versionName: 'ver1', image: IMAGE_V2, trafficPercentile: 70 },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Core.ConfigurationError).problems.length).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(recorder.resources.length).toBe(before);
  });

  test('warnings are logged on the component', async () => {
    const { ep } = await deploy('epwarn', {
      name: 'epwarn',
      namespace: 'ep-warn',
      authEnabled: false,
      versions: [{ versionName: 'ver1', image: IMAGE_V1, restrictedSecurityContext: false }],
    });
    expect(ep.warnings.length).toBeGreaterThan(0);
    expect(ep.warnings.some((w) => /^AksEndpoint "epwarn": versions\[0\]\.restrictedSecurityContext/.test(w))).toBe(true);
    for (const w of ep.warnings) expect(warn).toHaveBeenCalledWith(w, ep);
  });
});

describe('AksEndpoint parity with cdk8s', () => {
  const GENERATOR_KINDS = new Set(['external-secrets.io/v1/ExternalSecret', 'generators.external-secrets.io/v1alpha1/Password']);

  function synth(props: Core.AksEndpointProps) {
    return captureWarnings(() => {
      const chart = newChart();
      const c = new AksEndpointConstruct(chart, 'ep', props);
      return { objects: synthObjects(chart), keySecretNames: c.plan.keySecretNames, warnings: c.warnings };
    }).result;
  }

  test.each([
    {
      title: 'explicit keys, gateway host, concurrency autoscaler on one version',
      props: {
        name: 'par-ep',
        namespace: 'par-ep-ns',
        primaryKey: 'pk-88888888',
        secondaryKey: 'sk-99999999',
        gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', hostname: 'ml.example.com' },
        versions: [
          { versionName: 'ver1', image: IMAGE_V1, trafficPercentile: 70, isDefault: true },
          { versionName: 'ver2', image: IMAGE_V2, trafficPercentile: 30, autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus.monitoring:9090' }) },
        ],
      } as Core.AksEndpointProps,
    },
    {
      title: 'keys from Key Vault, fixed replicas',
      props: {
        name: 'par-ep-kv',
        namespace: 'par-ep-kv-ns',
        keys: AuthKeys.fromKeyVault({ secretStore: { name: 'kv' }, primaryKeySecretName: 'pk', secondaryKeySecretName: 'sk' }),
        versions: [{ versionName: 'only', image: IMAGE_V1, numReplicas: 2 }],
      } as Core.AksEndpointProps,
    },
  ])('the same objects: $title', async ({ props }) => {
    const cdk8s = synth(props);
    const { ep, objects } = await deploy(`${props.name}-pulumi`, props);
    expect(validateAll(cdk8s.objects)).toBe(cdk8s.objects.length);
    expect(ep.keySecretNames).toEqual(cdk8s.keySecretNames);
    expect(byKey(objects)).toEqual(byKey(cdk8s.objects));
    expect(ep.warnings.map((w) => w.replace(/^AksEndpoint /, ''))).toEqual(cdk8s.warnings.map((w) => w.replace(/^AksEndpoint /, '')));
    const host = props.gateway?.hostname;
    expect(await valueOf(ep.scoringUri)).toBe(host ? `https://${host}/api/v1/service/${props.name}/score` : `/api/v1/service/${props.name}/score`);
  });

  test('generated keys: the same objects apart from the key source', async () => {
    const props: Core.AksEndpointProps = { name: 'par-ep-gen', namespace: 'par-ep-gen-ns', versions: versions() };
    const cdk8s = synth(props);
    const { ep, objects } = await deploy('par-ep-gen-pulumi', props);
    const markRefs = (list: Record<string, any>[], names: string[]) => list.map((o) => {
      const refs = o.spec?.apiKeyAuth?.credentialRefs;
      if (!refs) return o;
      expect(refs.map((r: { name: string }) => r.name)).toEqual(names);
      return { ...o, spec: { ...o.spec, apiKeyAuth: { ...o.spec.apiKeyAuth, credentialRefs: '<the key Secrets>' } } };
    });
    const pulumiRest = markRefs(objects.filter((o) => !(o.kind === 'Secret' && o.metadata.name === 'par-ep-gen-keys')), ep.keySecretNames);
    const cdk8sRest = markRefs(cdk8s.objects.filter((o) => !GENERATOR_KINDS.has(`${o.apiVersion}/${o.kind}`)), cdk8s.keySecretNames);
    expect(byKey(pulumiRest)).toEqual(byKey(cdk8sRest));
    // Several SecurityPolicies (one per route) all reference the one key Secret.
    expect(pulumiRest.filter((o) => o.kind === 'SecurityPolicy').length).toBeGreaterThan(1);
    const secret = objects.find((o) => o.kind === 'Secret')!;
    expect(normalize(secret.metadata.labels)).toEqual(normalize(cdk8s.objects.find((o) => o.kind === 'Password')!.metadata.labels));
  });
});
