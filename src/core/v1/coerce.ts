/**
 * Value coercion of the deployment config loader: what v1 and the Azure ML service
 * accepted (quoted numbers and booleans, numbers for strings), each with a warning.
 */
import { describeValue } from '../errors';
import { isPlainObject } from '../validation';
import type { ValueType } from './keys';

const NUMERIC_STRING = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const TRUE_STRINGS = new Set(['true', 'yes', 'on']);
const FALSE_STRINGS = new Set(['false', 'no', 'off']);

export interface Coerced {
  readonly value: unknown;
  readonly warning?: string;
}

/** Reads a raw value as `type`, as v1 and the service did; a warning when it was coerced. */
export function coerce(type: ValueType, raw: unknown): Coerced {
  switch (type) {
    case 'number':
      if (typeof raw === 'string' && NUMERIC_STRING.test(raw)) {
        const value = Number(raw);
        return {
          value,
          warning: `the string ${describeValue(raw)} was read as the number ${value}; write it without quotes ` +
            '(v1 passed a quoted number on as a string, which its own range checks could not compare).',
        };
      }
      return { value: raw };
    case 'boolean':
      if (typeof raw === 'string') {
        const lower = raw.trim().toLowerCase();
        if (TRUE_STRINGS.has(lower) || FALSE_STRINGS.has(lower)) {
          const value = TRUE_STRINGS.has(lower);
          return {
            value,
            warning: `the string ${describeValue(raw)} was read as ${value}; write ${value} without quotes ` +
              '(v1 sent the string to the service, which read it as a boolean, but its own checks took any non-empty string as true).',
          };
        }
      }
      if (raw === 0 || raw === 1) {
        return { value: raw === 1, warning: `the number ${raw} was read as ${raw === 1}; write ${raw === 1} instead.` };
      }
      return { value: raw };
    case 'string':
      if (typeof raw === 'number' && Number.isFinite(raw)) {
        return { value: String(raw), warning: `the number ${raw} was read as the string "${raw}".` };
      }
      return { value: raw };
    case 'stringMap': {
      if (!isPlainObject(raw)) return { value: raw };
      const converted: string[] = [];
      // Object.fromEntries, not assignment: a key such as "__proto__" stays a key.
      const out = Object.fromEntries(Object.entries(raw).map(([k, v]) => {
        if (typeof v !== 'number' && typeof v !== 'boolean') return [k, v];
        converted.push(k);
        return [k, String(v)];
      }));
      return {
        value: out,
        warning: converted.length
          ? `the values of ${converted.map((k) => JSON.stringify(k)).join(', ')} were read as strings (tags and properties are strings).`
          : undefined,
      };
    }
    case 'versionType':
      if (typeof raw === 'string') {
        const lower = raw.trim().toLowerCase();
        if (lower === 'control') return { value: 'Control' };
        if (lower === 'treatment') return { value: 'Treatment' };
      }
      return { value: raw };
  }
}

/** The id of every warning about a value read as another type (a quoted number, a number for a string, ...). */
export const VALUE_COERCED = 'aks-ml:v1:valueCoerced';
