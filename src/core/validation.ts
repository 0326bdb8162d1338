/**
 * Small, strict value checks used by every config model. Each check adds at most
 * one problem to the collector and returns whether the value passed.
 */
import { ProblemCollector } from './errors';

/** Kubernetes namespace (RFC 1123 label), as Azure ML v1 checked it. */
export const NAMESPACE_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Azure ML v1 service and endpoint-version names. */
export const SERVICE_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const SERVICE_NAME_MIN = 3;
export const SERVICE_NAME_MAX = 32;

export interface NumberRule {
  /** Value must be > this (exclusive). */
  readonly greaterThan?: number;
  /** Value must be >= this (inclusive). */
  readonly atLeast?: number;
  /** Value must be <= this (inclusive). */
  readonly atMost?: number;
  /** Value must be a whole number. */
  readonly integer?: boolean;
  /** How the rule reads in a message when the bound fails, e.g. "must be greater than zero". */
  readonly boundText?: string;
  /** The v1 Python name, shown in messages for migrating users. */
  readonly v1?: string;
  /**
   * Set when the value comes from a v1 parameter: the finite, upper-bound and
   * whole-number rules are then departures from v1 (which had none of them), and
   * their messages say so with this reason (e.g. what Kubernetes stores).
   */
  readonly departure?: string;
}

function v1Suffix(v1?: string): string {
  return v1 ? ` (v1: ${v1})` : '';
}

/** Checks an optional number. Undefined passes. */
export function checkNumber(c: ProblemCollector, prop: string, value: unknown, rule: NumberRule): boolean {
  if (value === undefined) return true;
  const name = `${prop}${v1Suffix(rule.v1)}`;
  if (typeof value !== 'number') {
    c.add(name, value, 'must be a number');
    return false;
  }
  if (Number.isNaN(value) || !Number.isFinite(value)) {
    c.add(name, value, `must be a finite number${rule.departure !== undefined ? departure('NaN and Infinity are no quantity Kubernetes or Azure can store') : ''}`);
    return false;
  }
  if (Object.is(value, -0)) {
    c.add(name, value, rule.boundText ?? 'must not be negative zero');
    return false;
  }
  if (rule.greaterThan !== undefined && !(value > rule.greaterThan)) {
    c.add(name, value, rule.boundText ?? `must be greater than ${rule.greaterThan}`);
    return false;
  }
  if (rule.atLeast !== undefined && !(value >= rule.atLeast)) {
    c.add(name, value, rule.boundText ?? `must be greater than or equal to ${rule.atLeast}`);
    return false;
  }
  if (rule.atMost !== undefined && !(value <= rule.atMost)) {
    c.add(name, value, `must be at most ${rule.atMost}${rule.departure !== undefined ? departure(rule.departure) : ''}`);
    return false;
  }
  if (rule.integer && !Number.isInteger(value)) {
    c.add(name, value, `must be a whole number${rule.departure !== undefined ? departure(rule.departure) : ''}`);
    return false;
  }
  if (rule.integer && !Number.isSafeInteger(value)) {
    c.add(name, value, `must be at most ${Number.MAX_SAFE_INTEGER}`);
    return false;
  }
  return true;
}

/** Checks an optional boolean. Undefined passes. */
export function checkBoolean(c: ProblemCollector, prop: string, value: unknown, v1?: string): boolean {
  if (value === undefined || typeof value === 'boolean') return true;
  c.add(`${prop}${v1Suffix(v1)}`, value, 'must be true or false');
  return false;
}

/** Checks an optional string (non-empty unless allowEmpty). Undefined passes. */
export function checkString(
  c: ProblemCollector,
  prop: string,
  value: unknown,
  opts: { allowEmpty?: boolean; maxLength?: number; v1?: string } = {},
): boolean {
  if (value === undefined) return true;
  const name = `${prop}${v1Suffix(opts.v1)}`;
  if (typeof value !== 'string') {
    c.add(name, value, 'must be a string');
    return false;
  }
  if (!opts.allowEmpty && value.trim().length === 0) {
    c.add(name, value, 'must not be empty');
    return false;
  }
  if (opts.maxLength !== undefined && value.length > opts.maxLength) {
    c.add(name, value, `must be at most ${opts.maxLength} characters long (it has ${value.length})`);
    return false;
  }
  return true;
}

/** Checks an optional map of string to string. Undefined passes. */
export function checkStringMap(c: ProblemCollector, prop: string, value: unknown, opts: { allowEmptyKey?: boolean } = {}): boolean {
  if (value === undefined) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    c.add(prop, value, 'must be an object mapping strings to strings');
    return false;
  }
  let ok = true;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.length === 0 && !opts.allowEmptyKey) {
      c.add(`${prop}`, value, 'must not have an empty key');
      ok = false;
    } else if (typeof v !== 'string') {
      c.add(`${prop}[${JSON.stringify(k)}]`, v, 'must be a string');
      ok = false;
    }
  }
  return ok;
}

/** Checks a service (or endpoint version) name against the Azure ML v1 rule. */
export function checkServiceName(c: ProblemCollector, prop: string, value: unknown, required = true): boolean {
  if (value === undefined && !required) return true;
  if (typeof value !== 'string') {
    c.add(prop, value, `must be a string of ${SERVICE_NAME_MIN} to ${SERVICE_NAME_MAX} characters`);
    return false;
  }
  if (value.length < SERVICE_NAME_MIN || value.length > SERVICE_NAME_MAX) {
    c.add(
      prop,
      value,
      `must be ${SERVICE_NAME_MIN} to ${SERVICE_NAME_MAX} characters long (it has ${value.length})`,
    );
    return false;
  }
  if (!SERVICE_NAME_PATTERN.test(value)) {
    c.add(
      prop,
      value,
      'must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit',
    );
    return false;
  }
  return true;
}

/** Checks a Kubernetes namespace name. Undefined passes. */
export function checkNamespace(c: ProblemCollector, prop: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'string' || !NAMESPACE_PATTERN.test(value)) {
    c.add(
      prop,
      value,
      'must be a valid Kubernetes namespace: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
    );
    return false;
  }
  return true;
}

/** True when `value` is a plain object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether a value counts as given the way Azure ML SDK v1 decided it: by Python
 * truthiness, so `0` (and `-0`) and `""` are not given and the default applies. This
 * is the rule for defaults, conflicts and all-or-none groups everywhere in the library
 * (range checks still see a `0`, as v1's did). With `kind`, only that type's falsy
 * value is "not given": a `""` for a number is still a value of the wrong type, and is
 * refused. `null` is refused as a wrong type too (the v1 file loaders read a `null`
 * as unset before this). `NaN` is truthy in Python: given (and then refused).
 */
export function v1Given(value: unknown, kind?: 'number' | 'string'): boolean {
  if (value === undefined) return false;
  if (value === '' && kind !== 'number') return false;
  if (value === 0 && kind !== 'string') return false;
  return true;
}

/** Where the deliberate departures from v1 are listed, for messages. */
export const V1_DEPARTURES_DOC = 'docs/v1-departures.md';

/**
 * The suffix of a message about a rule v1 did not have: says that v1 accepted the
 * value, why the library does not, and where the departures are listed.
 */
export function departure(reason: string): string {
  return ` (a departure from v1, which accepted it: ${reason}; see ${V1_DEPARTURES_DOC})`;
}
