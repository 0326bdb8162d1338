/**
 * Turns the core's Kubernetes objects into @pulumi/kubernetes resources, one
 * resource per object (each visible in `pulumi preview`): the typed class for
 * built-in kinds ({@link KUBE_KINDS}), `apiextensions.CustomResource` for the
 * kinds of CRDs (External Secrets, Gateway API, Envoy Gateway, KEDA, ...).
 *
 * A new built-in kind from the core needs one entry in {@link KUBE_KINDS}; a new
 * CRD kind needs nothing.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ConfigurationError } from '../core/errors';
import { isSharedKind, KubeObject, objectKey, sharedObjectConflict } from '../core/kube';

/** A @pulumi/kubernetes resource class. */
export type KubeResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** How a built-in kind is created. */
export interface KubeKind {
  /** The typed @pulumi/kubernetes class. */
  readonly resource: KubeResourceClass;
  /**
   * The top-level fields the class passes on, besides apiVersion, kind and metadata.
   * A typed class drops any other field silently, so an object with another field is refused.
   */
  readonly fields: readonly string[];
}

/** The typed classes of the built-in kinds, by `apiVersion/kind`. */
export const KUBE_KINDS: Readonly<Record<string, KubeKind>> = {
  'v1/Namespace': { resource: k8s.core.v1.Namespace, fields: ['spec'] },
  'v1/Secret': { resource: k8s.core.v1.Secret, fields: ['data', 'immutable', 'stringData', 'type'] },
  'v1/ConfigMap': { resource: k8s.core.v1.ConfigMap, fields: ['binaryData', 'data', 'immutable'] },
  'v1/ServiceAccount': { resource: k8s.core.v1.ServiceAccount, fields: ['automountServiceAccountToken', 'imagePullSecrets', 'secrets'] },
  'v1/Service': { resource: k8s.core.v1.Service, fields: ['spec'] },
  'v1/PersistentVolume': { resource: k8s.core.v1.PersistentVolume, fields: ['spec'] },
  'v1/PersistentVolumeClaim': { resource: k8s.core.v1.PersistentVolumeClaim, fields: ['spec'] },
  'apps/v1/Deployment': { resource: k8s.apps.v1.Deployment, fields: ['spec'] },
  'autoscaling/v2/HorizontalPodAutoscaler': { resource: k8s.autoscaling.v2.HorizontalPodAutoscaler, fields: ['spec'] },
  'policy/v1/PodDisruptionBudget': { resource: k8s.policy.v1.PodDisruptionBudget, fields: ['spec'] },
  'networking.k8s.io/v1/NetworkPolicy': { resource: k8s.networking.v1.NetworkPolicy, fields: ['spec'] },
  'networking.k8s.io/v1/Ingress': { resource: k8s.networking.v1.Ingress, fields: ['spec'] },
  'rbac.authorization.k8s.io/v1/Role': { resource: k8s.rbac.v1.Role, fields: ['rules'] },
  'rbac.authorization.k8s.io/v1/RoleBinding': { resource: k8s.rbac.v1.RoleBinding, fields: ['roleRef', 'subjects'] },
  'rbac.authorization.k8s.io/v1/ClusterRole': { resource: k8s.rbac.v1.ClusterRole, fields: ['aggregationRule', 'rules'] },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { resource: k8s.rbac.v1.ClusterRoleBinding, fields: ['roleRef', 'subjects'] },
  'batch/v1/Job': { resource: k8s.batch.v1.Job, fields: ['spec'] },
};

/**
 * API groups served by Kubernetes itself. Their kinds must be in {@link KUBE_KINDS}:
 * as a CustomResource they would get another Pulumi type (and URN) than the typed
 * class, and changing that later would replace the objects.
 */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The Pulumi type token of an object's resource, e.g. `kubernetes:apps/v1:Deployment`. */
export function kubeResourceType(o: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  const typed = KUBE_KINDS[`${o.apiVersion}/${o.kind}`];
  if (typed) return (typed.resource as unknown as { __pulumiType: string }).__pulumiType;
  return `kubernetes:${o.apiVersion}:${o.kind}`;
}

/**
 * The Pulumi name of an object's resource: `<prefix>-<kind>-<name>`, e.g.
 * `fraud-deployment-fraud-model`, with the namespace (`<prefix>-<kind>-<namespace>/<name>`)
 * when the object is in another namespace than the component's. "/" cannot occur in
 * Kubernetes names, so names from different namespaces cannot collide, and the
 * prefix (the component's name) keeps the objects of two components apart.
 */
export function kubeResourceName(prefix: string, o: Pick<KubeObject, 'kind' | 'metadata'>, homeNamespace?: string): string {
  const ns = o.metadata.namespace;
  const where = ns !== undefined && ns !== homeNamespace ? `${ns}/` : '';
  return `${prefix}-${o.kind.toLowerCase()}-${where}${o.metadata.name}`;
}

