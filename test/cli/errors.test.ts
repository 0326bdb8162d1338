/**
 * Errors of `aks-ml` (in-process, see cli-support.ts): every problem is printed as an
 * `aks-ml: error: ...` line, never a stack trace; exit code 1 for invalid input, 2 for
 * a wrong command line; and nothing is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigurationError, loadDeploymentConfig } from 'aks-ml-constructs';
import { cleanTempDirs, expectNoStackTrace, linesStartingWith, runCli, workDir } from './cli-support';

afterAll(cleanTempDirs);

/** The problems the loader reports for a file. */
function loaderProblems(file: string): string[] {
  try {
    loadDeploymentConfig(fs.readFileSync(file, 'utf8'), { source: path.basename(file) });
  } catch (e) {
    if (e instanceof ConfigurationError) return e.problems;
    throw e;
  }
  throw new Error(`${file} loads without problems`);
}

describe('aks-ml convert: invalid input', () => {
  test('every problem of every file, as aks-ml: error lines; exit 1; no output folder; no stack trace', () => {
    const dir = workDir();
    const before = fs.readdirSync(dir).sort();
    const r = runCli(
      ['convert', '--deploy-config', 'invalid.yml', '--deploy-config', 'missing.json', '--name', 'fraud', '--image', 'x.azurecr.io/a:1', '--out', 'k8s'],
      dir,
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r.stderr);
    const expected = [
      ...loaderProblems(path.join(dir, 'invalid.yml')).map((p) => `aks-ml: error: invalid.yml: ${p}`),
      'aks-ml: error: cannot read deployment config "missing.json": no such file.',
    ];
    expect(expected.length).toBeGreaterThanOrEqual(7);
    expect(linesStartingWith(r.stderr, 'aks-ml: error:').sort()).toEqual(expected.sort());
    // Nothing written: no output folder, no temporary folder.
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('no image: building images is out of scope', () => {
    const dir = workDir();
    const r = runCli(['convert', '--deploy-config', 'webservice.json', '--name', 'fraud-model'], dir);
    expect(r.status).toBe(1);
    const errors = linesStartingWith(r.stderr, 'aks-ml: error:');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^aks-ml: error: no image to run: pass --image .* building images is out of scope for aks-ml/);
    expectNoStackTrace(r.stderr);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('endpoint versions that disagree: every problem, with the files they come from', () => {
    const dir = workDir();
    const r = runCli(
      ['convert', '--deploy-config', 'endpoint-control.yml', '--deploy-config', 'endpoint-greedy.json', '--name', 'churn', '--image', 'x.azurecr.io/a:1'],
      dir,
    );
    expect(r.status).toBe(1);
    expectNoStackTrace(r.stderr);
    const errors = linesStartingWith(r.stderr, 'aks-ml: error: ');
    expect(errors).toEqual([
      'aks-ml: error: endpoint "churn": authEnabled differs between the versions\' files: endpoint-control.yml (authEnabled) true, ' +
        'endpoint-greedy.json (authEnabled) false. It is a setting of the endpoint, shared by all its versions: give it the same ' +
        'value in every file (or set it in one file only).',
      expect.stringMatching(/^aks-ml: error: endpoint "churn": versions\[\*\]\.trafficPercentile .*must add up to at most 100.*a sum of 120/),
      'aks-ml: error: endpoint "churn": the versions are versions[0] = endpoint-control.yml, versions[1] = endpoint-greedy.json.',
    ]);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('aks-ml: wrong command lines exit with 2', () => {
  test('an unknown option', () => {
    const dir = workDir();
    const r = runCli(['convert', '--deploy-config', 'webservice.json', '--name', 'x', '--image', 'x.io/a:1', '--frobnicate'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('aks-ml: error: unknown option --frobnicate.\nRun "aks-ml convert --help" for usage.\n');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('a missing --deploy-config', () => {
    const dir = workDir();
    const r = runCli(['validate', '--name', 'x'], dir);
    expect(r.status).toBe(2);
    expect(linesStartingWith(r.stderr, 'aks-ml: error: ')).toEqual([
      'aks-ml: error: --deploy-config is required: the v1 deployment config file (deploymentconfig.json or .yml).',
    ]);
  });

  test('a malformed --gateway', () => {
    const dir = workDir();
    const r = runCli(['convert', '--deploy-config', 'webservice.json', '--name', 'x', '--image', 'x.io/a:1', '--gateway', 'a/b/c'], dir);
    expect(r.status).toBe(2);
    expect(linesStartingWith(r.stderr, 'aks-ml: error: ')).toEqual(['aks-ml: error: --gateway must be NAME or NAMESPACE/NAME; received "a/b/c".']);
    expectNoStackTrace(r.stderr);
  });
});
