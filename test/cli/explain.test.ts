/**
 * `aks-ml explain` (in-process; the first test also runs the binary): every setting with its value, its source (the
 * file's JSON path, an option, or the v1 default) and the Kubernetes field that holds it.
 */
import { DEPLOY_CONFIGURATION_PROPS, V1_PARAMETER_NAMES } from '../../src/core/webservice/deploy-configuration';
import { cleanTempDirs, runCli, runCliProcessAndCompare, workDir } from './cli-support';

afterAll(cleanTempDirs);

/** The lines of a table row: the row of `setting` and its continuation lines. */
function row(table: string, setting: string): string {
  const lines = table.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${setting} `));
  if (start < 0) throw new Error(`no row "${setting}" in:\n${table}`);
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith(' ')) end++;
  return lines.slice(start, end).map((l) => l.replace(/\s+/g, ' ').trim()).join('\n');
}

const label = (prop: string) => {
  const v1 = (V1_PARAMETER_NAMES as Record<string, string>)[prop];
  return v1 !== prop ? `${prop} (${v1})` : prop;
};

describe('aks-ml explain', () => {
  test('a web service: values, sources and realisations of every setting', () => {
    const dir = workDir();
    // The binary, as a process (and the same result in-process).
    const r = runCliProcessAndCompare(['explain', '--deploy-config', 'webservice.json', '--name', 'fraud-model', '--image', 'myacr.azurecr.io/fraud:1'], dir);
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out.split('\n')[0]).toBe('Web service "fraud-model" from webservice.json (computeType AKS; JSON)');
    expect(out).toMatch(/^setting +value +source +realised as$/m);
    for (const prop of DEPLOY_CONFIGURATION_PROPS) row(out, label(prop));

    const c = '[Deployment fraud-model spec.template.spec.containers[0]';
    // From the file, with its JSON path.
    expect(row(out, 'cpuCores (cpu_cores)')).toBe(
      'cpuCores (cpu_cores) 0.5 file: containerResourceRequirements.cpu Deployment fraud-model spec.template.spec.containers[0].resources.requests.cpu = "500m"',
    );
    expect(row(out, 'memoryGb (memory_gb)')).toContain('1.5 file: containerResourceRequirements.memoryInGB');
    expect(row(out, 'memoryGb (memory_gb)')).toContain('.resources.requests.memory = "1500M"');
    expect(row(out, 'cpuCoresLimit (cpu_cores_limit)')).toContain('.resources.limits.cpu = "1000m"');
    expect(row(out, 'scoringTimeoutMs (scoring_timeout_ms)')).toContain('30000 file: scoringTimeoutMs');
    expect(row(out, 'scoringTimeoutMs (scoring_timeout_ms)')).toContain('.env[name=SCORING_TIMEOUT_MS].value = "35500"');
    expect(row(out, 'scoringTimeoutMs (scoring_timeout_ms)')).toContain('HTTPRoute fraud-model spec.rules[0].timeouts.request = "30s500ms"');
    expect(row(out, 'autoscaleMaxReplicas (autoscale_max_replicas)')).toBe(
      'autoscaleMaxReplicas (autoscale_max_replicas) 4 file: autoScaler.maxReplicas HorizontalPodAutoscaler fraud-model spec.maxReplicas = 4',
    );
    expect(row(out, 'namespace')).toContain('"ml-scoring" file: namespace Namespace ml-scoring metadata.name = "ml-scoring"');
    // From the v1 defaults.
    expect(row(out, 'autoscaleMinReplicas (autoscale_min_replicas)')).toBe(
      'autoscaleMinReplicas (autoscale_min_replicas) 1 default (v1) HorizontalPodAutoscaler fraud-model spec.minReplicas = 1',
    );
    expect(row(out, 'initialDelaySeconds (initial_delay_seconds)')).toBe(
      `initialDelaySeconds (initial_delay_seconds) 310 default (v1) ${c.slice(1)}.startupProbe.failureThreshold = 68`,
    );
    expect(row(out, 'numReplicas (num_replicas)')).toBe('numReplicas (num_replicas) (none) default (none) not set: the autoscaler owns the replica count');
    expect(row(out, 'primaryKey (primary_key)')).toContain('(generated) default generated in the cluster');
    // From the options.
    expect(row(out, 'name')).toContain('"fraud-model" --name Deployment fraud-model metadata.name = "fraud-model"');
    expect(row(out, 'image')).toContain('"myacr.azurecr.io/fraud:1" --image');
    expect(out).toContain('Scoring: POST /api/v1/service/fraud-model/score');
  });

  test('endpoint versions: a table per version, with its share of the traffic', () => {
    const dir = workDir();
    const r = runCli(['explain', '--deploy-config', 'endpoint-control.yml', '--deploy-config', 'endpoint-candidate.json', '--name', 'churn'], dir);
    expect(r.status).toBe(0);
    const [control, candidate] = r.stdout.split(/\n(?=Version ")/);
    expect(control.split('\n')[0]).toBe('Version "control" of endpoint "churn" from endpoint-control.yml (computeType AKSENDPOINT; YAML)');
    expect(candidate.split('\n')[0]).toBe('Version "candidate" of endpoint "churn" from endpoint-candidate.json (computeType AKSENDPOINT; JSON)');
    expect(row(control, 'trafficPercentile')).toBe('trafficPercentile 70 file: trafficPercentile HTTPRoute churn spec.rules[0].backendRefs[name=churn-control].weight = 70');
    expect(row(candidate, 'trafficPercentile')).toBe('trafficPercentile 30 file: trafficPercentile HTTPRoute churn spec.rules[0].backendRefs[name=churn-candidate].weight = 30');
    expect(row(control, 'isDefault')).toContain('true file: isDefault takes the traffic no version claims');
    expect(row(candidate, 'numReplicas (num_replicas)')).toBe('numReplicas (num_replicas) 2 file: numReplicas Deployment churn-candidate spec.replicas = 2');
    // The endpoint's settings come from whichever file set them.
    expect(row(candidate, 'authEnabled (auth_enabled)')).toContain('true endpoint-control.yml: authEnabled');
    // Without --image: a placeholder, said so.
    expect(row(candidate, 'image')).toContain('placeholder (pass --image or --inference-config)');
  });
});

describe('aks-ml explain --json and --narrow (issue 13)', () => {
  test('--json: one object per service with every setting; --narrow: the same settings, one block each', () => {
    const dir = workDir();
    const args = ['explain', '--deploy-config', 'webservice.json', '--name', 'fraud-model', '--image', 'myacr.azurecr.io/fraud:1'];
    const j = runCli([...args, '--json'], dir);
    expect(j.status).toBe(0);
    const parsed = JSON.parse(j.stdout) as Array<{ heading: string; file: string; settings: Array<{ setting: string; prop: string; value: string; source: string; realisedAs: string[] }> }>;
    expect(parsed).toHaveLength(1);
    expect(parsed[0].heading).toBe('Web service "fraud-model" from webservice.json (computeType AKS; JSON)');
    for (const prop of DEPLOY_CONFIGURATION_PROPS) expect(parsed[0].settings.map((s) => s.prop)).toContain(prop);
    const cpu = parsed[0].settings.find((s) => s.prop === 'cpuCores')!;
    expect(cpu).toEqual({
      setting: 'cpuCores (cpu_cores)', prop: 'cpuCores', value: '0.5', source: 'file: containerResourceRequirements.cpu',
      realisedAs: ['Deployment fraud-model spec.template.spec.containers[0].resources.requests.cpu = "500m"'],
    });
    const n = runCli([...args, '--narrow'], dir);
    expect(n.status).toBe(0);
    const lines = n.stdout.split('\n');
    const at = lines.indexOf('cpuCores (cpu_cores): 0.5');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '  source: file: containerResourceRequirements.cpu',
      '  realised as: Deployment fraud-model spec.template.spec.containers[0].resources.requests.cpu = "500m"',
    ]);
    expect(n.stdout).not.toMatch(/^setting +value +source/m);
  });
});
