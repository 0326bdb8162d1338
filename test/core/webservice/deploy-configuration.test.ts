import { AksWebserviceDeployConfiguration, ConfigurationError, resolveDeployConfiguration } from 'aks-ml-constructs';
import { DEPLOY_CONFIGURATION_PROPS, V1_PARAMETER_NAMES, WEBSERVICE_DEFAULTS } from '../../../src/core/webservice/deploy-configuration';

/** The problems a configuration produces (empty when valid). */
function problemsOf(props: AksWebserviceDeployConfiguration | Record<string, unknown>): string[] {
  try {
    resolveDeployConfiguration(props as AksWebserviceDeployConfiguration);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as ConfigurationError).problems;
  }
}

describe('defaults match the Azure ML v1 reference table (§1)', () => {
  const { config } = resolveDeployConfiguration({});
  // The reference table, row by row.
  test.each([
    ['autoscaleEnabled', true],
    ['autoscaleMinReplicas', 1],
    ['autoscaleMaxReplicas', 10],
    ['autoscaleRefreshSeconds', 1],
    ['autoscaleTargetUtilization', 70],
    ['collectModelData', false],
    ['authEnabled', true],
    ['tokenAuthEnabled', false],
    ['cpuCores', 0.1],
    ['memoryGb', 0.5],
    ['cpuCoresLimit', undefined],
    ['memoryGbLimit', undefined],
    ['gpuCores', 0],
    ['enableAppInsights', false],
    ['scoringTimeoutMs', 60000],
    ['replicaMaxConcurrentRequests', 1],
    ['maxRequestWaitTime', 500],
    ['numReplicas', undefined],
    ['primaryKey', undefined],
    ['secondaryKey', undefined],
    ['periodSeconds', 10],
    ['initialDelaySeconds', 310],
    ['timeoutSeconds', 2],
    ['successThreshold', 1],
    ['failureThreshold', 3],
    ['namespace', undefined],
    ['computeTargetName', undefined],
    ['blobfuseEnabled', true],
    ['description', undefined],
  ])('%s defaults to %p', (prop, expected) => {
    expect((config as unknown as Record<string, unknown>)[prop]).toEqual(expected);
  });

  test('tags and properties default to empty maps and nothing is marked as set', () => {
    expect(config.tags).toEqual({});
    expect(config.properties).toEqual({});
    expect(config.explicitlySet).toEqual([]);
  });

  test('every v1 parameter of deploy_configuration has a prop and a Python name', () => {
    expect(DEPLOY_CONFIGURATION_PROPS).toHaveLength(31);
    for (const p of DEPLOY_CONFIGURATION_PROPS) expect(V1_PARAMETER_NAMES[p]).toMatch(/^[a-z_]+$/);
    expect(V1_PARAMETER_NAMES.replicaMaxConcurrentRequests).toBe('replica_max_concurrent_requests');
  });

  test('WEBSERVICE_DEFAULTS agrees with the resolved defaults', () => {
    for (const [k, v] of Object.entries(WEBSERVICE_DEFAULTS)) {
      expect([k, (config as unknown as Record<string, unknown>)[k]]).toEqual([k, v]);
    }
  });

  test('numReplicas turns autoscaling off, as in v1', () => {
    const r = resolveDeployConfiguration({ numReplicas: 3 }).config;
    expect(r.autoscaleEnabled).toBe(false);
    expect(r.numReplicas).toBe(3);
  });

  test('token auth turns key auth off unless authEnabled is set explicitly', () => {
    expect(resolveDeployConfiguration({ tokenAuthEnabled: true }).config.authEnabled).toBe(false);
    expect(resolveDeployConfiguration({ tokenAuthEnabled: true, authEnabled: false }).config.authEnabled).toBe(false);
  });

  test('autoscale settings are accepted when autoscaleEnabled is left unset (the intent is unambiguous)', () => {
    const r = resolveDeployConfiguration({ autoscaleMaxReplicas: 4, autoscaleTargetUtilization: 50 }).config;
    expect(r.autoscaleEnabled).toBe(true);
    expect(r.autoscaleMaxReplicas).toBe(4);
    expect(r.explicitlySet).toEqual(['autoscaleMaxReplicas', 'autoscaleTargetUtilization']);
  });
});

