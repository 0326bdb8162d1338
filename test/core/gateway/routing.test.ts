import { AksWebserviceProps, AuthKeys, DEFAULT_GATEWAY_REF, EnvoyGateway, KubeObject, planEndpoint, planWebservice } from 'aks-ml-constructs';
import { BEARER_SCHEME_CEL } from '../../../src/core/gateway/envoy-gateway';
import { HEALTH_CHECK_LABEL } from '../../../src/core/webservice/network-policy';
import { gatewayDuration } from '../../../src/core/gateway/routing';
import { validateAll } from '../../support/schema';
import { configurationErrorOf } from '../../support/errors';

const base: AksWebserviceProps = { name: 'fraud-model', image: 'myacr.azurecr.io/fraud:1.4.2', namespace: 'ml' };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function only(objects: KubeObject[], kind: string, name?: string): Record<string, any> {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as Record<string, any>;
}
const none = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind).length === 0;

describe('HTTPRoute of a web service', () => {
  const plan = planWebservice(base);
  const route = only(plan.objects, 'HTTPRoute');

  test('publishes POST score, GET swagger.json and GET health at the v1 paths, rewritten to the inference server', () => {
    const rules = route.spec.rules.map((r: any) => ({
      matches: r.matches.map((m: any) => `${m.method} ${m.path.type}:${m.path.value}`),
      rewrite: r.filters.find((f: any) => f.type === 'URLRewrite').urlRewrite.path,
      backends: r.backendRefs,
    }));
    const backend = [{ group: '', kind: 'Service', name: 'fraud-model', port: 80 }];
    expect(rules).toEqual([
      { matches: ['POST Exact:/api/v1/service/fraud-model/score'], rewrite: { type: 'ReplaceFullPath', replaceFullPath: '/score' }, backends: backend },
      { matches: ['GET Exact:/api/v1/service/fraud-model/swagger.json'], rewrite: { type: 'ReplaceFullPath', replaceFullPath: '/swagger.json' }, backends: backend },
      {
        matches: ['GET Exact:/api/v1/service/fraud-model/', 'GET Exact:/api/v1/service/fraud-model'],
        rewrite: { type: 'ReplaceFullPath', replaceFullPath: '/' },
        backends: backend,
      },
    ]);
    expect(plan.scoringPath).toBe('/api/v1/service/fraud-model/score');
    expect(plan.swaggerPath).toBe('/api/v1/service/fraud-model/swagger.json');
    expect(plan.healthPath).toBe('/api/v1/service/fraud-model/');
  });

  test('attaches to the documented default gateway (aks-ml / aks-ml-gateway, listener https) in the service namespace', () => {
    expect(route.metadata).toMatchObject({ name: 'fraud-model', namespace: 'ml' });
    expect(route.spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'aks-ml', namespace: 'aks-ml-gateway', sectionName: 'https' },
    ]);
    expect(DEFAULT_GATEWAY_REF).toEqual({ name: 'aks-ml', namespace: 'aks-ml-gateway', sectionName: 'https' });
    expect(route.spec.hostnames).toBeUndefined();
    // Without a hostname no absolute URI is known.
    expect(plan.scoringUri).toBeUndefined();
    expect(plan.swaggerUri).toBeUndefined();
  });

  test('a gateway with a hostname restricts the route to it and gives the scoring and Swagger URIs', () => {
    const p = planWebservice({ ...base, gateway: { name: 'edge', namespace: 'gw', hostname: 'ml.example.com' } });
    const r = only(p.objects, 'HTTPRoute');
    expect(r.spec.hostnames).toEqual(['ml.example.com']);
    expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gw' }]);
    expect(p.scoringUri).toBe('https://ml.example.com/api/v1/service/fraud-model/score');
    expect(p.swaggerUri).toBe('https://ml.example.com/api/v1/service/fraud-model/swagger.json');
    const http = planWebservice({ ...base, gateway: { name: 'edge', hostname: 'ml.local', scheme: 'http' } });
    expect(http.scoringUri).toBe('http://ml.local/api/v1/service/fraud-model/score');
    expect(only(http.objects, 'HTTPRoute').spec.parentRefs[0].namespace).toBeUndefined();
  });

  test('every serving object passes the Gateway API, Kubernetes and Envoy Gateway schemas', () => {
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });

  test('bad gateway references are rejected with their paths', () => {
    const err = configurationErrorOf(() =>
      planWebservice({ ...base, gateway: { name: 'Bad_Name', namespace: '-x', hostname: '*.example.com', sectionName: 'HTTPS', scheme: 'ftp' as any, implementation: {} as any } }),
    );
    expect(err.problems).toEqual([
      expect.stringMatching(/^gateway\.name must be the name of a Gateway .*received "Bad_Name"\.$/),
      expect.stringMatching(/^gateway\.namespace must be a valid Kubernetes namespace/),
      expect.stringMatching(/^gateway\.hostname must be a DNS name in lowercase without wildcard/),
      expect.stringMatching(/^gateway\.sectionName must be a listener name/),
      expect.stringMatching(/^gateway\.scheme must be "https" or "http"/),
      expect.stringMatching(/^gateway\.implementation must implement GatewayImplementation/),
    ]);
  });
});

