/**
 * Checks the rules the Kubernetes API server enforces beyond the OpenAPI schemas
 * that `validateAll` checks (kubernetes-models validates types and int32/int64
 * formats, not names, labels, quantities or the uniqueness rules). Each rule is
 * taken from k8s.io/apimachinery and k8s.io/kubernetes/pkg/apis/core/validation.
 *
 * `apiServerProblems(objects)` returns one line per broken rule (empty = fine).
 */

/** RFC 1123 label (namespaces, container, port-less names, volume names). */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain (most object names, label prefixes). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a qualified name (label and annotation keys). */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A label value. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** An environment variable name (relaxed rule, Kubernetes >= 1.30 accepts any printable ASCII but "=" ; this is the classic one). */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** A ConfigMap / Secret key. */
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
/** IANA service name (container port names). */
const IANA_SVC_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label (Service names). */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A resource quantity (k8s.io/apimachinery/pkg/api/resource). */
const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
/** Annotations of one object: at most 256 KiB in total. */
const TOTAL_ANNOTATION_BYTES = 256 * 1024;

/** The name rule of each kind (DNS-1123 subdomain, at most 253 characters, for the others). */
const NAME_RULES: Record<string, { rule: RegExp; max: number }> = {
  Namespace: { rule: DNS1123_LABEL, max: 63 },
  Service: { rule: DNS1035_LABEL, max: 63 },
};

function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0];
    return prefix.length > 0 && prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix);
  }
  return true;
}

function checkLabels(out: string[], where: string, labels: unknown): void {
  if (labels === undefined) return;
  if (!labels || typeof labels !== 'object') {
    out.push(`${where}: labels must be a map`);
    return;
  }
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    if (!isQualifiedName(k)) out.push(`${where}: label key ${JSON.stringify(k)} is not a qualified name`);
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) out.push(`${where}: label ${k} has an invalid value ${JSON.stringify(v)?.slice(0, 80)}`);
  }
}

function checkSelector(out: string[], where: string, selector: unknown): void {
  if (selector === undefined) return;
  checkLabels(out, `${where} selector`, selector);
}

function checkQuantity(out: string[], where: string, q: unknown): void {
  if (typeof q === 'number' && Number.isFinite(q) && q >= 0) return;
  if (typeof q !== 'string' || !QUANTITY.test(q)) {
    out.push(`${where}: ${JSON.stringify(q)} is not a resource quantity`);
  } else if (q.startsWith('-')) {
    out.push(`${where}: ${q} must not be negative`);
  }
}

