/**
 * Runs `aks-ml` as a process (`node bin/aks-ml.js ...`, from the sources through
 * ts-node) on temporary folders, as users run it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'aks-ml.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in `cwd`; the sources, not a stale lib/, are run. */
export function runCli(args: readonly string[], cwd: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AKS_ML_FROM_SOURCE: '1', AKS_ML_DEBUG: '' },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
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
