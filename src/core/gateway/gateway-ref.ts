/**
 * Which Gateway a scoring service or endpoint is published on, and the URIs that
 * result. The default matches the Gateway that `planGateway` / `AksMlGateway` create
 * with their defaults.
 */
import { ProblemCollector } from '../errors';
import { checkNamespace, isPlainObject } from '../validation';
import { EnvoyGateway } from './envoy-gateway';
import { GatewayImplementation, isGatewayImplementation } from './implementation';

/** The default Gateway name (planGateway / AksMlGateway and the default ref). */
export const DEFAULT_GATEWAY_NAME = 'aks-ml';
/** The default Gateway namespace. */
export const DEFAULT_GATEWAY_NAMESPACE = 'aks-ml-gateway';
/** The name of the HTTPS listener of the Gateway planGateway creates. */
export const HTTPS_LISTENER_NAME = 'https';
/** The name of the optional HTTP listener of the Gateway planGateway creates. */
export const HTTP_LISTENER_NAME = 'http';

/** A reference to the Gateway that publishes a service or endpoint. */
export interface GatewayRef {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * The Gateway's namespace.
   * @default - the namespace of the route (the service's)
   */
  readonly namespace?: string;
  /**
   * The host name clients use (a precise DNS name, no wildcard). The routes only match
   * requests for this host, and the scoring and Swagger URIs are built from it.
   * @default - any host the Gateway listener accepts; no absolute URIs are known
   */
  readonly hostname?: string;
  /**
   * The listener to attach to (Gateway API `sectionName`).
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
  /**
   * The URI scheme clients use.
   * @default 'https'
   */
  readonly scheme?: 'https' | 'http';
  /**
   * The gateway implementation that enforces auth and limits.
   * @default new EnvoyGateway()
   */
  readonly implementation?: GatewayImplementation;
}

/**
 * The default Gateway: `aks-ml` in namespace `aks-ml-gateway`, HTTPS listener `https`
 * (what `planGateway()` / `new AksMlGateway(scope, id)` create with their defaults),
 * enforced by Envoy Gateway.
 */
export const DEFAULT_GATEWAY_REF: GatewayRef = Object.freeze({
  name: DEFAULT_GATEWAY_NAME,
  namespace: DEFAULT_GATEWAY_NAMESPACE,
  sectionName: HTTPS_LISTENER_NAME,
});

/** A gateway reference with its defaults applied. */
export interface ResolvedGatewayRef {
  readonly name: string;
  readonly namespace?: string;
  readonly hostname?: string;
  readonly sectionName?: string;
  readonly scheme: 'https' | 'http';
  readonly implementation: GatewayImplementation;
}

const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a precise host name (RFC 1123, lowercase, no wildcard). */
export function isPreciseHostname(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value) && value.split('.').every((l) => l.length <= 63);
}

/** Validates an optional `gateway` prop, adding problems under `prop`. */
export function validateGatewayRef(c: ProblemCollector, prop: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (!isPlainObject(value)) {
    c.add(prop, value, 'must be { name, namespace?, hostname?, sectionName?, scheme?, implementation? }');
    return false;
  }
  const g = c.child(prop);
  const before = c.problems.length;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string' || v.name.length > 253 || !OBJECT_NAME.test(v.name)) {
    g.add('name', v.name, 'must be the name of a Gateway (lowercase letters, digits, "-" and ".")');
  }
  checkNamespace(g, 'namespace', v.namespace);
  if (v.hostname !== undefined && !isPreciseHostname(v.hostname)) {
    g.add('hostname', v.hostname, 'must be a DNS name in lowercase without wildcard, such as "ml.example.com"');
  }
  if (v.sectionName !== undefined && (typeof v.sectionName !== 'string' || v.sectionName.length > 253 || !DNS_SUBDOMAIN.test(v.sectionName))) {
    g.add('sectionName', v.sectionName, 'must be a listener name (lowercase letters, digits, "-" and ".")');
  }
  if (v.scheme !== undefined && v.scheme !== 'https' && v.scheme !== 'http') {
    g.add('scheme', v.scheme, 'must be "https" or "http"');
  }
  if (v.implementation !== undefined && !isGatewayImplementation(v.implementation)) {
    g.add('implementation', v.implementation, 'must implement GatewayImplementation (e.g. new EnvoyGateway())');
  }
  return c.problems.length === before;
}

/** Applies the defaults of a gateway reference (the whole default when unset). */
export function resolveGatewayRef(value: GatewayRef | undefined): ResolvedGatewayRef {
  const g = value ?? DEFAULT_GATEWAY_REF;
  return {
    name: g.name,
    ...(g.namespace !== undefined ? { namespace: g.namespace } : {}),
    ...(g.hostname !== undefined ? { hostname: g.hostname } : {}),
    ...(g.sectionName !== undefined ? { sectionName: g.sectionName } : {}),
    scheme: g.scheme ?? 'https',
    implementation: g.implementation ?? new EnvoyGateway(),
  };
}

/** The absolute URI of a path on the gateway, when the host name is known. */
export function gatewayUri(gateway: ResolvedGatewayRef, path: string): string | undefined {
  return gateway.hostname ? `${gateway.scheme}://${gateway.hostname}${path}` : undefined;
}

/** The Gateway API `parentRefs` entry of a route attached to this gateway. */
export function parentRefOf(gateway: ResolvedGatewayRef): Record<string, unknown> {
  return {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: gateway.name,
    ...(gateway.namespace !== undefined ? { namespace: gateway.namespace } : {}),
    ...(gateway.sectionName !== undefined ? { sectionName: gateway.sectionName } : {}),
  };
}
