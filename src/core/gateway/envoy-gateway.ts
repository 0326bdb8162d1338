/**
 * Envoy Gateway (gateway.envoyproxy.io) as the {@link GatewayImplementation}: key and
 * token auth with a SecurityPolicy (and a default-deny one on the Gateway), concurrency,
 * queue and request-size limits with a BackendTrafficPolicy, TLS versions with a
 * ClientTrafficPolicy, the proxies' worker count and replicas with an EnvoyProxy.
 */
import { ConfigurationError, ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject } from '../kube';
import { checkBoolean, checkNamespace, checkNumber, isPlainObject } from '../validation';
import {
  ENVOY_GATEWAY_API_VERSION,
  EgBackendTrafficPolicy,
  EgClientTrafficPolicy,
  EgAuthorizationRule,
  EgPolicyTargetReference,
  EgSecurityPolicy,
  EgSecurityPolicySpec,
} from './envoy-types';
import { envoyProxyParametersRef, planEnvoyProxy } from './envoy-proxy';
import {
  ControllerFloor,
  GatewayImplementation,
  GatewayInfrastructure,
  GatewayInfrastructureInput,
  GatewayPolicyInput,
  ImplementationApproximations,
  RoutePolicyInput,
  RouteTrafficShare,
} from './implementation';

/** The component name of Envoy Gateway in {@link ControllerFloor}s and the platform. */
export const ENVOY_GATEWAY_COMPONENT = 'envoy-gateway';

/** A field with an Envoy Gateway floor: the version that first accepts (and honours) it. */
export interface EnvoyGatewayFieldFloor {
  /** The lowest Envoy Gateway version (semver). */
  readonly version: string;
  /** The kind the field is on. */
  readonly kind: string;
  /** The field path, for messages. */
  readonly path: string;
  /** What happens below the floor. */
  readonly reason: string;
}

const PRUNED = 'the API server rejects the object (strict field validation) or prunes the field';

/**
 * The Envoy Gateway version that first accepts each field the library emits, with what
 * happens below it. Sources: the CRDs of each release tag of envoyproxy/gateway
 * (`charts/gateway-helm/crds/generated/gateway.envoyproxy.io_*.yaml`, from v1.8.0
 * `charts/gateway-helm/charts/crds/crds/generated/`), and for behaviour the
 * translator (named per entry).
 */
