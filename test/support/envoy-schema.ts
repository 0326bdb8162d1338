/**
 * Validators for the Envoy Gateway objects the library emits (SecurityPolicy,
 * BackendTrafficPolicy, ClientTrafficPolicy, EnvoyProxy), which no published package models.
 *
 * They read ONLY the vendored schemas in test/fixtures/envoy-gateway/*.json (made by
 * test/fixtures/envoy-gateway/vendor.py from Envoy Gateway's CRDs) and check an object
 * three ways:
 *  1. ajv against the CRD's openAPIV3Schema (types, enums, patterns, bounds, required);
 *  2. a strict walk that rejects any field the schema does not define (the API server
 *     would prune it silently, or reject it under strict field validation);
 *  3. the CRD's CEL rules (`x-kubernetes-validations`) on every node the object
 *     reaches, evaluated by a CEL implementation (@bufbuild/cel) on the node with the
 *     schema's defaults applied. A rule that cannot be evaluated (a Kubernetes CEL
 *     library function, a parse error) fails validation, so no rule is skipped unnoticed.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { CelInput, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

export const ENVOY_GATEWAY_KINDS = ['SecurityPolicy', 'BackendTrafficPolicy', 'ClientTrafficPolicy', 'EnvoyProxy'] as const;
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
// CEL rules, evaluated with a CEL implementation (@bufbuild/cel), as the API server
// does: `self` is the node after the schema's defaults are applied, objects are CEL
// maps, integers CEL ints. The Kubernetes CEL libraries beyond the standard ones and
// the strings extension (quantity, url, ...) are not available: a rule that uses one,
// or that otherwise cannot be evaluated, fails validation.
// ---------------------------------------------------------------------------------

type CelCheck = (self: unknown) => { ok: boolean; error?: string };

const celEnvironment = celEnv({ funcs: strings });
const celPlans = new Map<string, CelCheck | undefined>();

/** A JSON value as CEL input: objects become maps, integers ints. */
export function toCelValue(v: unknown): CelInput {
  if (Array.isArray(v)) return v.map(toCelValue);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v as Obj).map(([k, x]) => [k, toCelValue(x)]));
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v as CelInput;
}

/** The checker of a CEL rule, or undefined when the rule does not parse. */
export function celCheckFor(rule: string): CelCheck | undefined {
  if (celPlans.has(rule)) return celPlans.get(rule);
  let check: CelCheck | undefined;
  try {
    const evaluate = plan(celEnvironment, parse(rule));
    check = (self) => {
      const out = evaluate({ self: toCelValue(self) });
      if (isCelError(out)) return { ok: false, error: out.message };
      if (typeof out !== 'boolean') return { ok: false, error: `evaluates to ${String(out)}, not a boolean` };
      return { ok: out };
    };
  } catch {
    check = undefined;
  }
  celPlans.set(rule, check);
  return check;
}

/** A copy of `data` with the schema's defaults applied to unset fields (structural defaulting). */
export function withDefaults(data: unknown, schema: Schema | undefined): unknown {
  if (schema === undefined || data === undefined || data === null) return data;
  if (Array.isArray(data)) return schema.items ? data.map((d) => withDefaults(d, schema.items)) : data;
  if (typeof data !== 'object') return data;
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const out: Obj = {};
  for (const [k, v] of Object.entries(data as Obj)) {
    const child = props[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    out[k] = withDefaults(v, child);
  }
  for (const [k, child] of Object.entries(props)) {
    if (out[k] === undefined && child.default !== undefined) out[k] = JSON.parse(JSON.stringify(child.default));
  }
  return out;
}

const normalize = (rule: string) => rule.replace(/\s+/g, ' ').trim();

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
    const result = check ? check(data) : { ok: false, error: 'does not parse' };
    if (result.error !== undefined) {
      errors.push(`${at || '.'}: CEL rule cannot be evaluated (${result.error}): ${normalize(v.rule)}`);
    } else if (!result.ok) {
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
  walk(withDefaults(obj.spec, crd.schema.properties.spec), crd.schema.properties.spec, '.spec', errors);
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
