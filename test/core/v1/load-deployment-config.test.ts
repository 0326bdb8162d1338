import { readFileSync } from 'fs';
import { join } from 'path';
import { ConfigurationError, loadDeploymentConfig } from 'aks-ml-constructs';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/v1/deploy', name), 'utf8');

function loadError(input: string | object, source?: string): ConfigurationError {
  try {
    loadDeploymentConfig(input, { source });
  } catch (e) {
    if (e instanceof ConfigurationError) return e;
    throw e;
  }
  throw new Error('expected loadDeploymentConfig to throw a ConfigurationError');
}

const warningsOf = (r: { warnings: { prop: string; message: string }[] }) =>
  Object.fromEntries(r.warnings.map((w) => [w.prop, w.message]));

describe('loadDeploymentConfig: the v1 CLI document', () => {
  test('the Microsoft docs AKS example (JSON) maps key by key', () => {
    const r = loadDeploymentConfig(fixture('docs-aks.json'));
    expect(r.kind).toBe('webservice');
    expect(r.format).toBe('json');
    expect(r.props).toEqual({
      autoscaleEnabled: true,
      autoscaleMinReplicas: 1,
      autoscaleMaxReplicas: 3,
      autoscaleRefreshSeconds: 1,
      autoscaleTargetUtilization: 70,
      collectModelData: true,
      authEnabled: true,
      cpuCores: 0.5,
      memoryGb: 1,
    });
    expect(r.sourceKeys).toEqual({
      autoscaleEnabled: 'autoScaler.autoscaleEnabled',
      autoscaleMinReplicas: 'autoScaler.minReplicas',
      autoscaleMaxReplicas: 'autoScaler.maxReplicas',
      autoscaleRefreshSeconds: 'autoScaler.refreshPeriodInSeconds',
      autoscaleTargetUtilization: 'autoScaler.targetUtilization',
      collectModelData: 'dataCollection.storageEnabled',
      authEnabled: 'authEnabled',
      cpuCores: 'containerResourceRequirements.cpu',
      memoryGb: 'containerResourceRequirements.memoryInGB',
    });
    expect(r.warnings).toEqual([]);
  });

  test('the MLOps YAML template: True/False booleans, and sslEnabled warns that TLS is on the gateway', () => {
    const r = loadDeploymentConfig(fixture('mlops-template.yml'));
    expect(r.format).toBe('yaml');
    expect(r.props).toEqual({
      autoscaleEnabled: true,
      autoscaleMinReplicas: 1,
      autoscaleMaxReplicas: 3,
      autoscaleRefreshSeconds: 10,
      autoscaleTargetUtilization: 70,
      authEnabled: true,
      cpuCores: 1,
      memoryGb: 0.5,
      enableAppInsights: false,
      scoringTimeoutMs: 1000,
      replicaMaxConcurrentRequests: 2,
      maxRequestWaitTime: 1000,
    });
    expect(r.sourceKeys.maxRequestWaitTime).toBe('maxQueueWaitMs');
    expect(r.sourceKeys.replicaMaxConcurrentRequests).toBe('maxConcurrentRequestsPerContainer');
    expect(r.warnings).toEqual([
      {
        id: 'aks-ml:v1:ignoredCliKey',
        prop: 'sslEnabled',
        message:
          'is an ACI setting that v1 ignored for AKS; it has no effect here: TLS is configured on the gateway in front ' +
          'of the services (the Gateway API listener), not per web service.',
      },
    ]);
  });

  test('CRLF line endings, a leading --- and no final newline, with computeType last', () => {
    const text = fixture('minimal-crlf.yml').replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    expect(text.startsWith('---\r\n')).toBe(true);
    expect(text.endsWith('computeType: AKS')).toBe(true);
    const r = loadDeploymentConfig(text);
    expect(r.kind).toBe('webservice');
    expect(r.props).toEqual({ cpuCores: 1, memoryGb: 1 });
    expect(r.warnings).toEqual([]);
  });

  test('the smallest file: only computeType, everything else left to the defaults', () => {
    const r = loadDeploymentConfig('---\ncomputeType: AKS');
    expect(r.props).toEqual({});
    expect(r.sourceKeys).toEqual({});
  });

  test('duplicate keys: the last one wins, as with PyYAML (and "key : value" spacing)', () => {
    const r = loadDeploymentConfig(fixture('duplicate-keys.yml'));
    expect(r.props.enableAppInsights).toBe(true);
    expect(r.props.collectModelData).toBe(true);
    expect(r.props.autoscaleTargetUtilization).toBe(80);
    expect(r.props.replicaMaxConcurrentRequests).toBe(100);
    expect(r.props.maxRequestWaitTime).toBe(10000);
    expect(r.props.scoringTimeoutMs).toBe(8000);
  });

  test('quoted numbers and booleans are coerced, each with a warning at its path', () => {
    const r = loadDeploymentConfig(fixture('quoted-values.json'));
    expect(r.props).toEqual({
      autoscaleEnabled: true,
      autoscaleMinReplicas: 1,
      autoscaleMaxReplicas: 4,
      authEnabled: false,
      tokenAuthEnabled: true,
      cpuCores: 0.5,
      memoryGb: 1.5,
      enableAppInsights: true,
      scoringTimeoutMs: 30000,
      namespace: 'scoring',
      tags: { team: 'risk', version: '2' },
    });
    const w = warningsOf(r);
    expect(w['containerResourceRequirements.cpu']).toBe(
      'the string "0.5" was read as the number 0.5; write it without quotes (v1 passed a quoted number on as a ' +
        'string, which its own range checks could not compare).',
    );
    expect(w['autoScaler.autoscaleEnabled']).toMatch(/^the string "True" was read as true; write true without quotes/);
    expect(w.authEnabled).toMatch(/^the string "false" was read as false; write false without quotes/);
    expect(w.appInsightsEnabled).toBe('the number 1 was read as true; write true instead.');
    expect(w.tags).toBe('the values of "version" were read as strings (tags and properties are strings).');
    expect(Object.keys(w).sort()).toEqual(
      [
        'appInsightsEnabled',
        'authEnabled',
        'autoScaler.autoscaleEnabled',
        'autoScaler.maxReplicas',
        'autoScaler.minReplicas',
        'containerResourceRequirements.cpu',
        'containerResourceRequirements.memoryInGB',
        'scoringTimeoutMs',
        'tags',
        'tokenAuthEnabled',
      ].sort(),
    );
  });

  test('every v1 key of a web service maps to its prop (YAML 1.1 yes/on booleans included)', () => {
    const r = loadDeploymentConfig(fixture('full-webservice.yml'));
    expect(r.props).toEqual({
      autoscaleEnabled: false,
      collectModelData: true,
      authEnabled: false,
      tokenAuthEnabled: true,
      cpuCores: 1.5,
      memoryGb: 4,
      cpuCoresLimit: 2,
      memoryGbLimit: 6,
      gpuCores: 1,
      enableAppInsights: true,
      scoringTimeoutMs: 90000,
      replicaMaxConcurrentRequests: 4,
      maxRequestWaitTime: 2000,
      numReplicas: 3,
      primaryKey: 'pk-0123456789abcdef',
      secondaryKey: 'sk-fedcba9876543210',
      periodSeconds: 15,
      initialDelaySeconds: 120,
      timeoutSeconds: 5,
      successThreshold: 1,
      failureThreshold: 6,
      namespace: 'ml-scoring',
      computeTargetName: 'aks-prod',
    });
    expect(r.sourceKeys).toMatchObject({
      gpuCores: 'gpuCores',
      cpuCoresLimit: 'containerResourceRequirements.cpuLimit',
      memoryGbLimit: 'containerResourceRequirements.memoryInGBLimit',
      primaryKey: 'keys.primaryKey',
      secondaryKey: 'keys.secondaryKey',
      periodSeconds: 'livenessProbeRequirements.periodSeconds',
      failureThreshold: 'livenessProbeRequirements.failureThreshold',
      numReplicas: 'numReplicas',
      computeTargetName: 'computeTargetName',
    });
    expect(r.warnings).toEqual([]);
  });

  test('null leaves a prop unset (its default applies); an empty section is read as unset with a warning', () => {
    const r = loadDeploymentConfig({
      computeType: 'AKS',
      numReplicas: null,
      autoScaler: { maxReplicas: null, minReplicas: 2 },
      containerResourceRequirements: { cpu: 2, memoryInGB: null },
    });
    expect(r.props).toEqual({ autoscaleMinReplicas: 2, cpuCores: 2 });
    expect(r.sourceKeys).toEqual({ autoscaleMinReplicas: 'autoScaler.minReplicas', cpuCores: 'containerResourceRequirements.cpu' });
    const y = loadDeploymentConfig('computeType: AKS\nautoScaler:\nauthEnabled: False\n');
    expect(y.props).toEqual({ authEnabled: false });
    expect(y.warnings).toEqual([
      {
        id: 'aks-ml:v1:emptySection',
        prop: 'autoScaler',
        message: 'is empty; read as unset, so every setting in it takes its default (v1 failed on an empty section).',
      },
    ]);
  });

  test('computeType is compared case-insensitively', () => {
    for (const ct of ['aks', 'AKS', 'Aks']) {
      expect(loadDeploymentConfig({ computeType: ct }).kind).toBe('webservice');
    }
    // v1 (file_to_deploy_config) compared computeType.lower() without trimming: " AKS" was an
    // "unknown deployment type" (accepted here before issue 13).
    expect(loadError({ computeType: ' AKS' }).problems).toEqual([
      'computeType is unknown; received " AKS". Use AKS for a web service or AKSENDPOINT for an endpoint version (case does not matter, but spaces do: v1 refused this value as an "unknown deployment type").',
    ]);
    for (const ct of ['AKSENDPOINT', 'aksendpoint', 'AksEndpoint']) {
      expect(loadDeploymentConfig({ computeType: ct }).kind).toBe('endpointVersion');
    }
  });

  test('unknown keys are ignored with a warning naming the nearest known key', () => {
    const r = loadDeploymentConfig(fixture('typo-keys.json'));
    // Keys v1 ignored stay ignored: memoryInGb (wrong case) and AuthEnabled never took effect in v1 either.
    expect(r.props).toEqual({ autoscaleEnabled: true, autoscaleMaxReplicas: 3, cpuCores: 0.2, replicaMaxConcurrentRequests: 10 });
    const w = warningsOf(r);
    const ignored = 'unknown key, ignored (v1 ignored it too)';
    expect(w).toEqual({
      ComputeTarget: `${ignored}. Did you mean "computeTargetName"?`,
      'autoScaler.minReplica': `${ignored}. Did you mean "autoScaler.minReplicas"?`,
      'containerResourceRequirements.memoryInGb': `${ignored}: keys are case-sensitive. Did you mean "containerResourceRequirements.memoryInGB"?`,
      'containerResourceRequirements.gpu': `${ignored}. Did you mean "gpuCores"?`,
      AuthEnabled: `${ignored}: keys are case-sensitive. Did you mean "authEnabled"?`,
      maxQueueWaitsMs: `${ignored}. Did you mean "maxQueueWaitMs"?`,
      cpu_cores: `${ignored}. Did you mean "containerResourceRequirements.cpu"?`,
      sslEnabled:
        'is an ACI setting that v1 ignored for AKS; it has no effect here: TLS is configured on the gateway in front of ' +
        'the services (the Gateway API listener), not per web service.',
      sslCertificate:
        'is an ACI setting that v1 ignored for AKS; it has no effect here: TLS is configured on the gateway in front of ' +
        'the services (the Gateway API listener), not per web service.',
      versionName: 'is only read for computeType AKSENDPOINT (an endpoint version); ignored, as v1 ignored it.',
    });
  });

  test('a key far from every known key is reported without a suggestion', () => {
    const r = loadDeploymentConfig({ computeType: 'AKS', owner: 'team-a' });
    expect(r.warnings).toEqual([{ id: 'aks-ml:v1:unknownKey', prop: 'owner', message: 'unknown key, ignored (v1 ignored it too).' }]);
  });

  test('every type and range problem is reported, with its JSON path, in one error', () => {
    const e = loadError(fixture('negative-values.yml'), 'negative-values.yml');
    // scoringTimeoutMs 1.5 is no longer among them: v1 accepted it (it is rounded up, with a warning).
    expect(e.message.split('\n')[0]).toBe('Invalid configuration for deployment config "negative-values.yml": 9 problems');
    expect(e.problems).toEqual([
      'keys must be a mapping of settings (an object); received ["primary","secondary"].',
      'containerResourceRequirements.cpu must be greater than zero; received -1.',
      'containerResourceRequirements.memoryInGB must be greater than zero; received 0.',
      'containerResourceRequirements.cpuLimit must be a number; received "abc".',
      'gpuCores must be greater than or equal to zero; received -2.',
      'livenessProbeRequirements.periodSeconds must be greater than zero; received 0.',
      'autoScaler.targetUtilization must be at most 100 (a departure from v1, which accepted it: a utilization above 100 percent can never be reached; see docs/v1-departures.md); received 150.',
      'autoScaler.minReplicas is 5, greater than autoScaler.maxReplicas 2: the minimum cannot be greater than the maximum.',
      'namespace must be a valid Kubernetes namespace: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit; received "ML_Scoring".',
    ]);
  });

  test('cross-setting rules speak in the file\'s keys', () => {
    const e = loadError({ computeType: 'AKS', autoScaler: { autoscaleEnabled: false, maxReplicas: 4 } });
    expect(e.problems).toEqual([
      'autoScaler.autoscaleEnabled is false but numReplicas is not set: with autoscaling disabled, set numReplicas to the fixed number of replicas.',
      'autoScaler.maxReplicas was provided without enabling autoscaling (autoscaling is off because autoScaler.autoscaleEnabled is false); remove it or enable autoscaling; received 4.',
    ]);
    const limits = loadError({ computeType: 'AKS', containerResourceRequirements: { cpu: 2, cpuLimit: 1 } });
    expect(limits.problems).toEqual([
      'containerResourceRequirements.cpuLimit must be greater than or equal to containerResourceRequirements.cpu (2); received 1.',
    ]);
  });

  test('warnings of the core rules carry the file path', () => {
    const r = loadDeploymentConfig({ computeType: 'AKS', containerResourceRequirements: { cpu: 0.1234 } });
    expect(r.warnings).toEqual([
      { id: 'aks-ml:webservice:cpuRoundedToMillicores', prop: 'containerResourceRequirements.cpu', message: '0.1234 is finer than one millicore; it is rounded to 123m.' },
    ]);
  });

  test('a missing computeType is an error, with what to add', () => {
    const e = loadError(fixture('missing-compute-type.yml'), 'aks.yml');
    expect(e.problems).toEqual([
      'computeType is missing: v1 needed it to know what to deploy; add "computeType: AKS" for a web service, or ' +
        '"computeType: AKSENDPOINT" for an endpoint version.',
    ]);
    expect(e.message.startsWith('Invalid configuration for deployment config "aks.yml": 1 problem')).toBe(true);
    expect(loadError({ ComputeType: 'AKS' }).problems).toEqual([
      'computeType is missing: v1 needed it to know what to deploy; found "ComputeType", but keys are case-sensitive: write "computeType".',
    ]);
    expect(loadError({ entryScript: 'score.py', runtime: 'python' }).problems[0]).toBe(
      'computeType is missing: v1 needed it to know what to deploy; this looks like an inference config (it has ' +
        '"entryScript", "runtime"); load it with loadInferenceConfig.',
    );
  });

  test('ACI and local files are rejected: this library deploys to AKS only', () => {
    expect(loadError(fixture('aci.json')).problems).toEqual([
      'computeType is "ACI": this file deploys to Azure Container Instances, and this library deploys to AKS only. ' +
        'To run the service on AKS, set computeType to AKS and review the settings (v1 AKS defaults differ from ACI: ' +
        'key auth is on by default, autoscaling is on unless numReplicas is set).',
    ]);
    expect(loadError(fixture('local.json')).problems).toEqual([
      'computeType is "local": this file deploys to a local Docker container, and this library deploys to AKS only. ' +
        'To run the service on AKS, set computeType to AKS (the "port" key has no effect there).',
    ]);
    expect(loadError({ computeType: 'k8s' }).problems).toEqual([
      'computeType is unknown; received "k8s". Use AKS for a web service or AKSENDPOINT for an endpoint version (case does not matter).',
    ]);
    expect(loadError({ computeType: null }).problems[0]).toMatch(/^computeType must be a string; received null\./);
  });

  test('a Python docstring before the YAML fails clearly (PyYAML could not read it either)', () => {
    const e = loadError(fixture('docstring.yml'), 'aksDeploymentConfigProd.yml');
    expect(e.problems).toEqual([
      'line 1, column 1: the file starts with a Python docstring ("""..."""), which is not YAML; PyYAML, and so the ' +
        'v1 CLI, could not read it either. Turn the docstring into comment lines starting with "#" (or delete it), then ' +
        'load the file again.',
    ]);
  });

  test('unparsable text is reported with its line and column', () => {
    expect(loadError('computeType: AKS\nautoScaler:\n    minReplicas: 1\n  maxReplicas: 2\n').problems).toEqual([
      'line 4, column 1: not valid YAML: All mapping items must start at the same column.',
    ]);
    expect(loadError('{\n  "computeType": "AKS"\n  "authEnabled": true\n}').problems).toEqual([
      'line 3, column 3: not valid JSON, nor YAML: Missing , between flow map items.',
    ]);
    expect(loadError('computeType: AKS\n---\ncomputeType: ACI\n').problems).toEqual([
      'line 2, column 1: not valid YAML: the file holds more than one YAML document (a second "---" line); a v1 config is a single document.',
    ]);
  });

  test('empty and non-object documents are rejected', () => {
    expect(loadError('').problems).toEqual(['the file is empty: it must be a mapping of settings (an object).']);
    expect(loadError('# only a comment\n').problems).toEqual(['the file is empty: it must be a mapping of settings (an object).']);
    expect(loadError('- computeType: AKS\n').problems).toEqual([
      'the document must be a mapping of settings (an object); received [{"computeType":"AKS"}].',
    ]);
  });

  test('an Azure ML v2 deployment file is recognised and rejected', () => {
    expect(loadError(fixture('v2-managed-online.yml')).problems).toEqual([
      'this is an Azure ML v2 (managed online deployment) file, not a v1 deployment config: it has "$schema", ' +
        '"instance_type", "request_settings", "endpoint_name", "instance_count". Load the v1 file (with computeType) instead.',
    ]);
  });

  test('a UTF-8 byte order mark is skipped', () => {
    expect(loadDeploymentConfig('\ufeff{"computeType": "aks", "numReplicas": 2}').props).toEqual({ numReplicas: 2 });
  });
});

