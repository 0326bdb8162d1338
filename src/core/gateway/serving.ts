/**
 * The serving props shared by web services and endpoints: the Gateway they are
 * published on and the Microsoft Entra ID settings of token auth.
 *
 * Token auth (v1 `token_auth_enabled`) validated Azure ML-issued tokens; those are gone
 * with the v1 service, so tokens here are Microsoft Entra ID access tokens for an app
 * registration of yours (`entraAudience`), validated at the gateway.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { GatewayRef, validateGatewayRef } from './gateway-ref';
import { TokenIssuer } from './implementation';

/**
 * The Entra ID token versions to accept. An access token's version follows the
 * `accessTokenAcceptedVersion` of the API's app registration (unset or 1: v1 tokens,
 * issuer `https://sts.windows.net/<tenant>/`; 2: v2 tokens, issuer
 * `https://login.microsoftonline.com/<tenant>/v2.0`), not the endpoint the client used.
 */
export type EntraTokenVersion = 'v1' | 'v2';

/** Serving props shared by web services and endpoints. */
export interface GatewayServingProps {
  /**
   * The Gateway the service is published on.
   * @default DEFAULT_GATEWAY_REF: `aks-ml` in `aks-ml-gateway`, listener `https`
   */
  readonly gateway?: GatewayRef;
  /**
   * The Microsoft Entra ID tenant (directory) id, a GUID, whose tokens are accepted.
   * Required when `tokenAuthEnabled`.
   * @default - none
   */
  readonly entraTenantId?: string;
  /**
   * The audience(s) a token must be issued for (`aud` claim): the Application ID URI
   * (e.g. `api://fraud-scoring`, usual in v1 tokens) and/or the client id of your API's
   * app registration (usual in v2 tokens). At most 8. Required when `tokenAuthEnabled`.
   * @default - none
   */
  readonly entraAudience?: string | string[];
  /**
   * Which Entra ID token versions to accept.
   * @default ['v2', 'v1'] (both: the version depends on the app registration)
   */
  readonly entraTokenVersions?: EntraTokenVersion[];
  /**
   * App roles a caller must hold (one of them, in the token's `roles` claim): the
   * authorization of daemon callers (client credentials), whose application is granted
   * an app role of your API, and of users assigned one. With `entraRequiredScopes`, a
   * token with one of the roles or one of the scopes passes. Without either, any
   * principal of the tenant that can get a token for the audience passes (a warning);
   * "Assignment required" on the API's enterprise application also restricts that.
   * At most 128.
   * @default - none
   */
  readonly entraRequiredRoles?: string[];
  /**
   * Delegated permissions (scopes) a caller must have been granted (one of them, in the
   * token's `scp` claim): the authorization of apps calling on behalf of a user. At most 16.
   * Needs Envoy Gateway 1.7.0 or later (which reads `scp`).
   * @default - none
   */
  readonly entraRequiredScopes?: string[];
}

/** Token auth with its defaults applied. */
export interface ResolvedTokenAuth {
  readonly tenantId: string;
  readonly audiences: readonly string[];
  readonly versions: readonly EntraTokenVersion[];
  /** One issuer per accepted version. */
  readonly issuers: readonly TokenIssuer[];
  /** App roles, one of which a token must carry (empty: no role check). */
  readonly requiredRoles: readonly string[];
  /** Scopes, one of which a token must carry (empty: no scope check). */
  readonly requiredScopes: readonly string[];
}

/** The most app roles `entraRequiredRoles` holds (Envoy Gateway: values of one JWT claim). */
export const MAX_ENTRA_REQUIRED_ROLES = 128;
/** The most scopes `entraRequiredScopes` holds. */
export const MAX_ENTRA_REQUIRED_SCOPES = 16;
const CLAIM_VALUE = /^[^\s]{1,253}$/;

function checkClaimValues(c: ProblemCollector, prop: string, value: unknown, max: number, what: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0) {
    c.add(prop, value, `must be a non-empty list of ${what}`);
    return;
  }
  if (value.length > max) c.add(prop, value, `must name at most ${max} ${what} (it has ${value.length})`);
  const seen = new Set<string>();
  value.forEach((v, i) => {
    if (typeof v !== 'string' || !CLAIM_VALUE.test(v)) {
      c.add(`${prop}[${i}]`, v, `must be one of the ${what} of your API's app registration: 1 to 253 characters, no spaces`);
    } else if (seen.has(v)) {
      c.add(`${prop}[${i}]`, v, 'is listed twice');
    } else {
      seen.add(v);
    }
  });
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Envoy Gateway accepts at most 8 audiences per JWT provider. */
export const MAX_ENTRA_AUDIENCES = 8;