describe('timeouts', () => {
  test('Gateway API durations', () => {
    expect(gatewayDuration(0)).toBe('0s');
    expect(gatewayDuration(500)).toBe('500ms');
    expect(gatewayDuration(60_000)).toBe('1m');
    expect(gatewayDuration(60_500)).toBe('1m500ms');
    expect(gatewayDuration(3_723_004)).toBe('1h2m3s4ms');
    expect(gatewayDuration(99999 * 3_600_000)).toBe('99999h');
    expect(() => gatewayDuration(99999 * 3_600_000 + 1)).toThrow(RangeError);
    expect(() => gatewayDuration(1.5)).toThrow(RangeError);
  });

  test.each([
    [{}, '1m500ms'],
    [{ scoringTimeoutMs: 5000 }, '5s500ms'],
    [{ scoringTimeoutMs: 120_000, maxRequestWaitTime: 2000 }, '2m2s'],
    [{ scoringTimeoutMs: 250, maxRequestWaitTime: 50 }, '300ms'],
  ])('the route timeout (504 when exceeded) is scoringTimeoutMs + maxRequestWaitTime: %j → %s', (cfg, expected) => {
    const p = planWebservice({ ...base, ...cfg });
    const rules = only(p.objects, 'HTTPRoute').spec.rules;
    for (const r of rules) expect(r.timeouts).toEqual({ request: expected });
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });
});

