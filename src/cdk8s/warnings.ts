/**
 * Warnings of the cdk8s constructs, and how to acknowledge them.
 *
 * Every warning has a stable id (`aks-ml:<feature>:<name>`, printed as `[ack: id]`
 * after the message). Acknowledging an id on a scope silences that warning for every
 * construct below the scope, as aws-cdk's `Annotations.acknowledgeWarning` does: the
 * warning is neither sent to the warning handler nor recorded as metadata.
 */
import { IConstruct } from 'constructs';
import { ConfigurationWarning, emitWarning, formatWarning, unacknowledged } from '../core/errors';

const acknowledgements = new WeakMap<IConstruct, Set<string>>();

/** The warnings of a scope: `Warnings.of(chart).acknowledge('aks-ml:webservice:plainTextKeys')`. */
export class Warnings {
  /** The warnings of `scope` and the constructs below it. */
  public static of(scope: IConstruct): Warnings {
    return new Warnings(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Silences the warnings with these ids for the constructs defined below this scope
   * after this call (acknowledge on the App or a Chart before adding the constructs).
   */
  public acknowledge(...ids: string[]): void {
    let set = acknowledgements.get(this.scope);
    if (!set) acknowledgements.set(this.scope, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  /** The ids acknowledged on this scope or any scope above it. */
  public get acknowledged(): ReadonlySet<string> {
    const ids = new Set<string>();
    for (const s of this.scope.node.scopes) for (const id of acknowledgements.get(s) ?? []) ids.add(id);
    return ids;
  }
}

/**
 * Sends each warning that is not acknowledged to the library's warning handler and
 * records it as construct metadata (`aks-ml-constructs:warning`). Returns the lines.
 */
export function reportWarnings(scope: IConstruct, subject: string, warnings: readonly ConfigurationWarning[]): string[] {
  const shown = unacknowledged(warnings, Warnings.of(scope).acknowledged);
  return shown.map((w) => {
    const line = formatWarning(subject, w);
    scope.node.addMetadata('aks-ml-constructs:warning', line);
    emitWarning(line, w);
    return line;
  });
}