describe('loadDeploymentConfig: warnings survive an error', () => {
  test('the warnings found before the problems travel on the ConfigurationError', () => {
    const e = loadError({ computeType: 'AKS', maxQueueWaitsMs: 100, containerResourceRequirements: { cpu: -1 } });
    expect(e.problems).toEqual([expect.stringContaining('containerResourceRequirements.cpu')]);
    expect(e.warnings.map((w) => w.prop)).toEqual(['maxQueueWaitsMs']);
    expect(e.warnings[0].message).toContain('maxQueueWaitMs');
  });
});

describe('loadDeploymentConfig: AKSENDPOINT (endpoint versions)', () => {
  test('a JSON endpoint version maps the version keys too', () => {
    const r = loadDeploymentConfig(fixture('endpoint-version.json'));
    expect(r.kind).toBe('endpointVersion');
    expect(r.props).toEqual({
      versionName: 'fraud-v2',
      trafficPercentile: 20,
      isDefault: false,
      versionType: 'Treatment',
      autoscaleEnabled: true,
      autoscaleMinReplicas: 2,
      autoscaleMaxReplicas: 6,
      autoscaleTargetUtilization: 60,
      cpuCores: 1,
      memoryGb: 2,
      initialDelaySeconds: 60,
      failureThreshold: 5,
      tokenAuthEnabled: true,
      authEnabled: false,
      namespace: 'fraud',
    });
    expect(r.sourceKeys.trafficPercentile).toBe('trafficPercentile');
    expect(r.warnings).toEqual([]);
  });

  test('a YAML endpoint version with lower-case computeType and yes/no booleans', () => {
    const r = loadDeploymentConfig(fixture('endpoint-version.yml'));
    expect(r.kind).toBe('endpointVersion');
    expect(r.props).toEqual({
      versionName: 'fraud-control',
      trafficPercentile: 80,
      isDefault: true,
      versionType: 'Control',
      autoscaleEnabled: true,
      autoscaleMaxReplicas: 4,
      cpuCores: 0.5,
      memoryGb: 1,
      enableAppInsights: false,
    });
  });

  test('version problems are reported with their keys', () => {
    const e = loadError({
      computeType: 'AKSENDPOINT',
      versionName: 'Fraud_V2',
      trafficPercentile: 120,
      versionType: 'Canary',
      isDefault: 'maybe',
    });
    expect(e.problems).toEqual([
      'trafficPercentile must be at most 100; received 120.',
      'isDefault must be true or false; received "maybe".',
      'versionType must be "Control" or "Treatment"; received "Canary".',
      'versionName must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit; received "Fraud_V2". For example: "fraud-v2".',
    ]);
    expect(loadError({ computeType: 'AKSENDPOINT', trafficPercentile: -5 }).problems).toEqual([
      'trafficPercentile cannot be negative; received -5.',
    ]);
  });
});

