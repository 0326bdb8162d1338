/**
 * docs/runtime-contract.md names the run-time reader of everything the library writes into
 * a scoring pod. This test synthesizes services and endpoints with every option on and
 * fails when the pod gets a variable, argument, port, probe, label or annotation the table
 * does not list, and when the table lists one that nothing here writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AksEndpointProps, AksWebserviceProps, AuthKeys, Autoscaler, KubeObject, ModelSource, WorkloadIdentity, planEndpoint, planWebservice } from 'aks-ml-constructs';
import { validateAll } from '../../support/schema';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'runtime-contract.md');
const IMAGE = 'myacr.azurecr.io/scoring/model:1.0';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '00000000-0000-0000-0000-0000000000a1';
const SUB = '00000000-1111-2222-3333-444444444444';
const blob = (extra: Record<string, unknown> = {}) =>
  ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', path: 'fraud/3', clientId: CLIENT_ID, ...extra });
const concurrency = Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus.monitoring:9090' });

/**
 * Rows the table may list before the library writes them (a change in progress). The test
 * fails once one of them is written: then remove it from this list.
 */
const PENDING_ROWS = new Set<string>();

interface Row { kind: string; name: string; cells: string[] }

/** The rows between the contract markers: kind, name (without backticks) and every cell. */
function contractRows(): Row[] {
  const text = fs.readFileSync(DOC, 'utf8');
  const begin = text.indexOf('<!-- contract:begin -->');
  const end = text.indexOf('<!-- contract:end -->');
  expect(begin).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(begin);
  const lines = text.slice(begin, end).split('\n').filter((l) => l.startsWith('|'));
  expect(lines[0]).toBe('| kind | name | set from | read by (run time) | versions | upstream reader |');
  return lines.slice(2).map((l) => {
    const cells = l.slice(1, -1).split(' | ').map((c) => c.trim());
    return { kind: cells[0], name: cells[1].replace(/^`|`$/g, ''), cells };
  });
}

const OWN_LABEL = /^(app\.kubernetes\.io|aks-ml-constructs\.io)\/|^(tags\.)?aks-ml-constructs\.io\//;

/** What the pods of these objects are given, as "kind name" keys (user env left out). */
function emitted(objects: readonly KubeObject[], userEnv: ReadonlySet<string>): Set<string> {
  const keys = new Set<string>();
  for (const o of objects as readonly Record<string, any>[]) {
    if (o.kind === 'ServiceAccount') {
      for (const k of Object.keys(o.metadata.annotations ?? {})) if (!OWN_LABEL.test(k)) keys.add(`annotation ${k}`);
    }
    if (o.kind !== 'Deployment') continue;
    const pod = o.spec.template;
    for (const k of Object.keys(pod.metadata.labels ?? {})) if (!OWN_LABEL.test(k)) keys.add(`label ${k}`);
    for (const k of Object.keys(pod.metadata.annotations ?? {})) if (!OWN_LABEL.test(k)) keys.add(`annotation ${k}`);
    for (const c of pod.spec.containers) {
      for (const e of c.env ?? []) if (!userEnv.has(e.name)) keys.add(`env ${e.name}`);
      for (const p of c.ports ?? []) keys.add(`port ${p.name}`);
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) if (c[probe]) keys.add(`probe ${probe}`);
      if (c.command) keys.add('command (yours)');
      if (c.args) keys.add('args (yours)');
    }
    for (const c of pod.spec.initContainers ?? []) {
      for (const e of c.env ?? []) keys.add(`init env ${e.name}`);
      if (c.command) keys.add(`init command ${c.command[0]}`);
    }
  }
  return keys;
}

const USER_ENV = { MY_FEATURE_FLAG: 'on' };

/** Services with every option on, in the combinations that change the pod. */
const services: AksWebserviceProps[] = [
  { name: 'plain-model', image: IMAGE },
  {
    name: 'everything',
    image: IMAGE,
    namespace: 'ml',
    model: blob(),
    blobfuseEnabled: false,
    gpuCores: 1,
    enableAppInsights: true,
    collectModelData: true,
    autoscaler: concurrency,
    tokenAuthEnabled: true,
    entraTenantId: TENANT,
    entraAudience: 'api://everything',
    replicaMaxConcurrentRequests: 4,
    scoringTimeoutMs: 120000,
    maxRequestWaitTime: 2000,
    initialDelaySeconds: 900,
    cpuCoresLimit: 2,
    memoryGbLimit: 4,
    env: USER_ENV,
    tags: { team: 'fraud' },
    properties: { owner: 'ml-platform' },
    description: 'every option on',
    computeTargetName: 'aks-prod',
    nodeSelector: { agentpool: 'gpu' },
    imagePullSecrets: ['acr-pull'],
  },
  { name: 'mounted-model', image: IMAGE, model: blob(), keys: AuthKeys.fromSecret('model-keys'), numReplicas: 3, collectModelData: true },
  {
    // A created identity (ASO): the downloader reads the client id from the Secret ASO writes.
    name: 'created-identity',
    image: IMAGE,
    namespace: 'ml',
    model: ModelSource.fromBlobStorage({
      storageAccount: 'mlmodels',
      container: 'models',
      resourceGroup: 'data-rg',
      identity: WorkloadIdentity.create({ subscriptionId: SUB, resourceGroupName: 'ml-rg', location: 'westeurope', oidcIssuerUrl: 'https://issuer.example/' }),
    }),
    blobfuseEnabled: false,
  },
  {
    // An existing identity with its tenant, reading the Key Vault keys through the store the library creates.
    name: 'vault-keys',
    image: IMAGE,
    keys: AuthKeys.fromKeyVault({
      secretStore: { name: 'vault-keys-kv', kind: 'SecretStore' },
      primaryKeySecretName: 'pk',
      secondaryKeySecretName: 'sk',
      identity: WorkloadIdentity.fromClientId(CLIENT_ID, { tenantId: TENANT }),
      keyVault: { name: 'ml-vault' },
    }),
  },
  {
    name: 'own-server',
    image: IMAGE,
    containerPort: 8080,
    command: ['azmlinfsrv'],
    args: ['--entry_script', '/var/azureml-app/score.py', '--port', '8080'],
    restrictedSecurityContext: false,
    authEnabled: false,
  },
];

