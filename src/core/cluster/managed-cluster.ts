/**
 * The ManagedCluster and its agent pools, engine-neutral: ONE description of what
 * a provisioned cluster is (pools, network profile, identity, OIDC issuer and
 * workload identity, add-ons, tags), built once and rendered by both engines —
 * as Azure Service Operator objects ({@link planAsoCluster}) and as azure-native
 * args ({@link azureNativeManagedClusterArgs}). The JSON names are those of the
 * AKS ARM API, which ASO and azure-native share; only the node subnet differs
 * (ASO: `vnetSubnetReference.armId`, azure-native: `vnetSubnetID`), so it is
 * described once ({@link AksManagedClusterDescription.nodeSubnet}) and each
 * engine writes it its way.
 */
import { AksNetworkProfile, ResolvedAksClusterFeatures, aksNetworkProfile, defaultDnsPrefix } from './azure';
import { ResolvedClusterConfig, ResolvedNodePool, ResolvedVnetSettings } from './props';

/** An agent pool as the AKS API describes it (the subset this library sets). */
export interface AksAgentPoolDescription {
  /** The agent pool name (`agentPoolProfiles[].name`, the pool's Azure name). */
  readonly name: string;
  readonly count: number;
  readonly vmSize: string;
  readonly mode: 'System' | 'User';
  readonly osType: 'Linux';
  readonly type: 'VirtualMachineScaleSets';
  readonly maxPods: number;
  readonly enableAutoScaling?: boolean;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly nodeTaints?: string[];
  readonly nodeLabels?: Record<string, string>;
  /** The Kubernetes version of a user pool (the system pool follows the cluster's). */
  readonly orchestratorVersion?: string;
}

/** A provisioned AKS cluster, engine-neutral. `T` is the type of tag values (a string, or an engine's deferred value). */
export interface AksManagedClusterDescription<T = string> {
  /** The AKS cluster's Azure name. */
  readonly resourceName: string;
  /** The region; undefined when the engine takes the resource group's. */
  readonly location?: string;
  readonly dnsPrefix: string;
  readonly kubernetesVersion?: string;
  readonly sku?: { readonly name: 'Base'; readonly tier: string };
  readonly identity: { readonly type: 'SystemAssigned' };
  readonly enableRBAC: true;
  /** The system pool, part of the ManagedCluster (`agentPoolProfiles`). */
  readonly systemPool: AksAgentPoolDescription;
  /** The user pools (the GPU pool), each its own agent pool resource. */
  readonly userPools: readonly AksAgentPoolDescription[];
  /** The subnet every pool's nodes join (v1 network settings), referenced by ARM id. */
  readonly nodeSubnet?: ResolvedVnetSettings;
  readonly networkProfile: AksNetworkProfile;
  readonly oidcIssuerProfile: { readonly enabled: true };
  readonly securityProfile: { readonly workloadIdentity: { readonly enabled: true } };
  readonly storageProfile: { readonly blobCSIDriver: { readonly enabled: boolean } };
  readonly workloadAutoScalerProfile: { readonly keda: { readonly enabled: boolean } };
  /** Managed Prometheus, when turned on. */
  readonly azureMonitorProfile?: AksAzureMonitorProfile;
  /** The Container Insights add-on, when turned on. */
  readonly addonProfiles?: AksAddonProfiles;
  readonly tags?: Readonly<Record<string, T>>;
}

/** `azureMonitorProfile` (Managed Prometheus). */
export interface AksAzureMonitorProfile {
  readonly metrics: {
    readonly enabled: true;
    readonly kubeStateMetrics?: { readonly metricLabelsAllowlist?: string; readonly metricAnnotationsAllowList?: string };
  };
}

/** `addonProfiles` (Container Insights: the `omsagent` add-on). */
export type AksAddonProfiles = {
  readonly omsagent: {
    readonly enabled: true;
    readonly config: { readonly logAnalyticsWorkspaceResourceID: string; readonly useAADAuth: 'true' };
  };
};