/** The registry key of the default provider. */
const DEFAULT_PROVIDER = {};
const sharedObjects = new WeakMap<object, Map<string, { resource: pulumi.CustomResource; json: string; owner: string }>>();

/** An object's resource. */
export interface KubeResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** The Kubernetes name. */
  readonly name: string;
  /** The Kubernetes namespace, when set. */
  readonly namespace?: string;
  /** The Pulumi resource. */
  readonly resource: pulumi.CustomResource;
  /**
   * False when another component already declared this (shared) object identically
   * and its resource is reused: then `resource` is not a child of this component.
   */
  readonly owned: boolean;
}

/**
 * The Kubernetes provider resources with these options will use (as the SDK resolves
 * it: `provider`, else `providers`, else the parent's), or undefined for the default.
 */
export function kubernetesProviderOf(opts: pulumi.ComponentResourceOptions | pulumi.CustomResourceOptions): pulumi.ProviderResource | undefined {
  const pkg = (p: pulumi.ProviderResource) => (p as unknown as { getPackage(): string }).getPackage();
  if (opts.provider && pkg(opts.provider) === 'kubernetes') return opts.provider;
  const providers = (opts as pulumi.ComponentResourceOptions).providers;
  const fromList = Array.isArray(providers) ? providers.find((p) => pkg(p) === 'kubernetes') : providers?.kubernetes;
  return fromList ?? opts.parent?.getProvider('kubernetes::Namespace');
}

/** The namespaces Kubernetes providers put objects without a namespace in, where known. */
const providerNamespaces = new WeakMap<pulumi.ProviderResource, string>();

/**
 * Records the `namespace` a Kubernetes provider was created with (a plain string), so
 * that components using the provider take it as their `defaultNamespace`. `AksCluster`
 * does this for its provider. (A provider's arguments cannot be read back from the
 * provider resource.)
 */
export function setProviderDefaultNamespace(provider: pulumi.ProviderResource, namespace: string): void {
  providerNamespaces.set(provider, namespace);
}

/** The namespace recorded with {@link setProviderDefaultNamespace}, if any. */
export function providerDefaultNamespace(provider: pulumi.ProviderResource): string | undefined {
  return providerNamespaces.get(provider);
}

export interface CreateKubeResourcesOptions {
  /** The prefix of every resource name (the component's name). */
  readonly namePrefix: string;
  /** The component's namespace: its objects are named without it. */
  readonly homeNamespace?: string;
  /** Options of every resource, typically `{ parent: this }` (the provider comes from the parent). */
  readonly opts: pulumi.CustomResourceOptions;
  /** Who declares the objects, for messages (e.g. `AksWebservice "fraud-model"`). */
  readonly owner?: string;
  /**
   * The Kubernetes provider (shared objects are shared per provider).
   * @default - {@link kubernetesProviderOf} `opts`
   */
  readonly provider?: pulumi.ProviderResource;
}

interface PlannedKubeResource {
  readonly o: KubeObject;
  readonly typed?: KubeKind;
  readonly name: string;
  readonly existing?: { resource: pulumi.CustomResource; json: string; owner: string };
}

function sharedRegistry(options: CreateKubeResourcesOptions) {
  const providerKey: object = options.provider ?? kubernetesProviderOf(options.opts) ?? DEFAULT_PROVIDER;
  let shared = sharedObjects.get(providerKey);
  if (!shared) sharedObjects.set(providerKey, (shared = new Map()));
  return shared;
}

/**
 * Checks, without creating anything, what {@link createKubeResources} would refuse.
 * Components call it before registering themselves, so that nothing at all is
 * registered for invalid objects.
 */
export function checkKubeResources(objects: readonly KubeObject[], options: CreateKubeResourcesOptions): void {
  planKubeResources(objects, options);
}

function planKubeResources(objects: readonly KubeObject[], options: CreateKubeResourcesOptions): PlannedKubeResource[] {
  const known = sharedRegistry(options);
  const seen = new Set<string>();
  return objects.map((o) => {
    const gvk = `${o.apiVersion}/${o.kind}`;
    const typed = KUBE_KINDS[gvk];
    if (!typed && BUILT_IN_GROUPS.has(groupOf(o.apiVersion))) {
      throw new Error(`${gvk} is a built-in Kubernetes kind with no entry in KUBE_KINDS (aks-ml-constructs/pulumi); add its @pulumi/kubernetes class there.`);
    }
    if (typed) {
      const extra = Object.keys(o).filter((k) => !['apiVersion', 'kind', 'metadata', ...typed.fields].includes(k));
      if (extra.length > 0) throw new Error(`${gvk} "${o.metadata.name}": field(s) ${extra.join(', ')} not passed on by ${kubeResourceType(o)}; add them to its KUBE_KINDS entry.`);
    }
    const name = kubeResourceName(options.namePrefix, o, options.homeNamespace);
    const key = `${kubeResourceType(o)}::${name}`;
    if (seen.has(key)) throw new Error(`two objects map to the same Pulumi resource ${key}`);
    seen.add(key);
    const existing = isSharedKind(o) ? known.get(objectKey(o)) : undefined;
    if (existing && existing.json !== JSON.stringify(o)) {
      throw new ConfigurationError(`${o.kind} "${o.metadata.name}"`, [sharedObjectConflict(o, existing.owner)]);
    }
    return { o, typed, name, existing };
  });
}

