import { AksMlGatewayProps, ConfigurationError, DEFAULT_GATEWAY_REF, EnvoyGateway, GATEWAY_ROUTES_LABEL, KubeObject, planEndpoint, planEnvoyProxy, planGateway, planWebservice } from 'aks-ml-constructs';
import { ENVOY_GATEWAY_CONTROLLER_NAME } from '../../../src/core/gateway/envoy-gateway';
import { validateAll } from '../../support/schema';

const tls = { certificateSecretName: 'ml-example-com-tls' };
const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as Record<string, any>[];
function problemsOf(props: AksMlGatewayProps): readonly string[] {
  try {
    planGateway(props);
  } catch (e) {
    if (e instanceof ConfigurationError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigurationError');
}

describe('planGateway', () => {
  test('defaults: namespace, Envoy Gateway class, HTTPS listener with the certificate, TLS 1.2 minimum', () => {
    const p = planGateway({ tls });
    expect(p.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/aks-ml-gateway',
      'GatewayClass/envoy-gateway',
      'EnvoyProxy/aks-ml',
      'SecurityPolicy/aks-ml-default-deny',
      'ClientTrafficPolicy/aks-ml',
      'Gateway/aks-ml',
    ]);
    const [gc] = byKind(p.objects, 'GatewayClass');
    expect(gc.spec).toEqual({ controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' });
    expect(ENVOY_GATEWAY_CONTROLLER_NAME).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    const [gw] = byKind(p.objects, 'Gateway');
    expect(gw.metadata).toMatchObject({ name: 'aks-ml', namespace: 'aks-ml-gateway' });
    expect(gw.spec).toEqual({
      gatewayClassName: 'envoy-gateway',
      listeners: [
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'ml-example-com-tls' }] },
          allowedRoutes: {
            namespaces: { from: 'Selector', selector: { matchLabels: { 'aks-ml-constructs.io/gateway-routes': 'true' } } },
            kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
          },
        },
      ],
      infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'aks-ml' } },
    });
    const [ctp] = byKind(p.objects, 'ClientTrafficPolicy');
    expect(ctp.metadata).toMatchObject({ name: 'aks-ml', namespace: 'aks-ml-gateway' });
    expect(ctp.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'aks-ml', sectionName: 'https' }],
      tls: { minVersion: '1.2', maxVersion: '1.3' },
    });
    expect(validateAll(p.objects)).toBe(6);
  });

  test('its reference is the one services use by default', () => {
    const p = planGateway({ tls });
    expect(p.ref).toMatchObject(DEFAULT_GATEWAY_REF);
    expect(p.ref.scheme).toBe('https');
    const ws = planWebservice({ name: 'fraud-model', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml' });
    const wsRef = planWebservice({ name: 'fraud-model', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml', gateway: p.ref });
    const parentRefs = (objects: KubeObject[]) => byKind(objects, 'HTTPRoute')[0].spec.parentRefs;
    expect(parentRefs(wsRef.objects)).toEqual(parentRefs(ws.objects));
  });

  test('TLS 1.2 only, exactly as v1', () => {
    const p = planGateway({ tls: { ...tls, maxVersion: '1.2' } });
    expect(byKind(p.objects, 'ClientTrafficPolicy')[0].spec.tls).toEqual({ minVersion: '1.2', maxVersion: '1.2' });
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('hostname, HTTP redirect, internal load balancer, namespaces by label, certificate in another namespace', () => {
    const p = planGateway({
      name: 'edge',
      namespace: 'gw',
      hostname: 'ml.example.com',
      tls: { certificateSecretName: 'wildcard-tls', certificateSecretNamespace: 'certs' },
      httpListener: 'redirect',
      allowedRoutes: { namespaceLabels: { 'ml.example.com/scoring': 'true' } },
      infrastructureAnnotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
      createGatewayClass: false,
      gatewayClassName: 'eg',
    });
    expect(p.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace//gw',
      'EnvoyProxy/gw/edge',
      'SecurityPolicy/gw/edge-default-deny',
      // The redirect route is open on purpose: its own (allow) policy, before the route.
      'SecurityPolicy/gw/edge-https-redirect',
      'ClientTrafficPolicy/gw/edge',
      'Gateway/gw/edge',
      'ReferenceGrant/certs/edge-certificate',
      'HTTPRoute/gw/edge-https-redirect',
    ]);
    expect(byKind(p.objects, 'SecurityPolicy')[1].spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'edge-https-redirect' }],
      authorization: { defaultAction: 'Allow' },
    });
    const gw = byKind(p.objects, 'Gateway')[0];
    expect(gw.spec.gatewayClassName).toBe('eg');
    expect(gw.spec.infrastructure).toEqual({
      annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
      parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'edge' },
    });
    expect(gw.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname, l.allowedRoutes.namespaces])).toEqual([
      ['https', 'HTTPS', 443, 'ml.example.com', { from: 'Selector', selector: { matchLabels: { 'ml.example.com/scoring': 'true' } } }],
      // Only the gateway's own redirect route may attach to port 80.
      ['http', 'HTTP', 80, 'ml.example.com', { from: 'Same' }],
    ]);
    expect(gw.spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'wildcard-tls', namespace: 'certs' }]);
    expect(byKind(p.objects, 'ReferenceGrant')[0].spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gw' }],
      to: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }],
    });
    expect(byKind(p.objects, 'HTTPRoute')[0].spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'http' }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(p.ref).toMatchObject({ name: 'edge', namespace: 'gw', sectionName: 'https', scheme: 'https', hostname: 'ml.example.com' });
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('a wildcard hostname is accepted on the listeners but gives no URI host', () => {
    const p = planGateway({ tls, hostname: '*.ml.example.com' });
    expect(byKind(p.objects, 'Gateway')[0].spec.listeners[0].hostname).toBe('*.ml.example.com');
    expect(p.ref.hostname).toBeUndefined();
  });

  test('a plain-HTTP development gateway warns and gives an http reference', () => {
    const p = planGateway({ httpListener: 'serve', createNamespace: false });
    expect(p.objects.map((o) => o.kind)).toEqual(['GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'Gateway']);
    expect(byKind(p.objects, 'Gateway')[0].spec.listeners.map((l: any) => l.name)).toEqual(['http']);
    expect(p.ref).toMatchObject({ sectionName: 'http', scheme: 'http' });
    expect(p.warnings).toEqual([
      { id: 'aks-ml:gateway:plainHttpServing', prop: 'httpListener', message: 'is "serve": routes are published over plain HTTP, where keys and tokens travel in clear text. Use it for development only.' },
    ]);
    expect(validateAll(p.objects)).toBe(4);
  });

  test('the implementation chooses the controller name and the proxies', () => {
    const impl = new EnvoyGateway({ gatewayNamespaceMode: true });
    const p = planGateway({ tls, implementation: impl });
    expect(p.ref.implementation).toBe(impl);
  });

  test('invalid props, each with a clear error', () => {
    expect(problemsOf({})).toEqual([
      'tls is required: the gateway serves HTTPS (give { certificateSecretName }); for a plain-HTTP development gateway set httpListener: "serve"; received undefined.',
    ]);
    expect(
      problemsOf({
        name: 'Edge',
        namespace: 'GW',
        gatewayClassName: 'e_g',
        hostname: 'ML.example.com',
        tls: { certificateSecretName: '', minVersion: '1.3', maxVersion: '1.2' },
        httpListener: 'both' as any,
        allowedRoutes: { namespaceLabels: {} },
        implementation: {} as any,
      }),
    ).toEqual([
      'name must be a DNS label: at most 63 lowercase letters, digits and "-"; received "Edge".',
      'gatewayClassName must be a DNS label: at most 63 lowercase letters, digits and "-"; received "e_g".',
      expect.stringMatching(/^namespace must be a valid Kubernetes namespace/),
      expect.stringMatching(/^hostname must be a DNS name in lowercase/),
      'httpListener must be "none", "redirect" or "serve"; received "both".',
      'tls.certificateSecretName must be the name of a kubernetes.io/tls Secret (or give certificate); received "".',
      'tls.minVersion must not be above maxVersion ("1.2"); received "1.3".',
      'allowedRoutes must be "All", "Same" or { namespaceLabels: { <label>: <value> } }; received {"namespaceLabels":{}}.',
      expect.stringMatching(/^implementation must implement GatewayImplementation/),
    ]);
    expect(problemsOf('edge' as any)).toEqual(['props must be an object; received "edge".']);
    expect(problemsOf({ tls: 'ml-tls' as any })).toEqual(['tls must be { certificateSecretName, certificateSecretNamespace?, minVersion?, maxVersion? }; received "ml-tls".']);
    expect(problemsOf({ tls: { ...tls, minVersion: '1.1' as any } })).toEqual(['tls.minVersion must be "1.2" or "1.3" (older TLS versions are not accepted); received "1.1".']);
  });

  test('infrastructureAnnotations follow the Gateway API rules: at most 8, annotation keys, values up to 4096 characters', () => {
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`example.com/a${i}`, 'x']));
    expect(problemsOf({ tls, infrastructureAnnotations: nine })).toEqual([
      expect.stringMatching(/^infrastructureAnnotations must have at most 8 entries \(the Gateway API limit of spec.infrastructure.annotations\)/),
    ]);
    expect(problemsOf({ tls, infrastructureAnnotations: { 'Bad_Prefix/x': 'a', 'ok.example.com/-bad': 'b', 'fine': 'x'.repeat(4097), 'n': 1 as any } })).toEqual([
      expect.stringMatching(/^infrastructureAnnotations\["n"\] must be a string/),
    ]);
    expect(problemsOf({ tls, infrastructureAnnotations: { 'Bad_Prefix/x': 'a', 'ok.example.com/-bad': 'b', 'fine': 'x'.repeat(4097) } })).toEqual([
      expect.stringMatching(/^infrastructureAnnotations\["Bad_Prefix\/x"\] must be an annotation key/),
      expect.stringMatching(/^infrastructureAnnotations\["ok.example.com\/-bad"\] must be an annotation key/),
      expect.stringMatching(/^infrastructureAnnotations\["fine"\] must be at most 4096 characters/),
    ]);
    // Eight valid ones (the AKS internal load balancer annotations among them) pass the schema.
    const eight = { ...Object.fromEntries(Object.entries(nine).slice(0, 6)), 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true', 'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'lb' };
    const p = planGateway({ tls, infrastructureAnnotations: eight });
    expect(byKind(p.objects, 'Gateway')[0].spec.infrastructure.annotations).toEqual(eight);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });
});

