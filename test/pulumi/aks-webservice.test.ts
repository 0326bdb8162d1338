import * as pulumi from '@pulumi/pulumi';
import type * as K8s from '@pulumi/kubernetes';
import type * as Core from 'aks-ml-constructs';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { validateAll } from '../support/schema';
import { RecordedResource, mockPassword, settle, setupMocks, unhandledRejections, valueOf } from './mock-runtime';

const recorder = setupMocks();
// Loaded after the mocks are installed.
const k8s: typeof K8s = require('@pulumi/kubernetes');
const core: typeof Core = require('aks-ml-constructs');
const { AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');
const { AuthKeys, ConfigurationError, ModelSource } = core;

type Args = PulumiModule.AksWebserviceArgs;

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

/** Creates a service, waits for every child, validates every Kubernetes object against its schema. */
async function deploy(name: string, args: Args, opts: pulumi.ComponentResourceOptions = {}) {
  const parents = new Map<string, pulumi.Resource | undefined>();
  const ws = new AksWebservice(name, args, {
    ...opts,
    transformations: [
      (a) => {
        parents.set(`${a.type}::${a.name}`, a.opts.parent);
        return undefined;
      },
    ],
  });
  await settle([ws, ...ws.resources]);
  const recorded = recorder.of(name);
  const objects = recorded.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs);
  expect(validateAll(objects)).toBe(ws.kubeResources.filter((r) => r.owned).length);
  return { ws, recorded, objects, parents };
}

/** The Pulumi type of an object (typed classes: `core/v1` for the core group, the apiVersion otherwise). */
function typeToken(o: { apiVersion: string; kind: string }): string {
    return `kubernetes:${o.apiVersion === 'v1' ? 'core/v1' : o.apiVersion}:${o.kind}`;
}

