/**
 * The scoring container as the Azure ML inference server reads it: timeouts (the gateway
 * answers 504 first), the Swagger path prefix, the port, the probes, model data collection.
 */
import { AksEndpointProps, AksWebserviceProps, ConfigurationError, KubeObject, planEndpoint, planWebservice } from 'aks-ml-constructs';
import { validateAll } from '../../support/schema';

const IMAGE = 'myacr.azurecr.io/scoring/model:1.0';
const INT32_MAX = 2147483647;

type Obj = Record<string, any>;
const deployments = (objects: readonly KubeObject[]) => (objects as readonly Obj[]).filter((o) => o.kind === 'Deployment');
const scoring = (d: Obj) => d.spec.template.spec.containers[0];
const envOf = (d: Obj): Record<string, string> => Object.fromEntries(scoring(d).env.filter((e: Obj) => 'value' in e).map((e: Obj) => [e.name, e.value]));

/** Reads a Gateway API duration ("1m500ms", "99999h") back into milliseconds. */
function durationMs(text: string): number {
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const parts = [...text.matchAll(/(\d+)(ms|h|m|s)/g)];
  expect(parts.map((p) => p[0]).join('')).toBe(text);
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]], 0);
}

/**
 * For every Deployment: the longest route timeout of any HTTPRoute rule whose backends
 * include its Service, and its server and worker timeouts.
 */
function timeouts(objects: readonly KubeObject[]) {
  const routes = (objects as readonly Obj[]).filter((o) => o.kind === 'HTTPRoute');
  return deployments(objects).map((d) => {
    const name = d.metadata.name;
    const gateway = Math.max(
      ...routes.flatMap((r) => r.spec.rules.filter((rule: Obj) => rule.backendRefs.some((b: Obj) => b.name === name)).map((rule: Obj) => durationMs(rule.timeouts.request))),
    );
    const env = envOf(d);
    return { name, gateway, server: Number(env.SCORING_TIMEOUT_MS), worker: Number(env.WORKER_TIMEOUT) * 1000, startup: scoring(d).startupProbe };
  });
}

