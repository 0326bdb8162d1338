/**
 * The Kubernetes provider's default namespace: components take it (from their
 * `defaultNamespace` arg, or from a provider recorded with it) for names built from
 * the namespace, leave the namespace of namespaced objects to the provider, and never
 * set one on cluster-scoped objects.
 */
import * as pulumi from '@pulumi/pulumi';
import type * as K8s from '@pulumi/kubernetes';
import type * as Core from 'aks-ml-constructs';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import type * as KubeResourcesModule from '../../src/pulumi/kube-resources';
import { validateAll } from '../support/schema';
import { settle, setupMocks } from './mock-runtime';

const recorder = setupMocks();
const k8s: typeof K8s = require('@pulumi/kubernetes');
const { ModelSource }: typeof Core = require('aks-ml-constructs');
const { AksEndpoint, AksMlGateway, AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');
const { setProviderDefaultNamespace }: typeof KubeResourcesModule = require('../../src/pulumi/kube-resources');

const CLIENT_ID = '00000000-0000-0000-0000-000000000001';
const blob = (path: string) => ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', path, clientId: CLIENT_ID });
const CLUSTER_SCOPED = new Set(['v1/Namespace', 'v1/PersistentVolume', 'gateway.networking.k8s.io/v1/GatewayClass']);

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

async function objectsOf(prefix: string, resources: readonly pulumi.Resource[]): Promise<Record<string, any>[]> {
  await settle(resources);
  const objects = recorder.kubeObjects(prefix);
  expect(validateAll(objects)).toBe(objects.length);
  return objects;
}

describe('Pulumi components with the provider default namespace "team-a"', () => {
  test('from the defaultNamespace arg: the blob model PV is named after it, and no cluster-scoped object gets a namespace', async () => {
    const ws = new AksWebservice('pvws', { name: 'fraud', image: 'myacr.azurecr.io/f:1', model: blob('f/v1'), defaultNamespace: 'team-a' });
    const objects = await objectsOf('pvws', [ws, ...ws.resources]);
    const pv = objects.find((o) => o.kind === 'PersistentVolume')!;
    expect(pv.metadata).toMatchObject({ name: 'team-a-fraud-model' });
    expect(pv.metadata.namespace).toBeUndefined();
    expect(pv.spec.csi.volumeHandle).toBe('mlmodels#models#team-a-fraud-model');
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim')!;
    expect(pvc.spec.volumeName).toBe('team-a-fraud-model');
    // Namespaced objects are left to the provider, which puts them in team-a.
    for (const o of objects.filter((x) => !CLUSTER_SCOPED.has(`${x.apiVersion}/${x.kind}`))) expect(o.metadata.namespace).toBeUndefined();
  });

  test('from a provider recorded with it: the same names, for a service and an endpoint version', async () => {
    const provider = new k8s.Provider('team-a-cluster', { kubeconfig: 'apiVersion: v1', namespace: 'team-a' });
    setProviderDefaultNamespace(provider, 'team-a');
    const ws = new AksWebservice('pvprov', { name: 'fraud', image: 'myacr.azurecr.io/f:1', model: blob('f/v1') }, { provider });
    const ep = new AksEndpoint('pvep', {
      name: 'churn',
      versions: [
        { versionName: 'control', image: 'myacr.azurecr.io/c:1', isDefault: true, model: blob('c/v1') },
        { versionName: 'candidate', image: 'myacr.azurecr.io/c:2', trafficPercentile: 10 },
      ],
    }, { provider });
    const wsObjects = await objectsOf('pvprov', [ws, ...ws.resources]);
    const epObjects = await objectsOf('pvep', [ep, ...ep.resources]);
    expect(wsObjects.filter((o) => o.kind === 'PersistentVolume').map((o) => o.metadata.name)).toEqual(['team-a-fraud-model']);
    expect(epObjects.filter((o) => o.kind === 'PersistentVolume').map((o) => o.metadata.name)).toEqual(['team-a-churn-control-model']);
    for (const o of [...wsObjects, ...epObjects]) expect(o.metadata.namespace).toBeUndefined();
  });

  test('a namespace in the props wins over the provider\'s, in the namespaced objects and the PV name; the Namespace and GatewayClass have none', async () => {
    const provider = new k8s.Provider('team-a-cluster-2', { kubeconfig: 'apiVersion: v1', namespace: 'team-a' });
    setProviderDefaultNamespace(provider, 'team-a');
    const gw = new AksMlGateway('pvgw', { tls: { certificateSecretName: 'ml-tls' } }, { provider });
    const ws = new AksWebservice('pvown', { name: 'fraud', namespace: 'ml', image: 'myacr.azurecr.io/f:1', model: blob('f/v1') }, { provider });
    const gwObjects = await objectsOf('pvgw', [gw, ...gw.resources]);
    const wsObjects = await objectsOf('pvown', [ws, ...ws.resources]);
    const all = [...gwObjects, ...wsObjects];
    expect(new Set(all.filter((o) => CLUSTER_SCOPED.has(`${o.apiVersion}/${o.kind}`)).map((o) => o.kind))).toEqual(new Set(['Namespace', 'GatewayClass', 'PersistentVolume']));
    for (const o of all.filter((x) => CLUSTER_SCOPED.has(`${x.apiVersion}/${x.kind}`))) expect(o.metadata.namespace).toBeUndefined();
    expect(wsObjects.find((o) => o.kind === 'PersistentVolume')!.metadata.name).toBe('ml-fraud-model');
    for (const o of wsObjects.filter((x) => !CLUSTER_SCOPED.has(`${x.apiVersion}/${x.kind}`))) expect(o.metadata.namespace).toBe('ml');
  });
});
