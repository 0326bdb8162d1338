/**
 * The one place the Kubernetes objects of a web service come from. The cdk8s
 * construct and the Pulumi component both call {@link planWebservice}, so the two
 * engines emit the same objects for the same props.
 */
import { AutoscalerKind } from './autoscaler';
import { ConfigurationError, ConfigurationWarning } from '../errors';
import { ResolvedGatewayRef, gatewayUri } from '../gateway/gateway-ref';
import { GATEWAY_ROUTES_NAMESPACE_LABELS, unlabelledNamespaceWarning } from '../gateway/namespaces';
import { KubeObject } from '../kube';
import { AksWebserviceProps, ResolvedWebservice, resolveWebservice } from './resolve';
import { ESO_API_VERSION, EnginePlanOptions, buildKeyObjects } from './keys';
import { AuthKeys, AuthKeysSource } from './auth-keys';
import { planWebserviceIdentity } from '../identity/service-identity';
import type { WorkloadIdentityDescription } from '../identity/workload-identity';
import { ServiceMetadata, buildMetadata } from '../metadata';
import { buildScoringNetworkPolicies } from './network-policy';
import { podSecurityLabels } from '../pod-security';
import {
  approximationWarnings,
  buildHttpRoute,
  buildRoutePolicies,
  healthPathOf,
  requestTimeoutMs,
  routeAuthOf,
  servicePathPrefixOf,
  serviceRules,
  trafficLimitsOf,
} from '../gateway/routing';
import { buildScaledObject } from './scaled-object';
import { buildWorkload } from './workload';
import { AppInsightsComponentDescription, buildAppInsightsObjects } from './app-insights';

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
  /** `/api/v1/service/<name>/` (GET answers "Healthy"). */
  readonly healthPath: string;
  /** The Gateway the service is published on. */
  readonly gateway: ResolvedGatewayRef;
  /** The HTTPRoute's name (in the service namespace). */
  readonly routeName: string;
  /** `https://<gateway hostname>/api/v1/service/<name>/score`, when the gateway has a hostname. */
  readonly scoringUri?: string;
  /** `https://<gateway hostname>/api/v1/service/<name>/swagger.json`, when the gateway has a hostname. */
  readonly swaggerUri?: string;
  /** The gateway implementation's policy objects (also in `objects`). */
  readonly routePolicies: KubeObject[];
  /**
   * The Application Insights component the engine must create (with
   * `EnginePlanOptions.appInsightsComponent` and `AppInsights.createComponent()`).
   */
  readonly appInsightsComponent?: AppInsightsComponentDescription;
  /**
   * The workload identity the engine must create (with
   * `EnginePlanOptions.workloadIdentity` and `WorkloadIdentity.create()`).
   */
  readonly workloadIdentity?: WorkloadIdentityDescription;
}

/**
 * Validates the props (throwing one ConfigurationError with every problem) and
 * returns the objects of the web service. Pure and deterministic.
 */
export function planWebservice(props: AksWebserviceProps, options: EnginePlanOptions = {}): WebservicePlan {
  const resolved = resolveWebservice(props);
  const warnings = resolved.warnings;
  let config = resolved.config;
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
          // The default Gateway admits routes from namespaces with this label only.
          ...GATEWAY_ROUTES_NAMESPACE_LABELS,
          ...(config.restrictedSecurityContext ? podSecurityLabels(config.podSecurityVersion) : {}),
        },
      },
    });
  } else {
    warnings.push(unlabelledNamespaceWarning(ns, options.defaultNamespace));
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
      generatedKeys: options.generatedKeys,
    });
    objects.push(...keys.objects);
    keySecretNames = keys.secretNames;
  }

  const appInsights = buildAppInsightsObjects({
    ownerName: config.name,
    namespace: ns,
    labels: metadata.labels,
    enabled: config.enableAppInsights,
    appInsights: config.appInsights,
    engineComponent: options.appInsightsComponent,
  });
  objects.push(...appInsights.objects);
  warnings.push(...appInsights.warnings);
  config = { ...config, appInsights: appInsights.appInsights };

  const identity = planWebserviceIdentity(
    {
      ownerName: config.name,
      ...(ns !== undefined ? { namespace: ns } : {}),
      ...((ns ?? options.defaultNamespace) !== undefined ? { effectiveNamespace: (ns ?? options.defaultNamespace) as string } : {}),
      labels: metadata.labels,
      model: config.model,
      blobfuseEnabled: config.blobfuseEnabled,
      keys: config.keys,
      keysFromVault: keysReadFrom(objects, config.keys),
      ...(options.workloadIdentity ? { engine: options.workloadIdentity } : {}),
      esoApiVersion: ESO_API_VERSION,
    },
    `web service "${config.name}"`,
  );
  objects.push(...identity.objects);
  warnings.push(...identity.warnings);

  const workload = buildWorkload({
    name: config.name,
    serviceName: config.name,
    namespace: ns,
    defaultNamespace: options.defaultNamespace,
    config,
    metadata,
    swaggerPathPrefix: servicePathPrefixOf(config.name),
    cpuAutoscaler: config.autoscaler.kind === AutoscalerKind.CPU,
    ...(identity.binding ? { identity: identity.binding } : {}),
  });
  objects.push(...workload.objects);
  warnings.push(...workload.warnings);

  const serving = buildWebserviceServing(config, metadata, workload.service, keySecretNames, options);
  objects.push(...serving.objects);
  warnings.push(...serving.warnings);

  const scoringPath = scoringPathOf(config.name);
  const swaggerPath = swaggerPathOf(config.name);
  const scoringUri = gatewayUri(config.gateway, scoringPath);
  const swaggerUri = gatewayUri(config.gateway, swaggerPath);
  return {
    config,
    objects,
    warnings,
    scoringPath,
    swaggerPath,
    service: workload.service,
    keySecretNames,
    selector: metadata.selector,
    healthPath: healthPathOf(config.name),
    gateway: config.gateway,
    routeName: config.name,
    ...(scoringUri ? { scoringUri } : {}),
    ...(swaggerUri ? { swaggerUri } : {}),
    routePolicies: serving.routePolicies,
    ...(appInsights.component ? { appInsightsComponent: appInsights.component } : {}),
    ...(identity.description ? { workloadIdentity: identity.description } : {}),
  };
}