function find(recorded: RecordedResource[], type: string, name?: string): RecordedResource {
  const found = recorded.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ''}, found ${found.map((r) => r.name).join(', ')}`);
  return found[0];
}

describe('AksWebservice resource graph', () => {
  test('one resource per object, named <component>-<kind>-<name>, parented to the component, with its provider', async () => {
    const provider = new k8s.Provider('aks', { kubeconfig: 'apiVersion: v1' });
    const { ws, recorded, parents } = await deploy('fraud', { name: 'fraud-model', namespace: 'ml', image: IMAGE }, { provider });

    const names = recorded.map((r) => `${r.type} ${r.name}`);
    expect(names).toEqual(expect.arrayContaining([
      'aks-ml-constructs:index:AksWebservice fraud',
      'kubernetes:apps/v1:Deployment fraud-deployment-fraud-model',
      'kubernetes:autoscaling/v2:HorizontalPodAutoscaler fraud-horizontalpodautoscaler-fraud-model',
      'kubernetes:core/v1:Namespace fraud-namespace-ml',
      'kubernetes:core/v1:Secret fraud-secret-fraud-model-keys',
      'kubernetes:core/v1:Service fraud-service-fraud-model',
      'kubernetes:core/v1:ServiceAccount fraud-serviceaccount-fraud-model',
      'kubernetes:policy/v1:PodDisruptionBudget fraud-poddisruptionbudget-fraud-model',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy fraud-networkpolicy-fraud-model',
      'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute fraud-httproute-fraud-model',
      'random:index/randomPassword:RandomPassword fraud-primary-key',
      'random:index/randomPassword:RandomPassword fraud-secondary-key',
    ]));
    // Exactly one resource per planned object (plus the component and the two passwords),
    // named <component>-<kind>-<name>, typed by the typed class (built-in kinds) or the CRD's group/version.
    const plan = core.planWebservice({ name: 'fraud-model', namespace: 'ml', image: IMAGE }, { generatedKeys: { primary: 'p', secondary: 's' } });
    const expectedKube = plan.objects.map((o) => `${typeToken(o)} fraud-${o.kind.toLowerCase()}-${o.metadata.name}`);
    expect(names.filter((n) => n.startsWith('kubernetes:')).sort()).toEqual(expectedKube.sort());
    expect(names).toHaveLength(plan.objects.length + 3);
    // Every child is a child of the component.
    const children = recorded.filter((r) => r.type !== AksWebservice.TYPE);
    for (const r of children) expect(parents.get(`${r.type}::${r.name}`)).toBe(ws);
    expect(ws.resources).toHaveLength(children.length);
    // The Kubernetes resources use the component's provider; the RandomPasswords do not.
    const providerRef = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
    for (const r of children) {
      if (r.type.startsWith('kubernetes:')) expect(r.provider).toBe(providerRef);
      else expect(r.provider ?? '').not.toContain('kubernetes');
    }
    // The URNs carry the component's type as the parent type.
    expect(await valueOf(ws.deployment.urn)).toBe(
      'urn:pulumi:stack::project::aks-ml-constructs:index:AksWebservice$kubernetes:apps/v1:Deployment::fraud-deployment-fraud-model',
    );
    // Resources in plan order, and the typed handles.
    expect(ws.kubeResources.map((r) => r.kind)).toEqual(plan.objects.map((o) => o.kind));
    expect(ws.deployment).toBeInstanceOf(k8s.apps.v1.Deployment);
    expect(ws.service).toBeInstanceOf(k8s.core.v1.Service);
  });

  test('outputs: names, paths, URIs and the resolved config (without keys)', async () => {
    const { ws } = await deploy('outs', { name: 'outs-model', namespace: 'ml', image: IMAGE, primaryKey: 'primary-key-1', secondaryKey: 'secondary-key-2' });
    expect(ws.serviceName).toBe('outs-model');
    expect(ws.namespace).toBe('ml');
    expect(ws.scoringPath).toBe('/api/v1/service/outs-model/score');
    expect(ws.swaggerPath).toBe('/api/v1/service/outs-model/swagger.json');
    expect(await valueOf(ws.scoringUri)).toBe('/api/v1/service/outs-model/score');
    expect(await valueOf(ws.swaggerUri)).toBe('/api/v1/service/outs-model/swagger.json');
    expect(ws.keySecretNames).toEqual(['outs-model-keys']);
    expect(ws.selector).toEqual({ 'aks-ml-constructs.io/service': 'outs-model' });
    const config = await valueOf(ws.config);
    expect(config.name).toBe('outs-model');
    expect(config.cpuCores).toBe(0.1);
    expect(config.keys).toBeInstanceOf(AuthKeys);
    expect(config.model).toBeInstanceOf(ModelSource);
    expect(config.primaryKey).toBeUndefined();
    expect(config.secondaryKey).toBeUndefined();
    expect(await pulumi.isSecret(ws.config)).toBe(false);
  });

  test('scoringUri/swaggerUri are absolute when the gateway has a hostname', async () => {
    const { ws } = await deploy('host', {
      name: 'host-model', namespace: 'ml', image: IMAGE, authEnabled: false,
      gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', hostname: 'ml.example.com' },
    });
    expect(await valueOf(ws.scoringUri)).toBe('https://ml.example.com/api/v1/service/host-model/score');
    expect(await valueOf(ws.swaggerUri)).toBe('https://ml.example.com/api/v1/service/host-model/swagger.json');
    expect(ws.healthPath).toBe('/api/v1/service/host-model/');
  });

  test('objects in the provider default namespace (no namespace prop): no Namespace, no namespace on objects', async () => {
    const { recorded, objects } = await deploy('nons', { name: 'nons-model', image: IMAGE, numReplicas: 1, authEnabled: false });
    expect(objects.every((o) => o.metadata.namespace === undefined)).toBe(true);
    expect(recorded.map((r) => r.name)).toEqual(expect.arrayContaining(['nons', 'nons-deployment-nons-model', 'nons-service-nons-model', 'nons-serviceaccount-nons-model']));
    expect(recorded.some((r) => r.type === 'kubernetes:core/v1:Namespace')).toBe(false);
  });

  test('two components may plan the same service name in different namespaces', async () => {
    const a = await deploy('blue', { name: 'shared-model', namespace: 'blue', image: IMAGE, authEnabled: false });
    const b = await deploy('green', { name: 'shared-model', namespace: 'green', image: IMAGE, authEnabled: false });
    expect(find(a.recorded, 'kubernetes:apps/v1:Deployment').inputs.metadata).toMatchObject({ name: 'shared-model', namespace: 'blue' });
    expect(find(b.recorded, 'kubernetes:apps/v1:Deployment').inputs.metadata).toMatchObject({ name: 'shared-model', namespace: 'green' });
  });
});

describe('AksWebservice shared Namespace', () => {
  test('components in one namespace: the first creates the Namespace, the others reuse it and depend on it', async () => {
    const deps = new Map<string, unknown>();
    const first = await deploy('share1', { name: 'share1-model', namespace: 'shared', image: IMAGE });
    const second = new AksWebservice('share2', { name: 'share2-model', namespace: 'shared', image: IMAGE }, {
      transformations: [(a) => {
        deps.set(a.name, a.opts.dependsOn);
        return undefined;
      }],
    });
    await settle([second, ...second.resources]);
    const firstNs = first.ws.kubeResources.find((r) => r.kind === 'Namespace')!;
    const secondNs = second.kubeResources.find((r) => r.kind === 'Namespace')!;
    expect(firstNs.owned).toBe(true);
    expect(secondNs.owned).toBe(false);
    expect(secondNs.resource).toBe(firstNs.resource);
    expect(second.resources).not.toContain(firstNs.resource);
    expect(recorder.of('share2').map((r) => r.type)).not.toContain('kubernetes:core/v1:Namespace');
    expect(deps.get('share2-deployment-share2-model')).toEqual([firstNs.resource]);
  });

  test('a Namespace declared differently by another component is a ConfigurationError, before anything is created', async () => {
    await deploy('diff1', { name: 'diff1-model', namespace: 'differs', image: IMAGE });
    const before = recorder.resources.length;
    expect(() => new AksWebservice('diff2', { name: 'diff2-model', namespace: 'differs', image: IMAGE, restrictedSecurityContext: false })).toThrow(
      /Namespace "differs" is already declared by AksWebservice "diff1-model" with other labels/,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(recorder.resources.length).toBe(before);
  });

  test('another provider (another cluster) gets its own Namespace', async () => {
    const other = new k8s.Provider('other-cluster', { kubeconfig: 'apiVersion: v1' });
    const { ws } = await deploy('share3', { name: 'share3-model', namespace: 'shared', image: IMAGE }, { provider: other });
    expect(ws.kubeResources.find((r) => r.kind === 'Namespace')!.owned).toBe(true);
  });
});

describe('AksWebservice keys', () => {
  test('generated by default: two RandomPasswords (length 32, no special characters) in the one Secret <name>-keys', async () => {
    const { ws, recorded } = await deploy('gen', { name: 'gen-model', namespace: 'ml', image: IMAGE });
    for (const entry of ['primary', 'secondary']) {
      expect(find(recorded, 'random:index/randomPassword:RandomPassword', `gen-${entry}-key`).inputs).toEqual({ length: 32, special: false });
    }
    const secret = find(recorded, 'kubernetes:core/v1:Secret', 'gen-secret-gen-model-keys');
    expect(secret.inputs.metadata.name).toBe('gen-model-keys');
    expect(secret.inputs.type).toBe('Opaque');
    expect(secret.inputs.stringData).toEqual({ primary: mockPassword('gen-primary-key', 32), secondary: mockPassword('gen-secondary-key', 32) });
    expect(secret.secretPaths).toContain('stringData');
    // No External Secrets objects: Pulumi generates the keys.
    expect(recorded.filter((r) => /ExternalSecret|Password$/.test(r.type) && r.type.startsWith('kubernetes:'))).toEqual([]);
    expect(ws.keySecretNames).toEqual(['gen-model-keys']);
    expect(ws.generatedKeys).toHaveLength(2);
    // The key outputs are the generated values, marked secret.
    expect(await valueOf(ws.primaryKey)).toBe(mockPassword('gen-primary-key', 32));
    expect(await valueOf(ws.secondaryKey)).toBe(mockPassword('gen-secondary-key', 32));
    expect(await pulumi.isSecret(ws.primaryKey)).toBe(true);
    expect(await pulumi.isSecret(ws.secondaryKey)).toBe(true);
  });

  test('AuthKeys.generated({ length }) sets the RandomPassword length', async () => {
    const { recorded } = await deploy('len', { name: 'len-model', image: IMAGE, keys: AuthKeys.generated({ length: 48 }) });
    expect(find(recorded, 'random:index/randomPassword:RandomPassword', 'len-primary-key').inputs.length).toBe(48);
  });

  test('explicit keys: the Secret holds them, nothing is generated, outputs are secret', async () => {
    const { ws, recorded } = await deploy('expl', { name: 'expl-model', image: IMAGE, primaryKey: 'pk-AAAA', secondaryKey: 'sk-BBBB' });
    expect(recorded.filter((r) => r.type.startsWith('random:'))).toEqual([]);
    expect(find(recorded, 'kubernetes:core/v1:Secret').inputs.stringData).toEqual({ primary: 'pk-AAAA', secondary: 'sk-BBBB' });
    expect(await valueOf(ws.primaryKey)).toBe('pk-AAAA');
    expect(await pulumi.isSecret(ws.primaryKey)).toBe(true);
    expect(await pulumi.isSecret(ws.secondaryKey)).toBe(true);
  });

  test('one key given: the other is generated, both in <name>-keys', async () => {
    const { ws, recorded } = await deploy('half', { name: 'half-model', image: IMAGE, primaryKey: 'pk-AAAA' });
    expect(recorded.filter((r) => r.type.startsWith('random:')).map((r) => r.name)).toEqual(['half-secondary-key']);
    expect(find(recorded, 'kubernetes:core/v1:Secret').inputs.stringData).toEqual({ primary: 'pk-AAAA', secondary: mockPassword('half-secondary-key', 32) });
    expect(ws.keySecretNames).toEqual(['half-model-keys']);
    expect(await valueOf(ws.secondaryKey)).toBe(mockPassword('half-secondary-key', 32));
  });

  test('AuthKeys.fromSecret: no Secret, nothing generated, key outputs undefined (still secret)', async () => {
    const { ws, recorded } = await deploy('fsec', { name: 'fsec-model', image: IMAGE, keys: AuthKeys.fromSecret('my-keys') });
    expect(recorded.filter((r) => r.type === 'kubernetes:core/v1:Secret' || r.type.startsWith('random:'))).toEqual([]);
    expect(ws.keySecretNames).toEqual(['my-keys']);
    expect(await valueOf(ws.primaryKey)).toBeUndefined();
    expect(await pulumi.isSecret(ws.primaryKey)).toBe(true);
  });

  test('AuthKeys.fromKeyVault: an ExternalSecret CustomResource, nothing generated', async () => {
    const keys = AuthKeys.fromKeyVault({ secretStore: { name: 'kv' }, primaryKeySecretName: 'pk', secondaryKeySecretName: 'sk' });
    const { ws, recorded } = await deploy('fkv', { name: 'fkv-model', namespace: 'ml', image: IMAGE, keys });
    const es = find(recorded, 'kubernetes:external-secrets.io/v1:ExternalSecret', 'fkv-externalsecret-fkv-model-keys');
    expect(es.inputs.spec.secretStoreRef).toEqual({ name: 'kv', kind: 'SecretStore' });
    expect(recorded.filter((r) => r.type.startsWith('random:'))).toEqual([]);
    expect(ws.keySecretNames).toEqual(['fkv-model-keys']);
    expect(await valueOf(ws.primaryKey)).toBeUndefined();
  });

  test('key auth off: no key objects at all', async () => {
    const { ws, recorded } = await deploy('tok', { name: 'tok-model', image: IMAGE, authEnabled: false });
    expect(recorded.filter((r) => r.type === 'kubernetes:core/v1:Secret' || r.type.startsWith('random:'))).toEqual([]);
    expect(ws.keySecretNames).toEqual([]);
    expect(await valueOf(ws.primaryKey)).toBeUndefined();
  });
});

describe('AksWebservice Inputs', () => {
  test('image, env values and keys may be Outputs; their values land in the objects, secretness is kept', async () => {
    const { ws, recorded } = await deploy('inp', {
      name: 'inp-model',
      namespace: 'ml',
      image: pulumi.output(IMAGE),
      env: { PLAIN: 'plain', FROM_OUTPUT: pulumi.output('from-output'), FROM_SECRET: pulumi.secret('s3cret'), FROM_PROMISE: Promise.resolve('p') },
      primaryKey: pulumi.secret('pk-from-vault'),
      secondaryKey: Promise.resolve('sk-from-promise'),
    });
    const deployment = find(recorded, 'kubernetes:apps/v1:Deployment').inputs;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe(IMAGE);
    expect(container.env.slice(-4)).toEqual([
      { name: 'PLAIN', value: 'plain' },
      { name: 'FROM_OUTPUT', value: 'from-output' },
      { name: 'FROM_SECRET', value: 's3cret' },
      { name: 'FROM_PROMISE', value: 'p' },
    ]);
    // The secret env value makes the Deployment's spec secret; the metadata is not.
    const dep = find(recorded, 'kubernetes:apps/v1:Deployment');
    expect(dep.secretPaths).toEqual(['spec']);
    // No placeholder is left anywhere.
    expect(JSON.stringify(recorded.map((r) => r.inputs))).not.toContain('aksml-pulumi-input');
    const secret = find(recorded, 'kubernetes:core/v1:Secret');
    expect(secret.inputs.stringData).toEqual({ primary: 'pk-from-vault', secondary: 'sk-from-promise' });
    expect(secret.secretPaths).toEqual(['stringData']);
    expect(recorded.filter((r) => r.type.startsWith('random:'))).toEqual([]);
    expect(await valueOf(ws.primaryKey)).toBe('pk-from-vault');
    expect(await valueOf(ws.secondaryKey)).toBe('sk-from-promise');
    expect(await pulumi.isSecret(ws.secondaryKey)).toBe(true);
    const config = await valueOf(ws.config);
    expect(config.image).toBe(IMAGE);
    expect(config.env).toEqual({ PLAIN: 'plain', FROM_OUTPUT: 'from-output', FROM_SECRET: 's3cret', FROM_PROMISE: 'p' });
    // The secret env value is in the config, so the config is secret.
    expect(await pulumi.isSecret(ws.config)).toBe(true);
  });

  test('plain props in the same object are not made unknown or secret by Inputs elsewhere', async () => {
    const { recorded } = await deploy('inp2', { name: 'inp2-model', image: pulumi.output(IMAGE), env: { A: 'a' }, authEnabled: false });
    const dep = find(recorded, 'kubernetes:apps/v1:Deployment');
    expect(dep.secretPaths).toEqual([]);
    expect(dep.inputs.spec.template.spec.containers[0].env.slice(-1)).toEqual([{ name: 'A', value: 'a' }]);
  });

  test('an Input whose value breaks a rule fails with the core ConfigurationError once known', async () => {
    let ws!: PulumiModule.AksWebservice;
    const errors = await unhandledRejections(async () => {
      ws = new AksWebservice('badimg', { name: 'badimg-model', image: pulumi.output('Not An Image'), authEnabled: false });
      await expect(valueOf(ws.config)).rejects.toThrow(ConfigurationError);
      await expect(valueOf(ws.config)).rejects.toThrow(/image must be a container image reference.*received "Not An Image"/);
      await settle([ws, ws.service]);
    });
    // The Deployment that would carry the value fails to register: the update fails with the core's message.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map(String).every((e) => /image must be a container image reference.*received "Not An Image"/.test(e))).toBe(true);
    expect(recorder.of('badimg').map((r) => r.type)).not.toContain('kubernetes:apps/v1:Deployment');
    expect(recorder.of('badimg').map((r) => r.type)).toContain('kubernetes:core/v1:Service');
  });

  // Identical keys were refused here before; v1 accepted them, so they are now accepted (issue 13).
  // The rule on key Inputs is exercised with one v1 refused too: a key that is no string.
  test('rules on key Inputs are checked too: a key that is no string is refused', async () => {
    let ws!: PulumiModule.AksWebservice;
    const errors = await unhandledRejections(async () => {
      ws = new AksWebservice('badkey', { name: 'badkey-model', image: IMAGE, primaryKey: pulumi.secret(7 as unknown as string), secondaryKey: pulumi.output('other-key') });
      await expect(valueOf(ws.primaryKey)).rejects.toThrow(/primaryKey \(v1: primary_key\) must be a string; received "<redacted>"/);
      await settle([ws, ws.deployment]);
    });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map(String).every((e) => /primaryKey \(v1: primary_key\) must be a string/.test(e))).toBe(true);
    expect(recorder.of('badkey').map((r) => r.type)).not.toContain('kubernetes:core/v1:Secret');
  });

  test('identical keys across Inputs are accepted, as v1 accepted them', async () => {
    const ws = new AksWebservice('samekeys', { name: 'samekeys-model', image: IMAGE, primaryKey: pulumi.secret('same-key'), secondaryKey: pulumi.output('same-key') });
    await expect(valueOf(ws.primaryKey)).resolves.toBe('same-key');
    await expect(valueOf(ws.secondaryKey)).resolves.toBe('same-key');
    await settle([ws, ws.deployment]);
    expect(recorder.of('samekeys').map((r) => r.type)).toContain('kubernetes:core/v1:Secret');
  });
});

describe('AksWebservice validation and warnings', () => {
  test('invalid props throw one ConfigurationError before any resource (the component included) is registered', async () => {
    const before = recorder.resources.length;
    let error: unknown;
    try {
      new AksWebservice('invalid', { name: 'X', image: pulumi.output(IMAGE), cpuCores: -1, env: { WORKER_COUNT: pulumi.output('3') } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as Core.ConfigurationError).problems;
    expect(problems.some((p) => p.startsWith('name'))).toBe(true);
    expect(problems.some((p) => p.startsWith('cpuCores'))).toBe(true);
    expect(problems.some((p) => p.startsWith('env["WORKER_COUNT"]'))).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(recorder.resources.length).toBe(before);
    expect(recorder.of('invalid')).toEqual([]);
  });

  test('a plain value of the wrong type is reported by the core, not hidden behind a placeholder', () => {
    expect(() => new AksWebservice('wrongtype', { name: 'wrongtype-model', image: 42 as unknown as string })).toThrow(/image must be a string/);
  });

  test('warnings are logged on the component with pulumi.log.warn', async () => {
    const { ws } = await deploy('warny', { name: 'warny-model', namespace: 'warny', image: IMAGE, restrictedSecurityContext: false, authEnabled: false });
    expect(ws.warnings).toEqual([expect.stringMatching(/^AksWebservice "warny-model": restrictedSecurityContext: is false/)]);
    expect(warn).toHaveBeenCalledWith(ws.warnings[0], ws);
    expect(ws.warnings[0]).toMatch(/\[ack: aks-ml:webservice:unrestrictedSecurityContext\]$/);
  });

  test('an acknowledged warning is neither logged nor listed', async () => {
    const { ws } = await deploy('ackd', {
      name: 'ackd-model',
      namespace: 'ackd',
      image: IMAGE,
      restrictedSecurityContext: false,
      authEnabled: false,
      acknowledgeWarnings: ['aks-ml:webservice:unrestrictedSecurityContext'],
    });
    expect(ws.warnings).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  test('acknowledgeWarnings takes warning ids, and says so', () => {
    expect(() => new AksWebservice('badack', { name: 'badack-model', image: IMAGE, acknowledgeWarnings: ['restrictedSecurityContext', 7 as unknown as string] })).toThrow(
      /acknowledgeWarnings\[0\] must be a warning id .*received "restrictedSecurityContext"[\s\S]*acknowledgeWarnings\[1\] must be a warning id .*received 7/,
    );
  });
});

// Pulumi's convention (issue 13): a component's name prop defaults to the resource name when it is valid.
describe('AksWebservice name: the resource name by default', () => {
  test('without name, a valid resource name is the service name; an invalid one is reported by the core', async () => {
    const { ws } = await deploy('fraud-default', { image: IMAGE, authEnabled: false });
    expect(ws.serviceName).toBe('fraud-default');
    expect(() => new AksWebservice('Fraud_Default', { image: IMAGE, authEnabled: false })).toThrow('name must be a string of 3 to 32 characters; received undefined.');
    const named = new AksWebservice('res-with-name', { name: 'explicit-name', image: IMAGE, authEnabled: false });
    expect(named.serviceName).toBe('explicit-name');
    await settle([named, ...named.resources]);
  });
});

describe('AksWebservice registered models', () => {
  const CLIENT = '00000000-1111-2222-3333-444444444444';
  const { lookupRegisteredModel }: typeof PulumiModule = require('aks-ml-constructs/pulumi');

  test('mounted at azureml-models/<name>/<version>, one PV per model reserved for its claim, no token in any container', async () => {
    const { objects } = await deploy('regm', {
      name: 'regm-model',
      namespace: 'ml',
      image: IMAGE,
      model: ModelSource.fromRegisteredModels({
        clientId: CLIENT,
        models: [
          { name: 'fraud', version: 3, blobUrl: 'https://mlws4821.blob.core.windows.net/azureml/LocalUpload/9f3a1c' },
          { name: 'scaler', version: 1, blobUrl: 'https://mlws4821.blob.core.windows.net/azureml/LocalUpload/77aa' },
        ],
      }),
    });
    const pvs = objects.filter((o) => o.kind === 'PersistentVolume');
    const pvcs = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(pvs.map((o) => o.spec.claimRef)).toEqual(pvcs.map((c) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'ml', name: c.metadata.name })));
    expect(pvs.map((o) => o.spec.mountOptions[2])).toEqual(['--subdirectory=LocalUpload/9f3a1c', '--subdirectory=LocalUpload/77aa']);
    const dep = objects.find((o) => o.kind === 'Deployment')!;
    const c = dep.spec.template.spec.containers[0];
    expect(c.env.find((e: any) => e.name === 'AZUREML_MODEL_DIR').value).toBe('/var/azureml-app/azureml-models');
    expect(c.volumeMounts.map((m: any) => m.mountPath)).toEqual(expect.arrayContaining(['/var/azureml-app/azureml-models/fraud/3', '/var/azureml-app/azureml-models/scaler/1']));
    expect(dep.spec.template.metadata.labels['azure.workload.identity/use']).toBeUndefined();
  });

  test('downloaded: the webhook skips the scoring container', async () => {
    const { objects } = await deploy('regd', {
      name: 'regd-model',
      namespace: 'ml',
      image: IMAGE,
      blobfuseEnabled: false,
      model: ModelSource.fromRegisteredModels({ clientId: CLIENT, models: [{ name: 'fraud', version: 3, blobUrl: 'https://mlws4821.blob.core.windows.net/azureml/LocalUpload/9f3a1c' }] }),
    });
    const template = objects.find((o) => o.kind === 'Deployment')!.spec.template;
    expect(template.metadata.annotations).toEqual({ 'azure.workload.identity/skip-containers': 'scoring' });
    expect(template.spec.containers[0].env.find((e: any) => e.name === 'AZUREML_MODEL_DIR').value).toBe('/var/azureml-app/azureml-models/fraud/3');
    expect(template.spec.containers[0].volumeMounts).toContainEqual({ name: 'model', mountPath: '/var/azureml-app/azureml-models/fraud/3', subPath: '0/LocalUpload/9f3a1c', readOnly: true });
  });

  describe('lookupRegisteredModel (azure-native getModelVersion, getDatastore)', () => {
    let calls: { token: string; inputs: Record<string, any> }[];
    let modelUri: string | undefined;
    let datastore: Record<string, unknown>;
    let spy: jest.SpyInstance;
    beforeEach(() => {
      calls = [];
      modelUri = 'azureml://subscriptions/0000/resourceGroups/ml-rg/workspaces/ml-ws/datastores/workspaceartifactstore/paths/LocalUpload/9f3a1c/sklearn_regression_model.pkl';
      datastore = { datastoreType: 'AzureBlob', accountName: 'mlws4821', containerName: 'azureml', endpoint: 'core.windows.net' };
      spy = jest.spyOn(recorder, 'call').mockImplementation((args: pulumi.runtime.MockCallArgs) => {
        calls.push({ token: args.token, inputs: args.inputs });
        if (args.token === 'azure-native:machinelearningservices:getModelVersion') return { id: 'mv', name: args.inputs.version, properties: { modelUri } };
        if (args.token === 'azure-native:machinelearningservices:getDatastore') return { id: 'ds', name: args.inputs.name, properties: datastore };
        throw new Error(`unexpected invoke ${args.token}`);
      });
    });
    afterEach(() => spy.mockRestore());

    const ARGS = { resourceGroupName: 'ml-rg', workspaceName: 'ml-ws', name: 'sklearn_regression_model1.pkl', version: 2 };

    test('a datastore path: the datastore\'s account and container, the parent folder of the registered file (v1 layout)', async () => {
      const m = await lookupRegisteredModel(ARGS);
      expect(m).toEqual({ name: 'sklearn_regression_model1.pkl', version: 2, blobUrl: 'https://mlws4821.blob.core.windows.net/azureml/LocalUpload/9f3a1c' });
      expect(calls).toEqual([
        { token: 'azure-native:machinelearningservices:getModelVersion', inputs: { resourceGroupName: 'ml-rg', workspaceName: 'ml-ws', name: 'sklearn_regression_model1.pkl', version: '2' } },
        { token: 'azure-native:machinelearningservices:getDatastore', inputs: { resourceGroupName: 'ml-rg', workspaceName: 'ml-ws', name: 'workspaceartifactstore' } },
      ]);
      // What it returns is what fromRegisteredModels takes.
      const ws = new AksWebservice('lookedup', { name: 'lookedup', namespace: 'ml', image: IMAGE, model: ModelSource.fromRegisteredModels({ clientId: CLIENT, models: [m] }) });
      await settle([ws, ...ws.resources]);
      const pv = recorder.of('lookedup').map((r) => r.inputs).find((o) => o.kind === 'PersistentVolume')!;
      expect(pv.spec.mountOptions).toContain('--subdirectory=LocalUpload/9f3a1c');
    });

    test('a registered folder (trailing "/") and a blob URL: the parent folder too', async () => {
      modelUri = 'https://mlws4821.blob.core.windows.net/azureml/ExperimentRun/dcid.run-1/outputs/model/';
      expect((await lookupRegisteredModel(ARGS)).blobUrl).toBe('https://mlws4821.blob.core.windows.net/azureml/ExperimentRun/dcid.run-1/outputs');
      expect(calls.map((c) => c.token)).toEqual(['azure-native:machinelearningservices:getModelVersion']);
    });

    test('other URIs and datastores are refused, naming the model and what to do', async () => {
      modelUri = 'azureml://jobs/run-1/outputs/artifacts/paths/model/';
      await expect(lookupRegisteredModel(ARGS)).rejects.toThrow(/registered model sklearn_regression_model1\.pkl:2 of workspace ml-ws: its modelUri "azureml:\/\/jobs\/run-1.*give its blobUrl yourself/);
      modelUri = 'azureml://datastores/lake/paths/models/m.pkl';
      datastore = { datastoreType: 'AzureDataLakeGen1', storeName: 'lake' };
      await expect(lookupRegisteredModel(ARGS)).rejects.toThrow(/datastore "lake" is of type AzureDataLakeGen1, not AzureBlob/);
      datastore = { datastoreType: 'AzureBlob', accountName: 'cn01', containerName: 'm', endpoint: 'core.chinacloudapi.cn' };
      await expect(lookupRegisteredModel(ARGS)).rejects.toThrow(/another cloud \(endpoint core\.chinacloudapi\.cn\)/);
      modelUri = undefined;
      await expect(lookupRegisteredModel(ARGS)).rejects.toThrow(/lists no modelUri/);
    });
  });
});