describe('validation: every v1 rule, each with its message', () => {
  test.each([
    [{ cpuCores: 0 }, 'cpuCores (v1: cpu_cores) must be greater than zero; received 0.'],
    [{ cpuCores: -1 }, 'cpuCores (v1: cpu_cores) must be greater than zero; received -1.'],
    [{ memoryGb: 0 }, 'memoryGb (v1: memory_gb) must be greater than zero; received 0.'],
    [{ cpuCores: 2, cpuCoresLimit: 1 }, 'cpuCoresLimit (v1: cpu_cores_limit) must be greater than or equal to cpuCores (2); received 1.'],
    [{ cpuCoresLimit: 0.05 }, 'cpuCoresLimit (v1: cpu_cores_limit) must be greater than or equal to cpuCores (0.1); received 0.05.'],
    [{ memoryGb: 4, memoryGbLimit: 2 }, 'memoryGbLimit (v1: memory_gb_limit) must be greater than or equal to memoryGb (4); received 2.'],
    [{ gpuCores: -1 }, 'gpuCores (v1: gpu_cores) must be greater than or equal to zero; received -1.'],
    [{ periodSeconds: 0 }, 'periodSeconds (v1: period_seconds) must be greater than zero; received 0.'],
    [{ initialDelaySeconds: -5 }, 'initialDelaySeconds (v1: initial_delay_seconds) must be greater than zero; received -5.'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds (v1: timeout_seconds) must be greater than zero; received 0.'],
    [{ successThreshold: 0 }, 'successThreshold (v1: success_threshold) must be greater than zero; received 0.'],
    [{ failureThreshold: 0 }, 'failureThreshold (v1: failure_threshold) must be greater than zero; received 0.'],
    [{ scoringTimeoutMs: 0 }, 'scoringTimeoutMs (v1: scoring_timeout_ms) must be greater than zero; received 0.'],
    [{ replicaMaxConcurrentRequests: 0 }, 'replicaMaxConcurrentRequests (v1: replica_max_concurrent_requests) must be greater than zero; received 0.'],
    [{ maxRequestWaitTime: -1 }, 'maxRequestWaitTime (v1: max_request_wait_time) must be greater than zero; received -1.'],
    [{ numReplicas: 0 }, 'numReplicas (v1: num_replicas) must be greater than zero; received 0.'],
    [{ namespace: 'Bad_NS' }, 'namespace must be a valid Kubernetes namespace: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit; received "Bad_NS".'],
    [{ namespace: '-ns' }, 'namespace must be a valid Kubernetes namespace: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit; received "-ns".'],
    [{ namespace: 'a'.repeat(64) }, `namespace must be a valid Kubernetes namespace: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit; received "${'a'.repeat(64)}".`],
    [{ autoscaleEnabled: true, numReplicas: 2 }, 'autoscaleEnabled (v1: autoscale_enabled) is true and numReplicas (v1: num_replicas) is 2: autoscaling and a fixed replica count exclude each other; unset one of them.'],
    [{ autoscaleMinReplicas: 0 }, 'autoscaleMinReplicas (v1: autoscale_min_replicas) must be greater than zero; received 0.'],
    [{ autoscaleMaxReplicas: 0 }, 'autoscaleMaxReplicas (v1: autoscale_max_replicas) must be greater than zero; received 0.'],
    [{ autoscaleRefreshSeconds: 0 }, 'autoscaleRefreshSeconds (v1: autoscale_refresh_seconds) must be greater than zero; received 0.'],
    [{ autoscaleTargetUtilization: 0 }, 'autoscaleTargetUtilization (v1: autoscale_target_utilization) must be greater than zero; received 0.'],
    [{ autoscaleMinReplicas: 5, autoscaleMaxReplicas: 2 }, 'autoscaleMinReplicas (v1: autoscale_min_replicas) is 5, greater than autoscaleMaxReplicas (v1: autoscale_max_replicas) 2: the minimum cannot be greater than the maximum.'],
    [{ autoscaleMinReplicas: 11 }, 'autoscaleMinReplicas (v1: autoscale_min_replicas) is 11, greater than autoscaleMaxReplicas (v1: autoscale_max_replicas) 10 (the default): the minimum cannot be greater than the maximum.'],
    [{ autoscaleEnabled: false }, 'autoscaleEnabled (v1: autoscale_enabled) is false but numReplicas (v1: num_replicas) is not set: with autoscaling disabled, set numReplicas to the fixed number of replicas.'],
    [{ autoscaleEnabled: false, numReplicas: 2, autoscaleMaxReplicas: 3 }, 'autoscaleMaxReplicas (v1: autoscale_max_replicas) was provided without enabling autoscaling (autoscaling is off because autoscaleEnabled is false); remove it or enable autoscaling; received 3.'],
    [{ numReplicas: 2, autoscaleTargetUtilization: 50 }, 'autoscaleTargetUtilization (v1: autoscale_target_utilization) was provided without enabling autoscaling (autoscaling is off because numReplicas is set); remove it or enable autoscaling; received 50.'],
    [{ authEnabled: true, tokenAuthEnabled: true }, 'authEnabled (v1: auth_enabled) and tokenAuthEnabled (v1: token_auth_enabled) are both true: a service uses key auth or token auth, not both; set authEnabled to false to use tokens.'],
  ])('%p', (props, message) => {
    expect(problemsOf(props)).toEqual([message]);
  });

  test.each(['autoscaleMinReplicas', 'autoscaleRefreshSeconds'])('%s given while autoscaling is off is rejected', (prop) => {
    const problems = problemsOf({ numReplicas: 1, [prop]: 2 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${prop} (v1: `);
    expect(problems[0]).toContain('was provided without enabling autoscaling');
  });
});

describe('validation beyond v1', () => {
  test.each([
    [{ autoscaleTargetUtilization: 101 }, 'autoscaleTargetUtilization (v1: autoscale_target_utilization) must be at most 100; received 101.'],
    [{ autoscaleTargetUtilization: 70.5 }, 'autoscaleTargetUtilization (v1: autoscale_target_utilization) must be a whole number; received 70.5.'],
    [{ numReplicas: 1.5 }, 'numReplicas (v1: num_replicas) must be a whole number; received 1.5.'],
    [{ autoscaleMaxReplicas: 2.5 }, 'autoscaleMaxReplicas (v1: autoscale_max_replicas) must be a whole number; received 2.5.'],
    [{ cpuCores: NaN }, 'cpuCores (v1: cpu_cores) must be a finite number; received NaN.'],
    [{ memoryGb: Infinity }, 'memoryGb (v1: memory_gb) must be a finite number; received Infinity.'],
    [{ cpuCores: -0 }, 'cpuCores (v1: cpu_cores) must be greater than zero; received -0.'],
    [{ gpuCores: -0 }, 'gpuCores (v1: gpu_cores) must be greater than or equal to zero; received -0.'],
    [{ gpuCores: 0.5 }, 'gpuCores (v1: gpu_cores) must be a whole number: Kubernetes schedules whole GPUs (nvidia.com/gpu), not fractions; received 0.5.'],
    [{ cpuCores: 0.0001 }, 'cpuCores (v1: cpu_cores) must be at least 0.001 (one millicore, the smallest CPU request Kubernetes accepts); received 0.0001.'],
    [{ memoryGb: 0.0001 }, 'memoryGb (v1: memory_gb) must be at least 0.001 (1 MB); received 0.0001.'],
    [{ cpuCores: '1' }, 'cpuCores (v1: cpu_cores) must be a number; received "1".'],
    [{ authEnabled: 'yes' }, 'authEnabled (v1: auth_enabled) must be true or false; received "yes".'],
    [{ tags: { team: 3 } }, 'tags["team"] must be a string; received 3.'],
    [{ tags: 'a=b' }, 'tags must be an object mapping strings to strings; received "a=b".'],
    [{ primaryKey: 'has space' }, 'primaryKey (v1: primary_key) must contain only printable ASCII characters without spaces (it is sent in an "Authorization: Bearer" header); received "<redacted>".'],
    [{ primaryKey: 'same-key-1', secondaryKey: 'same-key-1' }, 'primaryKey and secondaryKey are the same: two keys exist so that one can be regenerated while the other is in use; give two different keys.'],
    [{ primaryKey: '' }, 'primaryKey (v1: primary_key) must not be empty; received "".'],
  ])('%p', (props, message) => {
    expect(problemsOf(props as Record<string, unknown>)).toEqual([message]);
  });

  test('every problem is reported at once, in one ConfigurationError', () => {
    let error: ConfigurationError | undefined;
    try {
      resolveDeployConfiguration({ cpuCores: -1, memoryGb: 0, numReplicas: 0, namespace: 'X', authEnabled: true, tokenAuthEnabled: true });
    } catch (e) {
      error = e as ConfigurationError;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.problems).toHaveLength(5);
    expect(error!.message).toContain('5 problems');
    for (const p of error!.problems) expect(error!.message).toContain(p);
  });

  test('a received key is never echoed in a message', () => {
    const problems = problemsOf({ primaryKey: 'secret value with spaces' });
    expect(problems.join('\n')).not.toContain('secret value');
  });

  test('sub-millicore precision is accepted with a warning, rounded', () => {
    const { warnings } = resolveDeployConfiguration({ cpuCores: 0.2505 });
    expect(warnings).toEqual([{ id: 'aks-ml:webservice:cpuRoundedToMillicores', prop: 'cpuCores', message: '0.2505 is finer than one millicore; it is rounded to 251m.' }]);
  });

  test('successThreshold above 1 warns that it applies to readiness only', () => {
    const { warnings } = resolveDeployConfiguration({ successThreshold: 2 });
    expect(warnings.map((w) => w.prop)).toEqual(['successThreshold']);
    expect(warnings[0].message).toContain('readiness probe only');
  });
});
