/**
 * The scoring pods' NetworkPolicies (networking.k8s.io/v1, read by the cluster's network
 * policy engine) and the Pod Security labels of the Namespaces (read by the Pod Security
 * admission controller).
 */
import { AksEndpointProps, AksWebserviceProps, EnvoyGateway, KubeObject, planEndpoint, planGateway, planWebservice } from 'aks-ml-constructs';
import { HEALTH_CHECK_LABEL } from '../../../src/core/webservice/network-policy';
import { configurationErrorOf } from '../../support/errors';
import { validateAll } from '../../support/schema';

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const service = (extra: Partial<AksWebserviceProps> = {}): AksWebserviceProps => ({ name: 'fraud-model', namespace: 'ml', image: IMAGE, ...extra });
const policies = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'NetworkPolicy') as Record<string, any>[];
const named = (objects: KubeObject[], name: string) => policies(objects).find((o) => o.metadata.name === name)!;

/** Every peer of every NetworkPolicy rule. */
function peersOf(np: Record<string, any>): Record<string, any>[] {
  return [...(np.spec.ingress ?? []).flatMap((r: any) => r.from ?? []), ...(np.spec.egress ?? []).flatMap((r: any) => r.to ?? [])];
}

const DEFAULT_EGRESS = [
  {
    to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  },
  { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32', '168.63.129.16/32'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
];

describe('ingress', () => {
  test('never an empty namespaceSelector: Gateway Namespace Mode with no known namespace selects the proxies in the policy\'s own namespace', () => {
    // No service namespace, no gateway namespace, no engine default: the Gateway is in the
    // route's namespace, which is the NetworkPolicy's.
    const p = planWebservice({ name: 'fraud-model', image: IMAGE, gateway: { name: 'edge', implementation: new EnvoyGateway({ gatewayNamespaceMode: true }) } });
    const np = named(p.objects, 'fraud-model');
    expect(np.metadata.namespace).toBeUndefined();
    expect(np.spec.ingress[0].from).toEqual([
      {
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'envoy',
            'app.kubernetes.io/component': 'proxy',
            'app.kubernetes.io/managed-by': 'envoy-gateway',
            'gateway.envoyproxy.io/owning-gateway-name': 'edge',
          },
        },
      },
    ]);
    validateAll(p.objects);
  });

  test('no synthesized NetworkPolicy peer has an empty namespaceSelector or podSelector, whatever the gateway mode and namespaces', () => {
    const plans = [
      planWebservice(service()),
      planWebservice({ name: 'a-svc', image: IMAGE }),
      planWebservice({ name: 'b-svc', image: IMAGE, gateway: { name: 'edge', implementation: new EnvoyGateway({ gatewayNamespaceMode: true }) } }),
      planWebservice({ name: 'c-svc', image: IMAGE, gateway: { name: 'edge', implementation: new EnvoyGateway({ gatewayNamespaceMode: true }) } }, { defaultNamespace: 'team' }),
      planWebservice(service({ allowHealthCheckPods: true, allowInstanceMetadata: true })),
      planEndpoint({ name: 'churn', versions: [{ versionName: 'blue', image: IMAGE }], gateway: { name: 'edge', implementation: new EnvoyGateway({ gatewayNamespaceMode: true }) } }),
    ];
    let peers = 0;
    for (const plan of plans) {
      for (const np of policies(plan.objects)) {
        for (const peer of peersOf(np)) {
          peers++;
          if ('namespaceSelector' in peer) expect(Object.keys(peer.namespaceSelector.matchLabels ?? {}).length).toBeGreaterThan(0);
          if ('podSelector' in peer) expect(Object.keys(peer.podSelector.matchLabels ?? {}).length).toBeGreaterThan(0);
        }
      }
      validateAll(plan.objects);
    }
    expect(peers).toBeGreaterThan(15);
  });

  test('the health-check rule is opt-in (allowHealthCheckPods): labelled pods of the namespace only', () => {
    expect(named(planWebservice(service()).objects, 'fraud-model').spec.ingress).toHaveLength(1);
    const np = named(planWebservice(service({ allowHealthCheckPods: true })).objects, 'fraud-model');
    expect(np.spec.ingress).toHaveLength(2);
    expect(np.spec.ingress[1]).toEqual({ from: [{ podSelector: { matchLabels: { [HEALTH_CHECK_LABEL]: 'true' } } }], ports: [{ protocol: 'TCP', port: 5001 }] });
  });
});

