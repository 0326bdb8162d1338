/**
 * Turns the core's plain Kubernetes objects into cdk8s ApiObjects, with stable
 * construct ids (`<Kind>-<name>`) so the construct tree does not change when
 * unrelated objects are added.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigurationError } from '../core/errors';
import { isClusterScoped, isSharedKind, KubeObject, objectKey, sharedObjectConflict } from '../core/kube';

/** The shared objects declared in each chart (a map, so a chart of N services stays linear). */
const sharedObjects = new WeakMap<Chart, Map<string, { object: ApiObject; json: string; owner: string }>>();

/**
 * Creates one ApiObject per object, in order. Objects of a cluster-scoped kind (core
 * `CLUSTER_SCOPED_KINDS`) never get the chart's namespace. A shared object (core `SHARED_KINDS`:
 * a Namespace, a GatewayClass) another construct of the chart already declared
 * identically is reused rather than declared twice (GitOps tools refuse duplicate
 * objects); one declared differently is a ConfigurationError.
 */
export function addApiObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  const chart = Chart.of(scope);
  let shared = sharedObjects.get(chart);
  if (!shared) sharedObjects.set(chart, (shared = new Map()));
  const known = shared;
  for (const o of objects) {
    const existing = isSharedKind(o) ? known.get(objectKey(o)) : undefined;
    if (existing && existing.json !== JSON.stringify(o)) {
      throw new ConfigurationError(`${o.kind} "${o.metadata.name}"`, [sharedObjectConflict(o, existing.owner)]);
    }
  }
  return objects.map((o) => {
    const isShared = isSharedKind(o);
    const existing = isShared ? known.get(objectKey(o)) : undefined;
    if (existing) return existing.object;
    const { apiVersion, kind, metadata, ...rest } = o;
    const object = new ApiObject(scope, `${kind}-${metadata.name}`, { apiVersion, kind, metadata: { ...metadata }, ...rest });
    // cdk8s gives every object without a namespace the chart's: not the cluster-scoped ones.
    if (metadata.namespace === undefined && object.metadata.namespace !== undefined && isClusterScoped(o)) {
      object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    if (isShared) known.set(objectKey(o), { object, json: JSON.stringify(o), owner: scope.node.path });
    return object;
  });
}

/** Finds the ApiObject of a kind (and optionally name) among `objects`. */
export function findApiObject(objects: readonly ApiObject[], kind: string, name?: string): ApiObject | undefined {
  return objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
}
