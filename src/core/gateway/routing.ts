/**
 * The serving path: HTTPRoutes that publish scoring deployments on a Gateway at the
 * Azure ML v1 paths, the timeouts and limits derived from the v1 deploy configuration,
 * and the policies of the gateway implementation that enforce auth and limits.
 *
 * Request path (v1 → here):
 *   POST /api/v1/service/<name>/score          → POST /score on the scoring container
 *   GET  /api/v1/service/<name>/swagger.json   → GET /swagger.json
 *   GET  /api/v1/service/<name>/  (and without the trailing "/") → GET / (health: "Healthy")
 */
import { ConfigurationWarning } from '../errors';
import { GatewayImplementation, RouteAuth, RouteTrafficLimits, TokenIssuer } from './implementation';
import { ResolvedGatewayRef, parentRefOf } from './gateway-ref';
import { KubeObject } from '../kube';
import type { EnginePlanOptions } from '../webservice/keys';
import { ResolvedDeployConfiguration, V1_PARAMETER_NAMES } from '../webservice/deploy-configuration';

export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';

/**
 * The request header that sends a scoring call on an endpoint's shared path to one
 * version, bypassing the traffic split (the header Azure ML online endpoints use).
 */
export const VERSION_HEADER = 'azureml-model-deployment';

/**
 * What the engine knows that the props may not say.
 * @deprecated Part of {@link EnginePlanOptions} (`defaultNamespace`), which the plan functions take.
 */
export type PlanContext = Pick<EnginePlanOptions, 'defaultNamespace'>;

/** The path prefix of a service (or endpoint) on the gateway. */
export function servicePathPrefixOf(serviceName: string): string {
  return `/api/v1/service/${serviceName}`;
}

/** The health path of a service: `GET` answers "Healthy" (the v1 Swagger's `$PATH_PREFIX$/`). */
export function healthPathOf(serviceName: string): string {
  return `${servicePathPrefixOf(serviceName)}/`;
}

/** The largest duration the Gateway API format can write (99999h). */
export const MAX_GATEWAY_DURATION_MS = 99999 * 3600 * 1000;

/**
 * A duration in the Gateway API format (GEP-2257: `^([0-9]{1,5}(h|m|s|ms)){1,4}$`),
 * e.g. 60500 → "1m500ms", 60000 → "1m", 0 → "0s".
 */
export function gatewayDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_GATEWAY_DURATION_MS) {
    throw new RangeError(`duration ${ms} ms cannot be written as a Gateway API duration (0 to 99999h, whole milliseconds)`);
  }
  if (ms === 0) return '0s';
  const parts: string[] = [];
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s) parts.push(`${s}s`);
  if (rest) parts.push(`${rest}ms`);
  return parts.join('');
}

/**
 * The route timeout of a scoring call: the time it may wait for a replica plus the
 * time it may score (v1: max_request_wait_time + scoring_timeout_ms). The gateway
 * answers 504 when it runs out. Both are int32 milliseconds (validated), so the sum
 * (under 1194 h) always fits the Gateway API duration format (at most 99999 h).
 */
export function requestTimeoutMs(config: Pick<ResolvedDeployConfiguration, 'scoringTimeoutMs' | 'maxRequestWaitTime'>): number {
  return config.scoringTimeoutMs + config.maxRequestWaitTime;
}

/**
 * The largest request body a scoring call may have, in bytes: v1 accepted 100 MB; 100 MiB
 * admits every body v1 admitted. The gateway answers 413 to a larger one.
 */
export const MAX_REQUEST_BYTES = 100 * 1024 * 1024;

/** The largest value of an Envoy circuit-breaker threshold. */
const MAX_THRESHOLD = 4294967295;

/** The largest number of replicas a deployment can have. */
export function maxReplicasOf(config: Pick<ResolvedDeployConfiguration, 'autoscaleEnabled' | 'autoscaleMaxReplicas' | 'numReplicas'>): number {
  return config.autoscaleEnabled ? config.autoscaleMaxReplicas : (config.numReplicas ?? 1);
}

/**
 * The concurrency and queue limits of one deployment: `replicaMaxConcurrentRequests`
 * per replica, that many times the largest replica count in flight, and a queue of
 * one waiting request per serving slot.
 */
export function trafficLimitsOf(
  config: Pick<ResolvedDeployConfiguration, 'replicaMaxConcurrentRequests' | 'autoscaleEnabled' | 'autoscaleMaxReplicas' | 'numReplicas'>,
): RouteTrafficLimits {
  const slots = Math.min(MAX_THRESHOLD, config.replicaMaxConcurrentRequests * maxReplicasOf(config));
  return {
    perReplicaConcurrency: Math.min(MAX_THRESHOLD, config.replicaMaxConcurrentRequests),
    maxInFlight: slots,
    maxQueued: slots,
    maxRequestBytes: MAX_REQUEST_BYTES,
  };
}