function checkPodSpec(out: string[], where: string, spec: Record<string, any>): void {
  const volumes: any[] = spec.volumes ?? [];
  const volumeNames = new Set<string>();
  for (const v of volumes) {
    if (typeof v.name !== 'string' || v.name.length > 63 || !DNS1123_LABEL.test(v.name)) out.push(`${where}: volume name ${JSON.stringify(v.name)} is not a DNS-1123 label`);
    if (volumeNames.has(v.name)) out.push(`${where}: volume name ${v.name} is not unique`);
    volumeNames.add(v.name);
    if (v.persistentVolumeClaim && !DNS1123_SUBDOMAIN.test(v.persistentVolumeClaim.claimName ?? '')) out.push(`${where}: claimName is invalid`);
  }
  const containers: any[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  if ((spec.containers ?? []).length === 0) out.push(`${where}: no containers`);
  const containerNames = new Set<string>();
  for (const c of containers) {
    const cw = `${where} container ${c.name}`;
    if (typeof c.name !== 'string' || c.name.length > 63 || !DNS1123_LABEL.test(c.name)) out.push(`${cw}: name is not a DNS-1123 label`);
    if (containerNames.has(c.name)) out.push(`${cw}: container name is not unique`);
    containerNames.add(c.name);
    if (typeof c.image !== 'string' || c.image.trim() !== c.image || c.image.length === 0) out.push(`${cw}: image ${JSON.stringify(c.image)} is empty or has surrounding whitespace`);
    const envNames = new Set<string>();
    for (const e of c.env ?? []) {
      if (typeof e.name !== 'string' || !ENV_VAR_NAME.test(e.name)) out.push(`${cw}: env name ${JSON.stringify(e.name)} is invalid`);
      if (envNames.has(e.name)) out.push(`${cw}: env ${e.name} is set twice`);
      envNames.add(e.name);
      if (e.value !== undefined && typeof e.value !== 'string') out.push(`${cw}: env ${e.name} value is not a string`);
      const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
      if (ref) {
        if (typeof ref.key !== 'string' || ref.key.length > 253 || !CONFIG_MAP_KEY.test(ref.key)) out.push(`${cw}: env ${e.name} references key ${JSON.stringify(ref.key)}, not a valid Secret key`);
        if (typeof ref.name !== 'string' || !DNS1123_SUBDOMAIN.test(ref.name)) out.push(`${cw}: env ${e.name} references Secret ${JSON.stringify(ref.name)}, not a valid name`);
      }
    }
    const portNames = new Set<string>();
    for (const p of c.ports ?? []) {
      if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) out.push(`${cw}: containerPort ${p.containerPort} out of range`);
      if (p.name !== undefined) {
        if (p.name.length > 15 || !IANA_SVC_NAME.test(p.name)) out.push(`${cw}: port name ${p.name} is invalid`);
        if (portNames.has(p.name)) out.push(`${cw}: port name ${p.name} is not unique`);
        portNames.add(p.name);
      }
    }
    const mountPaths = new Set<string>();
    for (const m of c.volumeMounts ?? []) {
      if (!volumeNames.has(m.name)) out.push(`${cw}: mount of unknown volume ${m.name}`);
      if (typeof m.mountPath !== 'string' || m.mountPath.length === 0) out.push(`${cw}: empty mountPath`);
      // The API server compares the strings; the kubelet the folders ("/tmp" = "/tmp/").
      const folder = String(m.mountPath).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      if (mountPaths.has(folder)) out.push(`${cw}: mountPath ${JSON.stringify(m.mountPath)} is not unique`);
      mountPaths.add(folder);
    }
    for (const kind of ['requests', 'limits'] as const) {
      for (const [r, q] of Object.entries(c.resources?.[kind] ?? {})) {
        checkQuantity(out, `${cw} resources.${kind}.${r}`, q);
        if (kind === 'requests' && c.resources?.limits?.[r] !== undefined && quantityValue(q) > quantityValue(c.resources.limits[r])) {
          out.push(`${cw}: request ${r}=${q} exceeds its limit ${c.resources.limits[r]}`);
        }
      }
    }
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const pr = c[probe];
      if (!pr) continue;
      const portName = pr.httpGet?.port;
      if (typeof portName === 'string' && !portNames.has(portName)) out.push(`${cw}: ${probe} names port ${portName}, which the container does not declare`);
      if ((probe === 'livenessProbe' || probe === 'startupProbe') && pr.successThreshold !== undefined && pr.successThreshold !== 1) {
        out.push(`${cw}: ${probe}.successThreshold must be 1`);
      }
      for (const f of ['periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) {
        if (pr[f] !== undefined && !(pr[f] >= 1)) out.push(`${cw}: ${probe}.${f} must be at least 1`);
      }
    }
  }
  for (const s of spec.imagePullSecrets ?? []) {
    if (typeof s.name !== 'string' || !DNS1123_SUBDOMAIN.test(s.name)) out.push(`${where}: imagePullSecret ${JSON.stringify(s.name)} is invalid`);
  }
  if (spec.nodeSelector) checkLabels(out, `${where} nodeSelector`, spec.nodeSelector);
  if (typeof spec.serviceAccountName === 'string' && !DNS1123_SUBDOMAIN.test(spec.serviceAccountName)) out.push(`${where}: serviceAccountName is invalid`);
}

/** A quantity's value (approximate, for comparisons). */
export function quantityValue(q: unknown): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(.*)$/.exec(String(q));
  if (!m) return NaN;
  const n = Number(m[1]);
  const suffix: Record<string, number> = {
    '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  if (suffix[m[2]] !== undefined) return n * suffix[m[2]];
  if (/^[eE][+-]?\d+$/.test(m[2])) return n * 10 ** Number(m[2].slice(1));
  return NaN;
}