describe('loadDeploymentConfig: the Azure/aml-deploy action parameters file', () => {
  test('snake_case deploy keys map to props; the action\'s own keys warn', () => {
    const r = loadDeploymentConfig(fixture('aml-deploy-action.json'), { source: 'Production_aks.json' });
    expect(r.kind).toBe('webservice');
    expect(r.format).toBe('aml-deploy-action');
    expect(r.props).toEqual({
      name: 'iris-service-prd',
      computeTargetName: 'aks-cluster-prd',
      collectModelData: true,
      authEnabled: true,
      enableAppInsights: true,
      autoscaleEnabled: true,
      autoscaleMinReplicas: 1,
      autoscaleMaxReplicas: 10,
      autoscaleTargetUtilization: 70,
      scoringTimeoutMs: 60000,
      replicaMaxConcurrentRequests: 1,
      maxRequestWaitTime: 1000,
      cpuCores: 0.5,
      memoryGb: 1,
      periodSeconds: 10,
      initialDelaySeconds: 310,
      timeoutSeconds: 2,
      successThreshold: 1,
      failureThreshold: 3,
      tokenAuthEnabled: false,
    });
    expect(r.sourceKeys).toMatchObject({
      name: 'name',
      computeTargetName: 'deployment_compute_target',
      collectModelData: 'model_data_collection_enabled',
      authEnabled: 'authentication_enabled',
      replicaMaxConcurrentRequests: 'replica_max_concurrent_requests',
      maxRequestWaitTime: 'max_request_wait_time',
      cpuCores: 'cpu_cores',
    });
    expect(r.sourceKeys.numReplicas).toBeUndefined();
    // The action's inference keys make up its inference config (issue 13: ignored before).
    expect(r.inferenceConfig).toEqual({ sourceDirectory: 'code/deploy/', entryScript: 'score.py', condaFile: 'environment.yml', enableGpu: false });
    expect(warningsOf(r)).toEqual({
      test_enabled: 'is used by the aml-deploy action, not by this library; ignored.',
      delete_service_after_deployment: 'is used by the aml-deploy action, not by this library; ignored.',
    });
  });

  test('problems speak in the action\'s keys (v1 rejected both of these too)', () => {
    expect(loadError(fixture('aml-deploy-action-conflicts.json')).problems).toEqual([
      'name must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit; received "iris_service_prd". For example: "iris-service-prd".',
      'authentication_enabled and token_auth_enabled are both true: a service uses key auth or token auth, not both; set authentication_enabled to false to use tokens.',
    ]);
  });

  test('without deployment_compute_target the action deployed to ACI: a warning says so', () => {
    const r = loadDeploymentConfig({ name: 'svc-a', cpu_cores: 1, ssl_enabled: true, auth_enabled: false, cpu_cores_limit: 2 });
    expect(r.props).toEqual({ name: 'svc-a', cpuCores: 1 });
    expect(warningsOf(r)).toEqual({
      ssl_enabled:
        'is an ACI setting; the action ignored it for AKS and it has no effect here: TLS is configured on the gateway ' +
        'in front of the services (the Gateway API listener), not per web service.',
      auth_enabled: 'unknown key, ignored (v1 ignored it too). Did you mean "authentication_enabled"?',
      cpu_cores_limit:
        'unknown key, ignored (v1 ignored it too). The aml-deploy action had no such setting; to set it, use the v1 CLI ' +
        'deployment config format (with computeType).',
      deployment_compute_target:
        'is not set: without it the aml-deploy action deployed to Azure Container Instances (ACI), not AKS. This library ' +
        'deploys to AKS; the AKS settings of this file apply, with the v1 AKS defaults for the rest.',
    });
  });
});

