/**
 * `aks-ml validate` (in-process; the first test also runs the binary): every problem and warning printed; exit code 1
 * on problems, 0 otherwise (warnings do not fail); nothing written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigurationError, EnvoyGateway, loadDeploymentConfig } from 'aks-ml-constructs';
import { cleanTempDirs, expectNoStackTrace, linesStartingWith, runCli, runCliProcessAndCompare, workDir } from './cli-support';

afterAll(cleanTempDirs);

describe('aks-ml validate', () => {
  test('a valid file: exit 0, its warnings printed', () => {
    const dir = workDir();
    const before = fs.readdirSync(dir).sort();
    // The binary, as a process (and the same result in-process).
    const r = runCliProcessAndCompare(['validate', '--deploy-config', 'webservice.json'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('webservice.json: valid (computeType AKS: a web service), 3 warnings\n');
    expect(linesStartingWith(r.stderr, 'aks-ml: warning: ')).toEqual([
      expect.stringMatching(/^aks-ml: warning: webservice\.json: sslEnabled: is an ACI setting/),
      expect.stringMatching(/^aks-ml: warning: webservice\.json: dataCollection\.storageEnabled: collects nothing: .* enableAppInsights is off/),
      // The file sets maxConcurrentRequestsPerContainer: how the gateway approximates it.
      `aks-ml: warning: webservice.json: maxConcurrentRequestsPerContainer: ${new EnvoyGateway().approximations.replicaMaxConcurrentRequests}`,
    ]);
    expect(linesStartingWith(r.stderr, 'aks-ml: error: ')).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('an invalid file: exit 1, every problem printed', () => {
    const dir = workDir();
    let problems: string[] = [];
    try {
      loadDeploymentConfig(fs.readFileSync(path.join(dir, 'invalid.yml'), 'utf8'), { source: 'invalid.yml' });
    } catch (e) {
      problems = (e as ConfigurationError).problems;
    }
    expect(problems.length).toBeGreaterThanOrEqual(6);
    const r = runCli(['validate', '--deploy-config', 'invalid.yml', '--deploy-config', 'webservice.json'], dir);
    expect(r.status).toBe(1);
    expectNoStackTrace(r.stderr);
    expect(linesStartingWith(r.stderr, 'aks-ml: error: ')).toEqual(problems.map((p) => `aks-ml: error: invalid.yml: ${p}`));
    expect(r.stdout.split('\n')).toEqual([
      `invalid.yml: invalid, ${problems.length} problems, 0 warnings`,
      'webservice.json: valid (computeType AKS: a web service), 3 warnings',
      '',
    ]);
  });

  test('an invalid file still shows the warnings found before the problems', () => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'typo.json'), JSON.stringify({ computeType: 'aks', maxQueueWaitsMs: 100, containerResourceRequirements: { cpu: 0 } }));
    const r = runCli(['validate', '--deploy-config', 'typo.json'], dir);
    expect(r.status).toBe(1);
    expectNoStackTrace(r.stderr);
    expect(linesStartingWith(r.stderr, 'aks-ml: warning: ')).toEqual([expect.stringMatching(/^aks-ml: warning: typo\.json: maxQueueWaitsMs: .*maxQueueWaitMs/)]);
    expect(linesStartingWith(r.stderr, 'aks-ml: error: ')).toEqual([expect.stringMatching(/^aks-ml: error: typo\.json: containerResourceRequirements\.cpu .*greater than zero/)]);
    expect(r.stdout).toBe('typo.json: invalid, 1 problem, 1 warning\n');
  });

  test('AKSENDPOINT files: each file, then the endpoint they make together', () => {
    const dir = workDir();
    const r = runCli(
      ['validate', '--deploy-config', 'endpoint-control.yml', '--deploy-config', 'endpoint-greedy.json', '--name', 'churn'],
      dir,
    );
    expect(r.status).toBe(1);
    expectNoStackTrace(r.stderr);
    const errors = linesStartingWith(r.stderr, 'aks-ml: error: ');
    expect(errors[0]).toMatch(/^aks-ml: error: endpoint "churn": authEnabled differs between the versions' files/);
    expect(errors[1]).toMatch(/^aks-ml: error: endpoint "churn": versions\[\*\]\.trafficPercentile .*a sum of 120/);
    expect(r.stdout.split('\n')).toEqual([
      'endpoint-control.yml: valid (computeType AKSENDPOINT: an endpoint version), 0 warnings',
      'endpoint-greedy.json: valid (computeType AKSENDPOINT: an endpoint version), 0 warnings',
      `endpoint "churn" (2 versions: endpoint-control.yml, endpoint-greedy.json): invalid, ${errors.length} problems, 0 warnings`,
      '',
    ]);
  });
});