describe('the Gateway fails closed', () => {
  test('a default-deny SecurityPolicy on the whole Gateway, before the Gateway', () => {
    const p = planGateway({ tls });
    const names = p.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    const [deny] = byKind(p.objects, 'SecurityPolicy');
    expect(deny.metadata).toMatchObject({ name: 'aks-ml-default-deny', namespace: 'aks-ml-gateway' });
    // No sectionName: every listener; no rules: every request a route policy does not take over is denied (403).
    expect(deny.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'aks-ml' }],
      authorization: { defaultAction: 'Deny' },
    });
    expect(names.indexOf('SecurityPolicy/aks-ml-default-deny')).toBeLessThan(names.indexOf('Gateway/aks-ml'));
  });

  test('every route a service or endpoint publishes has a SecurityPolicy of its own, listed before the route', () => {
    const plans = [
      planWebservice({ name: 'open', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml', authEnabled: false }),
      planWebservice({ name: 'keyed', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml' }),
    ];
    for (const plan of plans) {
      const names = plan.objects.map((o) => `${o.kind}/${o.metadata.name}`);
      for (const route of byKind(plan.objects, 'HTTPRoute')) {
        const policies = byKind(plan.objects, 'SecurityPolicy').filter((sp) => sp.spec.targetRefs.some((t: any) => t.kind === 'HTTPRoute' && t.name === route.metadata.name));
        expect(policies).toHaveLength(1);
        expect(names.indexOf(`SecurityPolicy/${route.metadata.name}`)).toBeLessThan(names.indexOf(`HTTPRoute/${route.metadata.name}`));
        expect(names.indexOf(`BackendTrafficPolicy/${route.metadata.name}`)).toBeLessThan(names.indexOf(`HTTPRoute/${route.metadata.name}`));
      }
    }
    // Auth deliberately off: an explicit allow, so that the Gateway's default deny does not apply.
    expect(byKind(plans[0].objects, 'SecurityPolicy')[0].spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'open' }],
      authorization: { defaultAction: 'Allow' },
    });
    expect(validateAll(plans.flatMap((p) => p.objects))).toBe(plans.reduce((n, p) => n + p.objects.length, 0));
  });
});