// How v1's readers took a file (file_to_deploy_config: json.load, else yaml.safe_load; computeType.lower()),
// and the aml-deploy action's keys (its main.py built an InferenceConfig from runtime, inference_entry_script,
// inference_source_directory...): issue 13.
describe('loadDeploymentConfig: read as v1 read the file (issue 13)', () => {
  test('JSON with // comments is refused with the comment\'s line, never read with a key silently lost', () => {
    const text = '{\n  "computeType": "AKS", // key auth off for the demo\n  "authEnabled": false\n}\n';
    expect(loadError(text, 'deploy.json').problems).toEqual([
      'line 2: "// key auth off for the demo" is a comment, and JSON has none: the v1 CLI could not read this file either ' +
        '(nor can YAML, which would silently lose the key after it). Delete the comment, or move it into a "description".',
    ]);
    expect(loadError('{ "computeType": "AKS",\n /* note */ "numReplicas": 2 }').problems[0]).toMatch(/^line 2: "\/\* note \*\/ .* is a comment, and JSON has none/);
    // "//" inside a string is no comment.
    expect(loadDeploymentConfig('{"computeType": "AKS", "description": "see http://x"}').props).toEqual({ description: 'see http://x' });
  });

  test('duplicate keys warn; the last one wins, as with PyYAML and json.load', () => {
    const yaml = loadDeploymentConfig(fixture('duplicate-keys.yml'));
    expect(yaml.props.enableAppInsights).toBe(true);
    expect(yaml.warnings.filter((w) => w.id === 'aks-ml:v1:duplicateKey').map((w) => w.prop)).toContain('appInsightsEnabled');
    const json = loadDeploymentConfig('{"computeType": "AKS", "autoScaler": {"maxReplicas": 3, "maxReplicas": 5}}');
    expect(json.props.autoscaleMaxReplicas).toBe(5);
    expect(json.warnings).toEqual([
      { id: 'aks-ml:v1:duplicateKey', prop: 'autoScaler.maxReplicas', message: 'is given more than once in its mapping: the last one wins (as with v1, whose readers kept the last); delete the others.' },
    ]);
  });

  test('an aml-deploy file with "runtime" (one of the action\'s keys) is read as one, its inference keys as its inference config', () => {
    const r = loadDeploymentConfig({ runtime: 'python', inference_entry_script: 'score.py', inference_source_directory: 'code/', cpu_cores: 1, deployment_compute_target: 'aks' });
    expect(r.format).toBe('aml-deploy-action');
    expect(r.props).toEqual({ cpuCores: 1, computeTargetName: 'aks' });
    expect(r.inferenceConfig).toEqual({ runtime: 'python', entryScript: 'score.py', sourceDirectory: 'code/' });
  });

  test('a wrong-format message comes with the file\'s other problems, never instead of them', () => {
    expect(loadError({ entryScript: 'score.py', runtime: 'python', containerResourceRequirements: { cpu: -1 } }).problems).toEqual([
      'computeType is missing: v1 needed it to know what to deploy; this looks like an inference config (it has "entryScript", "runtime"); load it with loadInferenceConfig.',
      'containerResourceRequirements.cpu must be greater than zero; received -1.',
    ]);
    expect(loadError({ computeType: 'AKS ', numReplicas: 0 }).problems).toHaveLength(2);
  });
});