function problemsOf(f: () => unknown): readonly string[] {
  try {
    f();
  } catch (e) {
    if (ConfigurationError.isConfigurationError(e)) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigurationError');
}

function plan(props: Partial<AksWebserviceProps> = {}) {
  const p = planWebservice({ name: 'fraud-model', image: IMAGE, ...props });
  validateAll(p.objects);
  return p;
}

function endpointPlan(props: Partial<AksEndpointProps> & Pick<AksEndpointProps, 'versions'>) {
  const p = planEndpoint({ name: 'churn', namespace: 'ml', ...props });
  validateAll(p.objects);
  return p;
}

describe('504 as v1: gateway timeout < SCORING_TIMEOUT_MS < WORKER_TIMEOUT', () => {
  test('v1 defaults: 60.5 s at the gateway, 65.5 s in the server, 350 s for gunicorn', () => {
    const [t] = timeouts(plan().objects);
    expect(t.gateway).toBe(60500);
    expect(t.server).toBe(65500);
    expect(t.worker).toBe(350000);
    expect(t.gateway).toBeLessThan(t.server);
    expect(t.server).toBeLessThan(t.worker);
  });

  test.each([
    ['the smallest timeouts', { scoringTimeoutMs: 1, maxRequestWaitTime: 1 }],
    ['a scoring time past gunicorn\'s 300 s default', { scoringTimeoutMs: 600000 }],
    ['a long queue wait', { scoringTimeoutMs: 1000, maxRequestWaitTime: 3_600_000 }],
    ['the largest int32 timeouts', { scoringTimeoutMs: INT32_MAX, maxRequestWaitTime: INT32_MAX }],
    ['a long init()', { initialDelaySeconds: 3600, periodSeconds: 30, failureThreshold: 10 }],
    ['the largest probe settings', { initialDelaySeconds: INT32_MAX, periodSeconds: INT32_MAX, failureThreshold: INT32_MAX }],
  ])('%s', (_, props) => {
    for (const t of timeouts(plan(props).objects)) {
      expect(t.gateway).toBeLessThan(t.server);
      expect(t.server - t.gateway).toBeGreaterThanOrEqual(5000);
      expect(t.server).toBeLessThan(t.worker);
      // gunicorn never kills a worker whose init() the startup probe still waits for.
      expect(t.worker).toBeGreaterThanOrEqual(t.startup.periodSeconds * t.startup.failureThreshold * 1000);
    }
  });

  test('endpoint versions: above every route that reaches them, the shared scoring route included', () => {
    const p = endpointPlan({
      versions: [
        { versionName: 'fast', image: IMAGE, trafficPercentile: 50, scoringTimeoutMs: 1000 },
        { versionName: 'slow', image: IMAGE, trafficPercentile: 50, scoringTimeoutMs: 600000, maxRequestWaitTime: 2000 },
        { versionName: 'idle', image: IMAGE, trafficPercentile: 0, scoringTimeoutMs: 2000 },
      ],
    });
    const ts = timeouts(p.objects);
    expect(ts.map((t) => t.name)).toEqual(['churn-fast', 'churn-slow', 'churn-idle']);
    for (const t of ts) {
      expect(t.gateway).toBeLessThan(t.server);
      expect(t.server).toBeLessThan(t.worker);
    }
    // "fast" takes traffic on the shared route, which waits for "slow" (602 s).
    expect(ts[0].gateway).toBe(602000);
    expect(ts[0].server).toBe(607000);
    // "idle" takes none: only its own route (2.5 s) reaches it.
    expect(ts[2].gateway).toBe(2500);
    expect(ts[2].server).toBe(7500);
  });
});

describe('Swagger: SERVICE_PATH_PREFIX lists the gateway paths', () => {
  const postPaths = (objects: readonly KubeObject[], service: string) =>
    (objects as readonly Obj[])
      .filter((o) => o.kind === 'HTTPRoute')
      .flatMap((r) => r.spec.rules)
      .filter((rule: Obj) => rule.backendRefs.some((b: Obj) => b.name === service))
      .flatMap((rule: Obj) => rule.matches.filter((m: Obj) => m.method === 'POST' && !m.headers).map((m: Obj) => m.path.value));

  test('a service: /api/v1/service/<name>, whose /score the gateway serves', () => {
    const p = plan();
    const prefix = envOf(deployments(p.objects)[0]).SERVICE_PATH_PREFIX;
    expect(prefix).toBe('/api/v1/service/fraud-model');
    expect(`${prefix}/score`).toBe(p.scoringPath);
    expect(`${prefix}/swagger.json`).toBe(p.swaggerPath);
    expect(postPaths(p.objects, 'fraud-model')).toContain(`${prefix}/score`);
  });

  test('an endpoint: the default version lists the endpoint\'s paths, the others their own; each reaches the version', () => {
    const p = endpointPlan({
      versions: [
        { versionName: 'control', image: IMAGE, trafficPercentile: 80, isDefault: true },
        { versionName: 'treatment', image: IMAGE, trafficPercentile: 20 },
      ],
    });
    const prefixes = Object.fromEntries(deployments(p.objects).map((d) => [d.metadata.name, envOf(d).SERVICE_PATH_PREFIX]));
    expect(prefixes).toEqual({ 'churn-control': '/api/v1/service/churn', 'churn-treatment': '/api/v1/service/churn/versions/treatment' });
    expect(`${prefixes['churn-control']}/score`).toBe(p.scoringPath);
    expect(`${prefixes['churn-control']}/swagger.json`).toBe(p.swaggerPath);
    expect(`${prefixes['churn-treatment']}/score`).toBe(p.versions[1].scoringPath);
    for (const [service, prefix] of Object.entries(prefixes)) expect(postPaths(p.objects, service)).toContain(`${prefix}/score`);
    // The endpoint's swagger.json is the default version's document.
    const swagger = (p.objects as Obj[]).find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'churn')!.spec.rules[1];
    expect(swagger.matches[0].path.value).toBe('/api/v1/service/churn/swagger.json');
    expect(swagger.backendRefs.map((b: Obj) => b.name)).toEqual(['churn-control']);
    expect(p.warnings).toContainEqual({
      id: 'aks-ml:endpoint:defaultVersionSwaggerListsEndpointPaths',
      prop: 'versions[0].isDefault',
      message: expect.stringContaining('/api/v1/service/churn/score, where 20% of calls go to other versions'),
    });
  });

  test('no warning when the default version takes all the traffic', () => {
    const single = endpointPlan({ versions: [{ versionName: 'only', image: IMAGE }] });
    const idle = endpointPlan({ versions: [{ versionName: 'main', image: IMAGE }, { versionName: 'shadow', image: IMAGE, trafficPercentile: 0 }] });
    for (const p of [single, idle]) expect(p.warnings.map((w) => w.id)).not.toContain('aks-ml:endpoint:defaultVersionSwaggerListsEndpointPaths');
  });
});