export const ENVOY_GATEWAY_FIELD_FLOORS = {
  /** `spec.targetRefs` of every policy (v1.0.0 had `targetRef` only). */
  policyTargetRefs: {
    version: '1.1.0', kind: 'SecurityPolicy|BackendTrafficPolicy|ClientTrafficPolicy', path: 'spec.targetRefs',
    reason: `Envoy Gateway before 1.1.0 has no spec.targetRefs: ${PRUNED}, and the policy attaches to nothing`,
  },
  /** `SecurityPolicy.spec.authorization` (defaultAction and rules). */
  authorization: {
    version: '1.1.0', kind: 'SecurityPolicy', path: 'spec.authorization',
    reason: `Envoy Gateway before 1.1.0 has no authorization: ${PRUNED}; a default-deny policy then denies nothing`,
  },
  /** `authorization.rules[].principal.jwt.claims` (the `roles` claim). */
  authorizationJwtClaims: {
    version: '1.2.0', kind: 'SecurityPolicy', path: 'spec.authorization.rules[].principal.jwt.claims',
    reason: `Envoy Gateway before 1.2.0 has no JWT principal in authorization rules: ${PRUNED}`,
  },
  /**
   * `authorization.rules[].principal.jwt.scopes`. The field exists from 1.2.0, but only
   * from 1.7.0 does it read the `scp` claim of Microsoft Entra ID tokens besides `scope`
   * (internal/xds/translator/authorization.go, "support the legacy scp claim as scopes").
   */
  authorizationJwtScopes: {
    version: '1.7.0', kind: 'SecurityPolicy', path: 'spec.authorization.rules[].principal.jwt.scopes',
    reason: 'Envoy Gateway before 1.7.0 reads scopes from the `scope` claim only, never from the `scp` claim of Entra ID tokens: no delegated caller is let in',
  },
  /** `SecurityPolicy.spec.authorization.rules[].cel` (added in v1.9.0). */
  authorizationCel: {
    version: '1.9.0', kind: 'SecurityPolicy', path: 'spec.authorization.rules[].cel',
    reason:
      'Envoy Gateway before 1.9.0 has no authorization.rules[].cel: the API server rejects the SecurityPolicy ' +
      '(strict field validation) or prunes the rule, and the route is served without it',
  },
  /** `SecurityPolicy.spec.apiKeyAuth` (credentialRefs, extractFrom). */
  apiKeyAuth: {
    version: '1.3.0', kind: 'SecurityPolicy', path: 'spec.apiKeyAuth',
    reason: `Envoy Gateway before 1.3.0 has no apiKeyAuth: ${PRUNED}`,
  },
  /** `SecurityPolicy.spec.apiKeyAuth.sanitize`. */
  apiKeyAuthSanitize: {
    version: '1.5.0', kind: 'SecurityPolicy', path: 'spec.apiKeyAuth.sanitize',
    reason: `Envoy Gateway before 1.5.0 has no apiKeyAuth.sanitize: ${PRUNED}`,
  },
  /** `SecurityPolicy.spec.jwt.optional`. */
  jwtOptional: {
    version: '1.1.0', kind: 'SecurityPolicy', path: 'spec.jwt.optional',
    reason: `Envoy Gateway before 1.1.0 has no jwt.optional: ${PRUNED}`,
  },
  /** `BackendTrafficPolicy.spec.circuitBreaker.perEndpoint` (requests per replica). */
  circuitBreakerPerEndpoint: {
    version: '1.4.0', kind: 'BackendTrafficPolicy', path: 'spec.circuitBreaker.perEndpoint',
    reason: `Envoy Gateway before 1.4.0 has no per-endpoint circuit breaker: ${PRUNED}, and no per-replica limit holds`,
  },
  /** `BackendTrafficPolicy.spec.requestBuffer` (the request size limit, 413). */
  requestBuffer: {
    version: '1.4.0', kind: 'BackendTrafficPolicy', path: 'spec.requestBuffer',
    reason: `Envoy Gateway before 1.4.0 has no requestBuffer: ${PRUNED}, and requests of any size are forwarded`,
  },
  /**
   * A Gateway's `spec.infrastructure.parametersRef` to an EnvoyProxy (internal/gatewayapi/contexts.go;
   * ignored when Envoy Gateway merges Gateways).
   */
  gatewayEnvoyProxy: {
    version: '1.1.0', kind: 'Gateway', path: 'spec.infrastructure.parametersRef',
    reason: 'Envoy Gateway before 1.1.0 ignores a Gateway\'s infrastructure.parametersRef: the proxies run with the default worker count, and per-replica limits are per worker',
  },
} as const satisfies Record<string, EnvoyGatewayFieldFloor>;

export type EnvoyGatewayFieldFloorId = keyof typeof ENVOY_GATEWAY_FIELD_FLOORS;

type AnyObj = Record<string, any>;
const isSet = (v: unknown) => v !== undefined;
const rulesOf = (spec: AnyObj): AnyObj[] => (spec.authorization?.rules ?? []) as AnyObj[];

/** Which floors an Envoy Gateway object's spec uses. */
const FLOOR_TESTS: ReadonlyArray<[EnvoyGatewayFieldFloorId, (kind: string, spec: AnyObj) => boolean]> = [
  ['policyTargetRefs', (k, s) => k !== 'EnvoyProxy' && isSet(s.targetRefs)],
  ['authorization', (k, s) => k === 'SecurityPolicy' && isSet(s.authorization)],
  ['authorizationJwtClaims', (k, s) => k === 'SecurityPolicy' && rulesOf(s).some((r) => isSet(r.principal?.jwt?.claims))],
  ['authorizationJwtScopes', (k, s) => k === 'SecurityPolicy' && rulesOf(s).some((r) => isSet(r.principal?.jwt?.scopes))],
  ['authorizationCel', (k, s) => k === 'SecurityPolicy' && rulesOf(s).some((r) => isSet(r.cel))],
  ['apiKeyAuth', (k, s) => k === 'SecurityPolicy' && isSet(s.apiKeyAuth)],
  ['apiKeyAuthSanitize', (k, s) => k === 'SecurityPolicy' && isSet(s.apiKeyAuth?.sanitize)],
  ['jwtOptional', (k, s) => k === 'SecurityPolicy' && isSet(s.jwt?.optional)],
  ['circuitBreakerPerEndpoint', (k, s) => k === 'BackendTrafficPolicy' && isSet(s.circuitBreaker?.perEndpoint)],
  ['requestBuffer', (k, s) => k === 'BackendTrafficPolicy' && isSet(s.requestBuffer)],
];

