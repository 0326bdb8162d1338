/**
 * The Kubernetes objects of an endpoint (v1 `AksEndpoint`). The cdk8s construct and the
 * Pulumi component both call {@link planEndpoint}.
 *
 * Per version (named `joinName([endpoint, version])`): the scoring workload, its
 * NetworkPolicy, its autoscaler, and its own HTTPRoute (direct access for tests and
 * shadow checks, with its own limits):
 *   POST /api/v1/service/<endpoint>/versions/<version>/score (and swagger.json, health)
 *   POST /api/v1/service/<endpoint>/score with header `azureml-model-deployment: <version>`
 * For the endpoint: one key pair, and one HTTPRoute named after the endpoint:
 *   POST /api/v1/service/<endpoint>/score → weighted over the versions (weights add to 100)
 *   GET  /api/v1/service/<endpoint>/swagger.json and health → the default version
 */
import { AutoscalerKind } from '../webservice/autoscaler';
import { AksEndpointProps, ResolvedEndpoint, ResolvedEndpointVersion, VersionType, resolveEndpoint } from './resolve';
import { ConfigurationError, ConfigurationWarning } from '../errors';
import { RouteTrafficLimits, RouteTrafficShare } from '../gateway/implementation';
import { ResolvedGatewayRef, gatewayUri } from '../gateway/gateway-ref';
import { GATEWAY_ROUTES_NAMESPACE_LABELS, unlabelledNamespaceWarning } from '../gateway/namespaces';
import { KubeObject, LABEL_DOMAIN } from '../kube';
import { EnginePlanOptions, buildKeyObjects } from '../webservice/keys';
import { MANAGED_BY, buildMetadata } from '../metadata';
import { buildScoringNetworkPolicies } from '../webservice/network-policy';
import { podSecurityLabels } from '../pod-security';
import {
  MAX_REQUEST_BYTES,
  SCORE_RULE_INDEX,
  VERSION_HEADER,
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
import { buildScaledObject } from '../webservice/scaled-object';
import { scoringPathOf, swaggerPathOf } from '../webservice/plan';
import { buildWorkload } from '../webservice/workload';
import { AppInsightsComponentDescription, buildAppInsightsObjects, resolveAppInsights } from '../webservice/app-insights';

/** Labels of every object of an endpoint version. */
export const ENDPOINT_LABEL = `${LABEL_DOMAIN}/endpoint`;
export const VERSION_LABEL = `${LABEL_DOMAIN}/version`;
export const VERSION_TYPE_LABEL = `${LABEL_DOMAIN}/version-type`;

/** The path prefix of one version of an endpoint. */
export function versionPathPrefixOf(endpointName: string, versionName: string): string {
  return `${servicePathPrefixOf(endpointName)}/versions/${versionName}`;
}

/** What an engine and a user need to know about one version. */
export interface EndpointVersionPlan {
  readonly versionName: string;
  /** The name of the version's Deployment, Service, HTTPRoute, ... */
  readonly kubernetesName: string;
  /** Its share of the endpoint's scoring traffic, in percent. */
  readonly weight: number;
  readonly trafficPercentile: number;
  readonly isDefault: boolean;
  readonly versionType: VersionType;
  /** `/api/v1/service/<endpoint>/versions/<version>/score` */
  readonly scoringPath: string;
  /** `/api/v1/service/<endpoint>/versions/<version>/swagger.json` */
  readonly swaggerPath: string;
  /** `/api/v1/service/<endpoint>/versions/<version>/` */
  readonly healthPath: string;
  /** The version's scoring URI, when the gateway has a hostname. */
  readonly scoringUri?: string;
  /** The header that sends a call on the endpoint's scoring path to this version. */
  readonly header: { readonly name: string; readonly value: string };
  /** The version's Service. */
  readonly service: { readonly name: string; readonly port: number };
  /** The version's pod selector. */
  readonly selector: Record<string, string>;
  /** The version's objects (also in the plan's `objects`). */
  readonly objects: KubeObject[];
  /** The gateway implementation's policy objects of the version's route (also in `objects`). */
  readonly routePolicies: KubeObject[];
}

/** Everything an engine needs to create an endpoint. */
export interface EndpointPlan {
  readonly config: ResolvedEndpoint;
  /** The Kubernetes objects, in a stable order. */
  readonly objects: KubeObject[];
  readonly warnings: ConfigurationWarning[];
  /** `/api/v1/service/<endpoint>/score` (weighted over the versions) */
  readonly scoringPath: string;
  /** `/api/v1/service/<endpoint>/swagger.json` (the default version's) */
  readonly swaggerPath: string;
  /** `/api/v1/service/<endpoint>/` */
  readonly healthPath: string;
  /** The endpoint's scoring URI, when the gateway has a hostname. */
  readonly scoringUri?: string;
  readonly swaggerUri?: string;
  readonly gateway: ResolvedGatewayRef;
  /** The shared HTTPRoute's name. */
  readonly routeName: string;
  /** The Secrets whose entries are the accepted keys (empty when key auth is off). */
  readonly keySecretNames: string[];
  /** The versions, in the order given. */
  readonly versions: EndpointVersionPlan[];
  /** The default version's name. */
  readonly defaultVersion: string;
  /** The gateway implementation's policy objects of the endpoint's route (also in `objects`). */
  readonly routePolicies: KubeObject[];
  /**
   * The Application Insights component the engine must create (with
   * `EnginePlanOptions.appInsightsComponent` and `AppInsights.createComponent()`).
   */
  readonly appInsightsComponent?: AppInsightsComponentDescription;
}

/** The limits of the shared scoring rule, over the versions that take traffic. */
function sharedLimits(versions: readonly ResolvedEndpointVersion[]): RouteTrafficLimits {
  const limits = versions.map((v) => trafficLimitsOf(v));
  const sum = (f: (l: RouteTrafficLimits) => number) => Math.min(4294967295, limits.reduce((s, l) => s + f(l), 0));
  return {
    perReplicaConcurrency: Math.min(...versions.map((v) => v.replicaMaxConcurrentRequests)),
    maxInFlight: sum((l) => l.maxInFlight),
    maxQueued: sum((l) => l.maxQueued),
    maxRequestBytes: MAX_REQUEST_BYTES,
  };
}

/**
 * Validates the props (throwing one ConfigurationError with every problem) and returns
 * the objects of the endpoint. Pure and deterministic.
 */
export function planEndpoint(props: AksEndpointProps, options: EnginePlanOptions = {}): EndpointPlan {
  const resolved = resolveEndpoint(props);
  const warnings = resolved.warnings;
  let config = resolved.config;
  const ep = config.name;
  const ns = config.namespace;
  const effectiveNs = ns ?? options.defaultNamespace;
  const gateway = config.gateway;
  const impl = gateway.implementation;
  const objects: KubeObject[] = [];
  const endpointLabels: Record<string, string> = {
    'app.kubernetes.io/name': ep,
    'app.kubernetes.io/component': 'endpoint',
    'app.kubernetes.io/part-of': ep,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [ENDPOINT_LABEL]: ep,
  };

  if (ns && config.createNamespace) {
    const restricted = config.versions.every((v) => v.restrictedSecurityContext);
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          'app.kubernetes.io/managed-by': MANAGED_BY,
          // The default Gateway admits routes from namespaces with this label only.
          ...GATEWAY_ROUTES_NAMESPACE_LABELS,
          ...(restricted ? podSecurityLabels(config.podSecurityVersion) : {}),
        },
      },
    });
  } else {
    warnings.push(unlabelledNamespaceWarning(ns, options.defaultNamespace));
  }

  // One key pair for the whole endpoint.
  let keySecretNames: string[] = [];
  if (config.authEnabled) {
    const keys = buildKeyObjects({
      ownerName: ep,
      namespace: ns,
      labels: endpointLabels,
      keys: config.keys,
      primaryKey: config.primaryKey,
      secondaryKey: config.secondaryKey,
      generatedKeys: options.generatedKeys,
    });
    objects.push(...keys.objects);
    keySecretNames = keys.secretNames;
  }
  // One App Insights source for the endpoint: its objects once, its entries in every version that uses it.
  const appInsights = buildAppInsightsObjects({
    ownerName: ep,
    namespace: ns,
    labels: endpointLabels,
    enabled: config.enableAppInsights,
    appInsights: resolveAppInsights(config.appInsights, ep),
    engineComponent: options.appInsightsComponent,
  });
  objects.push(...appInsights.objects);
  warnings.push(...appInsights.warnings);
  config = {
    ...config,
    versions: config.versions.map((v) => (v.appInsights.source === config.appInsights ? { ...v, appInsights: appInsights.appInsights } : v)),
  };

  const auth = routeAuthOf({ authEnabled: config.authEnabled, keySecretNames, tokenAuth: config.tokenAuth });
  const stripAuthorization = auth.kind !== 'none';
  const scoringPath = scoringPathOf(ep);
  const weighted = config.versions.filter((v) => v.weight > 0);
  const defaultVersion = config.versions.find((v) => v.isDefault)!;

  if (config.versions.some((v) => v.autoscaleEnabled && v.autoscaler.kind === AutoscalerKind.CONCURRENCY)) {
    if (!effectiveNs) {
      throw new ConfigurationError(`endpoint "${ep}"`, [
        'namespace is required with Autoscaler.concurrency(): the gateway metrics that drive it are keyed by namespace; ' +
          'set namespace (or a namespace on the cdk8s chart; in Pulumi, defaultNamespace or an AksCluster provider with defaultNamespace).',
      ]);
    }
  }

  // The endpoint's scoring rule times out after the longest of the versions it splits over;
  // each version's server timeout runs past every route timeout that reaches it.
  const sharedTimeout = Math.max(...weighted.map((v) => requestTimeoutMs(v)));
  const versionPlans: EndpointVersionPlan[] = [];
  config.versions.forEach((v, i) => {
    const firstObject = objects.length;
    const name = v.kubernetesName;
    const prefix = `versions[${i}].`;
    const metadata = buildMetadata({
      workloadName: name,
      partOf: ep,
      tags: v.tags,
      properties: v.properties,
      description: v.description,
      computeTargetName: v.computeTargetName,
      extraLabels: { [ENDPOINT_LABEL]: ep, [VERSION_LABEL]: v.versionName, [VERSION_TYPE_LABEL]: v.versionType },
    });
    warnings.push(...metadata.warnings.map((w) => ({ ...w, prop: `${prefix}${w.prop}` })));
    const workload = buildWorkload({
      name,
      serviceName: v.versionName,
      namespace: ns,
      defaultNamespace: options.defaultNamespace,
      config: v,
      metadata,
      // One container has one Swagger prefix: the default version's document is the
      // endpoint's (GET /api/v1/service/<endpoint>/swagger.json), so it lists the endpoint's
      // paths; the other versions list their own.
      swaggerPathPrefix: v.isDefault ? servicePathPrefixOf(ep) : versionPathPrefixOf(ep, v.versionName),
      routeTimeoutMs: v.weight > 0 ? Math.max(requestTimeoutMs(v), sharedTimeout) : requestTimeoutMs(v),
      cpuAutoscaler: v.autoscaler.kind === AutoscalerKind.CPU,
    });
    objects.push(...workload.objects);
    warnings.push(...workload.warnings.map((w) => ({ ...w, prop: `${prefix}${w.prop}` })));

    objects.push(
      ...buildScoringNetworkPolicies({
        name,
        namespace: ns,
        labels: metadata.labels,
        podSelector: metadata.selector,
        port: v.containerPort,
        gateway,
        gatewayNamespace: gateway.namespace ?? effectiveNs,
        network: config.network,
      }),
    );

    if (v.autoscaleEnabled && v.autoscaler.kind === AutoscalerKind.CONCURRENCY) {
      // The version's in-flight requests: all of its own route, its weight's share of the
      // endpoint's scoring rule, and (default version) the endpoint's swagger and health.
      const shares: RouteTrafficShare[] = [
        { routeNamespace: effectiveNs!, routeName: name, fraction: 1 },
        { routeNamespace: effectiveNs!, routeName: ep, ruleIndex: SCORE_RULE_INDEX, fraction: v.weight / 100 },
        ...(v.isDefault
          ? [1, 2].map((ruleIndex) => ({ routeNamespace: effectiveNs!, routeName: ep, ruleIndex, fraction: 1 }))
          : []),
      ];
      objects.push(
        buildScaledObject({ name, namespace: ns, labels: metadata.labels, config: v, autoscaler: v.autoscaler, query: impl.inFlightRequestsQuery(shares) }),
      );
    }

    // The version's own route: its path prefix, and the endpoint's scoring path with the
    // version header, both in one scoring rule (one Envoy cluster, one per-replica limit).
    const backend = { name: workload.service.name, port: workload.service.port };
    const timeout = requestTimeoutMs(v);
    const versionPrefix = versionPathPrefixOf(ep, v.versionName);
    const header = { name: VERSION_HEADER, value: v.versionName };
    const [versionScore, ...versionOthers] = serviceRules(versionPrefix, backend, timeout);
    const policies = buildRoutePolicies({ implementation: impl, route: { name, namespace: ns }, labels: metadata.labels, auth, limits: trafficLimitsOf(v) });
    objects.push(...policies.objects);
    objects.push(
      buildHttpRoute({
        name,
        namespace: ns,
        labels: metadata.labels,
        gateway,
        rules: [{ ...versionScore, alsoMatch: [{ path: scoringPath, headers: [header] }] }, ...versionOthers],
        stripAuthorization,
      }),
    );
    warnings.push(...policies.warnings.map((w) => ({ ...w, prop: `${prefix}${w.prop}` })));
    warnings.push(...approximationWarnings(impl, v.explicitlySet, prefix));

    const versionScoringPath = `${versionPrefix}/score`;
    const versionScoringUri = gatewayUri(gateway, versionScoringPath);
    versionPlans.push({
      versionName: v.versionName,
      kubernetesName: name,
      weight: v.weight,
      trafficPercentile: v.trafficPercentile,
      isDefault: v.isDefault,
      versionType: v.versionType,
      scoringPath: versionScoringPath,
      swaggerPath: `${versionPrefix}/swagger.json`,
      healthPath: `${versionPrefix}/`,
      ...(versionScoringUri ? { scoringUri: versionScoringUri } : {}),
      header,
      service: backend,
      selector: metadata.selector,
      objects: objects.slice(firstObject),
      routePolicies: policies.objects,
    });
  });

  // The endpoint's route: the weighted scoring rule; swagger and health of the default version.
  const defaultBackend = { name: defaultVersion.kubernetesName, port: versionPlans.find((p) => p.isDefault)!.service.port };
  const [scoreRule, swaggerRule, healthRule] = serviceRules(servicePathPrefixOf(ep), defaultBackend, requestTimeoutMs(defaultVersion));
  const shared = buildRoutePolicies({ implementation: impl, route: { name: ep, namespace: ns }, labels: endpointLabels, auth, limits: sharedLimits(weighted) });
  objects.push(...shared.objects);
  objects.push(
    buildHttpRoute({
      name: ep,
      namespace: ns,
      labels: endpointLabels,
      gateway,
      rules: [
        {
          ...scoreRule,
          // Versions without traffic stay out of the split (reachable on their own route).
          backends: weighted.map((v) => ({ ...versionPlans.find((p) => p.versionName === v.versionName)!.service, weight: v.weight })),
          timeoutMs: sharedTimeout,
        },
        swaggerRule,
        healthRule,
      ],
      stripAuthorization,
    }),
  );
  warnings.push(...shared.warnings);

  if (new Set(weighted.map((v) => v.replicaMaxConcurrentRequests)).size > 1) {
    const min = Math.min(...weighted.map((v) => v.replicaMaxConcurrentRequests));
    warnings.push({
      id: 'aks-ml:endpoint:concurrencyDiffersBetweenVersions',
      prop: 'versions[*].replicaMaxConcurrentRequests',
      message:
        `differs between the versions that take traffic; the endpoint's scoring route sends at most ${min} request(s) at a time to any ` +
        "replica (one limit per route rule), each version's own route uses its own value.",
    });
  }
  if (new Set(weighted.map((v) => requestTimeoutMs(v))).size > 1) {
    warnings.push({
      id: 'aks-ml:endpoint:timeoutDiffersBetweenVersions',
      prop: 'versions[*].scoringTimeoutMs',
      message:
        `scoringTimeoutMs + maxRequestWaitTime differs between the versions that take traffic; the endpoint's scoring route times out after the longest ` +
        `(${sharedTimeout} ms), each version's own route after its own.`,
    });
  }

  const others = weighted.filter((v) => !v.isDefault);
  if (others.length > 0) {
    const i = config.versions.indexOf(defaultVersion);
    const share = others.reduce((sum, v) => sum + v.weight, 0);
    warnings.push({
      id: 'aks-ml:endpoint:defaultVersionSwaggerListsEndpointPaths',
      prop: `versions[${i}].isDefault`,
      message:
        `makes ${defaultVersion.versionName} serve the endpoint's swagger.json, so its generated Swagger lists the endpoint's paths ` +
        `(${scoringPath}, where ${share}% of calls go to other versions), also at its own ` +
        `${versionPathPrefixOf(ep, defaultVersion.versionName)}/swagger.json. To call this version only, use ` +
        `${versionPathPrefixOf(ep, defaultVersion.versionName)}/score or the header ${VERSION_HEADER}: ${defaultVersion.versionName}. ` +
        'Changing the default version restarts the pods of the old and the new default (their SERVICE_PATH_PREFIX changes).',
    });
  }

  const swaggerPath = swaggerPathOf(ep);
  const scoringUri = gatewayUri(gateway, scoringPath);
  const swaggerUri = gatewayUri(gateway, swaggerPath);
  return {
    config,
    objects,
    warnings,
    scoringPath,
    swaggerPath,
    healthPath: healthPathOf(ep),
    ...(scoringUri ? { scoringUri } : {}),
    ...(swaggerUri ? { swaggerUri } : {}),
    gateway,
    routeName: ep,
    keySecretNames,
    versions: versionPlans,
    defaultVersion: config.defaultVersion,
    routePolicies: shared.objects,
    ...(appInsights.component ? { appInsightsComponent: appInsights.component } : {}),
  };
}
