/**
 * The oracle of the property tests: a run either returns (and then its output must
 * pass every check), or throws exactly one ConfigurationError that lists its
 * problems. Any other exception is a failure, reported with the inputs by fast-check.
 */
import { ConfigurationError } from 'aks-ml-constructs';
import { setWarningHandler } from '../../../src/core/errors';
import { validateAll } from '../../support/schema';
import { apiServerProblems } from './k8s-rules';

export type Outcome<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: string[] }
  | { readonly ok: false; readonly error: ConfigurationError; readonly warnings: string[] };

/** The longest problem line we accept: values are cut, so lines stay readable. */
export const MAX_PROBLEM_LENGTH = 600;

/**
 * Runs `fn` with the library's warnings captured. A ConfigurationError is returned
 * after checking its shape; anything else thrown is rethrown (a failed property).
 */
export function run<T>(fn: () => T): Outcome<T> {
  const warnings: string[] = [];
  const previous = setWarningHandler((m) => warnings.push(m));
  try {
    return { ok: true, value: fn(), warnings };
  } catch (e) {
    if (!(e instanceof ConfigurationError)) {
      throw new Error(`expected output or a ConfigurationError, got ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
    }
    checkConfigurationError(e);
    return { ok: false, error: e, warnings };
  } finally {
    setWarningHandler(previous);
  }
}

/** A ConfigurationError lists at least one problem, each a readable line that the message repeats. */
export function checkConfigurationError(e: ConfigurationError): void {
  if (!Array.isArray(e.problems) || e.problems.length === 0) throw new Error(`ConfigurationError without problems: ${e.message}`);
  for (const p of e.problems) {
    if (typeof p !== 'string' || p.trim().length === 0) throw new Error(`empty problem in ${e.message}`);
    if (p.length > MAX_PROBLEM_LENGTH) throw new Error(`problem line of ${p.length} characters: ${p.slice(0, 200)}...`);
    if (!e.message.includes(p)) throw new Error(`message does not list the problem ${p}`);
  }
  if (!e.message.includes(`${e.problems.length} problem`)) throw new Error(`message does not count the problems: ${e.message.split('\n')[0]}`);
}

/** Throws unless the objects pass the upstream schemas and the API server's other rules. */
export function checkObjects(objects: readonly Record<string, any>[]): void {
  validateAll(objects);
  const problems = apiServerProblems(objects);
  if (problems.length > 0) throw new Error(`objects the API server would reject:\n  ${problems.join('\n  ')}`);
}

/**
 * True when some problem is about `prop`: the line starts with its path, or names it
 * as a word in a rule about several props (e.g. "resourceId and resourceGroup/clusterName are both set").
 */
export function mentions(problems: readonly string[], prop: string): boolean {
  const word = new RegExp(`(^|[^A-Za-z])${prop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`);
  return problems.some((p) => p.startsWith(`${prop} `) || p.startsWith(`${prop}.`) || p.startsWith(`${prop}[`) || p.startsWith(`${prop}(`) || word.test(p.split(';')[0]));
}

/** JSON with sorted keys, without undefined (how cdk8s writes objects), for comparisons. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .filter((k) => (value as any)[k] !== undefined)
        .map((k) => [k, canonical((value as any)[k])]),
    );
  }
  return value;
}
