/**
 * The plain Kubernetes object shape the core produces. Both engines consume these
 * objects unchanged: cdk8s wraps each in an ApiObject, Pulumi in a resource.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** `apiVersion/kind/namespace/name`: a key that identifies an object in a stack. */
export function objectKey(o: KubeObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/**
 * Kinds (`apiVersion/kind`) that several constructs or components declare: the
 * Namespace of services sharing a namespace, the GatewayClass of gateways sharing a
 * class. In a cdk8s chart, or per Pulumi Kubernetes provider, the first declares the
 * object and the others reuse it when they declare it identically; declaring it
 * differently is a ConfigurationError ({@link sharedObjectConflict}). Pulumi creates
 * them with `retainOnDelete: true`.
 */
export const SHARED_KINDS: ReadonlySet<string> = new Set(['v1/Namespace', 'gateway.networking.k8s.io/v1/GatewayClass']);

/** The kinds (without API version) of {@link SHARED_KINDS}: most objects are ruled out without building a key. */
const SHARED_KIND_NAMES: ReadonlySet<string> = new Set([...SHARED_KINDS].map((k) => k.slice(k.lastIndexOf('/') + 1)));

/** True for an object of one of the {@link SHARED_KINDS}. */
export function isSharedKind(o: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return SHARED_KIND_NAMES.has(o.kind) && SHARED_KINDS.has(`${o.apiVersion}/${o.kind}`);
}

/**
 * Cluster-scoped kinds (`<API group>/<kind>`, any version; the core group is ""):
 * they have no namespace, so a namespace must never be set on them, not even a
 * default one (a cdk8s chart's, see the cdk8s adapter). Every cluster-scoped kind
 * the library emits is here (Namespace, PersistentVolume, GatewayClass), with the
 * other built-in ones and those of the CRDs the library works with.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
  'gateway.networking.k8s.io/GatewayClass',
  'external-secrets.io/ClusterSecretStore',
  'external-secrets.io/ClusterExternalSecret',
  'keda.sh/ClusterTriggerAuthentication',
  'cert-manager.io/ClusterIssuer',
]);

/** True for an object of a {@link CLUSTER_SCOPED_KINDS cluster-scoped kind}. */
export function isClusterScoped(o: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  const slash = o.apiVersion.indexOf('/');
  return CLUSTER_SCOPED_KINDS.has(`${slash < 0 ? '' : o.apiVersion.slice(0, slash)}/${o.kind}`);
}

const SHARED_KIND_CONFLICT: Readonly<Record<string, string>> = {
  Namespace: 'with other labels (e.g. one service enforces the restricted pod security profile, the other opts out); set createNamespace: false on all but one.',
  GatewayClass: 'with another spec (e.g. another controller name); set createGatewayClass: false on all but one.',
};

/** The problem of a shared object that `owner` already declared differently. */
export function sharedObjectConflict(o: Pick<KubeObject, 'kind' | 'metadata'>, owner: string): string {
  return `${o.kind} "${o.metadata.name}" is already declared by ${owner} ${SHARED_KIND_CONFLICT[o.kind] ?? 'otherwise; declare it once.'}`;
}

/** The domain of the labels and annotations this library writes. */
export const LABEL_DOMAIN = 'aks-ml-constructs.io';

/** Kubernetes label value rule. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kubernetes qualified-name rule (the part after the optional prefix). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** True when `value` is a valid label value. */
export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * Turns any string into a valid label value (or label-name segment): invalid
 * characters become "-", the ends are trimmed to alphanumerics, at most 63 chars.
 */
export function sanitizeLabelValue(value: string): string {
  let v = value.replace(/[^-A-Za-z0-9_.]/g, '-').slice(0, 63);
  v = v.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
  return v;
}

/** Turns any string into a valid label/annotation name (without prefix). */
export function sanitizeLabelName(value: string): string {
  const v = sanitizeLabelValue(value);
  return v.length > 0 && LABEL_NAME.test(v) ? v : 'x';
}

/** A short, stable hash (FNV-1a, 32 bit, base36) for names that must be shortened. */
export function shortHash(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(0, 7);
}

/**
 * Joins name parts into a DNS-1035 label of at most `max` characters; when too long,
 * the first part is cut and a stable hash of the full name appended.
 */
export function joinName(parts: string[], max = 63): string {
  const full = parts.join('-');
  if (full.length <= max) return full;
  const hash = shortHash(full);
  const keep = max - hash.length - 1;
  return `${full.slice(0, keep).replace(/-+$/, '')}-${hash}`;
}