describe('routes from labelled namespaces only', () => {
  test('the namespaces the library creates carry the label the default listener selects', () => {
    const gw = planGateway({ tls, httpListener: 'serve' });
    const selector = byKind(gw.objects, 'Gateway')[0].spec.listeners.map((l: any) => l.allowedRoutes.namespaces);
    expect(selector).toEqual([
      { from: 'Selector', selector: { matchLabels: { [GATEWAY_ROUTES_LABEL]: 'true' } } },
      { from: 'Selector', selector: { matchLabels: { [GATEWAY_ROUTES_LABEL]: 'true' } } },
    ]);
    expect(gw.warnings.map((w) => w.id)).toEqual(['aks-ml:gateway:plainHttpServing']);
    const ws = planWebservice({ name: 'fraud', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml' });
    const ep = planEndpoint({ name: 'churn', namespace: 'ml-ep', versions: [{ versionName: 'stable', image: 'myacr.azurecr.io/churn:1' }] });
    for (const plan of [gw, ws, ep]) {
      for (const ns of byKind(plan.objects, 'Namespace')) expect(ns.metadata.labels[GATEWAY_ROUTES_LABEL]).toBe('true');
    }
  });

  test('a service or endpoint in a namespace the library does not create warns that the namespace needs the label', () => {
    const ws = planWebservice({ name: 'fraud', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml', createNamespace: false });
    expect(ws.warnings).toContainEqual(expect.objectContaining({ id: 'aks-ml:gateway:routeNamespaceNotLabelled', prop: 'createNamespace', message: expect.stringContaining('namespace "ml"') }));
    const chartNs = planWebservice({ name: 'fraud', image: 'myacr.azurecr.io/fraud:1' }, { defaultNamespace: 'team-a' });
    expect(chartNs.warnings).toContainEqual(expect.objectContaining({ id: 'aks-ml:gateway:routeNamespaceNotLabelled', prop: 'namespace', message: expect.stringContaining('kubectl label namespace <name> aks-ml-constructs.io/gateway-routes=true') }));
    const ep = planEndpoint({ name: 'churn', versions: [{ versionName: 'stable', image: 'myacr.azurecr.io/churn:1' }] });
    expect(ep.warnings.map((w) => w.id)).toContain('aks-ml:gateway:routeNamespaceNotLabelled');
    const created = planWebservice({ name: 'fraud', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml' });
    expect(created.warnings.map((w) => w.id)).not.toContain('aks-ml:gateway:routeNamespaceNotLabelled');
  });

  test('"All" stays possible, with a warning', () => {
    const p = planGateway({ tls, allowedRoutes: 'All' });
    expect(byKind(p.objects, 'Gateway')[0].spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'All' });
    expect(p.warnings).toEqual([expect.objectContaining({ id: 'aks-ml:gateway:routesFromAllNamespaces', prop: 'allowedRoutes' })]);
    expect(planGateway({ tls, allowedRoutes: 'Same' }).warnings).toEqual([]);
  });
});

describe('the EnvoyProxy of the Gateway', () => {
  test('one worker per proxy, the proxy replicas, referenced from the Gateway', () => {
    const p = planGateway({ tls, implementation: new EnvoyGateway({ proxyReplicas: 3 }) });
    const [ep] = byKind(p.objects, 'EnvoyProxy');
    expect(ep).toEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'aks-ml', namespace: 'aks-ml-gateway', labels: expect.objectContaining({ 'app.kubernetes.io/component': 'gateway' }) },
      spec: { concurrency: 1, provider: { type: 'Kubernetes', kubernetes: { envoyDeployment: { replicas: 3 } } } },
    });
    expect(byKind(p.objects, 'Gateway')[0].spec.infrastructure.parametersRef).toEqual({ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'aks-ml' });
    expect(p.warnings).toEqual([]);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('planEnvoyProxy carries the Service annotations (the load balancer)', () => {
    const o = planEnvoyProxy({ name: 'gw', namespace: 'gw-ns', labels: {}, concurrency: 1, serviceAnnotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' } });
    expect(o.spec).toEqual({
      concurrency: 1,
      provider: { type: 'Kubernetes', kubernetes: { envoyService: { annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' } } } },
    });
    expect(planEnvoyProxy({ name: 'gw', namespace: 'gw-ns', labels: {}, concurrency: 2 }).spec).toEqual({ concurrency: 2, provider: { type: 'Kubernetes' } });
    expect(validateAll([o])).toBe(1);
  });

  test('more workers, or no EnvoyProxy at all, warn that the per-replica limit is per worker', () => {
    const more = planGateway({ tls, implementation: new EnvoyGateway({ proxyConcurrency: 4 }) });
    expect(byKind(more.objects, 'EnvoyProxy')[0].spec.concurrency).toBe(4);
    expect(more.warnings).toEqual([expect.objectContaining({ id: 'aks-ml:gateway:proxyConcurrencyNotOne', prop: 'implementation.proxyConcurrency' })]);
    const none = planGateway({ tls, implementation: new EnvoyGateway({ manageEnvoyProxy: false }) });
    expect(byKind(none.objects, 'EnvoyProxy')).toEqual([]);
    expect(byKind(none.objects, 'Gateway')[0].spec.infrastructure).toBeUndefined();
    expect(none.warnings).toEqual([expect.objectContaining({ id: 'aks-ml:gateway:proxyConcurrencyNotOne', prop: 'implementation.manageEnvoyProxy' })]);
    expect(() => new EnvoyGateway({ proxyConcurrency: 0 })).toThrow(/proxyConcurrency/);
  });
});