describe('containerPort and command/args', () => {
  test('another port without a start command is refused, with every other problem', () => {
    const problems = problemsOf(() => planWebservice({ name: 'fraud-model', image: IMAGE, containerPort: 8080, cpuCores: -1, env: { AZUREML_DEBUG_PORT: '5678' } }));
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringMatching(/^containerPort cannot move the Azure ML inference server: it ignores port variables and answers on 5001/));
    expect(problems).toContainEqual(expect.stringContaining('"--port", "8080"'));
    expect(problems).toContainEqual(expect.stringMatching(/^env\["AZUREML_DEBUG_PORT"\] makes every worker of the inference server connect to a debugger and wait for it forever/));
    expect(problems).toContainEqual(expect.stringMatching(/^cpuCores/));
  });

  test('endpoint versions too, with the version path', () => {
    const problems = problemsOf(() => planEndpoint({ name: 'churn', versions: [{ versionName: 'alpha', image: IMAGE, containerPort: 9000 }] }));
    expect(problems).toEqual([expect.stringMatching(/^versions\[0\]\.containerPort cannot move the Azure ML inference server/)]);
  });

  test('5001 needs no command; another port with command/args moves probes, Service and NetworkPolicy with it', () => {
    expect(scoring(deployments(plan({ containerPort: 5001 }).objects)[0]).ports).toEqual([{ name: 'http', containerPort: 5001, protocol: 'TCP' }]);
    const p = plan({ containerPort: 8080, command: ['azmlinfsrv'], args: ['--entry_script', '/var/azureml-app/score.py', '--port', '8080'] });
    const c = scoring(deployments(p.objects)[0]);
    expect(c.command).toEqual(['azmlinfsrv']);
    expect(c.args).toEqual(['--entry_script', '/var/azureml-app/score.py', '--port', '8080']);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    for (const probe of [c.startupProbe.httpGet, c.livenessProbe.tcpSocket, c.readinessProbe.httpGet]) expect(probe.port).toBe('http');
    const np = (p.objects as Obj[]).find((o) => o.kind === 'NetworkPolicy')!;
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    // args alone (the image's ENTRYPOINT kept) also count as your own start.
    expect(scoring(deployments(plan({ containerPort: 8080, args: ['serve', '--port=8080'] }).objects)[0]).args).toEqual(['serve', '--port=8080']);
  });

  test('command and args are validated', () => {
    const problems = problemsOf(() => planWebservice({ name: 'fraud-model', image: IMAGE, command: [] as string[], args: ['ok', 1 as any, 'a\0b'] }));
    expect(problems).toEqual([
      'command must be a non-empty list of strings (the program, then its arguments); received [].',
      'args[1] must be a string without NUL characters (at most 32768 characters); received 1.',
      'args[2] must be a string without NUL characters (at most 32768 characters); received "a\\u0000b".',
    ]);
    expect(problemsOf(() => planWebservice({ name: 'fraud-model', image: IMAGE, command: ' ' as any }))).toEqual([
      'command must be a non-empty list of strings (the program, then its arguments); received " ".',
    ]);
    expect(problemsOf(() => planWebservice({ name: 'fraud-model', image: IMAGE, command: [' '] }))).toEqual(['command[0] must name the program to run; received " ".']);
  });

  test('variables the inference server ignores warn, unless you start the container yourself', () => {
    const p = plan({ env: { SERVER_PORT: '8080', AZUREML_LOG_LEVEL: 'DEBUG' } });
    expect(p.warnings.filter((w) => w.id === 'aks-ml:webservice:envIgnoredByInferenceServer').map((w) => w.prop)).toEqual(['env["SERVER_PORT"]', 'env["AZUREML_LOG_LEVEL"]']);
    expect(p.warnings.find((w) => w.prop === 'env["SERVER_PORT"]')!.message).toBe(
      'has no effect on the Azure ML inference server: azmlinfsrv overwrites it; only its --port argument moves the server (see containerPort and command/args).',
    );
    expect(plan({ env: { SERVER_PORT: '8080' }, command: ['my-server'] }).warnings.map((w) => w.id)).not.toContain('aks-ml:webservice:envIgnoredByInferenceServer');
    // They are passed through all the same.
    expect(envOf(deployments(p.objects)[0]).SERVER_PORT).toBe('8080');
  });

  test('the library\'s new variables cannot be overridden in env', () => {
    const problems = problemsOf(() => planWebservice({ name: 'fraud-model', image: IMAGE, env: { WORKER_TIMEOUT: '10', SERVICE_PATH_PREFIX: 'x', AML_MDC_STORAGE_ENABLED: 'true' } }));
    expect(problems).toEqual([
      'env["WORKER_TIMEOUT"] is set by the library from scoringTimeoutMs, maxRequestWaitTime and the probe settings; set that prop instead; received "10".',
      'env["SERVICE_PATH_PREFIX"] is set by the library from (fixed: the gateway path of the service or version); set that prop instead; received "x".',
      'env["AML_MDC_STORAGE_ENABLED"] is set by the library from collectModelData; set that prop instead; received "true".',
    ]);
  });
});

