/**
 * Azure Service Operator v2 (ASO) objects, HAND-TYPED: no package models the ASO
 * CRDs in TypeScript, so these interfaces are only the subset of fields this
 * library emits, with the JSON names of the ASO reference documentation
 * (docs/hugo/content/reference/containerservice/v1api20250801.md and
 * v2/api/.../structure.txt in Azure/azure-service-operator). The tests validate
 * every emitted object against a strict description of this subset
 * (test/fixtures/aso/, with its provenance).
 */
import type { AksNetworkProfile } from './azure';
import type { AksAddonProfiles, AksAgentPoolDescription, AksAzureMonitorProfile } from './managed-cluster';

/** genruntime.KnownResourceReference (owner): a Kubernetes name in the same namespace, or an ARM id. */
export interface AsoKnownResourceReference {
  readonly name?: string;
  readonly armId?: string;
}

/** genruntime.ResourceReference, used here with an ARM id only. */
export interface AsoResourceReference {
  readonly armId: string;
}

/** genruntime.SecretDestination: where ASO writes a secret value. */
export interface AsoSecretDestination {
  readonly name: string;
  readonly key: string;
}

/** resources.azure.com/v1api20200601 ResourceGroup `spec` (subset). */
export interface AsoResourceGroupSpec {
  readonly azureName: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
}

/**
 * An entry of `agentPoolProfiles`, and the agent-pool fields of a ManagedClustersAgentPool
 * (subset): the engine-neutral pool, with the subnet as an ASO reference.
 */
export interface AsoAgentPoolFields extends Omit<AksAgentPoolDescription, 'name'> {
  readonly vnetSubnetReference?: AsoResourceReference;
}

/** containerservice.azure.com/v1api20250801 `ManagedClusterAgentPoolProfile` (subset). */
export interface AsoManagedClusterAgentPoolProfile extends AsoAgentPoolFields {
  readonly name: string;
}

/** containerservice.azure.com/v1api20250801 ManagedCluster `spec` (subset). */
export interface AsoManagedClusterSpec {
  readonly azureName: string;
  readonly owner: AsoKnownResourceReference;
  readonly location: string;
  readonly dnsPrefix: string;
  readonly kubernetesVersion?: string;
  readonly sku?: { readonly name: 'Base'; readonly tier: string };
  readonly identity: { readonly type: 'SystemAssigned' };
  readonly enableRBAC: true;
  readonly agentPoolProfiles: AsoManagedClusterAgentPoolProfile[];
  readonly networkProfile: AksNetworkProfile;
  readonly oidcIssuerProfile: { readonly enabled: true };
  readonly securityProfile: { readonly workloadIdentity: { readonly enabled: true } };
  readonly storageProfile: { readonly blobCSIDriver: { readonly enabled: boolean } };
  readonly workloadAutoScalerProfile: { readonly keda: { readonly enabled: boolean } };
  readonly azureMonitorProfile?: AksAzureMonitorProfile;
  readonly addonProfiles?: AksAddonProfiles;
  readonly tags?: Record<string, string>;
  /** The kubeconfig Secret and the identity exports (core/identity/cluster-exports.ts). */
  readonly operatorSpec?: Record<string, unknown>;
}

/** containerservice.azure.com/v1api20250801 ManagedClustersAgentPool `spec` (subset). */
export interface AsoManagedClustersAgentPoolSpec extends AsoAgentPoolFields {
  readonly azureName: string;
  readonly owner: AsoKnownResourceReference;
}