describe('key auth', () => {
  test('a SecurityPolicy reads the generated key Secrets and accepts exactly "Authorization: Bearer <key>"', () => {
    const p = planWebservice(base);
    const sp = only(p.objects, 'SecurityPolicy');
    expect(p.keySecretNames).toEqual(['fraud-model-primary-key', 'fraud-model-secondary-key']);
    expect(sp.metadata).toMatchObject({ name: 'fraud-model', namespace: 'ml' });
    expect(sp.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'fraud-model' }],
      apiKeyAuth: {
        credentialRefs: [
          { group: '', kind: 'Secret', name: 'fraud-model-primary-key' },
          { group: '', kind: 'Secret', name: 'fraud-model-secondary-key' },
        ],
        extractFrom: [{ headers: ['Authorization'] }],
        sanitize: false,
      },
      authorization: {
        defaultAction: 'Allow',
        rules: [{ name: 'require-bearer-scheme', action: 'Deny', cel: BEARER_SCHEME_CEL }],
      },
    });
    // The rule denies a header that is missing or lacks the "Bearer " scheme (Envoy lower-cases header names).
    expect(BEARER_SCHEME_CEL).toBe("!('authorization' in request.headers) || !request.headers['authorization'].startsWith('Bearer ')");
  });

  test('the route strips the Authorization header, so the scoring container never sees a key', () => {
    const p = planWebservice(base);
    for (const r of only(p.objects, 'HTTPRoute').spec.rules) {
      expect(r.filters).toContainEqual({ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['Authorization'] } });
    }
  });

  test('keys given in the props live only in their Secret: the policy references the Secret, never the key', () => {
    const primaryKey = 'pk-7c1f2d9e4b8a6f3c5e0d1a2b';
    const secondaryKey = 'sk-0a9b8c7d6e5f4a3b2c1d0e9f';
    const p = planWebservice({ ...base, primaryKey, secondaryKey });
    const secret = only(p.objects, 'Secret', 'fraud-model-keys');
    expect(secret.stringData).toEqual({ primary: primaryKey, secondary: secondaryKey });
    const sp = only(p.objects, 'SecurityPolicy');
    expect(sp.spec.apiKeyAuth.credentialRefs).toEqual([{ group: '', kind: 'Secret', name: 'fraud-model-keys' }]);
    const others = JSON.stringify(p.objects.filter((o) => o !== (secret as unknown)));
    expect(others).not.toContain(primaryKey);
    expect(others).not.toContain(secondaryKey);
  });

  test.each([
    ['an existing Secret', AuthKeys.fromSecret('fraud-keys'), ['fraud-keys']],
    [
      'Key Vault through External Secrets',
      AuthKeys.fromKeyVault({ secretStore: { name: 'kv' }, primaryKeySecretName: 'fraud-primary', secondaryKeySecretName: 'fraud-secondary' }),
      ['fraud-model-keys'],
    ],
  ])('keys from %s are read from that Secret', (_label, keys, secrets) => {
    const p = planWebservice({ ...base, keys });
    expect(only(p.objects, 'SecurityPolicy').spec.apiKeyAuth.credentialRefs.map((r: any) => r.name)).toEqual(secrets);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('without auth the route has an explicit allow policy (the Gateway denies by default) and the Authorization header is passed through', () => {
    const p = planWebservice({ ...base, authEnabled: false });
    expect(only(p.objects, 'SecurityPolicy').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'fraud-model' }],
      authorization: { defaultAction: 'Allow' },
    });
    for (const r of only(p.objects, 'HTTPRoute').spec.rules) expect(r.filters.map((f: any) => f.type)).toEqual(['URLRewrite']);
    expect(only(p.objects, 'BackendTrafficPolicy')).toBeDefined();
  });
});

