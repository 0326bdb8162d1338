import { Autoscaler, ConfigurationError } from 'aks-ml-constructs';
import { AksMlGateway, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { validateAll } from '../support/schema';
import { kinds, newChart, one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';

const IMAGE = 'myacr.azurecr.io/fraud/model:1.4.2';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('AksWebserviceConstruct on the serving path', () => {
  test('a service on an AksMlGateway exposes its URIs and synthesizes schema-valid routing objects', () => {
    const chart = newChart();
    const gateway = new AksMlGateway(chart, 'gateway', { hostname: 'ml.example.com', tls: { certificateSecretName: 'ml-tls' } });
    const ws = new AksWebserviceConstruct(chart, 'ws', { name: 'fraud-model', image: IMAGE, namespace: 'ml', gateway: gateway.ref });
    expect(ws.scoringUri).toBe('https://ml.example.com/api/v1/service/fraud-model/score');
    expect(ws.swaggerUri).toBe('https://ml.example.com/api/v1/service/fraud-model/swagger.json');
    expect(ws.healthPath).toBe('/api/v1/service/fraud-model/');
    expect(ws.httpRoute.kind).toBe('HTTPRoute');
    expect(ws.networkPolicy.kind).toBe('NetworkPolicy');
    expect(ws.routePolicies.map((o) => o.kind)).toEqual(['SecurityPolicy', 'BackendTrafficPolicy']);
    expect(ws.scaledObject).toBeUndefined();
    const objects = synthObjects(chart);
    expect(validateAll(objects)).toBe(objects.length);
    const route = one(objects, 'HTTPRoute', 'fraud-model');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'aks-ml', namespace: 'aks-ml-gateway', sectionName: 'https' }]);
  });

  test('the concurrency autoscaler takes the chart namespace for its gateway metrics', () => {
    const chart = newChart({ namespace: 'scoring' });
    const ws = new AksWebserviceConstruct(chart, 'ws', {
      name: 'fraud-model',
      image: IMAGE,
      autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus.monitoring:9090' }),
    });
    expect(ws.scaledObject?.kind).toBe('ScaledObject');
    expect(ws.horizontalPodAutoscaler).toBeUndefined();
    const objects = synthObjects(chart);
    const so = one(objects, 'ScaledObject');
    expect(so.metadata.namespace).toBe('scoring');
    expect(so.spec.triggers[0].metadata.query).toContain('envoy_cluster_name=~"httproute/scoring/fraud-model/rule/[0-9]+"');
    expect(kinds(objects)).not.toContain('HorizontalPodAutoscaler');
    expect(validateAll(objects)).toBe(objects.length);
  });

  test('token auth, with its warnings reported through the handler', () => {
    const chart = newChart();
    const { result: ws, warnings } = captureWarnings(
      () =>
        new AksWebserviceConstruct(chart, 'ws', {
          name: 'fraud-model',
          image: IMAGE,
          namespace: 'ml',
          tokenAuthEnabled: true,
          entraTenantId: TENANT,
          entraAudience: 'api://fraud',
          maxRequestWaitTime: 1000,
        }),
    );
    expect(ws.keySecrets).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/^AksWebservice "fraud-model": tokenAuthEnabled: lets in any principal of the tenant/),
      expect.stringMatching(/^AksWebservice "fraud-model": maxRequestWaitTime: \(v1: max_request_wait_time\) is approximated/),
    ]);
    const sp = one(synthObjects(chart), 'SecurityPolicy');
    expect(sp.spec.jwt.providers).toHaveLength(2);
  });

  test('missing Entra ID settings throw before anything is added to the tree', () => {
    const chart = newChart();
    expect(() => new AksWebserviceConstruct(chart, 'ws', { name: 'fraud-model', image: IMAGE, tokenAuthEnabled: true })).toThrow(ConfigurationError);
    expect(chart.node.children).toHaveLength(0);
  });
});
