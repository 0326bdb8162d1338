/**
 * A chart's namespace: cdk8s gives it to every ApiObject without a namespace; the
 * library keeps it off cluster-scoped objects, and builds names from the effective
 * namespace (the props', else the chart's).
 */
import { AuthKeys, ModelSource } from 'aks-ml-constructs';
import { AksEndpointConstruct, AksMlGateway, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { validateAll } from '../support/schema';
import { newChart, one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';

const CLIENT_ID = '00000000-0000-0000-0000-000000000001';
const blob = (path: string) => ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', path, clientId: CLIENT_ID });

/**
 * The cluster-scoped kinds of the Kubernetes API and of the CRDs the library uses
 * (written out here, independently of the library's own list).
 */
const CLUSTER_SCOPED = new Set([
  'v1/Namespace',
  'v1/PersistentVolume',
  'v1/Node',
  'gateway.networking.k8s.io/v1/GatewayClass',
  'storage.k8s.io/v1/StorageClass',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'scheduling.k8s.io/v1/PriorityClass',
  'networking.k8s.io/v1/IngressClass',
  'external-secrets.io/v1/ClusterSecretStore',
  'keda.sh/v1alpha1/ClusterTriggerAuthentication',
]);
const isClusterScoped = (o: Record<string, any>) => CLUSTER_SCOPED.has(`${o.apiVersion}/${o.kind}`);

/** Everything the library emits: gateway (namespace, class), services with every model source and key source, an endpoint. */
function synthAll(chartNamespace: string | undefined) {
  const chart = newChart(chartNamespace ? { namespace: chartNamespace } : {});
  const { result } = captureWarnings(() => {
    const gateway = new AksMlGateway(chart, 'gateway', { tls: { certificateSecretName: 'ml-tls' } });
    const mounted = new AksWebserviceConstruct(chart, 'mounted', { name: 'mounted', image: 'myacr.azurecr.io/m:1', model: blob('m/v1'), gateway: gateway.ref });
    const downloaded = new AksWebserviceConstruct(chart, 'downloaded', {
      name: 'downloaded', image: 'myacr.azurecr.io/d:1', model: blob('d/v1'), blobfuseEnabled: false, numReplicas: 2, gateway: gateway.ref,
    });
    const vault = new AksWebserviceConstruct(chart, 'vault', {
      name: 'vault', image: 'myacr.azurecr.io/v:1', keys: AuthKeys.fromKeyVault({ secretStore: { name: 'kv' }, primaryKeySecretName: 'a', secondaryKeySecretName: 'b' }), gateway: gateway.ref,
    });
    const own = new AksWebserviceConstruct(chart, 'own', { name: 'own', namespace: 'ml', image: 'myacr.azurecr.io/o:1', model: blob('o/v1'), gateway: gateway.ref });
    const endpoint = new AksEndpointConstruct(chart, 'ep', {
      name: 'churn',
      gateway: gateway.ref,
      versions: [
        { versionName: 'control', image: 'myacr.azurecr.io/c:1', isDefault: true, trafficPercentile: 80, model: blob('c/v1') },
        { versionName: 'candidate', image: 'myacr.azurecr.io/c:2', trafficPercentile: 20 },
      ],
    });
    return { mounted, downloaded, vault, own, endpoint };
  });
  const objects = synthObjects(chart);
  expect(validateAll(objects)).toBe(objects.length);
  return { ...result, objects };
}

describe('a chart with namespace "team-a"', () => {
  const { objects } = synthAll('team-a');

  test('the library emits cluster-scoped objects (Namespace, GatewayClass, PersistentVolume), and none has a namespace', () => {
    const clusterScoped = objects.filter(isClusterScoped);
    expect(new Set(clusterScoped.map((o) => o.kind))).toEqual(new Set(['Namespace', 'GatewayClass', 'PersistentVolume']));
    for (const o of clusterScoped) expect({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }).toEqual({ kind: o.kind, name: o.metadata.name, namespace: undefined });
  });

  test('every other object has a namespace: the one its props set, else the chart\'s', () => {
    const namespaced = objects.filter((o) => !isClusterScoped(o));
    expect(namespaced.length).toBeGreaterThan(20);
    for (const o of namespaced) expect(['team-a', 'ml', 'aks-ml-gateway']).toContain(o.metadata.namespace);
    // The services and the endpoint without a namespace of their own are in the chart's.
    for (const name of ['mounted', 'downloaded', 'vault', 'churn-control', 'churn-candidate']) {
      expect(one(objects, 'Deployment', name).metadata.namespace).toBe('team-a');
      expect(one(objects, 'Service', name).metadata.namespace).toBe('team-a');
    }
    expect(one(objects, 'HTTPRoute', 'churn').metadata.namespace).toBe('team-a');
    expect(one(objects, 'Deployment', 'own').metadata.namespace).toBe('ml');
    expect(one(objects, 'Gateway').metadata.namespace).toBe('aks-ml-gateway');
  });

  test('the blob model PersistentVolumes are named after the effective namespace, and their claims bind them', () => {
    const pvs = objects.filter((o) => o.kind === 'PersistentVolume').map((o) => o.metadata.name);
    expect(pvs.sort()).toEqual(['ml-own-model', 'team-a-churn-control-model', 'team-a-mounted-model']);
    for (const [claim, ns, pv] of [['mounted-model', 'team-a', 'team-a-mounted-model'], ['own-model', 'ml', 'ml-own-model'], ['churn-control-model', 'team-a', 'team-a-churn-control-model']]) {
      const pvc = one(objects, 'PersistentVolumeClaim', claim);
      expect(pvc.metadata.namespace).toBe(ns);
      expect(pvc.spec.volumeName).toBe(pv);
      expect(one(objects, 'PersistentVolume', pv).spec.csi.volumeHandle).toBe(`mlmodels#models#${pv}`);
    }
  });

  test('the Namespace objects are the ones the props and the gateway name, not the chart\'s', () => {
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(['aks-ml-gateway', 'ml']);
  });
});

describe('a chart without namespace', () => {
  const { objects } = synthAll(undefined);

  test('no namespace on cluster-scoped objects, none on objects whose props set none, and the PV names say "default"', () => {
    for (const o of objects.filter(isClusterScoped)) expect(o.metadata.namespace).toBeUndefined();
    expect(one(objects, 'Deployment', 'mounted').metadata.namespace).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'PersistentVolume').map((o) => o.metadata.name).sort()).toEqual(['default-churn-control-model', 'default-mounted-model', 'ml-own-model']);
  });
});

describe('the construct API agrees with the YAML', () => {
  test('a cluster-scoped ApiObject in a namespaced chart synthesizes without namespace, its namespaced neighbours with it', () => {
    const chart = newChart({ namespace: 'team-a' });
    const { result: ws } = captureWarnings(() => new AksWebserviceConstruct(chart, 'ws', { name: 'fraud', image: 'myacr.azurecr.io/f:1', model: blob('f/v1') }));
    const pv = ws.apiObjects.find((o) => o.kind === 'PersistentVolume')!;
    expect(pv.name).toBe('team-a-fraud-model');
    expect(pv.toJson().metadata.namespace).toBeUndefined();
    expect(ws.deployment.toJson().metadata.namespace).toBe('team-a');
    const objects = synthObjects(chart);
    expect(validateAll(objects)).toBe(objects.length);
  });
});