describe('token auth (Microsoft Entra ID)', () => {
  const tokenProps: AksWebserviceProps = { ...base, tokenAuthEnabled: true, entraTenantId: TENANT, entraAudience: 'api://fraud-scoring' };

  test('requires a valid JWT from the tenant (v2 and v1 issuers), for the audience, from "Authorization: Bearer"', () => {
    const p = planWebservice(tokenProps);
    const sp = only(p.objects, 'SecurityPolicy');
    const fromHeader = { headers: [{ name: 'Authorization', valuePrefix: 'Bearer ' }] };
    expect(sp.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'fraud-model' }],
      jwt: {
        // Not optional: a request without a token is answered 401.
        optional: false,
        providers: [
          {
            name: 'entra-id-v2',
            issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
            audiences: ['api://fraud-scoring'],
            remoteJWKS: { uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys` },
            extractFrom: fromHeader,
          },
          {
            name: 'entra-id-v1',
            issuer: `https://sts.windows.net/${TENANT}/`,
            audiences: ['api://fraud-scoring'],
            remoteJWKS: { uri: `https://login.microsoftonline.com/${TENANT}/discovery/keys` },
            extractFrom: fromHeader,
          },
        ],
      },
    });
    expect(sp.spec.apiKeyAuth).toBeUndefined();
    // Token auth replaces key auth: no key objects.
    expect(none(p.objects, 'ExternalSecret')).toBe(true);
    expect(p.keySecretNames).toEqual([]);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('token versions and several audiences', () => {
    const p = planWebservice({ ...tokenProps, entraTokenVersions: ['v2'], entraAudience: ['api://fraud-scoring', '00000000-1111-2222-3333-444444444444'] });
    const providers = only(p.objects, 'SecurityPolicy').spec.jwt.providers;
    expect(providers.map((x: any) => x.issuer)).toEqual([`https://login.microsoftonline.com/${TENANT}/v2.0`]);
    expect(providers[0].audiences).toEqual(['api://fraud-scoring', '00000000-1111-2222-3333-444444444444']);
  });

  test('token auth with neither roles nor scopes warns that any principal of the tenant is let in', () => {
    const p = planWebservice(tokenProps);
    expect(p.warnings).toContainEqual(expect.objectContaining({ id: 'aks-ml:gateway:tokenAuthAnyPrincipal', prop: 'tokenAuthEnabled' }));
    expect(only(p.objects, 'SecurityPolicy').spec.authorization).toBeUndefined();
    const withRoles = planWebservice({ ...tokenProps, entraRequiredRoles: ['Score.Invoke'] });
    expect(withRoles.warnings.map((w) => w.id)).not.toContain('aks-ml:gateway:tokenAuthAnyPrincipal');
  });

  test('entraRequiredRoles and entraRequiredScopes: deny by default, allow one of the roles or one of the scopes, per provider', () => {
    const p = planWebservice({ ...tokenProps, entraRequiredRoles: ['Score.Invoke', 'Score.Admin'], entraRequiredScopes: ['user_impersonation', 'Score.Read'] });
    const sp = only(p.objects, 'SecurityPolicy');
    const roles = (provider: string) => ({
      name: `${provider}-roles`,
      action: 'Allow',
      principal: { jwt: { provider, claims: [{ name: 'roles', valueType: 'StringArray', values: ['Score.Invoke', 'Score.Admin'] }] } },
    });
    const scope = (provider: string, n: number, value: string) => ({ name: `${provider}-scope-${n}`, action: 'Allow', principal: { jwt: { provider, scopes: [value] } } });
    expect(sp.spec.authorization).toEqual({
      defaultAction: 'Deny',
      rules: [
        roles('entra-id-v2'), scope('entra-id-v2', 0, 'user_impersonation'), scope('entra-id-v2', 1, 'Score.Read'),
        roles('entra-id-v1'), scope('entra-id-v1', 0, 'user_impersonation'), scope('entra-id-v1', 1, 'Score.Read'),
      ],
    });
    // Every rule names a provider of the same policy (the CRD requires jwt with JWT principals).
    const providers = sp.spec.jwt.providers.map((x: any) => x.name);
    for (const r of sp.spec.authorization.rules) expect(providers).toContain(r.principal.jwt.provider);
    expect(validateAll(p.objects)).toBe(p.objects.length);
    // The endpoint's routes (shared and per version) carry the same authorization.
    const ep = planEndpoint({
      name: 'churn', namespace: 'ml', tokenAuthEnabled: true, entraTenantId: TENANT, entraAudience: 'api://churn', entraRequiredRoles: ['Score.Invoke'],
      versions: [{ versionName: 'stable', image: 'myacr.azurecr.io/churn:1' }],
    });
    const sps = ep.objects.filter((o) => o.kind === 'SecurityPolicy') as Record<string, any>[];
    expect(sps).toHaveLength(2);
    for (const x of sps) expect(x.spec.authorization.rules.map((r: any) => r.name)).toEqual(['entra-id-v2-roles', 'entra-id-v1-roles']);
    expect(validateAll(ep.objects)).toBe(ep.objects.length);
  });

  test('roles and scopes are validated, and warn without token auth', () => {
    expect(configurationErrorOf(() => planWebservice({ ...tokenProps, entraRequiredRoles: [], entraRequiredScopes: ['a b', 'x', 'x'] })).problems).toEqual([
      expect.stringMatching(/^entraRequiredRoles must be a non-empty list of app role values/),
      expect.stringMatching(/^entraRequiredScopes\[0\] must be one of the scope values .* no spaces/),
      expect.stringMatching(/^entraRequiredScopes\[2\] is listed twice/),
    ]);
    expect(configurationErrorOf(() => planWebservice({ ...tokenProps, entraRequiredScopes: Array.from({ length: 17 }, (_, i) => `s${i}`) })).problems).toEqual([
      expect.stringMatching(/^entraRequiredScopes must name at most 16 scope values \(it has 17\)/),
    ]);
    const p = planWebservice({ ...base, entraRequiredRoles: ['Score.Invoke'] });
    expect(p.warnings).toContainEqual(expect.objectContaining({ id: 'aks-ml:gateway:entraWithoutTokenAuth', prop: 'entraRequiredRoles' }));
  });

  test('missing or invalid Entra ID settings are configuration errors', () => {
    expect(configurationErrorOf(() => planWebservice({ ...base, tokenAuthEnabled: true })).problems).toEqual([
      expect.stringMatching(/^entraTenantId is required when tokenAuthEnabled is true/),
      expect.stringMatching(/^entraAudience is required when tokenAuthEnabled is true/),
    ]);
    expect(
      configurationErrorOf(() =>
        planWebservice({ ...tokenProps, entraTenantId: 'contoso.onmicrosoft.com', entraAudience: ['a', 'a', ' b'], entraTokenVersions: ['v3' as any] }),
      ).problems,
    ).toEqual([
      expect.stringMatching(/^entraTenantId must be the tenant \(directory\) id, a GUID/),
      expect.stringMatching(/^entraAudience\[1\] is listed twice/),
      expect.stringMatching(/^entraAudience\[2\] must be a non-empty audience without surrounding spaces/),
      expect.stringMatching(/^entraTokenVersions must be a non-empty list of "v1" and\/or "v2"/),
    ]);
    expect(configurationErrorOf(() => planWebservice({ ...tokenProps, entraAudience: Array.from({ length: 9 }, (_, i) => `api://a${i}`) })).problems).toEqual([
      expect.stringMatching(/^entraAudience must name at most 8 audiences \(it has 9\)/),
    ]);
  });

  test('Entra ID settings without token auth warn that they have no effect', () => {
    const p = planWebservice({ ...base, entraTenantId: TENANT });
    expect(p.warnings).toContainEqual({ id: 'aks-ml:gateway:entraWithoutTokenAuth', prop: 'entraTenantId', message: 'has no effect: token auth is off (tokenAuthEnabled is not true).' });
  });
});

