import { AksMlGateway, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { validateAll } from '../support/schema';
import { kinds, newChart, one, synthObjects } from '../support/synth';

describe('AksMlGateway', () => {
  test('the default gateway: the one services attach to when they set no gateway', () => {
    const chart = newChart();
    const gateway = new AksMlGateway(chart, 'gateway', { tls: { certificateSecretName: 'ml-tls' } });
    new AksWebserviceConstruct(chart, 'ws', { name: 'fraud-model', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml' });
    expect(gateway.gateway.name).toBe('aks-ml');
    expect(gateway.gatewayClass?.name).toBe('envoy-gateway');
    expect(gateway.clientTrafficPolicy?.kind).toBe('ClientTrafficPolicy');
    const objects = synthObjects(chart);
    expect(kinds(objects).slice(0, 4)).toEqual(['Namespace', 'GatewayClass', 'Gateway', 'ClientTrafficPolicy']);
    const gw = one(objects, 'Gateway');
    const route = one(objects, 'HTTPRoute', 'fraud-model');
    expect(route.spec.parentRefs[0]).toMatchObject({ name: gw.metadata.name, namespace: gw.metadata.namespace, sectionName: gw.spec.listeners[0].name });
    expect(one(objects, 'ClientTrafficPolicy').spec.tls).toEqual({ minVersion: '1.2', maxVersion: '1.3' });
    expect(validateAll(objects)).toBe(objects.length);
  });

  test('a gateway and a service in the gateway namespace declare it once', () => {
    const chart = newChart();
    new AksMlGateway(chart, 'gateway', { tls: { certificateSecretName: 'ml-tls' } });
    // Both declare it identically (restricted pod security), so it is declared once.
    new AksWebserviceConstruct(chart, 'ws', { name: 'fraud-model', image: 'myacr.azurecr.io/fraud:1', namespace: 'aks-ml-gateway' });
    const objects = synthObjects(chart);
    expect(objects.filter((o) => o.kind === 'Namespace')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'aks-ml-gateway',
          labels: {
            'app.kubernetes.io/managed-by': 'aks-ml-constructs',
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
          },
        },
      },
    ]);
  });
});