/** The controller name Envoy Gateway registers for its GatewayClass. */
export const ENVOY_GATEWAY_CONTROLLER_NAME = 'gateway.envoyproxy.io/gatewayclass-controller';
/** The namespace Envoy Gateway's Helm chart installs into (and creates proxies in). */
export const ENVOY_GATEWAY_DEFAULT_NAMESPACE = 'envoy-gateway-system';
/** Labels Envoy Gateway puts on the proxy pods of a Gateway. */
export const ENVOY_OWNING_GATEWAY_NAME_LABEL = 'gateway.envoyproxy.io/owning-gateway-name';
export const ENVOY_OWNING_GATEWAY_NAMESPACE_LABEL = 'gateway.envoyproxy.io/owning-gateway-namespace';
/** The component labels Envoy Gateway puts on every proxy pod (`EnvoyAppLabel`). */
export const ENVOY_PROXY_POD_LABELS: Readonly<Record<string, string>> = Object.freeze({
  'app.kubernetes.io/name': 'envoy',
  'app.kubernetes.io/component': 'proxy',
  'app.kubernetes.io/managed-by': 'envoy-gateway',
});

/**
 * The name of the authorization rule that rejects credentials not sent with the
 * `Bearer` scheme.
 */
export const BEARER_SCHEME_RULE_NAME = 'require-bearer-scheme';
/**
 * Matches (and so denies) a request whose `Authorization` header is missing or does not
 * start with `Bearer `. Envoy exposes request headers to CEL with lower-case names.
 * A missing header is already answered 401 by the API-key filter, which runs first;
 * denying it here too keeps the rule fail-closed.
 */
export const BEARER_SCHEME_CEL = "!('authorization' in request.headers) || !request.headers['authorization'].startsWith('Bearer ')";

export interface EnvoyGatewayOptions {
  /**
   * The namespace Envoy Gateway runs in; in its default deployment mode it also
   * creates every Gateway's proxy pods there.
   * @default 'envoy-gateway-system'
   */
  readonly controllerNamespace?: string;
  /**
   * Whether Envoy Gateway runs in Gateway Namespace Mode (proxy pods in each Gateway's
   * own namespace) rather than the default controller-namespace mode.
   * @default false
   */
  readonly gatewayNamespaceMode?: boolean;
  /**
   * The number of Envoy proxy replicas of the Gateway (EnvoyProxy
   * `spec.provider.kubernetes.envoyDeployment.replicas`). Envoy's circuit breakers
   * count per proxy process, so every concurrency and queue limit is divided by this
   * (rounded up, at least 1) to hold across all proxies.
   * @default 1
   */
  readonly proxyReplicas?: number;
  /**
   * Envoy worker threads per proxy (EnvoyProxy `spec.concurrency`). Envoy keeps one
   * connection pool per worker, and a per-host circuit breaker always lets each pool
   * open one connection, so only with one worker does `replicaMaxConcurrentRequests`
   * hold per pod; more workers raise a proxy's throughput and let a replica receive up
   * to one request per worker even when its limit is lower.
   * @default 1
   */
  readonly proxyConcurrency?: number;
  /**
   * Create the Gateway's EnvoyProxy (worker threads, replicas, Service annotations) and
   * reference it from the Gateway (`spec.infrastructure.parametersRef`). It replaces an
   * EnvoyProxy of the GatewayClass for this Gateway (Envoy Gateway's default merge type).
   * Turn off to manage the proxies yourself: then set `concurrency: 1` there for the
   * per-replica limit to hold.
   * @default true
   */
  readonly manageEnvoyProxy?: boolean;
}