/** One rule of an HTTPRoute, as the library writes them. */
export interface RouteRuleSpec {
  /** The HTTP method matched. */
  readonly method: 'GET' | 'POST';
  /** Exact paths, one match each. */
  readonly paths: readonly string[];
  /** Headers every match also requires (exact values). */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  /**
   * More matches of the same rule, each a path with its own headers: requests they match
   * share the rule's backend, timeout and (Envoy Gateway: one cluster per rule) limits.
   */
  readonly alsoMatch?: readonly { readonly path: string; readonly headers?: readonly { readonly name: string; readonly value: string }[] }[];
  /** The path the scoring container receives. */
  readonly rewritePath: string;
  /** The Services (port 80 of the scoring Service) and their weights. */
  readonly backends: readonly { readonly name: string; readonly port: number; readonly weight?: number }[];
  /** The route timeout, in milliseconds. */
  readonly timeoutMs: number;
}

export interface HttpRouteInput {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly gateway: ResolvedGatewayRef;
  readonly rules: readonly RouteRuleSpec[];
  /**
   * Remove the `Authorization` header before forwarding: when the gateway checks the
   * credential, the scoring container never sees a key or token.
   */
  readonly stripAuthorization: boolean;
}

/** Builds an HTTPRoute (gateway.networking.k8s.io/v1). Pure. */
export function buildHttpRoute(input: HttpRouteInput): KubeObject {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'HTTPRoute',
    metadata: { name: input.name, ...(input.namespace ? { namespace: input.namespace } : {}), labels: { ...input.labels } },
    spec: {
      parentRefs: [parentRefOf(input.gateway)],
      ...(input.gateway.hostname ? { hostnames: [input.gateway.hostname] } : {}),
      rules: input.rules.map((r) => ({
        matches: [
          ...r.paths.map((path) => ({ path, headers: r.headers })),
          ...(r.alsoMatch ?? []),
        ].map((m) => ({
          path: { type: 'Exact', value: m.path },
          method: r.method,
          ...(m.headers && m.headers.length > 0 ? { headers: m.headers.map((h) => ({ type: 'Exact', name: h.name, value: h.value })) } : {}),
        })),
        filters: [
          { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: r.rewritePath } } },
          ...(input.stripAuthorization ? [{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['Authorization'] } }] : []),
        ],
        backendRefs: r.backends.map((b) => ({
          group: '',
          kind: 'Service',
          name: b.name,
          port: b.port,
          ...(b.weight !== undefined ? { weight: b.weight } : {}),
        })),
        timeouts: { request: gatewayDuration(r.timeoutMs) },
      })),
    },
  };
}

/** The three rules that publish one deployment under a path prefix. */
export function serviceRules(
  prefix: string,
  backend: { readonly name: string; readonly port: number },
  timeoutMs: number,
  headers?: readonly { readonly name: string; readonly value: string }[],
): RouteRuleSpec[] {
  return [
    { method: 'POST', paths: [`${prefix}/score`], headers, rewritePath: '/score', backends: [backend], timeoutMs },
    { method: 'GET', paths: [`${prefix}/swagger.json`], headers, rewritePath: '/swagger.json', backends: [backend], timeoutMs },
    { method: 'GET', paths: [`${prefix}/`, prefix], headers, rewritePath: '/', backends: [backend], timeoutMs },
  ];
}

/** The index of the scoring rule in the rules {@link serviceRules} returns. */
export const SCORE_RULE_INDEX = 0;

/** The auth of a route from the resolved switches and key Secrets. */
export function routeAuthOf(input: {
  readonly authEnabled: boolean;
  readonly keySecretNames: readonly string[];
  readonly tokenAuth?: {
    readonly issuers: readonly TokenIssuer[];
    readonly audiences: readonly string[];
    readonly requiredRoles?: readonly string[];
    readonly requiredScopes?: readonly string[];
  };
}): RouteAuth {
  if (input.tokenAuth) {
    const t = input.tokenAuth;
    return {
      kind: 'token',
      issuers: t.issuers,
      audiences: t.audiences,
      ...(t.requiredRoles && t.requiredRoles.length > 0 ? { requiredRoles: t.requiredRoles } : {}),
      ...(t.requiredScopes && t.requiredScopes.length > 0 ? { requiredScopes: t.requiredScopes } : {}),
    };
  }
  if (input.authEnabled) return { kind: 'key', secretNames: input.keySecretNames };
  return { kind: 'none' };
}

/** The route's policies from the implementation, plus its approximation warnings. */
export function buildRoutePolicies(input: {
  readonly implementation: GatewayImplementation;
  readonly route: { readonly name: string; readonly namespace?: string };
  readonly labels: Readonly<Record<string, string>>;
  readonly auth: RouteAuth;
  readonly limits: RouteTrafficLimits;
}): { objects: KubeObject[]; warnings: ConfigurationWarning[] } {
  return input.implementation.routePolicies({ route: input.route, labels: input.labels, auth: input.auth, limits: input.limits });
}

/**
 * Warnings for v1 settings the implementation can only approximate, when the user set
 * them explicitly. `pathPrefix` prefixes prop names (e.g. "versions[1].").
 */
export function approximationWarnings(
  implementation: GatewayImplementation,
  explicitlySet: readonly string[],
  pathPrefix = '',
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  for (const [prop, text] of Object.entries(implementation.approximations) as Array<[keyof typeof V1_PARAMETER_NAMES, string | undefined]>) {
    if (text && explicitlySet.includes(prop)) {
      warnings.push({ id: `aks-ml:gateway:${prop}Approximated`, prop: `${pathPrefix}${prop}`, message: `(v1: ${V1_PARAMETER_NAMES[prop]}) ${text}` });
    }
  }
  return warnings;
}