describe('egress', () => {
  test('by default: DNS to kube-dns, HTTPS anywhere but the instance metadata endpoint and the wireserver; the same pods', () => {
    const p = planWebservice(service());
    const ingress = named(p.objects, 'fraud-model');
    const egress = named(p.objects, 'fraud-model-egress');
    expect(egress.metadata).toMatchObject({ namespace: 'ml', labels: ingress.metadata.labels });
    expect(egress.spec).toEqual({ podSelector: ingress.spec.podSelector, policyTypes: ['Egress'], egress: DEFAULT_EGRESS });
    expect(p.warnings.map((w) => w.id)).not.toContain('aks-ml:webservice:unrestrictedEgress');
    validateAll(p.objects);
  });

  test('allowInstanceMetadata: the except goes, the metadata endpoint (80) and wireserver (80, 32526) are allowed, with a warning', () => {
    const p = planWebservice(service({ allowInstanceMetadata: true }));
    const egress = named(p.objects, 'fraud-model-egress');
    expect(egress.spec.egress.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ protocol: 'TCP', port: 80 }] },
      { to: [{ ipBlock: { cidr: '168.63.129.16/32' } }], ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 32526 }] },
    ]);
    expect(p.warnings.filter((w) => w.id === 'aks-ml:webservice:instanceMetadataAllowed').map((w) => w.prop)).toEqual(['allowInstanceMetadata']);
    validateAll(p.objects);
  });

  test('restrictEgress: false emits no egress policy, and warns (allowInstanceMetadata then has no effect)', () => {
    const p = planWebservice(service({ restrictEgress: false, allowInstanceMetadata: true }));
    expect(policies(p.objects).map((o) => o.metadata.name)).toEqual(['fraud-model']);
    expect(p.warnings.map((w) => w.id).filter((id) => /Egress|instanceMetadata/.test(id))).toEqual([
      'aks-ml:webservice:unrestrictedEgress',
      'aks-ml:webservice:instanceMetadataWithoutEgressPolicy',
    ]);
  });

  test('an endpoint: each version gets both policies; the props are the endpoint\'s and refused on a version', () => {
    const props: AksEndpointProps = { name: 'churn', namespace: 'ml', allowHealthCheckPods: true, versions: [{ versionName: 'blue', image: IMAGE }, { versionName: 'green', image: IMAGE }] };
    const p = planEndpoint(props);
    expect(policies(p.objects).map((o) => [o.metadata.name, o.spec.policyTypes[0]])).toEqual([
      ['churn-blue', 'Ingress'],
      ['churn-blue-egress', 'Egress'],
      ['churn-green', 'Ingress'],
      ['churn-green-egress', 'Egress'],
    ]);
    expect(named(p.objects, 'churn-green').spec.ingress).toHaveLength(2);
    validateAll(p.objects);
    const e = configurationErrorOf(() => planEndpoint({ ...props, versions: [{ versionName: 'blue', image: IMAGE, restrictEgress: false } as any] }));
    expect(e.problems).toContain('versions[0].restrictEgress is an endpoint setting shared by all versions; set it on the endpoint, not on a version; received false.');
  });

  test('the props are booleans', () => {
    const e = configurationErrorOf(() => planWebservice(service({ restrictEgress: 'no' as any, allowHealthCheckPods: 1 as any })));
    expect(e.problems.join('\n')).toMatch(/allowHealthCheckPods must be true or false; received 1.\nrestrictEgress must be true or false; received "no"./);
  });
});

describe('Pod Security: enforce pinned to a Kubernetes minor, warn and audit at latest', () => {
  const labelsOf = (objects: KubeObject[]) => (objects.find((o) => o.kind === 'Namespace') as Record<string, any>).metadata.labels;
  const pinned = (version: string) => ({
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': version,
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': 'latest',
  });

  test('a service, an endpoint and a gateway: the given cluster minor, or v1.33', () => {
    expect(labelsOf(planWebservice(service()).objects)).toMatchObject(pinned('v1.33'));
    expect(labelsOf(planWebservice(service({ kubernetesVersion: '1.31.4' })).objects)).toMatchObject(pinned('v1.31'));
    expect(labelsOf(planEndpoint({ name: 'churn', namespace: 'ml', kubernetesVersion: 'v1.32', versions: [{ versionName: 'blue', image: IMAGE }] }).objects)).toMatchObject(pinned('v1.32'));
    const gw = planGateway({ tls: { certificateSecretName: 'tls' }, kubernetesVersion: '1.30' });
    expect(labelsOf(gw.objects)).toMatchObject(pinned('v1.30'));
    expect(JSON.stringify(gw.objects)).not.toContain('"pod-security.kubernetes.io/enforce-version":"latest"');
  });

  test('a bad version is refused', () => {
    for (const v of ['latest', '1', '2.0', '1.24', 'v1.31-aks']) {
      const e = configurationErrorOf(() => planWebservice(service({ kubernetesVersion: v })));
      expect(e.problems).toEqual([`kubernetesVersion must be a Kubernetes version such as "1.31" or "1.31.4" (1.25 or later, where Pod Security admission is stable); received "${v}".`]);
    }
  });
});