describe('probes', () => {
  test('the startup probe allows what v1 allowed before liveness could restart, rounded up to its 5 s period', () => {
    for (const [props, threshold] of [
      [{}, 68],
      [{ initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 1 }, 1],
      [{ initialDelaySeconds: 1800, periodSeconds: 7, failureThreshold: 2 }, 363],
      [{ initialDelaySeconds: INT32_MAX }, Math.ceil((INT32_MAX + 30) / 5)],
      // Kubernetes stores the threshold as an int32.
      [{ initialDelaySeconds: INT32_MAX, periodSeconds: INT32_MAX, failureThreshold: INT32_MAX }, INT32_MAX],
    ] as const) {
      const c = scoring(deployments(plan(props).objects)[0]);
      expect(c.startupProbe.failureThreshold).toBe(threshold);
      expect(c.startupProbe.httpGet).toEqual({ path: '/', port: 'http', scheme: 'HTTP' });
      const v1 = (props as Obj).initialDelaySeconds ?? 310;
      const allowed = v1 + ((props as Obj).failureThreshold ?? 3) * ((props as Obj).periodSeconds ?? 10);
      expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(Math.min(allowed, INT32_MAX));
      expect(c.livenessProbe.initialDelaySeconds).toBeUndefined();
      expect(c.readinessProbe.initialDelaySeconds).toBeUndefined();
    }
  });
});

describe('collectModelData', () => {
  test('turns on both switch names', () => {
    expect(envOf(deployments(plan({ collectModelData: true, enableAppInsights: true }).objects)[0])).toMatchObject({ AML_MDC_STORAGE_ENABLED: 'true', AML_MODEL_DC_STORAGE_ENABLED: 'true' });
    expect(envOf(deployments(plan().objects)[0])).toMatchObject({ AML_MDC_STORAGE_ENABLED: 'false', AML_MODEL_DC_STORAGE_ENABLED: 'false' });
  });

  test('warns when App Insights is off (the server then records nothing)', () => {
    const id = 'aks-ml:webservice:modelDataWithoutAppInsights';
    expect(plan({ collectModelData: true }).warnings).toContainEqual({ id, prop: 'collectModelData', message: expect.stringContaining('traces, message "model_data_collection"') });
    expect(plan({ collectModelData: true, enableAppInsights: true }).warnings.map((w) => w.id)).not.toContain(id);
    expect(plan({ enableAppInsights: false }).warnings.map((w) => w.id)).not.toContain(id);
    const ep = endpointPlan({ versions: [{ versionName: 'alpha', image: IMAGE, collectModelData: true }] });
    expect(ep.warnings.filter((w) => w.id === id).map((w) => w.prop)).toEqual(['versions[0].collectModelData']);
    const on = endpointPlan({ enableAppInsights: true, versions: [{ versionName: 'alpha', image: IMAGE, collectModelData: true }] });
    expect(on.warnings.map((w) => w.id)).not.toContain(id);
  });
});