describe('timeouts, concurrency and queue limits (BackendTrafficPolicy)', () => {
  test.each([
    ['the v1 defaults: 1 request per replica, up to 10 replicas', {}, { perEndpoint: 1, total: 10, queue: 10 }],
    ['4 per replica, up to 5 replicas', { replicaMaxConcurrentRequests: 4, autoscaleMaxReplicas: 5 }, { perEndpoint: 4, total: 20, queue: 20 }],
    ['2 per replica, 3 fixed replicas', { replicaMaxConcurrentRequests: 2, numReplicas: 3 }, { perEndpoint: 2, total: 6, queue: 6 }],
  ])('%s', (_label, cfg, expected) => {
    const p = planWebservice({ ...base, ...cfg });
    const btp = only(p.objects, 'BackendTrafficPolicy');
    expect(btp.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'fraud-model' }],
      circuitBreaker: {
        perEndpoint: { maxConnections: expected.perEndpoint },
        maxConnections: expected.total,
        maxParallelRequests: expected.total,
        maxPendingRequests: expected.queue,
      },
      // A scoring POST is never retried.
      retry: { numRetries: 0 },
      // v1's 100 MB request limit: a larger body is answered 413.
      requestBuffer: { limit: '100Mi' },
    });
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('limits hold across several Envoy proxies: each proxy gets its share, rounded up', () => {
    const p = planWebservice({
      ...base,
      replicaMaxConcurrentRequests: 3,
      autoscaleMaxReplicas: 5,
      gateway: { ...DEFAULT_GATEWAY_REF, implementation: new EnvoyGateway({ proxyReplicas: 2 }) },
    });
    expect(only(p.objects, 'BackendTrafficPolicy').spec.circuitBreaker).toEqual({
      perEndpoint: { maxConnections: 2 },
      maxConnections: 8,
      maxParallelRequests: 8,
      maxPendingRequests: 8,
    });
    expect(p.warnings).toContainEqual({
      id: 'aks-ml:gateway:concurrencyNotDivisibleByProxies',
      prop: 'replicaMaxConcurrentRequests',
      message: '3 requests per replica cannot be split evenly over 2 Envoy proxies; each proxy allows 2, so a replica may receive up to 4 at once.',
    });
  });

  test('maxRequestWaitTime set explicitly warns how it is approximated; the default does not', () => {
    expect(planWebservice(base).warnings.filter((w) => w.prop === 'maxRequestWaitTime')).toEqual([]);
    const w = planWebservice({ ...base, maxRequestWaitTime: 2000 }).warnings.filter((x) => x.prop === 'maxRequestWaitTime');
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(/^\(v1: max_request_wait_time\) is approximated: Envoy cannot limit the time a request waits/);
    expect(w[0].message).toMatch(/circuitBreaker\.maxPendingRequests/);
    expect(w[0].message).toMatch(/503 at once/);
    expect(w[0].message).toMatch(/scoringTimeoutMs \+ maxRequestWaitTime\), which answers 504/);
  });

  test('the implementation refuses key auth without a key Secret', () => {
    expect(() =>
      new EnvoyGateway().routePolicies({
        route: { name: 'r' },
        labels: {},
        auth: { kind: 'key', secretNames: [] },
        limits: { perReplicaConcurrency: 1, maxInFlight: 1, maxQueued: 1 },
      }),
    ).toThrow(/key auth needs at least one key Secret/);
  });

  test('Envoy Gateway options are validated', () => {
    expect(() => new EnvoyGateway('x' as any)).toThrow(/options must be an object/);
    expect(() => new EnvoyGateway({ proxyReplicas: 0 })).toThrow(/proxyReplicas must be greater than or equal to 1; received 0/);
    expect(() => new EnvoyGateway({ controllerNamespace: 'Envoy' })).toThrow(/controllerNamespace must be a valid Kubernetes namespace/);
  });
});

