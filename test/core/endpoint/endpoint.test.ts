import { AksEndpointProps, AksEndpointVersionProps, Autoscaler, ConfigurationError, KubeObject, planEndpoint, VersionType } from 'aks-ml-constructs';
import { VERSION_HEADER } from '../../../src/core/gateway/routing';
import { joinName } from '../../../src/core/kube';
import { validateAll } from '../../support/schema';

const IMAGE = 'myacr.azurecr.io/churn:1.0';
const v = (versionName: string, extra: Partial<AksEndpointVersionProps> = {}): AksEndpointVersionProps => ({ versionName, image: IMAGE, ...extra });
const endpoint = (versions: AksEndpointVersionProps[], extra: Partial<AksEndpointProps> = {}): AksEndpointProps => ({
  name: 'churn',
  namespace: 'ml',
  versions,
  ...extra,
});

const all = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as Record<string, any>[];
function one(objects: KubeObject[], kind: string, name: string): Record<string, any> {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${found.length}`);
  return found[0] as Record<string, any>;
}
function problemsOf(props: unknown): readonly string[] {
  try {
    planEndpoint(props as AksEndpointProps);
  } catch (e) {
    if (e instanceof ConfigurationError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigurationError');
}
/** The weighted backends of the endpoint's scoring rule: { service: weight }. */
function split(objects: KubeObject[]): Record<string, number> {
  const route = one(objects, 'HTTPRoute', 'churn');
  const score = route.spec.rules[0];
  expect(score.matches).toEqual([{ path: { type: 'Exact', value: '/api/v1/service/churn/score' }, method: 'POST' }]);
  return Object.fromEntries(score.backendRefs.map((b: any) => [b.name, b.weight]));
}

describe('traffic split', () => {
  test('50 / 30 / default: the default version takes the unclaimed 20', () => {
    const p = planEndpoint(endpoint([v('control', { trafficPercentile: 50, versionType: VersionType.CONTROL }), v('treatment', { trafficPercentile: 30 }), v('fallback', { isDefault: true })]));
    expect(p.versions.map((x) => [x.versionName, x.weight, x.isDefault])).toEqual([
      ['control', 50, false],
      ['treatment', 30, false],
      ['fallback', 20, true],
    ]);
    expect(split(p.objects)).toEqual({ 'churn-control': 50, 'churn-treatment': 30, 'churn-fallback': 20 });
    expect(p.defaultVersion).toBe('fallback');
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('the default version adds the unclaimed rest to its own percentile', () => {
    const p = planEndpoint(endpoint([v('alpha', { trafficPercentile: 10, isDefault: true }), v('bravo', { trafficPercentile: 60 })]));
    expect(split(p.objects)).toEqual({ 'churn-alpha': 40, 'churn-bravo': 60 });
  });

  test('100 / 0: a version without traffic stays out of the split but keeps its own route', () => {
    const p = planEndpoint(endpoint([v('blue', { trafficPercentile: 100 }), v('green', { trafficPercentile: 0 })]));
    expect(p.versions.map((x) => x.weight)).toEqual([100, 0]);
    expect(split(p.objects)).toEqual({ 'churn-blue': 100 });
    expect(one(p.objects, 'HTTPRoute', 'churn-green').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'churn-green', port: 80 }]);
    // The first version is the default when none is marked.
    expect(p.defaultVersion).toBe('blue');
  });

  test('when the default version claims 0 and the others 100, the default takes nothing', () => {
    const p = planEndpoint(endpoint([v('old', { isDefault: true, trafficPercentile: 0 }), v('new', { trafficPercentile: 100 })]));
    expect(split(p.objects)).toEqual({ 'churn-new': 100 });
    // Swagger and health still come from the default version.
    const route = one(p.objects, 'HTTPRoute', 'churn');
    expect(route.spec.rules[1].backendRefs.map((b: any) => b.name)).toEqual(['churn-old']);
  });

  test('a single version takes all the traffic', () => {
    const p = planEndpoint(endpoint([v('only')]));
    expect(p.versions.map((x) => [x.weight, x.isDefault, x.versionType])).toEqual([[100, true, 'Treatment']]);
    expect(split(p.objects)).toEqual({ 'churn-only': 100 });
  });

  test('six versions', () => {
    const versions = [v('v-one', { trafficPercentile: 10 }), v('v-two', { trafficPercentile: 15 }), v('v-three', { trafficPercentile: 5 }), v('v-four', { trafficPercentile: 20 }), v('v-five'), v('v-six', { trafficPercentile: 25, isDefault: true })];
    const p = planEndpoint(endpoint(versions));
    expect(p.versions.map((x) => x.weight)).toEqual([10, 15, 5, 20, 0, 50]);
    expect(split(p.objects)).toEqual({ 'churn-v-one': 10, 'churn-v-two': 15, 'churn-v-three': 5, 'churn-v-four': 20, 'churn-v-six': 50 });
    expect(Object.values(split(p.objects)).reduce((a, b) => a + b, 0)).toBe(100);
    expect(all(p.objects, 'Deployment')).toHaveLength(6);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });
});

describe('routes', () => {
  const p = planEndpoint(endpoint([v('control', { trafficPercentile: 50, versionType: VersionType.CONTROL }), v('treatment', { trafficPercentile: 30 }), v('fallback', { isDefault: true })]));

  test('the endpoint route: weighted scoring; Swagger and health of the default version', () => {
    const route = one(p.objects, 'HTTPRoute', 'churn');
    const rules = route.spec.rules.map((r: any) => [r.matches.map((m: any) => `${m.method} ${m.path.value}`), r.backendRefs.map((b: any) => b.name)]);
    expect(rules).toEqual([
      [['POST /api/v1/service/churn/score'], ['churn-control', 'churn-treatment', 'churn-fallback']],
      [['GET /api/v1/service/churn/swagger.json'], ['churn-fallback']],
      [['GET /api/v1/service/churn/', 'GET /api/v1/service/churn'], ['churn-fallback']],
    ]);
    expect(p.scoringPath).toBe('/api/v1/service/churn/score');
    expect(p.swaggerPath).toBe('/api/v1/service/churn/swagger.json');
  });

  test('each version is reachable directly: its own path, or the endpoint path with the version header', () => {
    const route = one(p.objects, 'HTTPRoute', 'churn-treatment');
    const rules = route.spec.rules.map((r: any) => ({
      matches: r.matches.map((m: any) => `${m.method} ${m.path.value}${m.headers ? ` [${m.headers.map((h: any) => `${h.type} ${h.name}: ${h.value}`).join()}]` : ''}`),
      to: `${r.backendRefs.map((b: any) => b.name).join()}${r.filters[0].urlRewrite.path.replaceFullPath}`,
    }));
    expect(rules).toEqual([
      // One scoring rule for both ways in: one Envoy cluster, so one per-replica limit for the version's direct calls.
      {
        matches: ['POST /api/v1/service/churn/versions/treatment/score', 'POST /api/v1/service/churn/score [Exact azureml-model-deployment: treatment]'],
        to: 'churn-treatment/score',
      },
      { matches: ['GET /api/v1/service/churn/versions/treatment/swagger.json'], to: 'churn-treatment/swagger.json' },
      { matches: ['GET /api/v1/service/churn/versions/treatment/', 'GET /api/v1/service/churn/versions/treatment'], to: 'churn-treatment/' },
    ]);
    const plan = p.versions[1];
    expect(plan).toMatchObject({
      versionName: 'treatment',
      kubernetesName: 'churn-treatment',
      scoringPath: '/api/v1/service/churn/versions/treatment/score',
      header: { name: VERSION_HEADER, value: 'treatment' },
    });
    expect(VERSION_HEADER).toBe('azureml-model-deployment');
  });

  test('URIs of the endpoint and of each version come from the gateway hostname', () => {
    const q = planEndpoint(endpoint([v('alpha'), v('bravo', { trafficPercentile: 10 })], { gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', sectionName: 'https', hostname: 'ml.example.com' } }));
    expect(q.scoringUri).toBe('https://ml.example.com/api/v1/service/churn/score');
    expect(q.swaggerUri).toBe('https://ml.example.com/api/v1/service/churn/swagger.json');
    expect(q.versions.map((x) => x.scoringUri)).toEqual([
      'https://ml.example.com/api/v1/service/churn/versions/alpha/score',
      'https://ml.example.com/api/v1/service/churn/versions/bravo/score',
    ]);
    for (const r of all(q.objects, 'HTTPRoute')) expect(r.spec.hostnames).toEqual(['ml.example.com']);
  });

  test('version objects are named joinName([endpoint, version]): at most 63 characters, a stable hash when cut', () => {
    const name = 'a'.repeat(32);
    const version = 'b'.repeat(32);
    const q = planEndpoint({ name, namespace: 'ml', versions: [{ versionName: version, image: IMAGE }] });
    const k = joinName([name, version]);
    expect(k).toHaveLength(63);
    expect(k).not.toBe(`${name}-${version}`);
    expect(q.versions[0].kubernetesName).toBe(k);
    for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'NetworkPolicy', 'BackendTrafficPolicy', 'SecurityPolicy']) {
      expect(all(q.objects, kind).map((o) => o.metadata.name)).toContain(k);
    }
    expect(validateAll(q.objects)).toBe(q.objects.length);
  });
});

describe('one key pair for the endpoint', () => {
  test('every route (shared and per version) reads the same key Secrets', () => {
    const p = planEndpoint(endpoint([v('alpha'), v('bravo', { trafficPercentile: 20 })]));
    expect(p.keySecretNames).toEqual(['churn-primary-key', 'churn-secondary-key']);
    expect(all(p.objects, 'ExternalSecret')).toHaveLength(2);
    const policies = all(p.objects, 'SecurityPolicy');
    expect(policies.map((x) => x.metadata.name)).toEqual(['churn-alpha', 'churn-bravo', 'churn']);
    for (const sp of policies) {
      expect(sp.spec.apiKeyAuth.credentialRefs.map((r: any) => r.name)).toEqual(['churn-primary-key', 'churn-secondary-key']);
      expect(sp.spec.authorization.rules[0].name).toBe('require-bearer-scheme');
    }
  });

  test('token auth for the whole endpoint', () => {
    const p = planEndpoint(
      endpoint([v('alpha'), v('bravo', { trafficPercentile: 20 })], { tokenAuthEnabled: true, entraTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', entraAudience: 'api://churn' }),
    );
    expect(p.keySecretNames).toEqual([]);
    for (const sp of all(p.objects, 'SecurityPolicy')) {
      expect(sp.spec.jwt.optional).toBe(false);
      expect(sp.spec.jwt.providers.map((x: any) => x.audiences)).toEqual([['api://churn'], ['api://churn']]);
    }
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('App Insights and the namespace come from the endpoint', () => {
    const p = planEndpoint(endpoint([v('alpha'), v('bravo')], { enableAppInsights: true }));
    for (const d of all(p.objects, 'Deployment')) {
      expect(d.metadata.namespace).toBe('ml');
      const env = d.spec.template.spec.containers[0].env;
      expect(env).toContainEqual({ name: 'AML_APP_INSIGHTS_ENABLED', value: 'true' });
    }
    expect(all(p.objects, 'Namespace').map((n) => n.metadata.name)).toEqual(['ml']);
  });
});

describe('limits and autoscaling per version', () => {
  test('each version route has its own limits; the shared route uses the smallest per-replica concurrency and the sum of the rest', () => {
    const p = planEndpoint(
      endpoint([
        v('alpha', { replicaMaxConcurrentRequests: 2, autoscaleMaxReplicas: 4, trafficPercentile: 50 }),
        v('bravo', { replicaMaxConcurrentRequests: 3, numReplicas: 2, trafficPercentile: 50 }),
        v('charlie', { replicaMaxConcurrentRequests: 1 }),
      ]),
    );
    const cb = (name: string) => one(p.objects, 'BackendTrafficPolicy', name).spec.circuitBreaker;
    expect(cb('churn-alpha')).toEqual({ perEndpoint: { maxConnections: 2 }, maxConnections: 8, maxParallelRequests: 8, maxPendingRequests: 8 });
    expect(cb('churn-bravo')).toEqual({ perEndpoint: { maxConnections: 3 }, maxConnections: 6, maxParallelRequests: 6, maxPendingRequests: 6 });
    // c takes no traffic, so only a and b count on the shared route.
    expect(cb('churn')).toEqual({ perEndpoint: { maxConnections: 2 }, maxConnections: 14, maxParallelRequests: 14, maxPendingRequests: 14 });
    expect(p.warnings).toContainEqual(expect.objectContaining({ prop: 'versions[*].replicaMaxConcurrentRequests' }));
    for (const b of all(p.objects, 'BackendTrafficPolicy')) expect(b.spec.retry).toEqual({ numRetries: 0 });
  });

  test('the shared scoring rule times out after the longest version timeout, each version route after its own', () => {
    const p = planEndpoint(endpoint([v('alpha', { scoringTimeoutMs: 10_000 }), v('bravo', { scoringTimeoutMs: 30_000, maxRequestWaitTime: 1000, trafficPercentile: 50 })]));
    expect(one(p.objects, 'HTTPRoute', 'churn').spec.rules[0].timeouts).toEqual({ request: '31s' });
    // Swagger and health go to the default version (alpha), with its timeout.
    expect(one(p.objects, 'HTTPRoute', 'churn').spec.rules[1].timeouts).toEqual({ request: '10s500ms' });
    expect(one(p.objects, 'HTTPRoute', 'churn-alpha').spec.rules[0].timeouts).toEqual({ request: '10s500ms' });
    expect(p.warnings).toContainEqual(expect.objectContaining({ prop: 'versions[*].scoringTimeoutMs' }));
  });

  test('a version on the concurrency autoscaler counts its weight of the shared route plus its own route', () => {
    const auto = Autoscaler.concurrency({ prometheusServerAddress: 'http://prom:9090' });
    const p = planEndpoint(endpoint([v('alpha', { trafficPercentile: 25, autoscaler: auto, replicaMaxConcurrentRequests: 2 }), v('bravo', { isDefault: true, autoscaler: auto })]));
    const q = (name: string) => one(p.objects, 'ScaledObject', name).spec.triggers[0].metadata;
    const m = (cluster: string) => `(sum({__name__=~"envoy_cluster_upstream_rq_(active|pending_active)",envoy_cluster_name=~"${cluster}"}) or vector(0))`;
    expect(q('churn-alpha').query).toBe(`${m('httproute/ml/churn-alpha/rule/[0-9]+')} + ${m('httproute/ml/churn/rule/0')} * 0.25`);
    expect(q('churn-alpha').threshold).toBe('1.4');
    expect(q('churn-bravo').query).toBe(
      `${m('httproute/ml/churn-bravo/rule/[0-9]+')} + ${m('httproute/ml/churn/rule/0')} * 0.75 + ${m('httproute/ml/churn/rule/1')} + ${m('httproute/ml/churn/rule/2')}`,
    );
    expect(all(p.objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('versions may mix autoscalers; warnings carry the version path', () => {
    const p = planEndpoint(endpoint([v('alpha', { autoscaleRefreshSeconds: 2 }), v('bravo', { maxRequestWaitTime: 900, autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prom:9090' }) })]));
    expect(all(p.objects, 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).toEqual(['churn-alpha']);
    expect(all(p.objects, 'ScaledObject').map((o) => o.metadata.name)).toEqual(['churn-bravo']);
    expect(p.warnings.map((w) => w.prop)).toEqual(expect.arrayContaining(['versions[0].autoscaleRefreshSeconds', 'versions[1].maxRequestWaitTime']));
  });
});

describe('rules, each with a clear error', () => {
  test('versions must be a list of 1 to 6', () => {
    expect(problemsOf({ name: 'churn' })).toEqual(['versions must be a list of 1 to 6 versions; received undefined.']);
    expect(problemsOf(endpoint([]))).toEqual(['versions must have 1 to 6 versions (the AksEndpoint limit); received "0 versions".']);
    const seven = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'].map((n) => v(`ver-${n}`));
    expect(problemsOf(endpoint(seven))).toEqual(['versions must have 1 to 6 versions (the AksEndpoint limit); received "7 versions".']);
    expect(problemsOf(endpoint(['nope' as any]))).toEqual([
      'versions[0] must be an object with a versionName and the version\'s configuration; received "nope".',
    ]);
  });

  test('version names follow the service-name rule and are unique', () => {
    expect(problemsOf(endpoint([v('Control'), v('ab'), v('good'), v('good')]))).toEqual([
      'versions[0].versionName must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit; received "Control".',
      'versions[1].versionName must be 3 to 32 characters long (it has 2); received "ab".',
      'versions[3].versionName is already the name of versions[2]; version names must be unique; received "good".',
    ]);
    expect(problemsOf(endpoint([{ image: IMAGE } as any]))).toEqual(['versions[0].versionName must be a string of 3 to 32 characters; received undefined.']);
  });

  test('traffic percentiles: 0 to 100 (the v1 message), whole numbers, adding up to at most 100', () => {
    expect(problemsOf(endpoint([v('aaa', { trafficPercentile: -1 }), v('bbb', { trafficPercentile: 101 }), v('ccc', { trafficPercentile: 2.5 }), v('ddd', { trafficPercentile: '5' as any })]))).toEqual([
      'versions[0].trafficPercentile (v1: traffic_percentile) cannot be negative or greater than 100; received -1.',
      'versions[1].trafficPercentile (v1: traffic_percentile) cannot be negative or greater than 100; received 101.',
      'versions[2].trafficPercentile (v1: traffic_percentile) must be a whole number of percent (traffic is split in whole percents); received 2.5.',
      'versions[3].trafficPercentile (v1: traffic_percentile) must be a number from 0 to 100; received "5".',
    ]);
    expect(problemsOf(endpoint([v('aaa', { trafficPercentile: 60 }), v('bbb', { trafficPercentile: 50 })]))).toEqual([
      'versions[*].trafficPercentile (v1: traffic_percentile) must add up to at most 100 (the default version takes what the others leave); received "a sum of 110".',
    ]);
  });

  test('exactly one default version; at most one control', () => {
    expect(problemsOf(endpoint([v('aaa', { isDefault: true }), v('bbb'), v('ccc', { isDefault: true })]))).toEqual([
      'versions[*].isDefault (v1: is_default) must be true for at most one version (the endpoint has exactly one default version); received "versions[0] (aaa), versions[2] (ccc)".',
    ]);
    expect(problemsOf(endpoint([v('aaa', { versionType: VersionType.CONTROL }), v('bbb', { versionType: 'Control' })]))).toEqual([
      'versions[*].versionType (v1: version_type) must be VersionType.CONTROL for at most one version; received "versions[0] (aaa), versions[1] (bbb)".',
    ]);
    expect(problemsOf(endpoint([v('aaa', { versionType: 'control' as any }), v('bbb', { isDefault: 'yes' as any })]))).toEqual([
      'versions[0].versionType (v1: version_type) must be VersionType.CONTROL ("Control") or VersionType.TREATMENT ("Treatment"); received "control".',
      'versions[1].isDefault (v1: is_default) must be true or false; received "yes".',
    ]);
  });

  test('endpoint settings cannot be set per version', () => {
    expect(problemsOf(endpoint([{ ...v('aaa'), authEnabled: false, namespace: 'other', primaryKey: 'k-123', enableAppInsights: true, gateway: { name: 'x' }, name: 'aaa' } as any]))).toEqual([
      'versions[0].authEnabled is an endpoint setting shared by all versions (v1: auth_enabled); set it on the endpoint, not on a version; received false.',
      'versions[0].primaryKey is an endpoint setting shared by all versions (v1: primary_key); set it on the endpoint, not on a version; received "<redacted>".',
      'versions[0].enableAppInsights is an endpoint setting shared by all versions (v1: enable_app_insights); set it on the endpoint, not on a version; received true.',
      'versions[0].namespace is an endpoint setting shared by all versions (v1: namespace); set it on the endpoint, not on a version; received "other".',
      'versions[0].gateway is an endpoint setting; set it on the endpoint, not on a version; received {"name":"x"}.',
      'versions[0].name is not a version prop; name the version with versionName; received "aaa".',
    ]);
  });

  test('each version\'s deploy configuration is validated with its path; every problem is reported at once', () => {
    const problems = problemsOf({
      name: 'x',
      namespace: 'ML',
      authEnabled: true,
      tokenAuthEnabled: true,
      versions: [v('aaa'), v('bbb', { memoryGb: 0 }), v('ccc', { cpuCores: -1, image: 'Not An Image' }), v('ddd', { autoscaler: 'keda' as any })],
    });
    expect(problems).toEqual([
      'name must be 3 to 32 characters long (it has 1); received "x".',
      expect.stringMatching(/^authEnabled \(v1: auth_enabled\) and tokenAuthEnabled \(v1: token_auth_enabled\) are both true/),
      expect.stringMatching(/^namespace must be a valid Kubernetes namespace/),
      expect.stringMatching(/^entraTenantId is required when tokenAuthEnabled is true/),
      expect.stringMatching(/^entraAudience is required when tokenAuthEnabled is true/),
      'versions[1].memoryGb (v1: memory_gb) must be greater than zero; received 0.',
      'versions[2].cpuCores (v1: cpu_cores) must be greater than zero; received -1.',
      expect.stringMatching(/^versions\[2\]\.image must be a container image reference/),
      expect.stringMatching(/^versions\[3\]\.autoscaler must be made with Autoscaler\.cpu\(\)/),
    ]);
  });

  test('a concurrency autoscaler needs the namespace; props must be an object', () => {
    const { namespace: _ns, ...noNamespace } = endpoint([v('alpha', { autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prom:9090' }) })]);
    expect(() => planEndpoint(noNamespace)).toThrow(/namespace is required with Autoscaler\.concurrency\(\)/);
    expect(planEndpoint(noNamespace, { defaultNamespace: 'exp' }).objects.some((o) => o.kind === 'ScaledObject')).toBe(true);
    expect(problemsOf(null)).toEqual(['props must be an object; received null.']);
  });

  test('invalid props never produce objects (the error is thrown by planning)', () => {
    expect(() => planEndpoint(endpoint([v('aaa', { trafficPercentile: 200 })]))).toThrow(/Invalid configuration for endpoint "churn": 1 problem/);
  });
});
