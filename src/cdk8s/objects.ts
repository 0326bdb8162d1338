/**
 * Turns the core's plain Kubernetes objects into cdk8s ApiObjects, with stable
 * construct ids (`<Kind>-<name>`) so the construct tree does not change when
 * unrelated objects are added.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigurationWarning, KubeObject, emitWarning, formatWarning } from '../index';

/** Creates one ApiObject per object, in order. */
export function addApiObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  return objects.map((o) => {
    const { apiVersion, kind, metadata, ...rest } = o;
    return new ApiObject(scope, `${kind}-${metadata.name}`, { apiVersion, kind, metadata: { ...metadata }, ...rest });
  });
}

/** Sends each warning to the library's warning handler and records it as construct metadata. */
export function reportWarnings(scope: Construct, subject: string, warnings: readonly ConfigurationWarning[]): string[] {
  const lines = warnings.map((w) => formatWarning(subject, w));
  for (const line of lines) {
    scope.node.addMetadata('aks-ml-constructs:warning', line);
    emitWarning(line);
  }
  return lines;
}

/** Finds the ApiObject of a kind (and optionally name) among `objects`. */
export function findApiObject(objects: readonly ApiObject[], kind: string, name?: string): ApiObject | undefined {
  return objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
}
