/**
 * Workload identity in the Pulumi components: `WorkloadIdentity.create()` creates an
 * azure-native `managedidentity.UserAssignedIdentity`, its `FederatedIdentityCredential`
 * (issuer = the cluster's `oidcIssuerUrl` output) and its `authorization.RoleAssignment`s,
 * children of the service; the ServiceAccount (and the blob PersistentVolume) carry the
 * created identity's client id. `AcrPull` assigns AcrPull to the kubelet identity.
 */
import * as pulumi from '@pulumi/pulumi';
import type * as Core from 'aks-ml-constructs';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { BUILT_IN_ROLES, roleAssignmentName } from '../../src/core/identity/azure-ids';
import { validateAll } from '../support/schema';
import { mockIdentityOutputs, settle, setupMocks, valueOf } from './mock-runtime';

const recorder = setupMocks();
const { AuthKeys, ModelSource, WorkloadIdentity }: typeof Core = require('aks-ml-constructs');
const { AcrPull, AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const SUB = '00000000-1111-2222-3333-444444444444';
const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/tenant/cluster/';
const REGISTRY = `/subscriptions/${SUB}/resourceGroups/acr-rg/providers/Microsoft.ContainerRegistry/registries/myacr`;

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

describe('AksWebservice with WorkloadIdentity.create()', () => {
  test('identity, federated credential and role assignments as children; the ServiceAccount and PV carry the created client id', async () => {
    // The Pulumi AksCluster's oidcIssuerUrl is an Output: a stand-in with the same shape.
    const cluster = { oidcIssuerUrl: pulumi.output<string | undefined>(ISSUER) };
    const identity = WorkloadIdentity.create({ subscriptionId: SUB, resourceGroupName: 'ml-rg', location: 'westeurope', cluster, tags: { team: 'risk' } });
    const parents = new Map<string, pulumi.Resource | undefined>();
    const ws = new AksWebservice('wiws', {
      name: 'fraud-model',
      namespace: 'ml',
      image: IMAGE,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', resourceGroup: 'data-rg', identity }),
      keys: AuthKeys.fromKeyVault({
        secretStore: { name: 'fraud-key-vault', kind: 'SecretStore' },
        primaryKeySecretName: 'fraud-primary',
        secondaryKeySecretName: 'fraud-secondary',
        identity,
        keyVault: { name: 'ml-vault', resourceGroupName: 'sec-rg' },
      }),
    }, { transformations: [(a) => { parents.set(`${a.type}::${a.name}`, a.opts.parent); return undefined; }] });
    await settle([ws, ...ws.resources]);

    const azure = recorder.of('wiws').filter((r) => r.type.startsWith('azure-native:'));
    expect(azure.map((r) => `${r.type}::${r.name}`)).toEqual([
      'azure-native:managedidentity:UserAssignedIdentity::wiws-identity',
      'azure-native:managedidentity:FederatedIdentityCredential::wiws-identity-credential',
      'azure-native:authorization:RoleAssignment::wiws-storage-blob-data-reader',
      'azure-native:authorization:RoleAssignment::wiws-key-vault-secrets-user',
    ]);
    for (const r of azure) expect(parents.get(`${r.type}::${r.name}`)).toBe(ws);
    expect(azure[0].inputs).toEqual({ resourceGroupName: 'ml-rg', resourceName: 'ml-fraud-model', location: 'westeurope', tags: { team: 'risk' } });
    expect(azure[1].inputs).toEqual({
      resourceGroupName: 'ml-rg',
      resourceName: 'ml-fraud-model',
      federatedIdentityCredentialResourceName: 'ml-fraud-model',
      audiences: ['api://AzureADTokenExchange'],
      subject: 'system:serviceaccount:ml:fraud-model',
      issuer: ISSUER,
    });
    const ids = mockIdentityOutputs('wiws-identity');
    const blobScope = `/subscriptions/${SUB}/resourceGroups/data-rg/providers/Microsoft.Storage/storageAccounts/mlmodels/blobServices/default/containers/fraud`;
    const identityId = `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-fraud-model`;
    expect(azure[2].inputs).toEqual({
      roleAssignmentName: roleAssignmentName(blobScope, identityId, BUILT_IN_ROLES.storageBlobDataReader),
      scope: blobScope,
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.storageBlobDataReader}`,
      principalType: 'ServicePrincipal',
      principalId: ids.principalId,
    });
    expect(azure[3].inputs.scope).toBe(`/subscriptions/${SUB}/resourceGroups/sec-rg/providers/Microsoft.KeyVault/vaults/ml-vault`);

    const kube = recorder.of('wiws').filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs);
    expect(validateAll(kube)).toBe(kube.length);
    expect(kube.some((o) => String(o.apiVersion).endsWith('.azure.com/v1api20230131'))).toBe(false);
    const sa = kube.find((o) => o.kind === 'ServiceAccount')!;
    expect(sa.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': ids.clientId, 'azure.workload.identity/tenant-id': ids.tenantId });
    expect(kube.find((o) => o.kind === 'PersistentVolume')!.spec.csi.volumeAttributes.clientID).toBe(ids.clientId);
    const store = kube.find((o) => o.kind === 'SecretStore')!;
    expect(store.spec.provider.azurekv).toEqual({ authType: 'WorkloadIdentity', vaultUrl: 'https://ml-vault.vault.azure.net', serviceAccountRef: { name: 'fraud-model' } });
    expect(await valueOf(ws.workloadIdentity!.identity.clientId)).toBe(ids.clientId);
    expect(ws.resources).toEqual(expect.arrayContaining([ws.workloadIdentity!.identity, ws.workloadIdentity!.federatedCredential, ...ws.workloadIdentity!.roleAssignments]));
  });

  test('the issuer of a cdk8s cluster (an ASO ConfigMap) is refused before anything is registered', () => {
    const identity = WorkloadIdentity.create({ subscriptionId: SUB, resourceGroupName: 'ml-rg', location: 'westeurope', cluster: { oidcIssuerConfigMap: { name: 'c-identity', key: 'oidcIssuerURL' } } });
    const before = recorder.resources.length;
    expect(() => new AksWebservice('wibad', {
      name: 'fraud-bad', namespace: 'ml', image: IMAGE, blobfuseEnabled: false,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', resourceGroup: 'data-rg', identity }),
    })).toThrow(/in Pulumi, pass the Pulumi AksCluster as cluster, or oidcIssuerUrl/);
    expect(recorder.resources.length).toBe(before);
  });

  test('an existing identity creates no Azure resource', async () => {
    const ws = new AksWebservice('wiold', {
      name: 'fraud-old', namespace: 'ml', image: IMAGE,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', clientId: '11111111-2222-3333-4444-555555555555' }),
    });
    await settle([ws, ...ws.resources]);
    expect(recorder.of('wiold').filter((r) => r.type.startsWith('azure-native:'))).toEqual([]);
    expect(ws.workloadIdentity).toBeUndefined();
  });
});

describe('AcrPull', () => {
  test('one RoleAssignment per registry for the kubelet identity, named like the cdk8s one', async () => {
    const objectId = '99999999-8888-7777-6666-555555555555';
    const cluster = {
      resourceGroupName: pulumi.output('ml-prod-rg'),
      clusterName: pulumi.output('ml-prod'),
      managedCluster: { identityProfile: pulumi.output({ kubeletidentity: { objectId } }) } as never,
    };
    const acr = new AcrPull('acr', { cluster, registryIds: [REGISTRY] });
    await settle([acr, ...acr.roleAssignments]);
    const [ra] = recorder.of('acr').filter((r) => r.type === 'azure-native:authorization:RoleAssignment');
    expect(ra.name).toBe('acr-myacr');
    expect(ra.inputs).toEqual({
      roleAssignmentName: roleAssignmentName(REGISTRY, 'managedClusters/ml-prod-rg/ml-prod/kubeletidentity', BUILT_IN_ROLES.acrPull),
      scope: REGISTRY,
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.acrPull}`,
      principalId: objectId,
      principalType: 'ServicePrincipal',
    });
    expect(await valueOf(acr.kubeletObjectId)).toBe(objectId);
    expect(() => new AcrPull('acrbad', { cluster, registryIds: ['myacr'] })).toThrow(/registryIds\[0\] must be the ARM id of a container registry/);
  });
});
