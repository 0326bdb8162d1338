import { EnvoyGateway, GatewayTls, LoadBalancerType } from 'aks-ml-constructs';
import { AksCluster, AksMlGateway, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
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
    expect(kinds(objects).slice(0, 6)).toEqual(['Namespace', 'GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'ClientTrafficPolicy', 'Gateway']);
    // The service's policies come before the route they guard.
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names.indexOf('SecurityPolicy/fraud-model')).toBeLessThan(names.indexOf('HTTPRoute/fraud-model'));
    expect(names.indexOf('BackendTrafficPolicy/fraud-model')).toBeLessThan(names.indexOf('HTTPRoute/fraud-model'));
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
            'aks-ml-constructs.io/gateway-routes': 'true',
            'app.kubernetes.io/managed-by': 'aks-ml-constructs',
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'v1.33',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/warn-version': 'latest',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/audit-version': 'latest',
          },
        },
      },
    ]);
  });

  test('two gateways of one class in a chart declare the GatewayClass once', () => {
    const chart = newChart();
    const internal = new AksMlGateway(chart, 'internal', { name: 'internal', namespace: 'gw-internal', tls: { certificateSecretName: 'internal-tls' } });
    const edge = new AksMlGateway(chart, 'edge', { name: 'edge', namespace: 'gw-edge', tls: { certificateSecretName: 'edge-tls' } });
    const objects = synthObjects(chart);
    expect(objects.filter((o) => o.kind === 'GatewayClass').map((o) => o.metadata.name)).toEqual(['envoy-gateway']);
    expect(objects.filter((o) => o.kind === 'Gateway').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['gw-internal/internal', 'gw-edge/edge']);
    // The second gateway's handle is the first's object.
    expect(edge.gatewayClass).toBe(internal.gatewayClass);
    expect(validateAll(objects)).toBe(objects.length);
  });

  test('a GatewayClass declared differently by a second gateway is a ConfigurationError', () => {
    const chart = newChart();
    new AksMlGateway(chart, 'a', { name: 'a', tls: { certificateSecretName: 'a-tls' } });
    const other = Object.assign(new EnvoyGateway(), { controllerName: 'example.com/other-controller' });
    expect(() => new AksMlGateway(chart, 'b', { name: 'b', namespace: 'gw-b', tls: { certificateSecretName: 'b-tls' }, implementation: other }))
      .toThrow(/GatewayClass "envoy-gateway" is already declared by test\/a with another spec .*set createGatewayClass: false on all but one/);
  });

  test('infrastructureAnnotations (e.g. an AksCluster\'s internal load balancer) go to the Gateway\'s spec.infrastructure', () => {
    const chart = newChart();
    const cluster = new AksCluster(chart, 'cluster', {
      name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-rg',
      loadBalancerType: LoadBalancerType.INTERNAL_LOAD_BALANCER, loadBalancerSubnet: 'lb-subnet',
    });
    new AksMlGateway(chart, 'gateway', { tls: { certificateSecretName: 'ml-tls' }, infrastructureAnnotations: cluster.loadBalancerServiceAnnotations });
    const objects = synthObjects(chart);
    expect(one(objects, 'Gateway').spec.infrastructure).toEqual({
      annotations: {
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
        'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'lb-subnet',
      },
      parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'aks-ml' },
    });
    expect(validateAll([one(objects, 'Gateway'), one(objects, 'EnvoyProxy')])).toBe(2);
  });
});

describe('AksMlGateway: the v1 leaf domain label in a chart with a namespace', () => {
  test('the ClusterIssuer is cluster-scoped (no namespace); the Certificate is in the gateway namespace', () => {
    const chart = newChart({ namespace: 'apps' });
    new AksMlGateway(chart, 'gateway', {
      tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: { acme: { email: 'ops@example.com' } } }) },
    });
    const objects = synthObjects(chart);
    expect(one(objects, 'ClusterIssuer').metadata.namespace).toBeUndefined();
    expect(one(objects, 'Certificate').metadata.namespace).toBe('aks-ml-gateway');
    expect(validateAll(objects)).toBe(objects.length);
  });
});
