import * as pulumi from '@pulumi/pulumi';
import type * as K8s from '@pulumi/kubernetes';
import type * as Core from 'aks-ml-constructs';
import type * as KubeResourcesModule from '../../src/pulumi/kube-resources';
import type * as InputsModule from '../../src/pulumi/inputs';
import { validateAll } from '../support/schema';
import { settle, setupMocks, unhandledRejections, valueOf } from './mock-runtime';

const recorder = setupMocks();
const k8s: typeof K8s = require('@pulumi/kubernetes');
const { KUBE_KINDS, createKubeResources, kubeResourceName, kubeResourceType }: typeof KubeResourcesModule = require('../../src/pulumi/kube-resources');
const { InputPlaceholders, PLACEHOLDER_MARKER }: typeof InputsModule = require('../../src/pulumi/inputs');

/** A bare component to parent test resources. */
class Holder extends pulumi.ComponentResource {
  constructor(name: string) {
    super('test:index:Holder', name, {});
  }
}

const labels = { 'app.kubernetes.io/name': 'x' };
const ns = (name: string): Core.KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const sa = (name: string, namespace?: string): Core.KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, ...(namespace ? { namespace } : {}), labels },
  automountServiceAccountToken: false,
});
const route = (name: string, namespace: string): Core.KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace },
  spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] },
});

