/**
 * Validators for the Envoy Gateway objects the library emits (SecurityPolicy,
 * BackendTrafficPolicy, ClientTrafficPolicy), which no published package models.
 *
 * They read ONLY the vendored schemas in test/fixtures/envoy-gateway/*.json (made by
 * test/fixtures/envoy-gateway/vendor.py from Envoy Gateway's CRDs) and check an object
 * three ways:
 *  1. ajv against the CRD's openAPIV3Schema (types, enums, patterns, bounds, required);
 *  2. a strict walk that rejects any field the schema does not define (the API server
 *     would prune it silently, or reject it under strict field validation);
 *  3. the CRD's CEL rules (`x-kubernetes-validations`) on every node the object
 *     reaches, each re-implemented below. A rule without a re-implementation on a
 *     node the object reaches fails validation, so no rule is skipped unnoticed.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';

export const ENVOY_GATEWAY_KINDS = ['SecurityPolicy', 'BackendTrafficPolicy', 'ClientTrafficPolicy'] as const;
export type EnvoyGatewayKind = (typeof ENVOY_GATEWAY_KINDS)[number];

interface VendoredCrd {
  readonly provenance: Record<string, unknown>;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly schema: Schema;
}

type Schema = Record<string, any>;
type Obj = Record<string, any>;

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'envoy-gateway');

/** Loads a vendored CRD schema (never the original under ../shared). */
export function loadVendoredCrd(kind: EnvoyGatewayKind): VendoredCrd {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${kind}.json`), 'utf8')) as VendoredCrd;
}

// ---------------------------------------------------------------------------------
// CEL rules, re-implemented. `has(x)` is "the field is set".
// ---------------------------------------------------------------------------------

type CelCheck = (self: any) => boolean;

const has = (o: any, k: string): boolean => o !== null && typeof o === 'object' && o[k] !== undefined;
const kindsOf = (list: string): string[] => list.split(',').map((k) => k.trim().replace(/^'|'$/g, ''));
const TLS_ORDER_MIN: Record<string, number> = { 'Auto': 0, '1.0': 1, '1.1': 2, '1.2': 3, '1.3': 4 };
const TLS_ORDER_MAX: Record<string, number> = { '1.0': 1, '1.1': 2, '1.2': 3, '1.3': 4, 'Auto': 5 };

/** Rules written out once, by their exact text (whitespace collapsed). */
const EXACT_RULES: Record<string, CelCheck> = {
  "(has(self.targetRef) && !has(self.targetRefs)) || (!has(self.targetRef) && has(self.targetRefs)) || (has(self.targetSelectors) && self.targetSelectors.size() > 0)": (s) =>
    (has(s, 'targetRef') && !has(s, 'targetRefs')) || (!has(s, 'targetRef') && has(s, 'targetRefs')) || (has(s, 'targetSelectors') && s.targetSelectors.length > 0),
  "has(self.targetRef) ? self.targetRef.group == 'gateway.networking.k8s.io' : true": (s) =>
    has(s, 'targetRef') ? s.targetRef.group === 'gateway.networking.k8s.io' : true,
  "has(self.targetRefs) ? self.targetRefs.all(ref, ref.group == 'gateway.networking.k8s.io') : true": (s) =>
    has(s, 'targetRefs') ? s.targetRefs.every((r: Obj) => r.group === 'gateway.networking.k8s.io') : true,
  '(has(self.authorization) && has(self.authorization.rules) && self.authorization.rules.exists(r, has(r.principal) ? has(r.principal.jwt) : false)) ? has(self.jwt) : true': (s) =>
    has(s, 'authorization') && has(s.authorization, 'rules') && s.authorization.rules.some((r: Obj) => (has(r, 'principal') ? has(r.principal, 'jwt') : false))
      ? has(s, 'jwt')
      : true,
  '(has(self.headers) ? 1 : 0) + (has(self.params) ? 1 : 0) + (has(self.cookies) ? 1 : 0) == 1': (s) =>
    (has(s, 'headers') ? 1 : 0) + (has(s, 'params') ? 1 : 0) + (has(s, 'cookies') ? 1 : 0) === 1,
  'has(self.principal) || has(self.cel)': (s) => has(s, 'principal') || has(s, 'cel'),
  'has(self.methods) || has(self.path)': (s) => has(s, 'methods') || has(s, 'path'),
  '(has(self.clientCIDRs) || has(self.jwt) || has(self.headers) || has(self.clientIPGeoLocations))': (s) =>
    has(s, 'clientCIDRs') || has(s, 'jwt') || has(s, 'headers') || has(s, 'clientIPGeoLocations'),
  '(has(self.claims) || has(self.scopes))': (s) => has(s, 'claims') || has(s, 'scopes'),
  '!(has(self.optional) && has(self.failOpen))': (s) => !(has(s, 'optional') && has(s, 'failOpen')),
  '(has(self.recomputeRoute) && self.recomputeRoute) ? size(self.claimToHeaders) > 0 : true': (s) =>
    has(s, 'recomputeRoute') && s.recomputeRoute ? (s.claimToHeaders ?? []).length > 0 : true,
  'has(self.remoteJWKS) || has(self.localJWKS)': (s) => has(s, 'remoteJWKS') || has(s, 'localJWKS'),
  '!(has(self.remoteJWKS) && has(self.localJWKS))': (s) => !(has(s, 'remoteJWKS') && has(s, 'localJWKS')),
  "(self.type == 'Inline' && has(self.inline) && !has(self.valueRef)) || (self.type == 'ValueRef' && !has(self.inline) && has(self.valueRef))": (s) =>
    (s.type === 'Inline' && has(s, 'inline') && !has(s, 'valueRef')) || (s.type === 'ValueRef' && !has(s, 'inline') && has(s, 'valueRef')),
  '!has(self.backendRef)': (s) => !has(s, 'backendRef'),
  'has(self.backendSettings)? (has(self.backendSettings.retry)?(has(self.backendSettings.retry.perRetry)? !has(self.backendSettings.retry.perRetry.timeout):true):true):true': (s) =>
    !(has(s, 'backendSettings') && has(s.backendSettings, 'retry') && has(s.backendSettings.retry, 'perRetry') && has(s.backendSettings.retry.perRetry, 'timeout')),
  'has(self.backendSettings)? (has(self.backendSettings.retry)?(has(self.backendSettings.retry.retryOn)? !has(self.backendSettings.retry.retryOn.httpStatusCodes):true):true):true': (s) =>
    !(has(s, 'backendSettings') && has(s.backendSettings, 'retry') && has(s.backendSettings.retry, 'retryOn') && has(s.backendSettings.retry.retryOn, 'httpStatusCodes')),
  '!has(self.compression) || !has(self.compressor)': (s) => !has(s, 'compression') || !has(s, 'compressor'),
  '!has(self.requestBuffer) || !has(self.httpUpgrade) || self.httpUpgrade.size() == 0': (s) =>
    !has(s, 'requestBuffer') || !has(s, 'httpUpgrade') || s.httpUpgrade.length === 0,
  "!((has(self.connection) && has(self.connection.preconnect) && has(self.connection.preconnect.predictivePercent)) && !(has(self.loadBalancer) && has(self.loadBalancer.type) && self.loadBalancer.type in ['Random', 'RoundRobin']))": (s) =>
    !(
      has(s, 'connection') && has(s.connection, 'preconnect') && has(s.connection.preconnect, 'predictivePercent') &&
      !(has(s, 'loadBalancer') && has(s.loadBalancer, 'type') && ['Random', 'RoundRobin'].includes(s.loadBalancer.type))
    ),
  'self.numerator <= self.denominator': (s) => s.numerator <= (s.denominator ?? 100),
  "has(self.minVersion) && self.minVersion == '1.3' ? !has(self.ciphers) : true": (s) => (has(s, 'minVersion') && s.minVersion === '1.3' ? !has(s, 'ciphers') : true),
  'has(self.minVersion) && has(self.maxVersion) ? {"Auto":0,"1.0":1,"1.1":2,"1.2":3,"1.3":4}[self.minVersion] <= {"1.0":1,"1.1":2,"1.2":3,"1.3":4,"Auto":5}[self.maxVersion] : !has(self.minVersion) && has(self.maxVersion) ? 3 <= {"1.0":1,"1.1":2,"1.2":3,"1.3":4,"Auto":5}[self.maxVersion] : true': (s) =>
    has(s, 'minVersion') && has(s, 'maxVersion')
      ? TLS_ORDER_MIN[s.minVersion] <= TLS_ORDER_MAX[s.maxVersion]
      : !has(s, 'minVersion') && has(s, 'maxVersion')
        ? 3 <= TLS_ORDER_MAX[s.maxVersion]
        : true,
  "!has(self.allowExpiredCertificate) || !self.allowExpiredCertificate || !has(self.mode) || self.mode in ['VerifyIfGiven', 'RequireAndVerify']": (s) =>
    !has(s, 'allowExpiredCertificate') || !s.allowExpiredCertificate || !has(s, 'mode') || ['VerifyIfGiven', 'RequireAndVerify'].includes(s.mode),
};

/** Rules that differ between CRDs only by a list of kinds. */
const PATTERN_RULES: Array<[RegExp, (m: RegExpMatchArray) => CelCheck]> = [
  [/^has\(self\.targetRef\) \? self\.targetRef\.kind in \[(.+)\] : true$/, (m) => (s) => (has(s, 'targetRef') ? kindsOf(m[1]).includes(s.targetRef.kind) : true)],
  [
    /^has\(self\.targetRefs\) \? self\.targetRefs\.all\(ref, ref\.kind in \[(.+)\]\) : true$/,
    (m) => (s) => (has(s, 'targetRefs') ? s.targetRefs.every((r: Obj) => kindsOf(m[1]).includes(r.kind)) : true),
  ],
  [
    // mergeType and admissionControl: the field is only allowed with targets of some kinds.
    /^!has\(self\.(mergeType|admissionControl)\) \|\| \(\(!has\(self\.targetRef\) \|\| self\.targetRef\.kind in \[(.+?)\]\) && \(!has\(self\.targetRefs\) \|\| self\.targetRefs\.all\(ref, ref\.kind in \[(.+?)\]\)\) && \(!has\(self\.targetSelectors\) \|\| self\.targetSelectors\.all\(sel, sel\.kind in \[(.+?)\]\)\)\)$/,
    (m) => (s) => {
      if (!has(s, m[1])) return true;
      const ok = (k: string, list: string) => kindsOf(list).includes(k);
      return (
        (!has(s, 'targetRef') || ok(s.targetRef.kind, m[2])) &&
        (!has(s, 'targetRefs') || s.targetRefs.every((r: Obj) => ok(r.kind, m[3]))) &&
        (!has(s, 'targetSelectors') || s.targetSelectors.every((r: Obj) => ok(r.kind, m[4])))
      );
    },
  ],
];

const normalize = (rule: string) => rule.replace(/\s+/g, ' ').trim();

/** The JS re-implementation of a CEL rule, if there is one. */
export function celCheckFor(rule: string): CelCheck | undefined {
  const r = normalize(rule);
  const exact = Object.entries(EXACT_RULES).find(([k]) => normalize(k) === r);
  if (exact) return exact[1];
  for (const [re, make] of PATTERN_RULES) {
    const m = r.match(re);
    if (m) return make(m);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------
// The strict walk.
// ---------------------------------------------------------------------------------

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkMetadata(meta: unknown, errors: string[]): void {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    errors.push('metadata: must be an object');
    return;
  }
  const m = meta as Obj;
  for (const k of Object.keys(m)) {
    if (!['name', 'namespace', 'labels', 'annotations'].includes(k)) errors.push(`metadata.${k}: unknown field`);
  }
  if (typeof m.name !== 'string' || m.name.length > 253 || !DNS_SUBDOMAIN.test(m.name)) errors.push(`metadata.name: ${JSON.stringify(m.name)} is not a DNS subdomain`);
  if (m.namespace !== undefined && (typeof m.namespace !== 'string' || m.namespace.length > 63 || !DNS_LABEL.test(m.namespace))) {
    errors.push(`metadata.namespace: ${JSON.stringify(m.namespace)} is not a DNS label`);
  }
  for (const [k, v] of Object.entries((m.labels ?? {}) as Obj)) {
    if (!LABEL_KEY.test(k) || typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) errors.push(`metadata.labels[${k}]: invalid label`);
  }
  for (const [k, v] of Object.entries((m.annotations ?? {}) as Obj)) {
    if (!LABEL_KEY.test(k) || typeof v !== 'string') errors.push(`metadata.annotations[${k}]: invalid annotation`);
  }
}

function walk(data: unknown, schema: Schema, at: string, errors: string[]): void {
  if (data === undefined || schema === undefined) return;
  for (const v of (schema['x-kubernetes-validations'] ?? []) as Array<{ rule: string; message?: string }>) {
    const check = celCheckFor(v.rule);
    if (!check) {
      errors.push(`${at || '.'}: CEL rule not re-implemented in test/support/envoy-schema.ts: ${normalize(v.rule)}`);
    } else if (!check(data)) {
      errors.push(`${at || '.'}: ${v.message ?? v.rule}`);
    }
  }
  if (schema['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(data)) {
    if (schema.items) data.forEach((item, i) => walk(item, schema.items, `${at}[${i}]`, errors));
    return;
  }
  if (data === null || typeof data !== 'object') return;
  const props = schema.properties as Record<string, Schema> | undefined;
  const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined;
  for (const [k, v] of Object.entries(data as Obj)) {
    const child = props?.[k] ?? additional;
    if (!child) {
      errors.push(`${at}.${k}: unknown field (not in the ${props ? 'schema\'s properties' : 'schema'})`);
    } else {
      walk(v, child, `${at}.${k}`, errors);
    }
  }
}

// ---------------------------------------------------------------------------------
// ajv.
// ---------------------------------------------------------------------------------

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, validateFormats: true });
  for (const k of [
    'x-kubernetes-validations',
    'x-kubernetes-int-or-string',
    'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
  ]) {
    ajv.addKeyword({ keyword: k });
  }
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) });
  return ajv;
}

const compiled = new Map<string, { crd: VendoredCrd; validate: ValidateFunction }>();

function compiledFor(kind: EnvoyGatewayKind) {
  let c = compiled.get(kind);
  if (!c) {
    const crd = loadVendoredCrd(kind);
    c = { crd, validate: newAjv().compile(crd.schema) };
    compiled.set(kind, c);
  }
  return c;
}

/** Every schema problem of an Envoy Gateway object (empty when valid). */
export function envoySchemaErrors(obj: Record<string, any>): string[] {
  const kind = obj?.kind as EnvoyGatewayKind;
  if (!ENVOY_GATEWAY_KINDS.includes(kind)) return [`not an Envoy Gateway kind this library emits: ${String(obj?.kind)}`];
  const { crd, validate } = compiledFor(kind);
  const errors: string[] = [];
  if (obj.apiVersion !== crd.apiVersion) errors.push(`apiVersion: ${JSON.stringify(obj.apiVersion)} is not ${crd.apiVersion}`);
  if (!validate(obj)) {
    for (const e of validate.errors ?? []) errors.push(`${e.instancePath || '.'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }
  for (const k of Object.keys(obj)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(k)) errors.push(`.${k}: unknown field`);
  }
  checkMetadata(obj.metadata, errors);
  walk(obj.spec, crd.schema.properties.spec, '.spec', errors);
  return errors;
}

/** Throws when an Envoy Gateway object does not match its vendored CRD schema. */
export function validateEnvoyObject(obj: Record<string, any>): void {
  const errors = envoySchemaErrors(obj);
  if (errors.length > 0) throw new Error(errors.join('\n'));
}

/** Registers the validators with a registry (test/support/schema.ts calls this). */
export function registerEnvoyGatewayValidators(register: (apiVersion: string, kind: string, validator: (obj: Record<string, unknown>) => void) => void): void {
  for (const kind of ENVOY_GATEWAY_KINDS) {
    register(loadVendoredCrd(kind).apiVersion, kind, (obj) => validateEnvoyObject(obj as Record<string, any>));
  }
}
