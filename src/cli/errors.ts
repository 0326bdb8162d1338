/**
 * The CLI's errors. Every error is printed as `aks-ml: error: ...` lines (one per
 * problem), never with a stack trace; configuration errors exit with 1, usage errors
 * with 2.
 */
import type { ConfigurationWarning } from '../core/errors';

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** An error with one or more lines to print, each prefixed `aks-ml: error: `. */
export class CliError extends Error {
  public readonly lines: string[];
  public readonly exitCode: number;

  constructor(lines: string | readonly string[], exitCode: number = EXIT_ERROR) {
    const list = typeof lines === 'string' ? [lines] : [...lines];
    super(list.join('\n'));
    this.name = 'CliError';
    this.lines = list;
    this.exitCode = exitCode;
    Object.setPrototypeOf(this, CliError.prototype);
  }
}

/** A wrong command line: printed with a hint to `--help`, exit code 2. */
export class UsageError extends CliError {
  public readonly command?: string;

  constructor(message: string, command?: string) {
    super([message], EXIT_USAGE);
    this.name = 'UsageError';
    this.command = command;
    Object.setPrototypeOf(this, UsageError.prototype);
  }
}

/** A warning with the context it is printed with (a file, or a service). */
export interface CliWarning {
  readonly context: string;
  readonly warning: ConfigurationWarning;
}

/** A warning line (without the `aks-ml: warning: ` prefix). */
export function formatCliWarning(w: CliWarning): string {
  return `${w.context}: ${w.warning.prop}: ${w.warning.message}`;
}
