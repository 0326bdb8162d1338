/**
 * The `aks-ml` CLI on random and mutated v1 files: it exits 0 with schema-valid
 * manifests, or 1 (2 for a wrong command line) with `aks-ml: error:` lines, never a
 * stack trace or an internal error, and never leaves a partial output folder.
 * Hundreds of runs call the CLI's `main` in-process (same code path as the binary,
 * minus process start-up); a few run `bin/aks-ml.js` as a process, as users do.
 */
import { spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main';
import { SEED, anyText, image, serviceName } from './support/arbitraries';
import { runs } from './support/runs';
import { checkObjects } from './support/outcome';
import { mutatedDocument, validDocument } from './support/v1-arbitraries';

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'aks-ml.js');

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'aks-ml-cli-quality-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

let counter = 0;
/** A fresh folder with the files written into it. */
function folderWith(files: Array<[string, string]>): string {
  const dir = join(base, `run-${counter++}`);
  mkdirSync(dir);
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  return dir;
}

/** The outcome rules of every run. */
function checkRun(code: number, stdout: string, stderr: string, outDir: string | undefined, name: string): void {
  expect(stderr).not.toMatch(/internal error|This is a bug/);
  expect(stderr + stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  for (const line of stderr.split('\n').filter((l) => l.length > 0)) {
    expect([line.slice(0, 60), /^(aks-ml: (error|warning): |Run "aks-ml )/.test(line) || /^\s/.test(line)]).toEqual([line.slice(0, 60), true]);
  }
  if (code === 0) {
    if (outDir !== undefined) {
      const file = join(outDir, `${name}.k8s.yaml`);
      const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
      expect(docs.length).toBeGreaterThan(0);
      checkObjects(docs);
    }
  } else {
    expect([1, 2]).toContain(code);
    expect(stderr).toMatch(/^aks-ml: error: /m);
    // Nothing written: no output folder, no temporary folder left next to it.
    if (outDir !== undefined) {
      expect(existsSync(outDir)).toBe(false);
      expect(readdirSync(resolve(outDir, '..')).filter((f) => f.includes('.aks-ml-'))).toEqual([]);
    }
  }
}

/** Runs main() in-process, collecting its output. */
function runMain(argv: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const documentText = fc.oneof(
  validDocument.map((d) => d.text ?? JSON.stringify(d.object)),
  mutatedDocument.map((d) => (typeof d === 'string' ? d : (() => { try { return JSON.stringify(d) ?? 'null'; } catch { return '{'; } })())),
);

describe('aks-ml on random and mutated files (in-process)', () => {
  test('convert: manifests that pass their schemas, or errors and no output folder', () => {
    fc.assert(
      fc.property(documentText, fc.oneof(serviceName, anyText.filter((s) => s.trim().length > 0 && !s.startsWith('-'))), image, fc.constantFrom('json', 'yml'), (text, name, img, ext) => {
        const dir = folderWith([[`deploymentconfig.${ext}`, text]]);
        const outDir = join(dir, 'out');
        const r = runMain(['convert', '--deploy-config', join(dir, `deploymentconfig.${ext}`), '--name', name, '--image', img, '--out', outDir]);
        checkRun(r.code, r.stdout, r.stderr, outDir, name);
      }),
      { seed: SEED, numRuns: runs(150) },
    );
  });

  test('convert of endpoint versions (several AKSENDPOINT files): valid endpoint manifests or errors', () => {
    const version = fc.tuple(documentText, serviceName, fc.integer({ min: 0, max: 60 })).map(([text, versionName, pct]) => {
      try {
        const o = JSON.parse(text);
        if (o && typeof o === 'object' && !Array.isArray(o)) return JSON.stringify({ ...o, computeType: 'AKSENDPOINT', versionName, trafficPercentile: pct });
      } catch {
        // keep the text as it is
      }
      return text;
    });
    fc.assert(
      fc.property(fc.array(version, { minLength: 1, maxLength: 3 }), serviceName, image, (texts, name, img) => {
        const dir = folderWith(texts.map((t, i) => [`v${i}.json`, t]));
        const outDir = join(dir, 'out');
        const args = texts.flatMap((_, i) => ['--deploy-config', join(dir, `v${i}.json`)]);
        const r = runMain(['convert', ...args, '--name', name, '--image', img, '--out', outDir]);
        checkRun(r.code, r.stdout, r.stderr, outDir, name);
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  test('validate and explain: exit 0 or 1 with messages, never an internal error', () => {
    fc.assert(
      fc.property(documentText, fc.constantFrom('validate', 'explain'), (text, command) => {
        const dir = folderWith([['deploymentconfig.yml', text]]);
        const r = runMain([command, '--deploy-config', join(dir, 'deploymentconfig.yml')]);
        checkRun(r.code, r.stdout, r.stderr, undefined, 'x');
      }),
      { seed: SEED, numRuns: runs(100) },
    );
  });

  test('a collection as a YAML key: an unknown-key warning of aks-ml, no stray process warning on stderr', () => {
    const emitted = jest.spyOn(process, 'emitWarning');
    try {
      const dir = folderWith([['deploymentconfig.yml', '? [a, b]\n: c\ncomputeType: AKS\n']]);
      const r = runMain(['validate', '--deploy-config', join(dir, 'deploymentconfig.yml')]);
      checkRun(r.code, r.stdout, r.stderr, undefined, 'x');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^aks-ml: warning: .*unknown key/m);
      expect(emitted).not.toHaveBeenCalled();
    } finally {
      emitted.mockRestore();
    }
  });

  test('an existing file that aks-ml did not write is left alone, and nothing else is written', () => {
    const dir = folderWith([['deploymentconfig.json', JSON.stringify({ computeType: 'AKS' })]]);
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'svc-a.k8s.yaml'), 'kind: ConfigMap\n');
    const r = runMain(['convert', '--deploy-config', join(dir, 'deploymentconfig.json'), '--name', 'svc-a', '--image', 'x.azurecr.io/a/b:1', '--out', outDir]);
    expect(r.code).toBe(1);
    expect(readdirSync(outDir)).toEqual(['svc-a.k8s.yaml']);
    expect(readFileSync(join(outDir, 'svc-a.k8s.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    expect(readdirSync(dir).filter((f) => f.includes('.aks-ml-'))).toEqual([]);
  });
});

/** Runs bin/aks-ml.js as a process. */
function runProcess(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, AKS_ML_FROM_SOURCE: '1', AKS_ML_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

describe('aks-ml as a process', () => {
  test('a valid file, a mutated one and binary garbage: exit 0 with manifests, or 1 with messages and no output', async () => {
    const cases = fc.sample(fc.tuple(validDocument, mutatedDocument.filter((d) => typeof d === 'string' && d.includes('computeType'))), { seed: SEED, numRuns: 1 })[0];
    const valid = cases[0].text ?? JSON.stringify(cases[0].object);
    const inputs: Array<[string, string, number | undefined]> = [
      ['valid.json', valid, 0],
      ['mutated.yml', cases[1] as string, undefined],
      ['garbage.yml', '\u0000\u0001\u00ff{{[[::', 1],
    ];
    const runs = await Promise.all(inputs.map(async ([file, content, expected]) => {
      const dir = folderWith([[file, content]]);
      const outDir = join(dir, 'out');
      const r = await runProcess(['convert', '--deploy-config', file, '--name', 'svc-q', '--image', 'x.azurecr.io/a/b:1', '--out', outDir], dir);
      return { r, outDir, expected, file };
    }));
    for (const { r, outDir, expected, file } of runs) {
      if (expected !== undefined) expect([file, r.code]).toEqual([file, expected]);
      checkRun(r.code, r.stdout, r.stderr, outDir, 'svc-q');
    }
  });
});