/** The issuer and signing keys of Entra ID tokens of a version, for a tenant. */
export function entraIssuer(tenantId: string, version: EntraTokenVersion): TokenIssuer {
  const tenant = tenantId.toLowerCase();
  return version === 'v2'
    ? {
      name: 'entra-id-v2',
      issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
      jwksUri: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
    }
    : {
      name: 'entra-id-v1',
      issuer: `https://sts.windows.net/${tenant}/`,
      jwksUri: `https://login.microsoftonline.com/${tenant}/discovery/keys`,
    };
}

function audiencesOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/**
 * Validates the serving props, adding problems to `c` (use a child collector for a
 * nested object). `tokenAuthEnabled` is the effective token-auth switch.
 */
export function validateServingProps(
  c: ProblemCollector,
  props: GatewayServingProps,
  tokenAuthEnabled: boolean,
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  const p = props as Record<string, unknown>;
  validateGatewayRef(c, 'gateway', p.gateway);
  const entraSet = ['entraTenantId', 'entraAudience', 'entraTokenVersions', 'entraRequiredRoles', 'entraRequiredScopes'].filter((k) => p[k] !== undefined);
  checkClaimValues(c, 'entraRequiredRoles', p.entraRequiredRoles, MAX_ENTRA_REQUIRED_ROLES, 'app role values');
  checkClaimValues(c, 'entraRequiredScopes', p.entraRequiredScopes, MAX_ENTRA_REQUIRED_SCOPES, 'scope values');
  if (p.entraTenantId !== undefined && (typeof p.entraTenantId !== 'string' || !GUID.test(p.entraTenantId))) {
    c.add('entraTenantId', p.entraTenantId, 'must be the tenant (directory) id, a GUID such as "72f988bf-86f1-41af-91ab-2d7cd011db47" (token issuers name the tenant by its id)');
  } else if (tokenAuthEnabled && p.entraTenantId === undefined) {
    c.add('entraTenantId', p.entraTenantId, 'is required when tokenAuthEnabled is true: the Microsoft Entra ID tenant whose tokens are accepted');
  }
  if (p.entraAudience !== undefined) {
    const list = Array.isArray(p.entraAudience) ? (p.entraAudience as unknown[]) : [p.entraAudience];
    if (list.length === 0) {
      c.add('entraAudience', p.entraAudience, 'must name at least one audience');
    } else if (list.length > MAX_ENTRA_AUDIENCES) {
      c.add('entraAudience', p.entraAudience, `must name at most ${MAX_ENTRA_AUDIENCES} audiences (it has ${list.length})`);
    }
    const seen = new Set<string>();
    list.forEach((a, i) => {
      const path = Array.isArray(p.entraAudience) ? `entraAudience[${i}]` : 'entraAudience';
      if (typeof a !== 'string' || a.trim().length === 0 || a !== a.trim() || a.length > 1024) {
        c.add(path, a, 'must be a non-empty audience without surrounding spaces, such as "api://fraud-scoring" or an app (client) id');
      } else if (seen.has(a)) {
        c.add(path, a, 'is listed twice');
      } else {
        seen.add(a);
      }
    });
  } else if (tokenAuthEnabled) {
    c.add('entraAudience', p.entraAudience, 'is required when tokenAuthEnabled is true: the Application ID URI or client id of your API\'s app registration');
  }
  if (p.entraTokenVersions !== undefined) {
    const v = p.entraTokenVersions;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => x !== 'v1' && x !== 'v2') || new Set(v).size !== v.length) {
      c.add('entraTokenVersions', v, 'must be a non-empty list of "v1" and/or "v2", each at most once');
    }
  }
  if (tokenAuthEnabled && p.entraRequiredRoles === undefined && p.entraRequiredScopes === undefined) {
    warnings.push({
      id: 'aks-ml:gateway:tokenAuthAnyPrincipal',
      prop: 'tokenAuthEnabled',
      message:
        'lets in any principal of the tenant that can get a token for the audience (any app can request one with client ' +
        'credentials): set entraRequiredRoles (daemon callers) and/or entraRequiredScopes (delegated callers), or turn on ' +
        '"Assignment required" on the enterprise application of your API.',
    });
  }
  if (!tokenAuthEnabled && entraSet.length > 0) {
    warnings.push({ id: 'aks-ml:gateway:entraWithoutTokenAuth', prop: entraSet[0], message: 'has no effect: token auth is off (tokenAuthEnabled is not true).' });
  }
  return warnings;
}

/** The token auth settings, when token auth is on (after validation). */
export function resolveTokenAuth(props: GatewayServingProps, tokenAuthEnabled: boolean): ResolvedTokenAuth | undefined {
  if (!tokenAuthEnabled) return undefined;
  const tenantId = props.entraTenantId!;
  const versions = [...(props.entraTokenVersions ?? (['v2', 'v1'] as EntraTokenVersion[]))];
  return {
    tenantId,
    audiences: audiencesOf(props.entraAudience),
    versions,
    issuers: versions.map((v) => entraIssuer(tenantId, v)),
    requiredRoles: [...(props.entraRequiredRoles ?? [])],
    requiredScopes: [...(props.entraRequiredScopes ?? [])],
  };
}
