/**
 * Pulumi Inputs in props the core validates as plain values.
 *
 * The core is engine-free: it validates and plans plain strings. A prop given as an
 * Output (or Promise) is planned with a unique placeholder string that passes the
 * core's rules; the placeholders in the planned objects are then replaced by the
 * Inputs' values, as Outputs, before any resource is created. When the values are
 * known, the plan is run again with them (see {@link InputPlaceholders.substitute}),
 * so a value that breaks a rule still fails with the core's ConfigurationError.
 */
import * as pulumi from '@pulumi/pulumi';
import { KubeObject } from '../core/kube';

/** Every placeholder starts with this marker. */
export const PLACEHOLDER_MARKER = 'aksml-pulumi-input';
/**
 * `aksml-pulumi-input-<n>-p`: lowercase letters, digits and "-", so that it is a
 * valid image reference, key, env value... The closing `-p` keeps `...-1-p` from
 * being a prefix of `...-10-p`.
 */
const PLACEHOLDER = /aksml-pulumi-input-\d+-p/g;

/** Re-plans with known values; throws (a ConfigurationError) when they break a rule. */
export type InputValidator = (values: ReadonlyMap<string, unknown>) => void;

function isPlainData(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** True for a value that is not known at construction time (an Output or a Promise). */
export function isDeferred(v: unknown): v is pulumi.Output<unknown> | PromiseLike<unknown> {
  return pulumi.Output.isInstance(v) || (typeof v === 'object' && v !== null && typeof (v as PromiseLike<unknown>).then === 'function');
}

/** Maps over plain objects and arrays, leaving class instances (ModelSource, AuthKeys...) untouched. */
function mapStrings(v: unknown, fn: (s: string) => unknown): unknown {
  if (typeof v === 'string') return fn(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fn));
  if (isPlainData(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapStrings(x, fn);
    return out;
  }
  return v;
}

/** The placeholders of one component. */
export class InputPlaceholders {
  private readonly inputs = new Map<string, pulumi.Input<string> | undefined>();
  private validator?: InputValidator;

  /**
   * The value to plan with: a plain value as is (the core validates it), a
   * placeholder for an Output or a Promise.
   */
  public plan<T>(value: pulumi.Input<T> | undefined): T | undefined {
    if (!isDeferred(value)) return value as T | undefined;
    const token = this.reserve();
    this.inputs.set(token, value as pulumi.Input<string>);
    return token as unknown as T;
  }

  /** A placeholder whose value is bound later with {@link bind} (e.g. a resource created after planning). */
  public reserve(): string {
    const token = `${PLACEHOLDER_MARKER}-${this.inputs.size}-p`;
    this.inputs.set(token, undefined);
    return token;
  }

  /** Gives a reserved placeholder its value. */
  public bind(token: string, value: pulumi.Input<string>): void {
    if (!this.inputs.has(token)) throw new Error(`unknown placeholder ${token}`);
    this.inputs.set(token, value);
  }

  /** Sets the check run on every object's Input values once they are known. */
  public setValidator(validator: InputValidator): void {
    this.validator = validator;
  }

  /** The placeholders that occur in `data` (strings of plain objects and arrays). */
  public used(data: unknown): Set<string> {
    const found = new Set<string>();
    mapStrings(data, (s) => {
      for (const t of this.tokensIn(s)) found.add(t);
      return s;
    });
    return found;
  }

  /** A copy of `data` (e.g. the planned props) with the given values in place of their placeholders. */
  public fill<T>(data: T, values: ReadonlyMap<string, unknown>): T {
    return mapStrings(data, (s) => this.replace(s, values)) as T;
  }

  /**
   * Checks that the planned objects carry placeholders only where an Output can go:
   * whole placeholders (not cut or rewritten by the plan), and none in an object's
   * name or namespace (resource names must be known when the program runs).
   */
  public checkPlanned(objects: readonly KubeObject[], subject: string): void {
    for (const o of objects) {
      for (const f of [o.metadata.name, o.metadata.namespace]) {
        if (typeof f === 'string' && f.includes(PLACEHOLDER_MARKER)) {
          throw new Error(`${subject}: ${o.kind} "${f}": an Output cannot be used in a Kubernetes object name or namespace; pass a plain string.`);
        }
      }
      mapStrings(o, (s) => {
        this.tokensIn(s);
        if (s.replace(PLACEHOLDER, '').includes(PLACEHOLDER_MARKER)) {
          throw new Error(`${subject}: ${o.kind} "${o.metadata.name}": a prop given as an Output was transformed by the plan; pass a plain string.`);
        }
        return s;
      });
    }
  }

  /**
   * `data` with each string that holds placeholders replaced by an Output of the
   * string with the values in. Secretness follows the values in each string. The
   * values of all the placeholders in `data` are first validated together (see
   * {@link setValidator}); every replaced string waits for that check.
   */
  public substitute<T>(data: T): T {
    const used = [...this.used(data)];
    if (used.length === 0) return data;
    const check = this.check(used);
    return mapStrings(data, (s) => {
      const tokens = this.tokensIn(s);
      if (tokens.length === 0) return s;
      return pulumi.all<unknown>([check, ...tokens.map((t) => this.valueOf(t))]).apply(([, ...values]) =>
        this.replace(s, new Map(tokens.map((t, i) => [t, values[i]]))),
      );
    }) as T;
  }

  /**
   * `data` as one Output, with the values in (validated like {@link substitute}).
   * Unlike `pulumi.output(data)`, class instances in `data` keep their class.
   */
  public resolve<T>(data: T): pulumi.Output<T> {
    const used = [...this.used(data)];
    return pulumi.all<unknown>([this.check(used), ...used.map((t) => this.valueOf(t))]).apply(([, ...values]) =>
      this.fill(data, new Map(used.map((t, i) => [t, values[i]]))),
    ) as pulumi.Output<T>;
  }

  /** An Output that is known (true) once the values are, and fails when the validator refuses them; never secret. */
  private check(used: readonly string[]): pulumi.Output<boolean> {
    const validator = this.validator;
    if (!validator || used.length === 0) return pulumi.output(true);
    return pulumi.unsecret(
      pulumi.all(used.map((t) => this.valueOf(t))).apply((values) => {
        validator(new Map(used.map((t, i) => [t, values[i]])));
        return true;
      }),
    );
  }

  private valueOf(token: string): pulumi.Input<string> {
    const v = this.inputs.get(token);
    if (v === undefined) throw new Error(`placeholder ${token} has no value`);
    return v;
  }

  private tokensIn(s: string): string[] {
    const tokens = [...new Set(s.match(PLACEHOLDER) ?? [])];
    for (const t of tokens) if (!this.inputs.has(t)) throw new Error(`unknown placeholder ${t} in ${JSON.stringify(s)}`);
    return tokens;
  }

  /** A whole placeholder becomes the value itself (so that the core sees a value of the wrong type as such). */
  private replace(s: string, values: ReadonlyMap<string, unknown>): unknown {
    if (!s.includes(PLACEHOLDER_MARKER)) return s;
    if (values.has(s)) return values.get(s);
    return s.replace(PLACEHOLDER, (t) => (values.has(t) ? String(values.get(t)) : t));
  }
}
