/**
 * The seam between the engine-free serving model and the gateway that enforces it.
 *
 * Routes are plain Gateway API (HTTPRoute, Gateway): every implementation reads them.
 * What Gateway API cannot express (key and token auth, per-replica concurrency, a
 * bounded queue, TLS versions, which pods are the proxies, where in-flight requests
 * are measured) is delegated to a {@link GatewayImplementation}. The library ships
 * {@link EnvoyGateway}; another one (AKS Istio add-on, Application Gateway for
 * Containers) is a new class implementing this interface, passed as
 * `gateway.implementation`, with no change to the constructs.
 */
import { ConfigurationWarning } from '../errors';
import { KubeObject } from '../kube';

/** A JWT issuer a token may come from. */
export interface TokenIssuer {
  /** A name for the provider, unique within the route (a DNS label). */
  readonly name: string;
  /** The `iss` claim to accept. */
  readonly issuer: string;
  /** Where the signing keys are published. */
  readonly jwksUri: string;
}

/** How requests to a route are authenticated. */
export type RouteAuth =
  | { readonly kind: 'none' }
  /**
   * Key auth: `Authorization: Bearer <key>`, where the accepted keys are the entries
   * of the Secrets named here (read by the gateway, never copied).
   */
  | { readonly kind: 'key'; readonly secretNames: readonly string[] }
  /**
   * Token auth: `Authorization: Bearer <JWT>`, required, from one of the issuers, for one
   * of the audiences. With `requiredRoles` or `requiredScopes`, a token must also carry
   * one of the roles (`roles` claim) or one of the scopes (`scp` claim).
   */
  | {
    readonly kind: 'token';
    readonly issuers: readonly TokenIssuer[];
    readonly audiences: readonly string[];
    readonly requiredRoles?: readonly string[];
    readonly requiredScopes?: readonly string[];
  };

/**
 * The concurrency and queue limits of one route, derived from the v1 deploy
 * configuration. The route's timeouts are Gateway API (`HTTPRoute` rule timeouts)
 * and are not part of this.
 */
export interface RouteTrafficLimits {
  /** Requests one replica (pod) serves at a time (v1: replica_max_concurrent_requests). */
  readonly perReplicaConcurrency: number;
  /** Requests in flight over all replicas, at the largest replica count. */
  readonly maxInFlight: number;
  /** Requests allowed to wait for a free replica; beyond it the gateway answers 503 at once. */
  readonly maxQueued: number;
  /**
   * The largest request body accepted, in bytes; a larger one is answered 413 (v1: 100 MB).
   * @default - no limit
   */
  readonly maxRequestBytes?: number;
}

/** What an implementation needs to enforce auth and limits on one HTTPRoute. */
export interface RoutePolicyInput {
  /** The HTTPRoute (the policies live in its namespace). */
  readonly route: { readonly name: string; readonly namespace?: string };
  /** Labels for the policy objects. */
  readonly labels: Readonly<Record<string, string>>;
  readonly auth: RouteAuth;
  readonly limits: RouteTrafficLimits;
}

/** What an implementation needs to secure a Gateway and its listeners. */
export interface GatewayPolicyInput {
  readonly gateway: { readonly name: string; readonly namespace?: string };
  readonly labels: Readonly<Record<string, string>>;
  /** The names of the HTTPS listeners. */
  readonly tlsListeners: readonly string[];
  /** The TLS versions clients may negotiate on those listeners (when there are HTTPS listeners). */
  readonly tls?: { readonly minVersion: TlsVersion; readonly maxVersion: TlsVersion };
  /**
   * Routes in the Gateway's namespace that are open on purpose (the HTTP-to-HTTPS
   * redirect): the default-deny policy of the Gateway must not apply to them.
   */
  readonly openRoutes?: readonly string[];
  /**
   * Labels of routes in the Gateway's namespace that are open on purpose but whose
   * names are not known in advance (cert-manager's HTTP-01 solver routes, labelled
   * through the solver's `gatewayHTTPRoute.labels`).
   */
  readonly openRouteLabels?: Readonly<Record<string, string>>;
}