/** A byte count as a Kubernetes quantity (`100Mi`), as the CRD's pattern wants it. */
export function byteQuantity(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}Mi`;
  if (bytes % 1024 === 0) return `${bytes / 1024}Ki`;
  return String(bytes);
}

/** The suffix of the default-deny SecurityPolicy of a Gateway. */
export const DEFAULT_DENY_SUFFIX = 'default-deny';

function targetRef(kind: EgPolicyTargetReference['kind'], name: string, sectionName?: string): EgPolicyTargetReference {
  return { group: 'gateway.networking.k8s.io', kind, name, ...(sectionName ? { sectionName } : {}) };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Formats a share as a PromQL number: at most 6 decimals, no trailing zeros. */
function formatFraction(f: number): string {
  return String(Number(f.toFixed(6)));
}

/**
 * Envoy Gateway (https://gateway.envoyproxy.io) enforcing the v1 serving contract.
 *
 * - Key auth: a SecurityPolicy with `apiKeyAuth` reading the key Secrets (every entry
 *   a key) from the `Authorization` header, plus an `authorization` rule that denies
 *   (403) a valid key sent without the `Bearer ` scheme. Envoy's API-key filter strips
 *   an optional `Bearer ` prefix, so without that rule a bare key would pass. The
 *   API-key filter runs before the authorization (RBAC) filter in Envoy Gateway's
 *   filter chain, so `sanitize` must stay off for the rule to see the header; the
 *   HTTPRoute removes the header before the request is forwarded instead.
 * - Token auth: a SecurityPolicy `jwt` with one provider per accepted issuer, the token
 *   required (`optional: false`) and read only from `Authorization: Bearer`.
 * - Limits: a BackendTrafficPolicy circuit breaker: `perEndpoint.maxConnections` =
 *   requests per replica (the scoring server speaks HTTP/1.1, one request per
 *   connection), `maxConnections`/`maxParallelRequests` = requests over all replicas,
 *   `maxPendingRequests` = the queue (overflow: 503 at once), and `retry.numRetries: 0`
 *   (a scoring POST is never retried). All divided by `proxyReplicas`. `requestBuffer`
 *   answers 413 to a body over the limit (v1: 100 MB).
 * - Fail closed: a SecurityPolicy on the Gateway denies every request of a route
 *   without a SecurityPolicy of its own; a route with auth off gets an explicit allow.
 * - Proxies: an EnvoyProxy referenced from the Gateway runs one Envoy worker per proxy
 *   (so per-host limits hold per pod) and `proxyReplicas` proxies.
 */
export class EnvoyGateway implements GatewayImplementation {
  public readonly displayName = 'Envoy Gateway';
  public readonly controllerName = ENVOY_GATEWAY_CONTROLLER_NAME;
  public readonly controllerNamespace: string;
  public readonly gatewayNamespaceMode: boolean;
  public readonly proxyReplicas: number;
  public readonly proxyConcurrency: number;
  public readonly manageEnvoyProxy: boolean;
  public readonly approximations: ImplementationApproximations = {
    replicaMaxConcurrentRequests:
      'holds per pod as far as Envoy allows (one Envoy worker per proxy, one scoring rule per deployment, a per-pod ' +
      'circuit breaker). Approximate: with N proxies each allows ceil(limit / N) per pod; an endpoint version that ' +
      'takes traffic is also reached through its own rule, with its own limit; swagger.json and health requests are ' +
      'not counted; Envoy sees new or removed pods a few seconds late.',
    maxRequestWaitTime:
      'is approximated: Envoy cannot limit the time a request waits for a free replica. The queue is bounded by ' +
      'length instead (BackendTrafficPolicy circuitBreaker.maxPendingRequests = one waiting request per serving ' +
      'slot, i.e. replicaMaxConcurrentRequests × the largest replica count): a request that finds it full is ' +
      'answered 503 at once, and a queued request is bounded only by the route timeout (scoringTimeoutMs + ' +
      'maxRequestWaitTime), which answers 504.',
  };

  constructor(options: EnvoyGatewayOptions = {}) {
    const c = new ProblemCollector();
    if (!isPlainObject(options)) {
      c.add('options', options, 'must be an object');
    } else {
      checkNamespace(c, 'controllerNamespace', options.controllerNamespace);
      checkBoolean(c, 'gatewayNamespaceMode', options.gatewayNamespaceMode);
      checkNumber(c, 'proxyReplicas', options.proxyReplicas, { atLeast: 1, atMost: 1000, integer: true });
      checkNumber(c, 'proxyConcurrency', options.proxyConcurrency, { atLeast: 1, atMost: 1024, integer: true });
      checkBoolean(c, 'manageEnvoyProxy', options.manageEnvoyProxy);
    }
    c.throwIfAny('the Envoy Gateway options');
    this.controllerNamespace = options.controllerNamespace ?? ENVOY_GATEWAY_DEFAULT_NAMESPACE;
    this.gatewayNamespaceMode = options.gatewayNamespaceMode ?? false;
    this.proxyReplicas = options.proxyReplicas ?? 1;
    this.proxyConcurrency = options.proxyConcurrency ?? 1;
    this.manageEnvoyProxy = options.manageEnvoyProxy ?? true;
  }

  /**
   * The Gateway's EnvoyProxy (one worker per proxy, `proxyReplicas` proxies, the
   * Service annotations), referenced from the Gateway. Nothing when `manageEnvoyProxy`
   * is off.
   */
  public gatewayInfrastructure(input: GatewayInfrastructureInput): GatewayInfrastructure {
    const warnings: ConfigurationWarning[] = [];
    if (!this.manageEnvoyProxy || this.proxyConcurrency > 1) {
      warnings.push({
        id: 'aks-ml:gateway:proxyConcurrencyNotOne',
        prop: this.manageEnvoyProxy ? 'implementation.proxyConcurrency' : 'implementation.manageEnvoyProxy',
        message: this.manageEnvoyProxy
          ? `is ${this.proxyConcurrency}: each Envoy worker has its own connection pool, so a replica may receive up to ` +
            `${this.proxyConcurrency} requests per proxy even when replicaMaxConcurrentRequests is lower.`
          : 'is false: the library does not set the proxies\' worker count; unless your EnvoyProxy sets concurrency: 1, ' +
            'a replica may receive one request per Envoy worker even when replicaMaxConcurrentRequests is lower.',
      });
    }
    if (!this.manageEnvoyProxy) return { objects: [], warnings };
    const name = input.gateway.name;
    return {
      objects: [
        planEnvoyProxy({
          name,
          namespace: input.gateway.namespace,
          labels: input.labels,
          concurrency: this.proxyConcurrency,
          proxyReplicas: this.proxyReplicas,
          ...(input.serviceAnnotations ? { serviceAnnotations: input.serviceAnnotations } : {}),
        }),
      ],
      parametersRef: envoyProxyParametersRef(name),
      warnings,
    };
  }

  /**
   * The Envoy Gateway version each field of the given objects needs (one entry per
   * object and field with a floor, see {@link ENVOY_GATEWAY_FIELD_FLOORS}).
   */
  public floors(objects: readonly KubeObject[]): ControllerFloor[] {
    const out: ControllerFloor[] = [];
    const push = (o: KubeObject, id: EnvoyGatewayFieldFloorId) => {
      const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
      const f: EnvoyGatewayFieldFloor = ENVOY_GATEWAY_FIELD_FLOORS[id];
      out.push({ component: ENVOY_GATEWAY_COMPONENT, version: f.version, field: `${o.kind}/${meta.namespace ?? ''}/${meta.name ?? ''} ${f.path}`, reason: f.reason });
    };
    for (const o of objects) {
      const spec = ((o as { spec?: AnyObj }).spec ?? {}) as AnyObj;
      if (o.apiVersion === ENVOY_GATEWAY_API_VERSION) {
        for (const [id, uses] of FLOOR_TESTS) if (uses(o.kind, spec)) push(o, id);
      } else if (o.kind === 'Gateway' && spec.infrastructure?.parametersRef?.kind === 'EnvoyProxy') {
        push(o, 'gatewayEnvoyProxy');
      }
    }
    return out;
  }

  /** A limit that holds over all proxies: each proxy gets its share, rounded up, at least 1. */
  public perProxy(limit: number): number {
    return Math.max(1, Math.ceil(limit / this.proxyReplicas));
  }

  public routePolicies(input: RoutePolicyInput): { objects: KubeObject[]; warnings: ConfigurationWarning[] } {
    const objects: KubeObject[] = [];
    const warnings: ConfigurationWarning[] = [];
    const metadata = {
      name: input.route.name,
      ...(input.route.namespace ? { namespace: input.route.namespace } : {}),
      labels: { ...input.labels },
    };
    const targets = [targetRef('HTTPRoute', input.route.name)];
    const auth = input.auth;
    let securitySpec: EgSecurityPolicySpec;
    if (auth.kind === 'key') {
      if (auth.secretNames.length === 0) {
        throw new ConfigurationError(`route "${input.route.name}"`, ['key auth needs at least one key Secret']);
      }
      securitySpec = {
        targetRefs: targets,
        apiKeyAuth: {
          credentialRefs: auth.secretNames.map((name) => ({ group: '', kind: 'Secret', name })),
          extractFrom: [{ headers: ['Authorization'] }],
          // Off on purpose: the authorization rule below must still see the header
          // (the API-key filter runs first). The HTTPRoute strips it before forwarding.
          sanitize: false,
        },
        authorization: {
          defaultAction: 'Allow',
          rules: [{ name: BEARER_SCHEME_RULE_NAME, action: 'Deny', cel: BEARER_SCHEME_CEL }],
        },
      };
    } else if (auth.kind === 'token') {
      const roles = auth.requiredRoles ?? [];
      const scopes = auth.requiredScopes ?? [];
      const rules: EgAuthorizationRule[] = [];
      for (const i of auth.issuers) {
        if (roles.length > 0) {
          // App roles of daemon callers (and of users assigned a role): any one of them.
          rules.push({ name: `${i.name}-roles`, action: 'Allow', principal: { jwt: { provider: i.name, claims: [{ name: 'roles', valueType: 'StringArray', values: [...roles] }] } } });
        }
        // Delegated scopes: the scopes of one principal must all match, so one rule per scope (any one of them).
        scopes.forEach((scope, n) => rules.push({ name: `${i.name}-scope-${n}`, action: 'Allow', principal: { jwt: { provider: i.name, scopes: [scope] } } }));
      }
      securitySpec = {
        targetRefs: targets,
        ...(rules.length > 0 ? { authorization: { defaultAction: 'Deny' as const, rules } } : {}),
        jwt: {
          optional: false,
          providers: auth.issuers.map((i) => ({
            name: i.name,
            issuer: i.issuer,
            audiences: [...auth.audiences],
            remoteJWKS: { uri: i.jwksUri },
            extractFrom: { headers: [{ name: 'Authorization', valuePrefix: 'Bearer ' }] },
          })),
        },
      };
    } else {
      // Open on purpose: a route policy of its own, so that the Gateway's default-deny
      // policy (which applies to routes without one) does not.
      securitySpec = { targetRefs: targets, authorization: { defaultAction: 'Allow' } };
    }
    const sp: EgSecurityPolicy = { apiVersion: ENVOY_GATEWAY_API_VERSION, kind: 'SecurityPolicy', metadata, spec: securitySpec };
    objects.push(sp);

    const l = input.limits;
    const perReplica = this.perProxy(l.perReplicaConcurrency);
    const inFlight = this.perProxy(l.maxInFlight);
    const btp: EgBackendTrafficPolicy = {
      apiVersion: ENVOY_GATEWAY_API_VERSION,
      kind: 'BackendTrafficPolicy',
      metadata,
      spec: {
        targetRefs: targets,
        circuitBreaker: {
          perEndpoint: { maxConnections: perReplica },
          maxConnections: inFlight,
          maxParallelRequests: inFlight,
          maxPendingRequests: this.perProxy(l.maxQueued),
        },
        // Never retry: a scoring POST is not idempotent and retries multiply load under pressure.
        retry: { numRetries: 0 },
        // The body is received whole before it is forwarded; a larger one is answered 413.
        ...(l.maxRequestBytes !== undefined ? { requestBuffer: { limit: byteQuantity(l.maxRequestBytes) } } : {}),
      },
    };
    objects.push(btp);
    if (this.proxyReplicas > 1 && l.perReplicaConcurrency % this.proxyReplicas !== 0) {
      warnings.push({
        id: 'aks-ml:gateway:concurrencyNotDivisibleByProxies',
        prop: 'replicaMaxConcurrentRequests',
        message:
          `${l.perReplicaConcurrency} requests per replica cannot be split evenly over ${this.proxyReplicas} Envoy proxies; ` +
          `each proxy allows ${perReplica}, so a replica may receive up to ${perReplica * this.proxyReplicas} at once.`,
      });
    }
    return { objects, warnings };
  }

  public gatewayPolicies(input: GatewayPolicyInput): KubeObject[] {
    const ns = input.gateway.namespace ? { namespace: input.gateway.namespace } : {};
    const objects: KubeObject[] = [];
    // Fail closed: Envoy Gateway applies a Gateway's SecurityPolicy to every route that
    // has no SecurityPolicy of its own (a route-level policy replaces it entirely:
    // internal/gatewayapi/securitypolicy.go, translateSecurityPolicyForGateway). A route
    // whose own policy is missing, deleted or rejected by the API server is denied (403)
    // instead of served without auth.
    const deny: EgSecurityPolicy = {
      apiVersion: ENVOY_GATEWAY_API_VERSION,
      kind: 'SecurityPolicy',
      metadata: { name: `${input.gateway.name}-${DEFAULT_DENY_SUFFIX}`, ...ns, labels: { ...input.labels } },
      spec: { targetRefs: [targetRef('Gateway', input.gateway.name)], authorization: { defaultAction: 'Deny' } },
    };
    objects.push(deny);
    for (const route of input.openRoutes ?? []) {
      const open: EgSecurityPolicy = {
        apiVersion: ENVOY_GATEWAY_API_VERSION,
        kind: 'SecurityPolicy',
        metadata: { name: route, ...ns, labels: { ...input.labels } },
        spec: { targetRefs: [targetRef('HTTPRoute', route)], authorization: { defaultAction: 'Allow' } },
      };
      objects.push(open);
    }
    if (input.openRouteLabels && Object.keys(input.openRouteLabels).length > 0) {
      // Routes selected by label (Envoy Gateway resolves targetSelectors to route-level
      // targets, so the Gateway's default deny does not apply to them): cert-manager's
      // HTTP-01 solver routes, which answer the ACME challenge on port 80.
      objects.push({
        apiVersion: ENVOY_GATEWAY_API_VERSION,
        kind: 'SecurityPolicy',
        metadata: { name: `${input.gateway.name}-acme-solver`, ...ns, labels: { ...input.labels } },
        spec: {
          targetSelectors: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', matchLabels: { ...input.openRouteLabels } }],
          authorization: { defaultAction: 'Allow' },
        },
      });
    }
    if (input.tlsListeners.length > 0 && input.tls) {
      const ctp: EgClientTrafficPolicy = {
        apiVersion: ENVOY_GATEWAY_API_VERSION,
        kind: 'ClientTrafficPolicy',
        metadata: { name: input.gateway.name, ...ns, labels: { ...input.labels } },
        spec: {
          targetRefs: input.tlsListeners.map((l) => targetRef('Gateway', input.gateway.name, l)),
          tls: { minVersion: input.tls.minVersion, maxVersion: input.tls.maxVersion },
        },
      };
      objects.push(ctp);
    }
    return objects;
  }

  public proxyPeers(gateway: { readonly name: string; readonly namespace?: string }): Record<string, unknown>[] {
    // The labels Envoy Gateway puts on every proxy pod (internal/infrastructure/kubernetes/proxy
    // resource.go EnvoyAppLabel, resource_provider.go getPodLabels, at v1.9.0) and the owning
    // Gateway's (internal/gatewayapi/translator.go).
    const labels: Record<string, string> = { ...ENVOY_PROXY_POD_LABELS, [ENVOY_OWNING_GATEWAY_NAME_LABEL]: gateway.name };
    if (gateway.namespace) labels[ENVOY_OWNING_GATEWAY_NAMESPACE_LABEL] = gateway.namespace;
    const proxyNamespace = this.gatewayNamespaceMode ? gateway.namespace : this.controllerNamespace;
    // Never an empty namespaceSelector (every namespace). Without a known namespace (Gateway
    // Namespace Mode, the Gateway in the route's unnamed namespace) the proxies run in the
    // route's namespace, which is the NetworkPolicy's own: a peer without namespaceSelector.
    return [
      {
        ...(proxyNamespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': proxyNamespace } } } : {}),
        podSelector: { matchLabels: labels },
      },
    ];
  }

  public inFlightRequestsQuery(shares: readonly RouteTrafficShare[]): string {
    const terms = shares
      .filter((s) => s.fraction > 0)
      .map((s) => {
        const rule = s.ruleIndex === undefined ? '[0-9]+' : String(s.ruleIndex);
        const cluster = `httproute/${escapeRegex(s.routeNamespace)}/${escapeRegex(s.routeName)}/rule/${rule}`;
        // Served (upstream_rq_active) plus queued (upstream_rq_pending_active) requests,
        // summed over all proxies; 0 when the gateway has not seen the route yet.
        const sum = `(sum({__name__=~"envoy_cluster_upstream_rq_(active|pending_active)",envoy_cluster_name=~"${cluster}"}) or vector(0))`;
        return s.fraction === 1 ? sum : `${sum} * ${formatFraction(s.fraction)}`;
      });
    return terms.length > 0 ? terms.join(' + ') : 'vector(0)';
  }
}
