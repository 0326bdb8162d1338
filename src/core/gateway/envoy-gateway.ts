/**
 * Envoy Gateway (gateway.envoyproxy.io) as the {@link GatewayImplementation}: key and
 * token auth with a SecurityPolicy, concurrency and queue limits with a
 * BackendTrafficPolicy circuit breaker, TLS versions with a ClientTrafficPolicy.
 */
import { ConfigurationError, ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject } from '../kube';
import { checkBoolean, checkNamespace, checkNumber, isPlainObject } from '../validation';
import {
  ENVOY_GATEWAY_API_VERSION,
  EgBackendTrafficPolicy,
  EgClientTrafficPolicy,
  EgPolicyTargetReference,
  EgSecurityPolicy,
  EgSecurityPolicySpec,
} from './envoy-types';
import {
  ControllerFloor,
  GatewayImplementation,
  GatewayPolicyInput,
  ImplementationApproximations,
  RoutePolicyInput,
  RouteTrafficShare,
} from './implementation';

/** The component name of Envoy Gateway in {@link ControllerFloor}s and the platform. */
export const ENVOY_GATEWAY_COMPONENT = 'envoy-gateway';

/**
 * The Envoy Gateway version that first accepts a field the library emits, with what
 * happens below it. Sources: the CRDs of each release tag of envoyproxy/gateway
 * (`charts/gateway-crds-helm/templates/generated/gateway.envoyproxy.io_*.yaml`).
 */
export const ENVOY_GATEWAY_FIELD_FLOORS = {
  /** `SecurityPolicy.spec.authorization.rules[].cel` (added in v1.9.0). */
  authorizationCel: {
    version: '1.9.0',
    reason:
      'Envoy Gateway before 1.9.0 has no authorization.rules[].cel: the API server rejects the SecurityPolicy ' +
      '(strict field validation) or prunes the rule, and the route is served without it',
  },
} as const;

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
}

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
 *   (a scoring POST is never retried). All divided by `proxyReplicas`.
 */
export class EnvoyGateway implements GatewayImplementation {
  public readonly displayName = 'Envoy Gateway';
  public readonly controllerName = ENVOY_GATEWAY_CONTROLLER_NAME;
  public readonly controllerNamespace: string;
  public readonly gatewayNamespaceMode: boolean;
  public readonly proxyReplicas: number;
  public readonly approximations: ImplementationApproximations = {
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
    }
    c.throwIfAny('the Envoy Gateway options');
    this.controllerNamespace = options.controllerNamespace ?? ENVOY_GATEWAY_DEFAULT_NAMESPACE;
    this.gatewayNamespaceMode = options.gatewayNamespaceMode ?? false;
    this.proxyReplicas = options.proxyReplicas ?? 1;
  }

  public floors(objects: readonly KubeObject[]): ControllerFloor[] {
    const out: ControllerFloor[] = [];
    for (const o of objects) {
      if (o.apiVersion !== ENVOY_GATEWAY_API_VERSION || o.kind !== 'SecurityPolicy') continue;
      const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
      const rules = ((o as { spec?: EgSecurityPolicySpec }).spec?.authorization?.rules ?? []) as { cel?: string }[];
      if (rules.some((r) => r.cel !== undefined)) {
        out.push({
          component: ENVOY_GATEWAY_COMPONENT,
          version: ENVOY_GATEWAY_FIELD_FLOORS.authorizationCel.version,
          field: `SecurityPolicy/${meta.namespace ?? ''}/${meta.name ?? ''} spec.authorization.rules[].cel`,
          reason: ENVOY_GATEWAY_FIELD_FLOORS.authorizationCel.reason,
        });
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
    let securitySpec: EgSecurityPolicySpec | undefined;
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
      securitySpec = {
        targetRefs: targets,
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
    }
    if (securitySpec) {
      const sp: EgSecurityPolicy = { apiVersion: ENVOY_GATEWAY_API_VERSION, kind: 'SecurityPolicy', metadata, spec: securitySpec };
      objects.push(sp);
    }

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
    if (input.tlsListeners.length === 0) return [];
    const ctp: EgClientTrafficPolicy = {
      apiVersion: ENVOY_GATEWAY_API_VERSION,
      kind: 'ClientTrafficPolicy',
      metadata: {
        name: input.gateway.name,
        ...(input.gateway.namespace ? { namespace: input.gateway.namespace } : {}),
        labels: { ...input.labels },
      },
      spec: {
        targetRefs: input.tlsListeners.map((l) => targetRef('Gateway', input.gateway.name, l)),
        tls: { minVersion: input.tls.minVersion, maxVersion: input.tls.maxVersion },
      },
    };
    return [ctp];
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
