/**
 * Runs `aks-ml` on temporary folders, as users run it: in-process through the CLI's
 * `main` (the code path of the binary minus process start-up, so hundreds of runs stay
 * cheap), and as a real process (`node bin/aks-ml.js ...`, from the sources through
 * ts-node) once per command, which also checks that both give the same result.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'aks-ml.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI's `main` in-process in `cwd`, as `node bin/aks-ml.js ...` would:
 * what it writes to stdout and stderr (one line per write, as the process streams
 * get them), and its exit code. Process warnings (`process.emitWarning`, which a
 * process prints on stderr) are caught and added to stderr, so a test asserting an
 * empty stderr still fails when one is emitted.
 */
export function runCli(args: readonly string[], cwd: string): CliResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const previousDir = process.cwd();
  const previousDebug = process.env.AKS_ML_DEBUG;
  const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error, ...rest: unknown[]) => {
    const name = warning instanceof Error ? warning.name : typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string })?.type ?? 'Warning';
    stderr.push(`(node) ${name}: ${warning instanceof Error ? warning.message : warning}\n`);
  });
  process.env.AKS_ML_DEBUG = '';
  process.chdir(cwd);
  try {
    const status = main(args, { out: (line) => stdout.push(`${line}\n`), err: (line) => stderr.push(`${line}\n`) });
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.chdir(previousDir);
    if (previousDebug === undefined) delete process.env.AKS_ML_DEBUG;
    else process.env.AKS_ML_DEBUG = previousDebug;
    emitWarning.mockRestore();
  }
}

/** Runs `node bin/aks-ml.js` as a process in `cwd`; the sources, not a stale lib/, are run. */
export function runCliProcess(args: readonly string[], cwd: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AKS_ML_FROM_SOURCE: '1', AKS_ML_DEBUG: '' },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI as a process in `cwd`, then in-process in a fresh copy of the fixtures,
 * and asserts both give the same exit code, stdout and stderr (the in-process runs of
 * the other tests stand for the binary). Returns the process's result.
 */
export function runCliProcessAndCompare(args: readonly string[], cwd: string): CliResult {
  const spawned = runCliProcess(args, cwd);
  expect(runCli(args, workDir())).toEqual(spawned);
  return spawned;
}

const made: string[] = [];

/** A fresh temporary folder holding a copy of the CLI fixtures (removed by {@link cleanTempDirs}). */
export function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-ml-cli-'));
  made.push(dir);
  for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  return dir;
}

export function cleanTempDirs(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** The documents of a multi-document YAML file. */
export function readManifest(file: string): Record<string, any>[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => {
    if (d.errors.length > 0) throw d.errors[0];
    return d.toJS() as Record<string, any>;
  });
}

/** The lines of a stream that start with a prefix. */
export function linesStartingWith(text: string, prefix: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(prefix));
}

/** Asserts that nothing looks like a JavaScript stack trace. */
export function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+$/m);
  expect(text).not.toMatch(/internal error/);
}