const endpoints: AksEndpointProps[] = [
  {
    name: 'churn',
    namespace: 'ml',
    enableAppInsights: true,
    tokenAuthEnabled: true,
    entraTenantId: TENANT,
    entraAudience: 'api://churn',
    versions: [
      { versionName: 'control', image: IMAGE, trafficPercentile: 70, isDefault: true, versionType: 'Control', collectModelData: true, model: blob({ path: 'churn/1' }), blobfuseEnabled: false },
      { versionName: 'treatment', image: IMAGE, trafficPercentile: 30, scoringTimeoutMs: 90000, autoscaler: concurrency, gpuCores: 1, env: USER_ENV },
      { versionName: 'shadow', image: IMAGE, containerPort: 9000, command: ['my-server'], args: ['--listen', ':9000'], numReplicas: 1 },
    ],
  },
];

function allEmitted(): { keys: Set<string>; objects: number } {
  const keys = new Set<string>();
  let objects = 0;
  const user = new Set(Object.keys(USER_ENV));
  for (const s of services) {
    const plan = planWebservice(s, { defaultNamespace: 'ml' });
    objects += validateAll(plan.objects);
    for (const k of emitted(plan.objects, user)) keys.add(k);
  }
  for (const e of endpoints) {
    const plan = planEndpoint(e);
    objects += validateAll(plan.objects);
    for (const k of emitted(plan.objects, user)) keys.add(k);
  }
  return { keys, objects };
}

describe('runtime contract (docs/runtime-contract.md)', () => {
  const rows = contractRows();
  const listed = new Set(rows.map((r) => `${r.kind} ${r.name}`));
  const { keys, objects } = allEmitted();

  test('every row names its setter, reader, versions and upstream file', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      expect(r.cells).toHaveLength(6);
      for (const c of r.cells) expect(c).not.toBe('');
      expect(['env', 'init env', 'init command', 'command', 'args', 'port', 'probe', 'label', 'annotation']).toContain(r.kind);
      // An azmlinfsrv reader cites the file at a pinned commit.
      if (/azmlinfsrv `/.test(r.cells[5])) expect(r.cells[5]).toMatch(/@`(4a7ea9b|2ef114c|eae9ab1)`/);
    }
    expect(listed.size).toBe(rows.length);
  });

  test('everything the scoring pods get is explained by the table', () => {
    expect(objects).toBeGreaterThan(50);
    const unexplained = [...keys].filter((k) => !listed.has(k));
    expect(unexplained).toEqual([]);
  });

  test('the table lists nothing the library does not write', () => {
    const neverEmitted = [...listed].filter((k) => !keys.has(k) && !PENDING_ROWS.has(k));
    expect(neverEmitted).toEqual([]);
    // A pending row that is now emitted must leave PENDING_ROWS.
    for (const k of PENDING_ROWS) {
      expect(listed.has(k)).toBe(true);
      expect(keys.has(k)).toBe(false);
    }
  });

  test('the collection sees what it must (the check would catch a new variable)', () => {
    for (const k of ['env SCORING_TIMEOUT_MS', 'env WORKER_TIMEOUT', 'env SERVICE_PATH_PREFIX', 'env AML_MDC_STORAGE_ENABLED',
      'env APPLICATIONINSIGHTS_CONNECTION_STRING', 'init env MODEL_BLOB_PATTERN', 'probe startupProbe', 'port http',
      'label azure.workload.identity/use', 'annotation azure.workload.identity/client-id', 'annotation azure.workload.identity/tenant-id',
      'init env AZURE_CLIENT_ID', 'command (yours)', 'args (yours)']) {
      expect(keys).toContain(k);
    }
    // User env is the user's, and the library's own labels are not run-time settings.
    expect(keys).not.toContain('env MY_FEATURE_FLAG');
    expect([...keys].some((k) => k.includes('aks-ml-constructs.io'))).toBe(false);
  });

  test('no dead setting is written: AZUREML_LOG_LEVEL, SERVER_PORT, HEALTH_PORT', () => {
    for (const k of ['AZUREML_LOG_LEVEL', 'SERVER_PORT', 'HEALTH_PORT', 'AML_APP_INSIGHTS_ENDPOINT']) expect(keys).not.toContain(`env ${k}`);
  });
});
