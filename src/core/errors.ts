/**
 * Errors and warnings shared by every construct of the library.
 *
 * Bad input never fails on its first problem: validation collects every problem,
 * then throws one {@link ConfigurationError} that lists them all, before anything
 * is synthesized or created.
 */

const CONFIGURATION_ERROR_BRAND = Symbol.for('aks-ml-constructs.ConfigurationError');

/**
 * Thrown when props are invalid, before anything is synthesized or created.
 * `problems` has one line per problem; the message lists them all.
 *
 * Two copies of this package in one program (a library of yours that depends on
 * another version, say) make `instanceof` unreliable: test with
 * {@link ConfigurationError.isConfigurationError} instead.
 */
export class ConfigurationError extends Error {
  /**
   * True if `x` is a ConfigurationError of any copy of this package (it carries the
   * `Symbol.for('aks-ml-constructs.ConfigurationError')` brand).
   */
  public static isConfigurationError(x: unknown): x is ConfigurationError {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[CONFIGURATION_ERROR_BRAND] === true;
  }

  /** Each problem: the prop (as a path), the value received and the rule it breaks. */
  public readonly problems: string[];
  /** Warnings found before the error (e.g. unknown keys of a v1 file), so they are not lost. */
  public readonly warnings: ConfigurationWarning[];

  constructor(subject: string, problems: readonly string[], warnings: readonly ConfigurationWarning[] = []) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    super(
      `Invalid configuration for ${subject}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${list}`,
    );
    this.name = 'ConfigurationError';
    this.problems = [...problems];
    this.warnings = [...warnings];
    Object.defineProperty(this, CONFIGURATION_ERROR_BRAND, { value: true, enumerable: false });
    Object.setPrototypeOf(this, ConfigurationError.prototype);
  }
}

/**
 * Renders a received value for a message: strings quoted, numbers as written
 * (NaN, Infinity and -0 spelled out), objects as compact JSON, long values cut.
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'number') {
    text = Object.is(value, -0) ? '-0' : String(value);
  } else if (typeof value === 'string') {
    // A private key pasted into the wrong prop must not reach the logs.
    text = /PRIVATE KEY-----/.test(value) ? '"<redacted>"' : JSON.stringify(value);
  } else if (value === undefined) {
    text = 'undefined';
  } else if (typeof value === 'bigint') {
    text = `${value}n`;
  } else if (typeof value === 'function' || typeof value === 'symbol') {
    text = `a ${typeof value}`;
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Collects problems for one object. A problem is worded
 * `<path> <rule>; received <value>.`, e.g.
 * `cpuCores (v1: cpu_cores) must be greater than zero; received -1.`
 */
export class ProblemCollector {
  private readonly items: string[] = [];

  constructor(private readonly prefix: string = '') {}

  /** Adds a problem about `prop` (a path below this collector's prefix). */
  public add(prop: string, value: unknown, rule: string): void {
    // Paths can hold user keys (`env["..."]`): cut long ones like values, so a line stays readable.
    const path = this.path(prop);
    const shown = path.length > 160 ? `${path.slice(0, 120)}...${path.slice(-37)}` : path;
    this.items.push(`${shown} ${rule}; received ${describeValue(value)}.`);
  }

  /** Adds a problem that is not about a single value (e.g. two props in conflict). */
  public addRaw(message: string): void {
    this.items.push(message);
  }

  /** The full path of a prop, e.g. `versions[1].cpuCores`. */
  public path(prop: string): string {
    if (!this.prefix) return prop;
    return prop.startsWith('[') ? `${this.prefix}${prop}` : `${this.prefix}.${prop}`;
  }

  /** A collector for a nested object whose problems land in this one. */
  public child(prop: string): ProblemCollector {
    const child = new ProblemCollector(this.path(prop));
    const parentItems = this.items;
    // Share storage: problems added to the child are problems of the parent.
    (child as unknown as { items: string[] }).items = parentItems;
    return child;
  }

  public get problems(): readonly string[] {
    return this.items;
  }

  public get hasProblems(): boolean {
    return this.items.length > 0;
  }

  /**
   * Throws a {@link ConfigurationError} listing every problem, if there is any,
   * carrying the warnings found so far.
   */
  public throwIfAny(subject: string, warnings: readonly ConfigurationWarning[] = []): void {
    if (this.items.length > 0) throw new ConfigurationError(subject, this.items, warnings);
  }
}

/**
 * A setting that was accepted but cannot take effect as written, or that works
 * differently than in v1.
 */
export interface ConfigurationWarning {
  /**
   * A stable id, `aks-ml:<feature>:<name>` (e.g. `aks-ml:webservice:plainTextKeys`):
   * it does not change when the wording does, so a user can acknowledge it
   * (cdk8s: `Warnings.of(scope).acknowledge(id)`; Pulumi: the `acknowledgeWarnings`
   * arg) and a pipeline can match on it.
   */
  readonly id: string;
  /** The prop the warning is about, as a path (e.g. `autoscaleRefreshSeconds`). */
  readonly prop: string;
  /** What will happen instead, and how to silence it. */
  readonly message: string;
}

/** The pattern of {@link ConfigurationWarning.id}. */
export const WARNING_ID_PATTERN = /^aks-ml:[a-z0-9]+(-[a-z0-9]+)*:[a-z][A-Za-z0-9]*$/;

/** Formats a warning for a log line, with the id to acknowledge it by. */
export function formatWarning(subject: string, w: ConfigurationWarning): string {
  return `${subject}: ${w.prop}: ${w.message} [ack: ${w.id}]`;
}

/** Drops the warnings whose id is in `acknowledged`. */
export function unacknowledged(
  warnings: readonly ConfigurationWarning[],
  acknowledged: ReadonlySet<string> | readonly string[] | undefined,
): ConfigurationWarning[] {
  if (!acknowledged) return [...warnings];
  const ids = acknowledged instanceof Set ? acknowledged : new Set(acknowledged as readonly string[]);
  return ids.size === 0 ? [...warnings] : warnings.filter((w) => !ids.has(w.id));
}

/**
 * Where cdk8s constructs send their warnings; replace it to collect or silence them.
 * `message` is the formatted line; `warning` the structured warning it came from.
 */
export type WarningHandler = (message: string, warning?: ConfigurationWarning) => void;

let warningHandler: WarningHandler = (message) => {
  process.emitWarning(message, { type: 'AksMlConstructsWarning' });
};

/**
 * Replaces the handler that receives synthesis warnings (default: Node's
 * `process.emitWarning`, type `AksMlConstructsWarning`, printed on stderr).
 * Returns the previous handler.
 */
export function setWarningHandler(handler: WarningHandler): WarningHandler {
  const previous = warningHandler;
  warningHandler = handler;
  return previous;
}

/** Sends a warning to the current handler. */
export function emitWarning(message: string, warning?: ConfigurationWarning): void {
  warningHandler(message, warning);
}
