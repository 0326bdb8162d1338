import { AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { validateAll } from '../support/schema';
import { newChart, synthObjects, kinds } from '../support/synth';

test('a default webservice synthesizes schema-valid objects', () => {
  const chart = newChart();
  new AksWebserviceConstruct(chart, 'ws', { name: 'my-service', image: 'myacr.azurecr.io/model:1', namespace: 'ml' });
  const objects = synthObjects(chart);
  expect(kinds(objects)).toEqual([
    'Namespace', 'Password', 'ExternalSecret', 'ExternalSecret', 'ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
    // The serving path: gateway-only ingress and limited egress, key auth and limits (Envoy Gateway) before the route they guard, at the v1 paths.
    'NetworkPolicy', 'NetworkPolicy', 'SecurityPolicy', 'BackendTrafficPolicy', 'HTTPRoute',
  ]);
  expect(validateAll(objects)).toBe(14);
});
