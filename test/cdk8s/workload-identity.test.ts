/**
 * Workload identity in a cdk8s app: the AksCluster's ManagedCluster exports its OIDC
 * issuer (and kubelet identity) to a ConfigMap; a service's
 * `WorkloadIdentity.create({ cluster })` federated credential reads the issuer from
 * it (`issuerFromConfig`), and `AcrPull` grants the kubelet identity AcrPull on a
 * registry. Everything is schema-valid and holds no key material.
 */
import { AuthKeys, ModelSource, WorkloadIdentity } from 'aks-ml-constructs';
import { AcrPull, AksCluster, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { findKeyMaterial } from '../support/key-material';
import { validateAll } from '../support/schema';
import { newChart, one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';
import { configurationErrorOf } from '../support/errors';

const SUB = '00000000-1111-2222-3333-444444444444';
const IMAGE = 'myacr.azurecr.io/fraud/model:1.4.2';
const REGISTRY = `/subscriptions/${SUB}/resourceGroups/acr-rg/providers/Microsoft.ContainerRegistry/registries/myacr`;

function app() {
  const chart = newChart({ namespace: 'ml' });
  const { result } = captureWarnings(() => {
    const cluster = new AksCluster(chart, 'cluster', { name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-prod-rg' });
    const identity = WorkloadIdentity.create({ subscriptionId: SUB, resourceGroupName: 'ml-rg', location: 'westeurope', cluster });
    const ws = new AksWebserviceConstruct(chart, 'ws', {
      name: 'fraud-model',
      image: IMAGE,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', resourceGroup: 'data-rg', identity }),
      blobfuseEnabled: false,
      keys: AuthKeys.fromKeyVault({
        secretStore: { name: 'fraud-key-vault', kind: 'SecretStore' },
        primaryKeySecretName: 'fraud-primary',
        secondaryKeySecretName: 'fraud-secondary',
        identity,
        keyVault: { name: 'ml-vault', resourceGroupName: 'sec-rg' },
      }),
    });
    const acr = new AcrPull(chart, 'acr', { cluster, registryIds: [REGISTRY] });
    return { cluster, ws, acr };
  });
  return { chart, ...result, objects: synthObjects(chart) };
}

describe('cdk8s: a cluster, a service with a created identity, AcrPull', () => {
  test('the credential reads the issuer the ManagedCluster exports; AcrPull reads its kubelet identity; all schema-valid', () => {
    const { cluster, ws, acr, objects } = app();
    expect(validateAll(objects)).toBe(objects.length);
    // ARM ids (scopes, role definitions) look random to the key heuristic; nothing else may.
    expect(findKeyMaterial(objects).filter((f) => !/\.armId$/.test(f.where))).toEqual([]);
    expect(cluster.oidcIssuerConfigMap).toEqual({ name: 'ml-prod-identity', key: 'oidcIssuerURL', namespace: 'ml' });
    const mc = one(objects, 'ManagedCluster');
    expect(mc.spec.operatorSpec.configMaps.oidcIssuerProfile).toEqual({ name: 'ml-prod-identity', key: 'oidcIssuerURL' });
    const fic = one(objects, 'FederatedIdentityCredential');
    expect(fic.metadata.namespace).toBe('ml');
    expect(fic.spec.issuerFromConfig).toEqual({ name: 'ml-prod-identity', key: 'oidcIssuerURL' });
    expect(fic.spec.subject).toBe('system:serviceaccount:ml:fraud-model');
    expect(objects.filter((o) => o.kind === 'RoleAssignment').map((o) => o.metadata.name)).toEqual([
      'fraud-model-storage-blob-data-reader',
      'fraud-model-key-vault-secrets-user',
      'ml-prod-acrpull-myacr',
    ]);
    const pull = one(objects, 'RoleAssignment', 'ml-prod-acrpull-myacr');
    expect(pull.metadata.namespace).toBe('ml');
    expect(pull.spec.principalIdFromConfig).toEqual({ name: 'ml-prod-identity', key: 'kubeletObjectId' });
    expect(acr.assignments.map((a) => a.scope)).toEqual([REGISTRY]);
    expect(one(objects, 'SecretStore', 'fraud-key-vault').spec.provider.azurekv.serviceAccountRef).toEqual({ name: 'fraud-model' });
    expect(ws.apiObjects.some((o) => o.kind === 'UserAssignedIdentity')).toBe(true);
  });

  test('deterministic: two syntheses are identical', () => {
    expect(JSON.stringify(app().objects)).toBe(JSON.stringify(app().objects));
  });

  test('an attached cluster exports nothing: the identity needs oidcIssuerUrl, AcrPull the kubelet object id', () => {
    const chart = newChart({ namespace: 'ml' });
    const cluster = captureWarnings(() => new AksCluster(chart, 'cluster', { name: 'ml-prod', resourceGroup: 'ml-prod-rg', clusterName: 'ml-prod' })).result;
    expect(cluster.oidcIssuerConfigMap).toBeUndefined();
    const identity = WorkloadIdentity.create({ subscriptionId: SUB, resourceGroupName: 'ml-rg', location: 'westeurope', cluster });
    const e = configurationErrorOf(() => new AksWebserviceConstruct(chart, 'ws', {
      name: 'fraud-model', image: IMAGE, blobfuseEnabled: false,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', resourceGroup: 'data-rg', identity }),
    }));
    expect(e.problems.join('\n')).toMatch(/model\.identity\.cluster has no OIDC issuer the library can read.*pass oidcIssuerUrl/);
    const acr = configurationErrorOf(() => new AcrPull(chart, 'acr', { cluster, registryIds: [REGISTRY] }));
    expect(acr.problems.join('\n')).toMatch(/kubeletObjectId is required for an attached cluster/);
    const ok = new AcrPull(chart, 'acr2', { cluster, registryIds: [REGISTRY], kubeletObjectId: '99999999-8888-7777-6666-555555555555' });
    const objects = synthObjects(chart);
    expect(validateAll(objects)).toBe(objects.length);
    expect(one(objects, 'RoleAssignment').spec.principalId).toBe('99999999-8888-7777-6666-555555555555');
    expect(ok.apiObjects).toHaveLength(1);
  });
});
