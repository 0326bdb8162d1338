/**
 * The parts of the Envoy Gateway API (`gateway.envoyproxy.io/v1alpha1`) this library
 * writes, typed by hand: no published package models Envoy Gateway's CRDs
 * (@kubernetes-models covers Gateway API, KEDA and External Secrets, not Envoy
 * Gateway). Field names, types, enums and bounds follow the CRDs' openAPIV3Schema;
 * the tests validate every emitted object against a vendored copy of those schemas
 * (test/fixtures/envoy-gateway/*.json) with ajv and a walk that rejects any field the
 * schema does not define. Only the fields the library sets are declared.
 */
import { ObjectMeta } from '../kube';

export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';
export const ENVOY_GATEWAY_API_VERSION = `${ENVOY_GATEWAY_GROUP}/v1alpha1`;

/** `LocalPolicyTargetReferenceWithSectionName`: the Gateway API object a policy attaches to. */
export interface EgPolicyTargetReference {
  /** Always `gateway.networking.k8s.io` (a CEL rule of every policy CRD). */
  readonly group: 'gateway.networking.k8s.io';
  readonly kind: 'Gateway' | 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'ListenerSet';
  readonly name: string;
  /** Gateway: a listener name; HTTPRoute: a rule name. */
  readonly sectionName?: string;
}

/** `SecretObjectReference` in `apiKeyAuth.credentialRefs`. */
export interface EgSecretObjectReference {
  /** `''` for the core group. */
  readonly group?: '';
  readonly kind?: 'Secret';
  readonly name: string;
  readonly namespace?: string;
}

/** `apiKeyAuth.extractFrom[]`: exactly one of headers, params, cookies. */
export interface EgApiKeyExtractFrom {
  readonly headers?: string[];
  readonly params?: string[];
  readonly cookies?: string[];
}

/** `spec.apiKeyAuth`. */
export interface EgApiKeyAuth {
  /** Opaque Secrets whose every entry is an accepted key (entry name = client id). */
  readonly credentialRefs: EgSecretObjectReference[];
  readonly extractFrom: EgApiKeyExtractFrom[];
  /** Remove the key from the request before forwarding it. */
  readonly sanitize?: boolean;
  readonly forwardClientIDHeader?: string;
}

/** `authorization.rules[].principal.jwt.claims[]`. */
export interface EgJwtClaim {
  readonly name: string;
  /** `StringArray`: the claim is a list and must hold one of the values. */
  readonly valueType?: 'String' | 'StringArray';
  /** 1 to 128; one must match. */
  readonly values: string[];
}

/** `authorization.rules[].principal.jwt`: claims of a token validated by the provider of that name (in the same policy). */
export interface EgJwtPrincipal {
  readonly provider: string;
  /** All must match. */
  readonly claims?: EgJwtClaim[];
  /** All must be in the `scope` (or, from v1.7.0, `scp`) claim. */
  readonly scopes?: string[];
}

/** `spec.authorization.rules[]` (the subset used: a CEL expression or a JWT principal). */
export interface EgAuthorizationRule {
  readonly name?: string;
  readonly action: 'Allow' | 'Deny';
  readonly principal?: { readonly jwt?: EgJwtPrincipal };
  /**
   * A CEL expression over Envoy attributes (`request.headers`, `request.path`, ...);
   * the rule matches only when it evaluates to boolean true (errors never match).
   */
  readonly cel?: string;
}

/** `spec.authorization`. */
export interface EgAuthorization {
  readonly defaultAction?: 'Allow' | 'Deny';
  readonly rules?: EgAuthorizationRule[];
}

/** `jwt.providers[].extractFrom.headers[]`. */
export interface EgJwtHeaderExtractor {
  readonly name: string;
  /** Stripped before the token is read, e.g. `"Bearer "` (with the space). */
  readonly valuePrefix?: string;
}

/** `spec.jwt.providers[]`. */
export interface EgJwtProvider {
  readonly name: string;
  readonly issuer?: string;
  /** At most 8. */
  readonly audiences?: string[];
  readonly remoteJWKS?: { readonly uri: string };
  readonly extractFrom?: { readonly headers?: EgJwtHeaderExtractor[] };
}

/** `spec.jwt`. */
export interface EgJwt {
  /** 1 to 16 providers; a token is valid when any provider validates it. */
  readonly providers: EgJwtProvider[];
  /** Whether a request without a token is let through (false: 401). */
  readonly optional?: boolean;
}

/** `SecurityPolicy.spec` (subset). */
export interface EgSecurityPolicySpec {
  readonly targetRefs: EgPolicyTargetReference[];
  readonly apiKeyAuth?: EgApiKeyAuth;
  readonly authorization?: EgAuthorization;
  readonly jwt?: EgJwt;
}

/** `BackendTrafficPolicy.spec.circuitBreaker`. All counts are per Envoy proxy process. */
export interface EgCircuitBreaker {
  /** Connections to the backend cluster (one route rule); default 1024. */
  readonly maxConnections?: number;
  /** Requests waiting for a connection; beyond it Envoy answers 503 at once. Default 1024. */
  readonly maxPendingRequests?: number;
  /** Requests in flight to the cluster; default 1024. */
  readonly maxParallelRequests?: number;
  readonly maxParallelRetries?: number;
  readonly maxRequestsPerConnection?: number;
  /** Per backend endpoint (pod) limits. */
  readonly perEndpoint?: { readonly maxConnections?: number };
}

/** `BackendTrafficPolicy.spec.retry` (subset). */
export interface EgRetry {
  /** 0: never retry. */
  readonly numRetries?: number;
}

/** `BackendTrafficPolicy.spec` (subset). */
export interface EgBackendTrafficPolicySpec {
  readonly targetRefs: EgPolicyTargetReference[];
  readonly circuitBreaker?: EgCircuitBreaker;
  readonly retry?: EgRetry;
  /** Receive each request whole before forwarding it; a body over `limit` (a quantity, e.g. `100Mi`) is answered 413. */
  readonly requestBuffer?: { readonly limit: string };
}

export type EgTlsVersion = 'Auto' | '1.0' | '1.1' | '1.2' | '1.3';

/** `ClientTrafficPolicy.spec` (subset). */
export interface EgClientTrafficPolicySpec {
  readonly targetRefs: EgPolicyTargetReference[];
  readonly tls?: { readonly minVersion?: EgTlsVersion; readonly maxVersion?: EgTlsVersion };
}

/** A type alias (not an interface) so that it is assignable to `KubeObject`. */
type EgObject<K extends string, S> = {
  readonly apiVersion: typeof ENVOY_GATEWAY_API_VERSION;
  readonly kind: K;
  readonly metadata: ObjectMeta;
  readonly spec: S;
};

export type EgSecurityPolicy = EgObject<'SecurityPolicy', EgSecurityPolicySpec>;
export type EgBackendTrafficPolicy = EgObject<'BackendTrafficPolicy', EgBackendTrafficPolicySpec>;
export type EgClientTrafficPolicy = EgObject<'ClientTrafficPolicy', EgClientTrafficPolicySpec>;
