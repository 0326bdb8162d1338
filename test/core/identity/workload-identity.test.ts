/**
 * Workload identity as its readers take it: the Azure Workload Identity webhook (the
 * ServiceAccount's client-id/tenant-id annotations; an AZURE_CLIENT_ID the container
 * declares is left alone), Entra ID's token exchange (the federated credential's
 * issuer, subject and audience), the Blob CSI driver (the PersistentVolume's
 * clientID), External Secrets (azurekv WorkloadIdentity: the client id from the
 * ServiceAccount annotation or authSecretRef, never both) and ARM (role assignment
 * names are GUIDs; the scope is the owner).
 */
import { AksWebserviceProps, AuthKeys, KubeObject, ModelSource, WorkloadIdentity, planEndpoint, planWebservice } from 'aks-ml-constructs';
import { BUILT_IN_ROLES, URL_NAMESPACE, roleAssignmentName, uuidV5 } from '../../../src/core/identity/azure-ids';
import { planAcrPull } from '../../../src/core/identity/acr-pull';
import { configurationErrorOf } from '../../support/errors';
import { validateAll } from '../../support/schema';

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const SUB = '00000000-1111-2222-3333-444444444444';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/0b6d1d2a-1a2b-4c3d-9e8f-123456789abc/';
const created = (extra: Partial<Parameters<typeof WorkloadIdentity.create>[0]> = {}) =>
  WorkloadIdentity.create({ subscriptionId: SUB, resourceGroupName: 'ml-rg', location: 'westeurope', oidcIssuerUrl: ISSUER, ...extra });
const blob = (identity: WorkloadIdentity, extra: Record<string, unknown> = {}) =>
  ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', path: 'v3', resourceGroup: 'data-rg', identity, ...extra });
const service = (extra: Partial<AksWebserviceProps> = {}): AksWebserviceProps => ({ name: 'fraud-model', namespace: 'ml', image: IMAGE, ...extra });
const find = (objects: KubeObject[], kind: string, name?: string) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)) as Record<string, any>;
const all = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as Record<string, any>[];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('stable role assignment names (UUIDv5)', () => {
  test('uuidV5 matches RFC 4122 (the Python uuid5 vector) and sets version 5 / variant bits', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('https://aks-ml-constructs.io/x', URL_NAMESPACE)).toBe('f4c201fd-edb9-58bf-b6cf-804cf5aeb285');
  });

  test('the same scope, principal and role give the same GUID (ARM ids case-insensitive); any change gives another', () => {
    const scope = `/subscriptions/${SUB}/resourceGroups/data-rg/providers/Microsoft.Storage/storageAccounts/mlmodels/blobServices/default/containers/fraud`;
    const a = roleAssignmentName(scope, 'p', BUILT_IN_ROLES.storageBlobDataReader);
    expect(a).toMatch(GUID);
    expect(roleAssignmentName(scope.toUpperCase(), 'P', BUILT_IN_ROLES.storageBlobDataReader)).toBe(a);
    expect(roleAssignmentName(`${scope}2`, 'p', BUILT_IN_ROLES.storageBlobDataReader)).not.toBe(a);
    expect(roleAssignmentName(scope, 'q', BUILT_IN_ROLES.storageBlobDataReader)).not.toBe(a);
    expect(roleAssignmentName(scope, 'p', BUILT_IN_ROLES.keyVaultSecretsUser)).not.toBe(a);
  });

  test('the built-in role ids are those of Azure\'s built-in roles', () => {
    expect(BUILT_IN_ROLES).toEqual({
      storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
      keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
      acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
    });
  });
});

