/**
 * The one place the Kubernetes objects of a web service come from. The cdk8s
 * construct and the Pulumi component both call {@link planWebservice}, so the two
 * engines emit the same objects for the same props.
 */
import { ConfigurationWarning } from '../errors';
import { KubeObject } from '../kube';
import { AksWebserviceProps, ResolvedWebservice, resolveWebservice } from '../webservice';
import { buildKeyObjects } from './keys';
import { buildMetadata } from './metadata';
import { buildWorkload } from './workload';

/** The scoring path of a service, as Azure ML v1 served it. */
export function scoringPathOf(serviceName: string): string {
  return `/api/v1/service/${serviceName}/score`;
}

/** The Swagger path of a service, as Azure ML v1 served it. */
export function swaggerPathOf(serviceName: string): string {
  return `/api/v1/service/${serviceName}/swagger.json`;
}

/** Everything an engine needs to create a web service. */
export interface WebservicePlan {
  /** The configuration with every default applied. */
  readonly config: ResolvedWebservice;
  /** The Kubernetes objects, in a stable order. */
  readonly objects: KubeObject[];
  /** Settings that were accepted but cannot take effect as written. */
  readonly warnings: ConfigurationWarning[];
  /** `/api/v1/service/<name>/score` */
  readonly scoringPath: string;
  /** `/api/v1/service/<name>/swagger.json` */
  readonly swaggerPath: string;
  /** The Kubernetes Service in front of the pods. */
  readonly service: { readonly name: string; readonly port: number };
  /** The Secrets whose entries are the accepted keys (empty when key auth is off). */
  readonly keySecretNames: string[];
  /** The pod selector labels. */
  readonly selector: Record<string, string>;
}

/**
 * Validates the props (throwing one ConfigurationError with every problem) and
 * returns the objects of the web service. Pure and deterministic.
 */
export function planWebservice(props: AksWebserviceProps): WebservicePlan {
  const { config, warnings } = resolveWebservice(props);
  const ns = config.namespace;
  const metadata = buildMetadata({
    workloadName: config.name,
    partOf: config.name,
    tags: config.tags,
    properties: config.properties,
    description: config.description,
    computeTargetName: config.computeTargetName,
  });
  warnings.push(...metadata.warnings);

  const objects: KubeObject[] = [];
  if (ns && config.createNamespace) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          'app.kubernetes.io/managed-by': metadata.labels['app.kubernetes.io/managed-by'],
          ...(config.restrictedSecurityContext
            ? { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' }
            : {}),
        },
      },
    });
  }

  let keySecretNames: string[] = [];
  if (config.authEnabled) {
    const keys = buildKeyObjects({
      ownerName: config.name,
      namespace: ns,
      labels: metadata.labels,
      keys: config.keys,
      primaryKey: config.primaryKey,
      secondaryKey: config.secondaryKey,
    });
    objects.push(...keys.objects);
    keySecretNames = keys.secretNames;
  }

  const workload = buildWorkload({
    name: config.name,
    serviceName: config.name,
    namespace: ns,
    config,
    metadata,
  });
  objects.push(...workload.objects);
  warnings.push(...workload.warnings);

  return {
    config,
    objects,
    warnings,
    scoringPath: scoringPathOf(config.name),
    swaggerPath: swaggerPathOf(config.name),
    service: workload.service,
    keySecretNames,
    selector: metadata.selector,
  };
}
