/**
 * Renders the core's Kubernetes objects exactly as `cdk8s synth` writes them, so that
 * `aks-ml convert` and a cdk8s app with the same props produce the same files:
 *
 * - every object is sanitized as cdk8s' `ApiObject.toJson()` does: `null`/`undefined`
 *   values dropped, keys sorted at every level, empty `metadata` maps dropped, and the
 *   top-level keys ordered `apiVersion`, `kind`, `metadata`, then the rest (sorted);
 * - the documents are written as cdk8s' `Yaml.stringify` writes them (YAML 1.1, no line
 *   folding), separated by `---`.
 */
import { stringify } from 'yaml';
import { KubeObject } from '../core/kube';

interface SanitizeOptions {
  readonly filterEmptyArrays?: boolean;
  readonly filterEmptyObjects?: boolean;
}

/** cdk8s' `sanitizeValue` (with its default `sortKeys: true`). */
function sanitize(value: unknown, options: SanitizeOptions = {}): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (options.filterEmptyArrays && value.length === 0) return undefined;
    return value.map((x) => sanitize(x, options));
  }
  if ((value as object).constructor?.name !== 'Object') {
    throw new Error(`can't render non-simple object of type '${(value as object).constructor?.name}'`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = sanitize((value as Record<string, unknown>)[key], options);
    if (v !== null && v !== undefined) out[key] = v;
  }
  if (options.filterEmptyObjects && Object.keys(out).length === 0) return undefined;
  return out;
}

/** One object as cdk8s synthesizes it (`ApiObject.toJson()`). */
export function toSynthJson(object: KubeObject): Record<string, unknown> {
  const metadata = sanitize(object.metadata, { filterEmptyArrays: true, filterEmptyObjects: true });
  const sorted = sanitize({ ...object, metadata }) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(sorted)]) {
    if (key in sorted && !(key in result)) result[key] = sorted[key];
  }
  return result;
}

/** A multi-document YAML file of the objects, in order, byte for byte as `cdk8s synth` writes it. */
export function renderManifest(objects: readonly KubeObject[]): string {
  return objects
    .map((o) => stringify(toSynthJson(o), { keepUndefined: true, lineWidth: 0, version: '1.1' }))
    .join('---\n');
}