describe('NetworkPolicy: the gateway cannot be bypassed inside the cluster', () => {
  const proxyLabels = (name: string, namespace: string) => ({
    'app.kubernetes.io/name': 'envoy',
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'gateway.envoyproxy.io/owning-gateway-name': name,
    'gateway.envoyproxy.io/owning-gateway-namespace': namespace,
  });

  test('scoring pods accept the inference port from the gateway proxies only (Envoy Gateway proxy and owning-gateway labels)', () => {
    const p = planWebservice({ ...base, containerPort: 8080, command: ['my-server', '--port', '8080'] });
    const np = p.objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'fraud-model') as Record<string, any>;
    const ports = [{ protocol: 'TCP', port: 8080 }];
    expect(np.metadata).toMatchObject({ name: 'fraud-model', namespace: 'ml' });
    expect(np.spec).toEqual({
      podSelector: { matchLabels: p.selector },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
              podSelector: { matchLabels: proxyLabels('aks-ml', 'aks-ml-gateway') },
            },
          ],
          ports,
        },
      ],
    });
    expect(HEALTH_CHECK_LABEL).toBe('aks-ml-constructs.io/health-check');
    expect(validateAll([np])).toBe(1);
  });

  test('Gateway Namespace Mode selects the proxies in the Gateway namespace; a gateway without namespace is in the service namespace', () => {
    const p = planWebservice({ ...base, gateway: { name: 'edge', implementation: new EnvoyGateway({ gatewayNamespaceMode: true }) } });
    expect((p.objects.find((o) => o.kind === 'NetworkPolicy') as Record<string, any>).spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ml' } }, podSelector: { matchLabels: proxyLabels('edge', 'ml') } },
    ]);
    const custom = planWebservice({ ...base, gateway: { name: 'edge', namespace: 'gw', implementation: new EnvoyGateway({ controllerNamespace: 'eg' }) } });
    expect((custom.objects.find((o) => o.kind === 'NetworkPolicy') as Record<string, any>).spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'eg' } });
  });
});

