/**
 * Reading and loading the v1 deployment config files of the command line. Every
 * problem of every file is collected before failing.
 */
import * as fs from 'node:fs';
import { ConfigurationError } from '../core/errors';
import { loadDeploymentConfig, LoadedDeploymentConfig } from '../core/v1';
import { CliError, CliWarning, UsageError } from './errors';

/** A loaded deployment config file. */
export interface DeployFile {
  /** The path as given on the command line. */
  readonly path: string;
  readonly loaded: LoadedDeploymentConfig;
}

/** Reads a text file, or throws a CliError naming the file and the reason. */
export function readText(path: string, what: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new CliError(`cannot read ${what} "${path}": ${reason}.`);
  }
}

/**
 * Loads every deployment config. Problems of all files are reported together; when
 * `collect` is given, problems are added to it instead of thrown (for `validate`),
 * and the warnings of a file that failed to load go to `collectWarnings`. With
 * `nameGivenElsewhere` (--name), a file's invalid "name" is replaced, not a problem.
 */
export function loadDeployFiles(
  paths: readonly string[],
  command: string,
  collect?: string[],
  collectWarnings?: CliWarning[],
  nameGivenElsewhere = false,
): DeployFile[] {
  if (paths.length === 0) {
    throw new UsageError('--deploy-config is required: the v1 deployment config file (deploymentconfig.json or .yml).', command);
  }
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) throw new UsageError(`--deploy-config "${p}" is given twice.`, command);
    seen.add(p);
  }
  const problems: string[] = collect ?? [];
  const before = problems.length;
  const files: DeployFile[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readText(path, 'deployment config');
    } catch (e) {
      if (e instanceof CliError) {
        problems.push(...e.lines);
        continue;
      }
      throw e;
    }
    try {
      files.push({ path, loaded: loadDeploymentConfig(text, { source: path, nameGivenElsewhere }) });
    } catch (e) {
      if (!(e instanceof ConfigurationError)) throw e;
      problems.push(...e.problems.map((p) => `${path}: ${p}`));
      collectWarnings?.push(...e.warnings.map((warning) => ({ context: path, warning })));
    }
  }
  if (!collect && problems.length > before) throw new CliError(problems);
  return files;
}

/** The sources of the props a file set, prefixed with the file. */
export function fileSources(file: DeployFile): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const [prop, path] of Object.entries(file.loaded.sourceKeys)) sources[prop] = `${file.path}: ${path}`;
  return sources;
}