describe('WorkloadIdentity.create() on a blob model (Azure Service Operator)', () => {
  test('identity, federated credential and Storage Blob Data Reader on the container; schema-valid; the downloader reads the client id from the Secret ASO writes', () => {
    const plan = planWebservice(service({ model: blob(created()), blobfuseEnabled: false }));
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const uai = find(plan.objects, 'UserAssignedIdentity');
    expect(uai.apiVersion).toBe('managedidentity.azure.com/v1api20230131');
    expect(uai.metadata).toMatchObject({ name: 'fraud-model', namespace: 'ml' });
    expect(uai.spec).toEqual({
      azureName: 'ml-fraud-model',
      owner: { armId: `/subscriptions/${SUB}/resourceGroups/ml-rg` },
      location: 'westeurope',
      operatorSpec: {
        configMaps: { principalId: { name: 'fraud-model-identity', key: 'principalId' } },
        secrets: { clientId: { name: 'fraud-model-identity', key: 'clientId' }, tenantId: { name: 'fraud-model-identity', key: 'tenantId' } },
      },
    });
    const fic = find(plan.objects, 'FederatedIdentityCredential');
    expect(fic.spec).toEqual({
      azureName: 'ml-fraud-model',
      owner: { name: 'fraud-model' },
      audiences: ['api://AzureADTokenExchange'],
      issuer: ISSUER,
      subject: 'system:serviceaccount:ml:fraud-model',
    });
    const [ra] = all(plan.objects, 'RoleAssignment');
    const scope = `/subscriptions/${SUB}/resourceGroups/data-rg/providers/Microsoft.Storage/storageAccounts/mlmodels/blobServices/default/containers/fraud`;
    expect(ra.metadata.name).toBe('fraud-model-storage-blob-data-reader');
    expect(ra.spec).toEqual({
      azureName: roleAssignmentName(scope, `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml-fraud-model`, BUILT_IN_ROLES.storageBlobDataReader),
      owner: { armId: scope },
      principalIdFromConfig: { name: 'fraud-model-identity', key: 'principalId' },
      principalType: 'ServicePrincipal',
      roleDefinitionReference: { armId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1` },
    });
    // The ServiceAccount names no client id (unknown at synthesis); the init container takes it from the Secret.
    expect(find(plan.objects, 'ServiceAccount').metadata.annotations).toBeUndefined();
    const pod = find(plan.objects, 'Deployment').spec.template;
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(pod.spec.initContainers[0].env[0]).toEqual({ name: 'AZURE_CLIENT_ID', valueFrom: { secretKeyRef: { name: 'fraud-model-identity', key: 'clientId' } } });
    expect(plan.workloadIdentity).toBeUndefined();
  });

  test('the same props give the same objects (stable names)', () => {
    const a = planWebservice(service({ model: blob(created()), blobfuseEnabled: false })).objects;
    const b = planWebservice(service({ model: blob(created()), blobfuseEnabled: false })).objects;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  test('blobfuse needs the client id literally (the PersistentVolume cannot refer to a Secret); with clientId the PV and the ServiceAccount carry it', () => {
    const e = configurationErrorOf(() => planWebservice(service({ model: blob(created()) })));
    expect(e.problems.join('\n')).toMatch(/model\.identity\.clientId is required to mount the model with blobfuse.*blobfuseEnabled: false/);
    const plan = planWebservice(service({ model: blob(created({ clientId: CLIENT })) }));
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    expect(find(plan.objects, 'PersistentVolume').spec.csi.volumeAttributes.clientID).toBe(CLIENT);
    expect(find(plan.objects, 'ServiceAccount').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': CLIENT });
  });

  test('the issuer from the cdk8s cluster\'s ConfigMap (issuerFromConfig), refused across namespaces', () => {
    const cluster = { oidcIssuerConfigMap: { name: 'ml-prod-identity', key: 'oidcIssuerURL', namespace: 'ml' } };
    const plan = planWebservice(service({ model: blob(created({ oidcIssuerUrl: undefined, cluster })), blobfuseEnabled: false }));
    expect(find(plan.objects, 'FederatedIdentityCredential').spec.issuerFromConfig).toEqual({ name: 'ml-prod-identity', key: 'oidcIssuerURL' });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const other = { oidcIssuerConfigMap: { ...cluster.oidcIssuerConfigMap, namespace: 'azure' } };
    const e = configurationErrorOf(() => planWebservice(service({ model: blob(created({ oidcIssuerUrl: undefined, cluster: other })), blobfuseEnabled: false })));
    expect(e.problems.join('\n')).toMatch(/identity\.cluster .*another namespace than the service \("ml"\).*pass oidcIssuerUrl/);
  });

  test('one ConfigurationError lists every problem of a created identity', () => {
    const bad = WorkloadIdentity.create({ subscriptionId: 'sub', resourceGroupName: 'rg.', location: 'West Europe', identityName: 'x', clientId: 'nope' } as never);
    const e = configurationErrorOf(() => planWebservice(service({ model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', identity: bad }) })));
    const text = e.problems.join('\n');
    for (const p of ['model.identity.subscriptionId', 'model.identity.resourceGroupName', 'model.identity.location', 'model.identity.identityName', 'model.identity.clientId', 'model.identity.oidcIssuerUrl is required']) {
      expect(text).toContain(p);
    }
    const both = configurationErrorOf(() => planWebservice(service({ model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', clientId: CLIENT, identity: created() }) })));
    expect(both.problems.join('\n')).toMatch(/model\.clientId cannot be combined with identity/);
    const noGroup = configurationErrorOf(() => planWebservice(service({ model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', identity: created() }), blobfuseEnabled: false })));
    expect(noGroup.problems.join('\n')).toMatch(/model\.resourceGroup is required with WorkloadIdentity\.create\(\)/);
    const noNs = configurationErrorOf(() => planWebservice({ name: 'fraud-model', image: IMAGE, model: blob(created()), blobfuseEnabled: false }));
    expect(noNs.problems.join('\n')).toMatch(/namespace is required with WorkloadIdentity\.create\(\)/);
  });

  test('an engine that creates the identity gets a description and annotates the ServiceAccount with its placeholders', () => {
    const plan = planWebservice(service({ model: blob(created()) }), { workloadIdentity: { clientId: '@@client@@', tenantId: '@@tenant@@' } });
    expect(all(plan.objects, 'UserAssignedIdentity')).toEqual([]);
    expect(find(plan.objects, 'ServiceAccount').metadata.annotations).toEqual({
      'azure.workload.identity/client-id': '@@client@@',
      'azure.workload.identity/tenant-id': '@@tenant@@',
    });
    expect(find(plan.objects, 'PersistentVolume').spec.csi.volumeAttributes.clientID).toBe('@@client@@');
    expect(plan.workloadIdentity).toMatchObject({
      identityName: 'ml-fraud-model',
      federatedCredential: { subject: 'system:serviceaccount:ml:fraud-model', audiences: ['api://AzureADTokenExchange'], issuer: { url: ISSUER } },
      roleAssignments: [{ key: 'storage-blob-data-reader', roleId: BUILT_IN_ROLES.storageBlobDataReader }],
    });
    expect(plan.warnings).toEqual([]);
    // A clientId is for the ASO objects: the engine knows the created identity's, and says so.
    const withId = planWebservice(service({ model: blob(created({ clientId: CLIENT })) }), { workloadIdentity: { clientId: '@@client@@', tenantId: '@@tenant@@' } });
    expect(withId.warnings.map((w) => [w.id, w.prop])).toEqual([['aks-ml:webservice:identityClientIdUnused', 'identity.clientId']]);
    expect(find(withId.objects, 'ServiceAccount').metadata.annotations['azure.workload.identity/client-id']).toBe('@@client@@');
  });
});

describe('AuthKeys.fromKeyVault({ identity, keyVault })', () => {
  const keys = (identity: WorkloadIdentity, extra: Record<string, unknown> = {}) =>
    AuthKeys.fromKeyVault({
      secretStore: { name: 'fraud-key-vault', kind: 'SecretStore' },
      primaryKeySecretName: 'fraud-primary',
      secondaryKeySecretName: 'fraud-secondary',
      identity,
      keyVault: { name: 'ml-vault', resourceGroupName: 'sec-rg' },
      ...extra,
    });

  test('a created identity: the SecretStore reads the client and tenant ids from the Secret ASO writes; Key Vault Secrets User on the vault', () => {
    const plan = planWebservice(service({ keys: keys(created()) }));
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const store = find(plan.objects, 'SecretStore', 'fraud-key-vault');
    expect(store.spec).toEqual({
      provider: {
        azurekv: {
          authType: 'WorkloadIdentity',
          vaultUrl: 'https://ml-vault.vault.azure.net',
          serviceAccountRef: { name: 'fraud-model' },
          authSecretRef: { clientId: { name: 'fraud-model-identity', key: 'clientId' }, tenantId: { name: 'fraud-model-identity', key: 'tenantId' } },
        },
      },
    });
    expect(find(plan.objects, 'ExternalSecret', 'fraud-model-keys').spec.secretStoreRef).toEqual({ name: 'fraud-key-vault', kind: 'SecretStore' });
    // External Secrets refuses a client id in both the annotation and authSecretRef.
    expect(find(plan.objects, 'ServiceAccount').metadata.annotations).toBeUndefined();
    const [ra] = all(plan.objects, 'RoleAssignment');
    expect(ra.spec.owner).toEqual({ armId: `/subscriptions/${SUB}/resourceGroups/sec-rg/providers/Microsoft.KeyVault/vaults/ml-vault` });
    expect(ra.spec.roleDefinitionReference.armId).toMatch(/\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/);
    // The pods read no Azure resource: no webhook label.
    expect(find(plan.objects, 'Deployment').spec.template.metadata.labels['azure.workload.identity/use']).toBeUndefined();
  });

  test('an existing identity: the ServiceAccount carries its client and tenant ids, the store only its serviceAccountRef; the tenant is required', () => {
    const plan = planWebservice(service({ keys: keys(WorkloadIdentity.fromClientId(CLIENT, { tenantId: TENANT })) }));
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    expect(find(plan.objects, 'ServiceAccount').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': CLIENT, 'azure.workload.identity/tenant-id': TENANT });
    expect(find(plan.objects, 'SecretStore').spec.provider.azurekv.authSecretRef).toBeUndefined();
    expect(all(plan.objects, 'RoleAssignment')).toEqual([]);
    const e = configurationErrorOf(() => planWebservice(service({ keys: keys(WorkloadIdentity.fromClientId(CLIENT)) })));
    expect(e.problems.join('\n')).toMatch(/keys\.identity\.tenantId is required for the Key Vault SecretStore/);
  });

  test('one identity per ServiceAccount; a ClusterSecretStore, a missing vault or an endpoint are refused', () => {
    const e = configurationErrorOf(() => planWebservice(service({ model: blob(created({ clientId: CLIENT })), keys: keys(created()) })));
    expect(e.problems.join('\n')).toMatch(/keys\.identity must be the identity of the model/);
    const same = created({ clientId: CLIENT });
    const plan = planWebservice(service({ model: blob(same), keys: keys(same) }));
    expect(all(plan.objects, 'RoleAssignment').map((r) => r.metadata.name)).toEqual(['fraud-model-storage-blob-data-reader', 'fraud-model-key-vault-secrets-user']);
    const cluster = configurationErrorOf(() => planWebservice(service({ keys: keys(created(), { secretStore: { name: 'kv', kind: 'ClusterSecretStore' }, keyVault: undefined }) })));
    expect(cluster.problems.join('\n')).toMatch(/keys\.keyVault is required with identity[\s\S]*keys\.secretStore\.kind must be "SecretStore" with identity/);
    const endpoint = configurationErrorOf(() =>
      planEndpoint({ name: 'fraud', namespace: 'ml', keys: keys(created()), versions: [{ versionName: 'v1', image: IMAGE, model: blob(created()) }] } as never),
    );
    expect(endpoint.problems.join('\n')).toMatch(/keys\.identity is not supported on an endpoint[\s\S]*versions\[0\]\.model\.identity must be WorkloadIdentity\.fromClientId\(\)/);
  });
});

describe('the blob model by client id (today\'s form) is unchanged', () => {
  test('clientId and WorkloadIdentity.fromClientId() give the same objects, and nothing is created', () => {
    const a = planWebservice(service({ model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', clientId: CLIENT }) })).objects;
    const b = planWebservice(service({ model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', identity: WorkloadIdentity.fromClientId(CLIENT) }) })).objects;
    expect(b).toEqual(a);
    expect(a.some((o) => o.apiVersion.includes('azure.com'))).toBe(false);
    expect(find(a, 'ServiceAccount').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': CLIENT });
  });
});

describe('AcrPull for the kubelet identity', () => {
  const REGISTRY = `/subscriptions/${SUB}/resourceGroups/acr-rg/providers/Microsoft.ContainerRegistry/registries/myacr`;
  test('one RoleAssignment per registry, principal from the cluster\'s kubelet export, schema-valid, stable names', () => {
    const plan = planAcrPull({ registryIds: [REGISTRY] }, {
      clusterName: 'ml-prod',
      resourceGroupName: 'ml-prod-rg',
      kubeletIdentityConfigMap: { name: 'ml-prod-identity', key: 'kubeletObjectId', namespace: 'aso' },
    }, { subject: 'AcrPull', engineCreates: false });
    expect(validateAll(plan.objects)).toBe(1);
    expect(plan.objects[0].metadata).toMatchObject({ name: 'ml-prod-acrpull-myacr', namespace: 'aso' });
    expect(plan.objects[0].spec).toEqual({
      azureName: roleAssignmentName(REGISTRY, 'managedClusters/ml-prod-rg/ml-prod/kubeletidentity', BUILT_IN_ROLES.acrPull),
      owner: { armId: REGISTRY },
      principalIdFromConfig: { name: 'ml-prod-identity', key: 'kubeletObjectId' },
      principalType: 'ServicePrincipal',
      roleDefinitionReference: { armId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d` },
    });
  });

  test('bad registry ids and an attached cluster without the kubelet object id are one ConfigurationError', () => {
    const e = configurationErrorOf(() => planAcrPull({ registryIds: ['myacr.azurecr.io', REGISTRY, REGISTRY.toUpperCase()] }, { clusterName: 'c', resourceGroupName: 'rg' }, { subject: 'AcrPull', engineCreates: false }));
    expect(e.problems.join('\n')).toMatch(/registryIds\[0\] must be the ARM id of a container registry[\s\S]*registryIds\[2\] is listed twice[\s\S]*kubeletObjectId is required for an attached cluster/);
  });
});
