/** Where the CLI writes: stdout for results, stderr for warnings and errors. */
import { CliWarning, formatCliWarning } from './errors';

export interface Io {
  /** A line of results (stdout). */
  out(line: string): void;
  /** A line of diagnostics (stderr). */
  err(line: string): void;
}

/** The process's streams. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function printWarnings(io: Io, warnings: readonly CliWarning[]): void {
  for (const w of warnings) io.err(`aks-ml: warning: ${formatCliWarning(w)}`);
}