/** The monitoring profiles of a configuration (Managed Prometheus, Container Insights). */
export function aksMonitoringProfiles(config: ResolvedClusterConfig): { azureMonitorProfile?: AksAzureMonitorProfile; addonProfiles?: AksAddonProfiles } {
  const mp = config.network.managedPrometheus;
  const ci = config.network.containerInsights;
  const ksm = mp ? {
    ...(mp.metricLabelsAllowlist !== undefined ? { metricLabelsAllowlist: mp.metricLabelsAllowlist } : {}),
    ...(mp.metricAnnotationsAllowList !== undefined ? { metricAnnotationsAllowList: mp.metricAnnotationsAllowList } : {}),
  } : {};
  return {
    ...(mp ? { azureMonitorProfile: { metrics: { enabled: true as const, ...(Object.keys(ksm).length > 0 ? { kubeStateMetrics: ksm } : {}) } } } : {}),
    ...(ci
      ? { addonProfiles: { omsagent: { enabled: true as const, config: { logAnalyticsWorkspaceResourceID: ci.logAnalyticsWorkspaceResourceId, useAADAuth: 'true' as const } } } }
      : {}),
  };
}

/** What the description needs besides the configuration. */
export interface AksManagedClusterOptions<T = string> {
  readonly features: ResolvedAksClusterFeatures;
  /** @default - the cluster name with "_" replaced by "-", at most 54 characters */
  readonly dnsPrefix?: string;
  readonly tags?: Readonly<Record<string, T>>;
}

/** Builds one agent pool of the description. */
export function buildAksAgentPool(config: ResolvedClusterConfig, pool: ResolvedNodePool): AksAgentPoolDescription {
  return {
    name: pool.name,
    count: pool.nodeCount,
    vmSize: pool.vmSize.name,
    mode: pool.mode,
    osType: 'Linux',
    type: 'VirtualMachineScaleSets',
    maxPods: config.maxPodsPerNode,
    ...(pool.maxCount !== undefined ? { enableAutoScaling: true, minCount: pool.minCount as number, maxCount: pool.maxCount } : {}),
    ...(pool.taints.length > 0 ? { nodeTaints: [...pool.taints] } : {}),
    ...(Object.keys(pool.labels).length > 0 ? { nodeLabels: { ...pool.labels } } : {}),
    ...(config.kubernetesVersion !== undefined && pool.mode === 'User' ? { orchestratorVersion: config.kubernetesVersion } : {}),
  };
}

/**
 * Builds the description of a provisioned cluster: the system agent pool
 * (agentCount × vmSize, mode System), the user pools (the GPU pool: mode User,
 * tainted `sku=gpu:NoSchedule`, labelled `sku=gpu`, with the cluster autoscaler
 * when minCount/maxCount are set), a SystemAssigned identity with RBAC, the OIDC
 * issuer and workload identity, the Blob CSI driver, KEDA, Azure CNI Overlay with
 * the v1 service CIDR and DNS service IP and a network policy engine (Cilium
 * unless told otherwise), the node subnet, and Managed Prometheus / Container
 * Insights when turned on.
 * Throws for an attached cluster (there is nothing to provision).
 */
export function buildAksManagedCluster<T = string>(
  config: ResolvedClusterConfig,
  options: AksManagedClusterOptions<T>,
): AksManagedClusterDescription<T> {
  if (config.mode !== 'provision') throw new Error(`buildAksManagedCluster: the cluster "${config.name}" is attached, not provisioned`);
  const f = options.features;
  return {
    resourceName: config.name,
    ...(config.location !== undefined ? { location: config.location } : {}),
    dnsPrefix: options.dnsPrefix ?? defaultDnsPrefix(config.name),
    ...(config.kubernetesVersion !== undefined ? { kubernetesVersion: config.kubernetesVersion } : {}),
    ...(config.clusterSku !== undefined ? { sku: { name: 'Base' as const, tier: config.clusterSku } } : {}),
    identity: { type: 'SystemAssigned' },
    enableRBAC: true,
    systemPool: buildAksAgentPool(config, config.systemPool),
    userPools: config.nodePools.filter((p) => p.mode === 'User').map((p) => buildAksAgentPool(config, p)),
    ...(config.vnet ? { nodeSubnet: config.vnet } : {}),
    networkProfile: aksNetworkProfile(config),
    oidcIssuerProfile: { enabled: f.oidcIssuer },
    securityProfile: { workloadIdentity: { enabled: f.workloadIdentity } },
    storageProfile: { blobCSIDriver: { enabled: f.blobCsiDriver } },
    workloadAutoScalerProfile: { keda: { enabled: f.keda } },
    ...aksMonitoringProfiles(config),
    ...(options.tags !== undefined ? { tags: { ...options.tags } } : {}),
  };
}
