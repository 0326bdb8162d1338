/**
 * Writes output files all-or-nothing: everything is written to a temporary folder
 * next to the output folder (same file system), then moved into place. A new output
 * folder appears whole (one rename); into an existing one, each file is moved with an
 * atomic rename. Files of the output folder that are not written are never touched,
 * and a file of the same name is only replaced when aks-ml wrote it.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MANAGED_BY } from '../core/metadata';
import { CliError } from './errors';

/** One file to write: its name inside the output folder and its content. */
export interface OutputFile {
  readonly name: string;
  readonly content: string;
}

/** True when an existing file holds only objects labelled as managed by aks-ml-constructs. */
function writtenByUs(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (text.trim() === '') return true;
  try {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs)) return false;
    const objects = docs.map((d) => (d.errors.length > 0 ? undefined : d.toJS())).filter((o) => o !== null);
    return (
      objects.length > 0 &&
      objects.every((o) => o !== undefined && typeof o === 'object' && o.metadata?.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY)
    );
  } catch {
    return false;
  }
}

/**
 * Checks that the files can be written to `outDir`: the folder is a folder (or does
 * not exist) and no file of the same name was written by someone else. Throws a
 * CliError listing every conflict.
 */
export function checkOutput(outDir: string, files: readonly OutputFile[]): void {
  const problems: string[] = [];
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(outDir);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) {
    throw new CliError(`--out "${outDir}" exists and is not a folder.`);
  }
  if (stat) {
    for (const f of files) {
      const target = path.join(outDir, f.name);
      if (!fs.existsSync(target)) continue;
      if (fs.statSync(target).isDirectory()) {
        problems.push(`"${target}" is a folder; aks-ml would write a file of that name. Remove it or choose another --out.`);
      } else if (!writtenByUs(target)) {
        problems.push(
          `"${target}" exists and was not written by aks-ml (its objects are not labelled ` +
            `app.kubernetes.io/managed-by: ${MANAGED_BY}); it is left alone. Remove it or choose another --out.`,
        );
      }
    }
  }
  if (problems.length > 0) throw new CliError(problems);
}

/**
 * A new, empty folder in `parent` with the default permissions (what mkdir gives,
 * unlike mkdtemp's 0700: the folder may become the output folder itself).
 */
function makeTempDir(parent: string, prefix: string): string {
  for (let attempt = 0; ; attempt++) {
    const dir = path.join(parent, `${prefix}${randomBytes(6).toString('hex')}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw e;
    }
  }
}

/** Writes the files all-or-nothing (see the module comment). Returns the paths written. */
export function writeOutput(outDir: string, files: readonly OutputFile[]): string[] {
  checkOutput(outDir, files);
  const absOut = path.resolve(outDir);
  const parent = path.dirname(absOut);
  let tmp: string;
  try {
    fs.mkdirSync(parent, { recursive: true });
    tmp = makeTempDir(parent, `.${path.basename(absOut)}.aks-ml-`);
  } catch (e) {
    throw new CliError(`cannot write to "${outDir}": ${(e as Error).message}`);
  }
  let moved = false;
  try {
    for (const f of files) fs.writeFileSync(path.join(tmp, f.name), f.content, { encoding: 'utf8', flag: 'wx' });
    if (!fs.existsSync(absOut)) {
      try {
        fs.renameSync(tmp, absOut);
        moved = true;
      } catch (e) {
        // Someone created the folder meanwhile: fall through and move file by file.
        if (!fs.existsSync(absOut)) throw e;
      }
    }
    if (!moved) {
      for (const f of files) fs.renameSync(path.join(tmp, f.name), path.join(absOut, f.name));
    }
  } catch (e) {
    throw new CliError(`cannot write to "${outDir}": ${(e as Error).message}`);
  } finally {
    if (!moved) fs.rmSync(tmp, { recursive: true, force: true });
  }
  return files.map((f) => path.join(outDir, f.name));
}