/** Every pod spec inside an object (Deployment templates, Job templates, Pods, ...). */
export function podSpecsOf(obj: Record<string, any>): Array<{ where: string; spec: Record<string, any>; podMetadata?: Record<string, any> }> {
  const found: Array<{ where: string; spec: Record<string, any>; podMetadata?: Record<string, any> }> = [];
  const walk = (v: any, path: string, parent?: any) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, v));
      return;
    }
    if (Array.isArray(v.containers)) {
      found.push({ where: `${obj.kind}/${obj.metadata?.name}${path}`, spec: v, podMetadata: parent?.metadata });
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, v);
  };
  walk(obj, '');
  return found;
}

/** The API server's rules beyond the schemas, for a list of objects. */
export function apiServerProblems(objects: readonly Record<string, any>[]): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const o of objects) {
    const md = o.metadata ?? {};
    const where = `${o.kind}/${md.name}`;
    const key = `${o.apiVersion}/${o.kind}/${md.namespace ?? ''}/${md.name}`;
    if (keys.has(key)) out.push(`${where}: declared twice in the same output (${key})`);
    keys.add(key);
    const { rule, max } = NAME_RULES[o.kind] ?? { rule: DNS1123_SUBDOMAIN, max: 253 };
    if (typeof md.name !== 'string' || md.name.length > max || !rule.test(md.name)) out.push(`${where}: metadata.name is not a valid ${o.kind} name`);
    if (['Deployment', 'Service', 'StatefulSet'].includes(o.kind) && typeof md.name === 'string' && md.name.length > 63) out.push(`${where}: name longer than 63 characters`);
    if (md.namespace !== undefined && (typeof md.namespace !== 'string' || md.namespace.length > 63 || !DNS1123_LABEL.test(md.namespace))) out.push(`${where}: metadata.namespace is invalid`);
    checkLabels(out, where, md.labels);
    if (md.annotations !== undefined) {
      let bytes = 0;
      for (const [k, v] of Object.entries(md.annotations as Record<string, unknown>)) {
        if (!isQualifiedName(k)) out.push(`${where}: annotation key ${JSON.stringify(k)} is not a qualified name`);
        if (typeof v !== 'string') out.push(`${where}: annotation ${k} is not a string`);
        bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v));
      }
      if (bytes > TOTAL_ANNOTATION_BYTES) out.push(`${where}: annotations total ${bytes} bytes, more than 256 KiB`);
    }
    if (o.kind === 'Service') {
      const portNames = new Set<string>();
      for (const p of o.spec?.ports ?? []) {
        if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) out.push(`${where}: port ${p.port} out of range`);
        if (portNames.has(p.name)) out.push(`${where}: port name ${p.name} not unique`);
        portNames.add(p.name);
      }
      checkSelector(out, where, o.spec?.selector);
    }
    if (o.spec?.selector?.matchLabels) checkSelector(out, where, o.spec.selector.matchLabels);
    if (o.kind === 'Deployment') {
      const sel = o.spec?.selector?.matchLabels ?? {};
      const podLabels = o.spec?.template?.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(sel)) {
        if (podLabels[k] !== v) out.push(`${where}: selector ${k}=${v} does not match the pod template labels`);
      }
      checkLabels(out, `${where} pod template`, podLabels);
    }
    if (o.kind === 'HorizontalPodAutoscaler') {
      if (o.spec.minReplicas !== undefined && o.spec.minReplicas > o.spec.maxReplicas) out.push(`${where}: minReplicas > maxReplicas`);
      const u = o.spec.metrics?.[0]?.resource?.target?.averageUtilization;
      if (u !== undefined && !(u >= 1)) out.push(`${where}: averageUtilization must be at least 1`);
    }
    for (const { where: pw, spec } of podSpecsOf(o)) checkPodSpec(out, pw, spec);
  }
  return out;
}