describe('names and types', () => {
  test('<prefix>-<kind>-<name>; the namespace only for objects outside the home namespace', () => {
    expect(kubeResourceName('fraud', sa('fraud-model', 'ml'), 'ml')).toBe('fraud-serviceaccount-fraud-model');
    expect(kubeResourceName('fraud', sa('fraud-model'), 'ml')).toBe('fraud-serviceaccount-fraud-model');
    expect(kubeResourceName('fraud', ns('ml'), 'ml')).toBe('fraud-namespace-ml');
    expect(kubeResourceName('fraud', route('fraud-model', 'aks-ml-gateway'), 'ml')).toBe('fraud-httproute-aks-ml-gateway/fraud-model');
    expect(kubeResourceName('fraud', sa('fraud-model', 'ml'))).toBe('fraud-serviceaccount-ml/fraud-model');
  });

  test('typed classes for built-in kinds, the CRD apiVersion for the rest', () => {
    expect(kubeResourceType(sa('x'))).toBe('kubernetes:core/v1:ServiceAccount');
    expect(kubeResourceType({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe('kubernetes:apps/v1:Deployment');
    expect(kubeResourceType({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' })).toBe('kubernetes:networking.k8s.io/v1:NetworkPolicy');
    expect(kubeResourceType(route('x', 'y'))).toBe('kubernetes:gateway.networking.k8s.io/v1:HTTPRoute');
    expect(kubeResourceType({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' })).toBe('kubernetes:keda.sh/v1alpha1:ScaledObject');
  });

  test('every KUBE_KINDS entry is the class of that apiVersion/kind', () => {
    for (const [gvk, entry] of Object.entries(KUBE_KINDS)) {
      const slash = gvk.lastIndexOf('/');
      const apiVersion = gvk.slice(0, slash);
      const kind = gvk.slice(slash + 1);
      const token = (entry.resource as unknown as { __pulumiType: string }).__pulumiType;
      expect(token).toBe(`kubernetes:${apiVersion === 'v1' ? 'core/v1' : apiVersion}:${kind}`);
    }
  });
});

describe('createKubeResources', () => {
  test('one resource per object, parented, typed; objects in a created Namespace depend on it', async () => {
    const holder = new Holder('kr');
    const deps = new Map<string, unknown>();
    const objects = [ns('kr-ns'), sa('kr-sa', 'kr-ns'), route('kr-route', 'other')];
    const created = createKubeResources(objects, {
      namePrefix: 'kr',
      homeNamespace: 'kr-ns',
      opts: {
        parent: holder,
        transformations: [(a) => {
          deps.set(a.name, a.opts.dependsOn);
          return undefined;
        }],
      },
    });
    await settle([holder, ...created.map((c) => c.resource)]);
    expect(created.map((c) => [c.kind, c.name, c.namespace])).toEqual([
      ['Namespace', 'kr-ns', undefined],
      ['ServiceAccount', 'kr-sa', 'kr-ns'],
      ['HTTPRoute', 'kr-route', 'other'],
    ]);
    expect(created[0].resource).toBeInstanceOf(k8s.core.v1.Namespace);
    expect(created[1].resource).toBeInstanceOf(k8s.core.v1.ServiceAccount);
    expect(created[2].resource).toBeInstanceOf(k8s.apiextensions.CustomResource);
    expect(recorder.of('kr').map((r) => `${r.type} ${r.name}`)).toEqual(expect.arrayContaining([
      'kubernetes:core/v1:Namespace kr-namespace-kr-ns',
      'kubernetes:core/v1:ServiceAccount kr-serviceaccount-kr-sa',
      'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute kr-httproute-other/kr-route',
    ]));
    expect(deps.get('kr-serviceaccount-kr-sa')).toEqual([created[0].resource]);
    expect(deps.get('kr-httproute-other/kr-route')).toBeUndefined();
    const inputs = recorder.kubeObjects('kr');
    expect(validateAll(inputs)).toBe(3);
    // The objects' fields are passed on unchanged.
    expect(inputs.find((o) => o.kind === 'ServiceAccount')).toEqual(sa('kr-sa', 'kr-ns'));
  });

  test('an object depends on the policies before it that attach to it (spec.targetRefs), in its namespace only', async () => {
    const holder = new Holder('kp');
    const deps = new Map<string, unknown>();
    const policy = (kind: string, name: string, namespace: string, target: { kind: string; name: string }): Core.KubeObject => ({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind,
      metadata: { name, namespace },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', ...target }] },
    });
    const objects = [
      policy('SecurityPolicy', 'kp-route', 'kp-ns', { kind: 'HTTPRoute', name: 'kp-route' }),
      policy('BackendTrafficPolicy', 'kp-route', 'kp-ns', { kind: 'HTTPRoute', name: 'kp-route' }),
      // Same name in another namespace: not the route's.
      policy('SecurityPolicy', 'kp-route', 'elsewhere', { kind: 'HTTPRoute', name: 'kp-route' }),
      route('kp-route', 'kp-ns'),
      route('kp-other', 'kp-ns'),
    ];
    const created = createKubeResources(objects, {
      namePrefix: 'kp',
      opts: {
        parent: holder,
        transformations: [(a) => {
          deps.set(a.name, a.opts.dependsOn);
          return undefined;
        }],
      },
    });
    await settle([holder, ...created.map((c) => c.resource)]);
    expect(deps.get('kp-httproute-kp-ns/kp-route')).toEqual([created[0].resource, created[1].resource]);
    expect(deps.get('kp-httproute-kp-ns/kp-other')).toBeUndefined();
  });

  test('refuses, before creating anything: a built-in kind without a table entry, an unknown field, two objects with one name', () => {
    const holder = new Holder('kr-bad');
    const before = recorder.resources.length;
    const opts = { namePrefix: 'kr-bad', opts: { parent: holder } };
    expect(() => createKubeResources([sa('a'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} }], opts)).toThrow(
      /v1\/Pod is a built-in Kubernetes kind with no entry in KUBE_KINDS/,
    );
    expect(() => createKubeResources([{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' } }], opts)).toThrow(/no entry in KUBE_KINDS/);
    expect(() => createKubeResources([{ ...sa('a'), spec: {} }], opts)).toThrow(/field\(s\) spec not passed on by kubernetes:core\/v1:ServiceAccount/);
    expect(() => createKubeResources([sa('a', 'n'), sa('a', 'n')], { ...opts, homeNamespace: 'n' })).toThrow(/two objects map to the same Pulumi resource/);
    return new Promise<void>((resolve) => setTimeout(() => {
      // Only the holder itself was registered.
      expect(recorder.resources.slice(before).map((r) => r.name)).toEqual(['kr-bad']);
      resolve();
    }, 20));
  });
});

describe('InputPlaceholders', () => {
  test('plain values stay; Outputs and Promises get distinct placeholders that are valid image references', () => {
    const ph = new InputPlaceholders();
    expect(ph.plan('plain')).toBe('plain');
    expect(ph.plan(42 as unknown as string)).toBe(42);
    expect(ph.plan(undefined)).toBeUndefined();
    const a = ph.plan(pulumi.output('a'))!;
    const b = ph.plan(Promise.resolve('b'))!;
    expect(a).not.toBe(b);
    for (const t of [a, b]) {
      expect(t.startsWith(PLACEHOLDER_MARKER)).toBe(true);
      expect(t).toMatch(/^[a-z0-9]+([._-][a-z0-9]+)*$/);
    }
  });

  test('substitute replaces whole and embedded placeholders, keeps secretness per string', async () => {
    const ph = new InputPlaceholders();
    const img = ph.plan(pulumi.output('acr.io/m:1'))!;
    const pw = ph.plan(pulumi.secret('s3cret'))!;
    const out = ph.substitute({ image: img, cmd: `login --password ${pw} --image ${img}`, plain: 'x', list: [img, 1] }) as Record<string, any>;
    expect(out.plain).toBe('x');
    expect(await valueOf(out.image)).toBe('acr.io/m:1');
    expect(await valueOf(out.cmd)).toBe('login --password s3cret --image acr.io/m:1');
    expect(await valueOf(out.list[0])).toBe('acr.io/m:1');
    expect(out.list[1]).toBe(1);
    expect(await pulumi.isSecret(out.image)).toBe(false);
    expect(await pulumi.isSecret(out.cmd)).toBe(true);
  });

  test('resolve keeps class instances and fills the values', async () => {
    class Thing {
      constructor(public readonly v: string) {}
    }
    const ph = new InputPlaceholders();
    const t = ph.plan(pulumi.output('value'))!;
    const thing = new Thing('kept');
    const resolved = await valueOf(ph.resolve({ a: t, thing }));
    expect(resolved.a).toBe('value');
    expect(resolved.thing).toBe(thing);
  });

  test('the validator sees every value of the data at once, and its error fails the substituted strings', async () => {
    const ph = new InputPlaceholders();
    const a = ph.plan(pulumi.output('same'))!;
    const b = ph.plan(pulumi.output('same'))!;
    const seen: Array<Record<string, unknown>> = [];
    ph.setValidator((values) => {
      seen.push(Object.fromEntries(values));
      if (values.get(a) === values.get(b)) throw new Error('a and b are the same');
    });
    // (Pulumi leaves the failed Outputs' internal promises unhandled; the engine reports them.)
    await unhandledRejections(async () => {
      const out = ph.substitute({ a, b }) as unknown as Record<string, pulumi.Output<string>>;
      await expect(valueOf(out.a)).rejects.toThrow('a and b are the same');
      await expect(valueOf(out.b)).rejects.toThrow('a and b are the same');
    });
    expect(seen).toEqual([{ [a]: 'same', [b]: 'same' }]);
  });

  test('reserve and bind: a placeholder for a value made after planning', async () => {
    const ph = new InputPlaceholders();
    const t = ph.reserve();
    ph.bind(t, pulumi.output('later'));
    expect(await valueOf(ph.substitute(t) as unknown as pulumi.Output<string>)).toBe('later');
    expect(() => ph.bind('nope', 'x')).toThrow(/unknown placeholder/);
  });

  test('checkPlanned refuses placeholders in names or namespaces, and cut or rewritten placeholders', () => {
    const ph = new InputPlaceholders();
    const t = ph.plan(pulumi.output('v'))!;
    expect(() => ph.checkPlanned([sa('ok')], 's')).not.toThrow();
    expect(() => ph.checkPlanned([{ ...sa('ok'), extra: `x-${t}-y` }], 's')).not.toThrow();
    expect(() => ph.checkPlanned([sa(t)], 's')).toThrow(/cannot be used in a Kubernetes object name or namespace/);
    expect(() => ph.checkPlanned([sa('ok', t)], 's')).toThrow(/cannot be used in a Kubernetes object name or namespace/);
    expect(() => ph.checkPlanned([{ ...sa('ok'), extra: t.slice(0, -3) }], 's')).toThrow(/was transformed by the plan/);
    expect(() => ph.checkPlanned([{ ...sa('ok'), extra: t.replace(/-p$/, '-q') }], 's')).toThrow(/transformed by the plan/);
  });
});