/** What an implementation needs to configure the proxies of a Gateway. */
export interface GatewayInfrastructureInput {
  readonly gateway: { readonly name: string; readonly namespace: string };
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Annotations for the proxies' Service (on AKS, the load balancer).
   * @default - none
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/** The proxy configuration of a Gateway: its objects and the Gateway's `spec.infrastructure.parametersRef`. */
export interface GatewayInfrastructure {
  readonly objects: KubeObject[];
  readonly parametersRef?: { readonly group: string; readonly kind: string; readonly name: string };
  readonly warnings: ConfigurationWarning[];
}

export type TlsVersion = '1.2' | '1.3';

/**
 * A part of the traffic the gateway sends to one scoring deployment: the requests of
 * some rules of an HTTPRoute, times the share that goes to this deployment.
 */
export interface RouteTrafficShare {
  readonly routeNamespace: string;
  readonly routeName: string;
  /** The rule's index in the HTTPRoute; all rules when undefined. */
  readonly ruleIndex?: number;
  /** The share of that traffic that reaches the deployment (0 to 1; weight / 100). */
  readonly fraction: number;
}

/** Texts explaining how an implementation approximates a v1 setting (for warnings). */
export interface ImplementationApproximations {
  /** How `maxRequestWaitTime` (a time limit on the queue) is enforced. */
  readonly maxRequestWaitTime?: string;
  /** How `replicaMaxConcurrentRequests` is enforced. */
  readonly replicaMaxConcurrentRequests?: string;
}

/**
 * A controller version that an emitted object needs: below it the controller rejects
 * the object or ignores the field, and what the field enforces does not hold.
 */
export interface ControllerFloor {
  /** The component, as `AksMlPlatform` names it (e.g. `envoy-gateway`). */
  readonly component: string;
  /** The lowest version that honours the field (semver, e.g. `1.9.0`). */
  readonly version: string;
  /** Where the field is: `<Kind>/<namespace>/<name> <field path>`. */
  readonly field: string;
  /** What goes wrong below the floor, for error messages. */
  readonly reason: string;
}

/** The gateway implementation that enforces what Gateway API cannot express. */
export interface GatewayImplementation {
  /** A name for messages, e.g. "Envoy Gateway". */
  readonly displayName: string;
  /** The `controllerName` of the implementation's GatewayClass. */
  readonly controllerName: string;
  /** Settings of v1 that this implementation can only approximate (empty when exact). */
  readonly approximations: ImplementationApproximations;
  /** The policy objects that enforce auth and limits on one HTTPRoute. Pure. */
  routePolicies(input: RoutePolicyInput): { objects: KubeObject[]; warnings: ConfigurationWarning[] };
  /**
   * The policy objects of a Gateway: a default that denies every request a route policy
   * does not let through (so that a route whose own policy is missing or rejected fails
   * closed), and the TLS versions. Pure.
   */
  gatewayPolicies(input: GatewayPolicyInput): KubeObject[];
  /**
   * The proxy configuration of a Gateway (e.g. Envoy Gateway's EnvoyProxy: worker
   * threads, replicas, Service annotations). Optional. Pure.
   */
  gatewayInfrastructure?(input: GatewayInfrastructureInput): GatewayInfrastructure;
  /**
   * NetworkPolicy peers (`spec.ingress[].from[]` entries) that match the gateway's proxy
   * pods, so that scoring pods can accept traffic from the gateway only.
   * `gateway.namespace` is the Gateway's namespace when known; when it is not, the Gateway
   * is in the route's namespace, which is also the NetworkPolicy's. A peer must never
   * have an empty `namespaceSelector` (it would match pods of every namespace).
   */
  proxyPeers(gateway: { readonly name: string; readonly namespace?: string }): Record<string, unknown>[];
  /**
   * A PromQL expression for the requests in flight (being served or waiting) from the
   * gateway to a deployment, as the sum of the given traffic shares.
   */
  inFlightRequestsQuery(shares: readonly RouteTrafficShare[]): string;
  /**
   * The controller versions the given objects (as this implementation emits them)
   * need, one entry per field that has a floor. Optional so that implementations
   * written before it keep working; a platform declared in the same app checks them.
   */
  floors?(objects: readonly KubeObject[]): ControllerFloor[];
}

/** True when `value` has the shape of a {@link GatewayImplementation}. */
export function isGatewayImplementation(value: unknown): value is GatewayImplementation {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.displayName === 'string' &&
    typeof v.controllerName === 'string' &&
    typeof v.approximations === 'object' &&
    v.approximations !== null &&
    typeof v.routePolicies === 'function' &&
    typeof v.gatewayPolicies === 'function' &&
    typeof v.proxyPeers === 'function' &&
    typeof v.inFlightRequestsQuery === 'function'
  );
}
