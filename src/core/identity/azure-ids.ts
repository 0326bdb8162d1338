/**
 * Azure resource ids, built-in role ids and the stable names of role assignments.
 * Role assignment names must be GUIDs (ARM refuses any other name, and the Azure
 * Service Operator sends `azureName` as the name): they are UUIDv5 (RFC 4122 §4.3,
 * SHA-1) of the scope, the principal and the role, so the same declaration names the
 * same assignment in every synthesis and in both engines.
 */
import { createHash } from 'crypto';

/**
 * Azure built-in role definition ids ("Azure built-in roles",
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles):
 * the `name` of each role's definition, the same in every subscription.
 */
export const BUILT_IN_ROLES = {
  /** Storage Blob Data Reader: read blob containers and their blobs (built-in-roles/storage). */
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  /** Key Vault Secrets User: read secret contents, on a vault with the Azure RBAC permission model (built-in-roles/security). */
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  /** AcrPull: pull images from a container registry (built-in-roles/containers). */
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
} as const;

/** The RFC 4122 URL namespace (Appendix C), under which the library names its role assignments. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A name-based UUID (version 5, SHA-1) of `name` in `namespace` (RFC 4122 §4.3). */
export function uuidV5(name: string, namespace: string = URL_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`uuidV5: the namespace ${namespace} is not a UUID`);
  const hash = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The stable name (a GUID) of the assignment of `roleId` to `principalKey` at `scope`.
 * `principalKey` names the principal by something known at synthesis (an identity's
 * ARM id, a cluster's kubelet identity), not by its object id, which Azure assigns.
 * ARM ids are case-insensitive: the name is built from their lowercase form.
 */
export function roleAssignmentName(scope: string, principalKey: string, roleId: string): string {
  return uuidV5(`https://aks-ml-constructs.io/role-assignments/${scope.toLowerCase()}|${principalKey.toLowerCase()}|${roleId.toLowerCase()}`);
}

/** `/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<role>`: a built-in role's id in a subscription. */
export function roleDefinitionId(subscriptionId: string, roleId: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}

/** The ARM id of a resource group. */
export function resourceGroupId(subscriptionId: string, resourceGroupName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}

/** The ARM id of a user-assigned managed identity. */
export function userAssignedIdentityId(subscriptionId: string, resourceGroupName: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

/** The ARM id of a blob container (the narrowest scope Storage Blob Data Reader can be assigned at). */
export function blobContainerId(subscriptionId: string, resourceGroupName: string, storageAccount: string, container: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroupName)}/providers/Microsoft.Storage/storageAccounts/${storageAccount}/blobServices/default/containers/${container}`;
}

/** The ARM id of a Key Vault. */
export function keyVaultId(subscriptionId: string, resourceGroupName: string, vaultName: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${vaultName}`;
}

/** The ARM id of an AKS cluster. */
export function managedClusterId(subscriptionId: string, resourceGroupName: string, clusterName: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroupName)}/providers/Microsoft.ContainerService/managedClusters/${clusterName}`;
}

/** `/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>` (case-insensitive, as ARM). */
export const CONTAINER_REGISTRY_ID_PATTERN =
  /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/resourceGroups\/[-\w.()]{0,89}[-\w()]\/providers\/Microsoft\.ContainerRegistry\/registries\/[a-zA-Z0-9]{5,50}$/i;

/** The subscription id in an ARM id. */
export function subscriptionOf(armId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(armId)?.[1];
}
