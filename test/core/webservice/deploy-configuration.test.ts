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
    [{ autoscaleTargetUtilization: 101 }, 'autoscaleTargetUtilization (v1: autoscale_target_utilization) must be at most 100 (a departure from v1, which accepted it: a utilization above 100 percent can never be reached; see docs/v1-departures.md); received 101.'],
    [{ numReplicas: 1.5 }, 'numReplicas (v1: num_replicas) must be a whole number (a departure from v1, which accepted it: Kubernetes stores it as a 32-bit integer; a replica count is a whole number; see docs/v1-departures.md); received 1.5.'],
    [{ autoscaleMaxReplicas: 2.5 }, 'autoscaleMaxReplicas (v1: autoscale_max_replicas) must be a whole number (a departure from v1, which accepted it: Kubernetes stores it as a 32-bit integer; a replica count is a whole number; see docs/v1-departures.md); received 2.5.'],
    [{ cpuCores: NaN }, 'cpuCores (v1: cpu_cores) must be a finite number (a departure from v1, which accepted it: NaN and Infinity are no quantity Kubernetes or Azure can store; see docs/v1-departures.md); received NaN.'],
    [{ memoryGb: Infinity }, 'memoryGb (v1: memory_gb) must be a finite number (a departure from v1, which accepted it: NaN and Infinity are no quantity Kubernetes or Azure can store; see docs/v1-departures.md); received Infinity.'],
    [{ cpuCores: -0 }, 'cpuCores (v1: cpu_cores) must be greater than zero; received -0.'],
    [{ gpuCores: -0 }, 'gpuCores (v1: gpu_cores) must be greater than or equal to zero; received -0.'],
    [{ gpuCores: 0.5 }, 'gpuCores (v1: gpu_cores) must be a whole number: Kubernetes schedules whole GPUs (nvidia.com/gpu), not fractions (a departure from v1, which accepted it: a GPU is scheduled whole; see docs/v1-departures.md); received 0.5.'],
    [{ cpuCores: '1' }, 'cpuCores (v1: cpu_cores) must be a number; received "1".'],
    [{ authEnabled: 'yes' }, 'authEnabled (v1: auth_enabled) must be true or false; received "yes".'],
    [{ tags: { team: 3 } }, 'tags["team"] must be a string; received 3.'],
    [{ tags: 'a=b' }, 'tags must be an object mapping strings to strings; received "a=b".'],
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
    const problems = problemsOf({ primaryKey: 'secret value with spaces', secondaryKey: 7 as unknown as string });
    expect(problems).toEqual(['secondaryKey (v1: secondary_key) must be a string; received "<redacted>".']);
    const { warnings } = resolveDeployConfiguration({ primaryKey: 'secret value with spaces' });
    expect(JSON.stringify(warnings)).not.toContain('secret value');
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