/**
 * Creates one resource per object, in order. Names and namespaces must be plain
 * strings; any other field may hold Inputs. Objects in a Namespace created (or
 * reused, see the shared kinds) here depend on it. Throws, before creating
 * anything, on a built-in kind missing from {@link KUBE_KINDS}, an unknown field of
 * a typed kind, two objects with the same resource type and name, or a shared
 * object (core `SHARED_KINDS`: Namespace, GatewayClass) declared differently by
 * another component. Shared objects are created with `retainOnDelete: true`. An
 * object depends on the policies listed before it that attach to it (`spec.targetRefs`).
 */
export function createKubeResources(objects: readonly KubeObject[], options: CreateKubeResourcesOptions): KubeResource[] {
  const owner = options.owner ?? options.namePrefix;
  const known = sharedRegistry(options);
  const plans = planKubeResources(objects, options);

  const namespaces = new Map<string, pulumi.CustomResource>();
  // Policies (objects with spec.targetRefs, e.g. Envoy Gateway's SecurityPolicy) by the
  // object they attach to: that object depends on them, so that a route is never
  // created before the policy that guards it.
  const policies = new Map<string, pulumi.CustomResource[]>();
  return plans.map(({ o, typed, name, existing }) => {
    const ns = o.metadata.namespace;
    const where = ns !== undefined ? { namespace: ns } : {};
    if (existing) {
      if (o.apiVersion === 'v1' && o.kind === 'Namespace') namespaces.set(o.metadata.name, existing.resource);
      return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...where, resource: existing.resource, owned: false };
    }
    const nsResource = ns !== undefined ? namespaces.get(ns) : undefined;
    // Shared objects (core SHARED_KINDS: Namespace, GatewayClass) outlive the component
    // that happened to create them: Pulumi never deletes them (removing that component
    // would otherwise delete a namespace with everything in it).
    const isShared = isSharedKind(o);
    const opts: pulumi.CustomResourceOptions = { ...options.opts, ...(isShared ? { retainOnDelete: true } : {}) };
    const guards = policies.get(attachmentKey(o.kind, ns, o.metadata.name)) ?? [];
    const extra = [...(nsResource ? [nsResource] : []), ...guards];
    if (extra.length > 0) {
      const given = options.opts.dependsOn;
      // The runtime flattens nested lists and Outputs of dependencies.
      opts.dependsOn = given === undefined ? extra : ([given, ...extra] as pulumi.Input<pulumi.Resource>[]);
    }
    const { apiVersion, kind, metadata, ...rest } = o;
    const args = { apiVersion, kind, metadata: { ...metadata }, ...rest };
    const resource = typed ? new typed.resource(name, args, opts) : new k8s.apiextensions.CustomResource(name, args, opts);
    for (const key of policyTargets(o)) policies.set(key, [...(policies.get(key) ?? []), resource]);
    if (apiVersion === 'v1' && kind === 'Namespace') namespaces.set(metadata.name, resource);
    if (isShared) known.set(objectKey(o), { resource, json: JSON.stringify(o), owner });
    return { apiVersion, kind, name: metadata.name, ...where, resource, owned: true };
  });
}

function attachmentKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

/**
 * The objects a policy attaches to (Gateway API policy attachment: `spec.targetRefs[]`
 * or `spec.targetRef` in the policy's namespace), as {@link attachmentKey}s.
 */
export function policyTargets(o: KubeObject): string[] {
  const spec = (o as { spec?: { targetRefs?: unknown; targetRef?: unknown } }).spec;
  if (spec === null || typeof spec !== 'object') return [];
  const refs = [...(Array.isArray(spec.targetRefs) ? spec.targetRefs : []), ...(spec.targetRef ? [spec.targetRef] : [])] as Array<{ kind?: unknown; name?: unknown }>;
  return refs
    .filter((r) => r && typeof r.kind === 'string' && typeof r.name === 'string')
    .map((r) => attachmentKey(r.kind as string, o.metadata.namespace, r.name as string));
}

/** Finds the resource of a kind (and optionally name). */
export function findKubeResource(resources: readonly KubeResource[], kind: string, name?: string): KubeResource | undefined {
  return resources.find((r) => r.kind === kind && (name === undefined || r.name === name));
}