/** Whether an ExternalSecret of the plan reads the keys through the store of a Key Vault key source. */
export function keysReadFrom(objects: readonly KubeObject[], keys: AuthKeys): boolean {
  const store = keys.source === AuthKeysSource.KEY_VAULT ? keys.options.secretStore?.name : undefined;
  return store !== undefined && objects.some((o) => o.kind === 'ExternalSecret' && (o.spec as { secretStoreRef?: { name?: string } } | undefined)?.secretStoreRef?.name === store);
}

/**
 * The serving objects of a web service: NetworkPolicy (gateway-only ingress), the
 * concurrency autoscaler when chosen, the HTTPRoute at the v1 paths, and the gateway
 * implementation's policies (auth, limits).
 */
function buildWebserviceServing(
  config: ResolvedWebservice,
  metadata: ServiceMetadata,
  service: { name: string; port: number },
  keySecretNames: string[],
  context: EnginePlanOptions,
): { objects: KubeObject[]; warnings: ConfigurationWarning[]; routePolicies: KubeObject[] } {
  const objects: KubeObject[] = [];
  const warnings: ConfigurationWarning[] = [];
  const ns = config.namespace;
  const effectiveNs = ns ?? context.defaultNamespace;
  const gateway = config.gateway;
  const impl = gateway.implementation;
  const labels = metadata.labels;

  objects.push(
    ...buildScoringNetworkPolicies({
      name: config.name,
      namespace: ns,
      labels,
      podSelector: metadata.selector,
      port: config.containerPort,
      gateway,
      gatewayNamespace: gateway.namespace ?? effectiveNs,
      network: config.network,
    }),
  );

  if (config.autoscaleEnabled && config.autoscaler.kind === AutoscalerKind.CONCURRENCY) {
    if (!effectiveNs) {
      throw new ConfigurationError(`web service "${config.name}"`, [
        'namespace is required with Autoscaler.concurrency(): the gateway metrics that drive it are keyed by namespace; ' +
          'set namespace (or a namespace on the cdk8s chart; in Pulumi, defaultNamespace or an AksCluster provider with defaultNamespace).',
      ]);
    }
    objects.push(
      buildScaledObject({
        name: config.name,
        namespace: ns,
        labels,
        config,
        autoscaler: config.autoscaler,
        query: impl.inFlightRequestsQuery([{ routeNamespace: effectiveNs, routeName: config.name, fraction: 1 }]),
      }),
    );
  }

  const auth = routeAuthOf({ authEnabled: config.authEnabled, keySecretNames, tokenAuth: config.tokenAuth });
  // The policies come before the route they guard (apply order; Pulumi: the route depends on them).
  const policies = buildRoutePolicies({
    implementation: impl,
    route: { name: config.name, namespace: ns },
    labels,
    auth,
    limits: trafficLimitsOf(config),
  });
  objects.push(...policies.objects);
  warnings.push(...policies.warnings);
  objects.push(
    buildHttpRoute({
      name: config.name,
      namespace: ns,
      labels,
      gateway,
      rules: serviceRules(servicePathPrefixOf(config.name), service, requestTimeoutMs(config)),
      stripAuthorization: auth.kind !== 'none',
    }),
  );
  warnings.push(...approximationWarnings(impl, config.explicitlySet));
  return { objects, warnings, routePolicies: policies.objects };
}