// What azureml-core 1.51 accepted (AksServiceDeploymentConfiguration.validate_configuration, called by
// AksWebservice.deploy_configuration): each range is checked with `is not None`, but conflicts and the
// limit/request and min/max comparisons only when both values are given, and a falsy value ("", 0) is
// "not given" (the service applied its default). Each case is accepted here too, with a warning where the
// value cannot take effect as written.
describe('v1 accepted it, so it is accepted (issue 13)', () => {
  test('a limit below the default request (no request given): the request is lowered to the limit, with a warning', () => {
    const { config, warnings } = resolveDeployConfiguration({ memoryGbLimit: 0.25, cpuCoresLimit: 0.05 });
    expect(config.memoryGb).toBe(0.25);
    expect(config.cpuCores).toBe(0.05);
    expect(warnings.map((w) => [w.id, w.prop])).toEqual([
      ['aks-ml:webservice:requestLoweredToLimit', 'cpuCores'],
      ['aks-ml:webservice:requestLoweredToLimit', 'memoryGb'],
    ]);
    expect(warnings[1].message).toBe('(v1: memory_gb) is not given and its default 0.5 is above memoryGbLimit 0.25; the request is lowered to the limit (Kubernetes requires request <= limit).');
  });

  test('autoscaleMinReplicas above the default maximum (no maximum given): the maximum is raised, with a warning', () => {
    const { config, warnings } = resolveDeployConfiguration({ autoscaleMinReplicas: 11 });
    expect(config.autoscaleMinReplicas).toBe(11);
    expect(config.autoscaleMaxReplicas).toBe(11);
    expect(warnings).toEqual([{ id: 'aks-ml:webservice:maxReplicasRaisedToMin', prop: 'autoscaleMaxReplicas', message: '(v1: autoscale_max_replicas) is not given and its default 10 is below autoscaleMinReplicas 11; the maximum is raised to 11.' }]);
  });

  test.each([
    ['scoringTimeoutMs', 1500.5, 1501],
    ['periodSeconds', 2.5, 3],
    ['initialDelaySeconds', 0.5, 1],
    ['timeoutSeconds', 1.2, 2],
    ['failureThreshold', 2.1, 3],
    ['maxRequestWaitTime', 99.9, 100],
    ['replicaMaxConcurrentRequests', 1.5, 2],
    ['autoscaleRefreshSeconds', 0.5, 1],
    ['autoscaleTargetUtilization', 70.5, 71],
  ] as const)('a fractional %s (%p) is rounded up to %p, with a warning', (prop, value, used) => {
    const { config, warnings } = resolveDeployConfiguration({ [prop]: value });
    expect(config[prop]).toBe(used);
    expect(warnings).toEqual([expect.objectContaining({ id: 'aks-ml:webservice:roundedUpToWholeNumber', prop })]);
    expect(warnings[0].message).toContain(`so ${used} is used`);
  });

  test('CPU and memory below one millicore / 1 MB are rounded up to it, with a warning', () => {
    const { warnings } = resolveDeployConfiguration({ cpuCores: 0.0001, memoryGb: 0.0001 });
    expect(warnings).toEqual([
      { id: 'aks-ml:webservice:cpuRoundedToMillicores', prop: 'cpuCores', message: '0.0001 is finer than one millicore; it is rounded to 1m.' },
      { id: 'aks-ml:webservice:memoryRoundedToMegabytes', prop: 'memoryGb', message: '0.0001 GB is finer than 1 MB; it is rounded to 1M.' },
    ]);
  });

  test('"" is not given (Python truthiness): an empty key is generated, an empty namespace is the default one', () => {
    const { config, warnings } = resolveDeployConfiguration({ primaryKey: '', secondaryKey: '', namespace: '', computeTargetName: '' });
    expect(config.primaryKey).toBeUndefined();
    expect(config.secondaryKey).toBeUndefined();
    expect(config.namespace).toBeUndefined();
    expect(config.computeTargetName).toBeUndefined();
    expect(config.explicitlySet).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('keys with spaces or non-ASCII and identical keys are accepted with warnings (the keys are never echoed)', () => {
    const { config, warnings } = resolveDeployConfiguration({ primaryKey: 'has space', secondaryKey: 'clé-secondaire' });
    expect(config.primaryKey).toBe('has space');
    expect(warnings.map((w) => [w.id, w.prop])).toEqual([
      ['aks-ml:webservice:keyNotHeaderSafe', 'primaryKey'],
      ['aks-ml:webservice:shortKey', 'primaryKey'],
      ['aks-ml:webservice:keyNotHeaderSafe', 'secondaryKey'],
      ['aks-ml:webservice:shortKey', 'secondaryKey'],
    ]);
    expect(JSON.stringify(warnings)).not.toMatch(/has space|clé/);
    const same = resolveDeployConfiguration({ primaryKey: 'same-key-1-abcdefghijklmnopqrstuv', secondaryKey: 'same-key-1-abcdefghijklmnopqrstuv' }).warnings;
    expect(same).toEqual([{ id: 'aks-ml:webservice:identicalKeys', prop: 'secondaryKey', message: 'is the same as primaryKey: two keys exist so that one can be regenerated while the other is in use; give two different keys.' }]);
  });

  test('explicit keys of fewer than 32 characters warn, without quoting the key; 32 and more do not (v1 accepted any length)', () => {
    const k31 = 'a'.repeat(30) + 'Z';
    const { warnings } = resolveDeployConfiguration({ primaryKey: k31, secondaryKey: 'b'.repeat(32) });
    expect(warnings).toEqual([
      {
        id: 'aks-ml:webservice:shortKey',
        prop: 'primaryKey',
        message:
          '(v1: primary_key) has 31 characters: v1 accepted a key of any length, but one shorter than 32 characters is easier to guess ' +
          'than the generated keys (32 letters and digits); give a longer key or let it be generated.',
      },
    ]);
    expect(JSON.stringify(warnings)).not.toContain(k31);
  });

  test('no upper bound v1 did not have: 257-character keys, long descriptions; int32 bounds say they depart from v1', () => {
    expect(problemsOf({ primaryKey: 'k'.repeat(257), description: 'd'.repeat(4097) })).toEqual([]);
    expect(problemsOf({ numReplicas: 2 ** 31 })).toEqual([
      'numReplicas (v1: num_replicas) must be at most 2147483647 (a departure from v1, which accepted it: Kubernetes stores it as a 32-bit integer; a replica count is a whole number; see docs/v1-departures.md); received 2147483648.',
    ]);
    expect(problemsOf({ description: 'd'.repeat(256 * 1024 + 1) })).toEqual([
      'description must fit in the 256 KiB Kubernetes keeps of an object\'s annotations (a departure from v1, which accepted it: v1 set no bound; see docs/v1-departures.md); received "262145 characters".',
    ]);
  });

  test('an empty tag key is accepted (the metadata warns that it is no label)', () => {
    expect(problemsOf({ tags: { '': 'x' }, properties: { '': 'y' } })).toEqual([]);
  });

  test('a namespace with one trailing newline (Python\'s `$` matched before it) is used without it, with a warning', () => {
    const { config, warnings } = resolveDeployConfiguration({ namespace: 'prod\n' });
    expect(config.namespace).toBe('prod');
    expect(warnings.map((w) => w.id)).toEqual(['aks-ml:webservice:namespaceTrailingNewline']);
    expect(problemsOf({ namespace: 'prod\n\n' })).toHaveLength(1);
  });
});

// Same verdict as v1, by v1's rules (validate_configuration): conflicts by truthiness, the autoscale
// settings checked only while autoscaling is on.
describe('v1 refused it, for v1\'s reasons', () => {
  test('numReplicas 0 is refused as a range, not counted as given for the autoscale conflict', () => {
    expect(problemsOf({ autoscaleEnabled: true, numReplicas: 0 })).toEqual(['numReplicas (v1: num_replicas) must be greater than zero; received 0.']);
    expect(problemsOf({ autoscaleEnabled: false, numReplicas: 0 })).toEqual([
      'numReplicas (v1: num_replicas) must be greater than zero; received 0.',
      'autoscaleEnabled (v1: autoscale_enabled) is false but numReplicas (v1: num_replicas) is not set: with autoscaling disabled, set numReplicas to the fixed number of replicas.',
    ]);
  });

  test('while autoscaling is off, min > max is not compared and a 0 autoscale setting is not given', () => {
    expect(problemsOf({ numReplicas: 2, autoscaleMinReplicas: 5, autoscaleMaxReplicas: 2 })).toEqual([
      'autoscaleMinReplicas (v1: autoscale_min_replicas) was provided without enabling autoscaling (autoscaling is off because numReplicas is set); remove it or enable autoscaling; received 5.',
      'autoscaleMaxReplicas (v1: autoscale_max_replicas) was provided without enabling autoscaling (autoscaling is off because numReplicas is set); remove it or enable autoscaling; received 2.',
    ]);
    expect(problemsOf({ numReplicas: 2, autoscaleMinReplicas: 0, autoscaleTargetUtilization: 0 })).toEqual([]);
  });
});
