/**
 * The props of the Azure ML SDK v1 `AksCompute` cluster model: the parameters of
 * `AksCompute.provisioning_configuration` / `attach_configuration` / `enable_ssl`
 * as camelCase props with the v1 defaults, the enums, the purpose minimums, and
 * the configuration with every default applied.
 */
import type { ContainerInsightsProps, ManagedPrometheusProps, NetworkDataplane, NetworkPolicyEngine, ResolvedClusterNetworkPolicy } from './network-policy';
import { VmSize } from './vm-sizes';


/** What the cluster is for (v1: `AksCompute.ClusterPurpose`). */
export enum ClusterPurpose {
  /** A single node is enough; not for production traffic. v1: `DEV_TEST`. */
  DEV_TEST = 'DevTest',
  /** Production: at least 3 nodes and 12 vCPUs. The v1 default. v1: `FAST_PROD`. */
  FAST_PROD = 'FastProd',
  /** Production, densely packed (known to the REST API); same minimums as FastProd. */
  DENSE_PROD = 'DenseProd',
}

/** How the scoring endpoint is exposed (v1: `load_balancer_type`). */
export enum LoadBalancerType {
  /** A public IP address. The v1 default. */
  PUBLIC_IP = 'PublicIp',
  /** An internal load balancer in a subnet of the cluster's virtual network. */
  INTERNAL_LOAD_BALANCER = 'InternalLoadBalancer',
}

/** Purposes that carry the production minimums. */
export const PRODUCTION_PURPOSES: readonly ClusterPurpose[] = [ClusterPurpose.FAST_PROD, ClusterPurpose.DENSE_PROD];
/** Minimum total vCPUs (agentCount × vCPUs per node) for a production purpose. */
export const PRODUCTION_MIN_VCPUS = 12;
/** Minimum number of nodes for a production purpose. */
export const PRODUCTION_MIN_NODES = 3;
/** Recommended minimum total vCPUs for a DevTest cluster (a warning below it). */
export const DEV_TEST_RECOMMENDED_VCPUS = 2;
/** AKS cluster names: 1 to 63 letters, digits, '-' and '_', starting and ending with a letter or digit. */
export const AKS_CLUSTER_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

/** An optional GPU user node pool, tainted `sku=gpu:NoSchedule`. */
export interface AksGpuPoolProps {
  /** The pool's VM size: a catalog name such as `Standard_NC6s_v3`, or a {@link VmSize}. */
  readonly vmSize: string | VmSize;
  /** Nodes in the pool (0 is allowed with the cluster autoscaler). */
  readonly nodeCount: number;
  /**
   * Minimum nodes for the cluster autoscaler (set with maxCount).
   * @default - no autoscaler
   */
  readonly minCount?: number;
  /**
   * Maximum nodes for the cluster autoscaler (set with minCount).
   * @default - no autoscaler
   */
  readonly maxCount?: number;
  /**
   * The node pool name (AKS Linux pools: 1 to 12 lowercase letters and digits, starting with a letter).
   * @default "gpu"
   */
  readonly name?: string;
  /**
   * vCPUs per node, for a size the catalog does not know (or to override it).
   * @default - from the catalog
   */
  readonly vcpusPerNode?: number;
  /**
   * Memory per node in GiB, for a size the catalog does not know (or to override it).
   * @default - from the catalog
   */
  readonly memoryGiBPerNode?: number;
  /**
   * GPUs per node, for a size the catalog does not know (or to override it).
   * @default - from the catalog (0 for an unknown size)
   */
  readonly gpusPerNode?: number;
}

/**
 * The parameters of v1 `AksCompute.provisioning_configuration`,
 * `AksCompute.attach_configuration` and `AksCompute.enable_ssl`, camelCased.
 * Giving `resourceId`, or `resourceGroup` + `clusterName`, attaches an existing
 * cluster; otherwise a new cluster is described. For an attached cluster,
 * `agentCount` and `vmSize` describe the existing nodes (the purpose rules and
 * the capacity checks use them).
 */
export interface AksClusterConfigProps {
  /** The compute target / cluster name: 1 to 63 letters, digits, '-' and '_'. */
  readonly name: string;
  /**
   * What the cluster is for. v1: `cluster_purpose`.
   * @default ClusterPurpose.FAST_PROD
   */
  readonly clusterPurpose?: ClusterPurpose;
  /**
   * Number of agent nodes. v1: `agent_count`.
   * @default 3 (1 for ClusterPurpose.DEV_TEST)
   */
  readonly agentCount?: number;
  /**
   * The agent VM size. v1: `vm_size`.
   * @default "Standard_D3_v2"
   */
  readonly vmSize?: string | VmSize;
  /**
   * vCPUs per node: required (with memoryGiBPerNode) when vmSize is not in the
   * catalog; otherwise overrides the catalog (with a warning when it differs).
   * @default - from the catalog
   */
  readonly vcpusPerNode?: number;
  /**
   * Memory per node in GiB: required (with vcpusPerNode) when vmSize is not in the catalog.
   * @default - from the catalog
   */
  readonly memoryGiBPerNode?: number;
  /**
   * GPUs per node, for a size the catalog does not know.
   * @default - from the catalog (0 for an unknown size)
   */
  readonly gpusPerNode?: number;
  /**
   * The Azure region. v1: `location`. Provisioning only.
   * @default - the workspace's location
   */
  readonly location?: string;
  /**
   * How the scoring endpoint is exposed. v1: `load_balancer_type`.
   * @default LoadBalancerType.PUBLIC_IP
   */
  readonly loadBalancerType?: LoadBalancerType;
  /**
   * The subnet of the internal load balancer. v1: `load_balancer_subnet`.
   * Only with LoadBalancerType.INTERNAL_LOAD_BALANCER.
   * @default "aks-subnet" with an internal load balancer
   */
  readonly loadBalancerSubnet?: string;
  /**
   * The CNAME for TLS, with the certificate and key. v1: `ssl_cname`.
   * @default - no TLS with your own certificate
   */
  readonly sslCname?: string;
  /**
   * Path of the PEM certificate file. v1: `ssl_cert_pem_file`. Or give sslCert.
   * @default - none
   */
  readonly sslCertPemFile?: string;
  /**
   * Path of the PEM private key file. v1: `ssl_key_pem_file`. Or give sslKey.
   * @default - none
   */
  readonly sslKeyPemFile?: string;
  /**
   * The PEM certificate itself (instead of sslCertPemFile).
   * @default - none
   */
  readonly sslCert?: string;
  /**
   * The PEM private key itself (instead of sslKeyPemFile). Never shown in messages.
   * @default - none
   */
  readonly sslKey?: string;
  /**
   * Leaf domain label for a Microsoft-issued certificate. v1: `leaf_domain_label`.
   * Excludes sslCname, certificate and key.
   * @default - none
   */
  readonly leafDomainLabel?: string;
  /**
   * Overwrite an existing leaf domain label. v1: `overwrite_existing_domain`.
   * Only with leafDomainLabel.
   * @default false
   */
  readonly overwriteExistingDomain?: boolean;
  /**
   * The virtual network. v1: `vnet_name`. All six network settings, or none.
   * @default - a network created by AKS
   */
  readonly vnetName?: string;
  /**
   * The virtual network's resource group. v1: `vnet_resourcegroup_name`.
   * @default - none
   */
  readonly vnetResourceGroupName?: string;
  /**
   * The subnet of the nodes. v1: `subnet_name`.
   * @default - none
   */
  readonly subnetName?: string;
  /**
   * The Kubernetes service address range (IPv4 CIDR). v1: `service_cidr`.
   * @default - none
   */
  readonly serviceCidr?: string;
  /**
   * The cluster DNS service IP, inside serviceCidr. v1: `dns_service_ip`.
   * @default - none
   */
  readonly dnsServiceIp?: string;
  /**
   * The Docker bridge address range (IPv4 CIDR). v1: `docker_bridge_cidr`.
   * @default - none
   */
  readonly dockerBridgeCidr?: string;
  /**
   * The AKS pricing tier: "Free", "Standard" or "Premium". Provisioning only.
   * @default - the AKS default ("Free")
   */
  readonly clusterSku?: string;
  /**
   * The Kubernetes version (`1.29` or `1.29.4`). Also selects the AKS memory
   * reservation model used by the capacity checks (before 1.29: 750Mi eviction
   * threshold and a regressive reservation).
   * @default - the AKS default (the capacity checks assume 1.29 or later)
   */
  readonly kubernetesVersion?: string;
  /**
   * Maximum pods per node (AKS: 10 to 250). Used by the memory reservation
   * formula (20 MB × maxPods + 50 MB, at most 25% of memory).
   * @default 110 (the AKS default with kubenet; Azure CNI node-subnet clusters default to 30)
   */
  readonly maxPodsPerNode?: number;
  /**
   * Attach the cluster with this ARM resource id. v1: `resource_id`.
   * @default - provision a new cluster
   */
  readonly resourceId?: string;
  /**
   * Attach the cluster in this resource group (with clusterName). v1: `resource_group`.
   * @default - provision a new cluster
   */
  readonly resourceGroup?: string;
  /**
   * Attach the cluster with this name (with resourceGroup). v1: `cluster_name`.
   * @default - provision a new cluster
   */
  readonly clusterName?: string;
  /**
   * A GPU user node pool, tainted `sku=gpu:NoSchedule`.
   * @default - no GPU pool
   */
  readonly gpuPool?: AksGpuPoolProps;
  /**
   * The engine that enforces the NetworkPolicies the services emit
   * (`networkProfile.networkPolicy`). A new cluster: `cilium` (Azure CNI Overlay
   * powered by Cilium), `calico` or `azure` (Azure Network Policy Manager, being
   * retired), or `none` to opt out (a warning: no NetworkPolicy is enforced). An
   * attached cluster: the engine it runs, as you know it (not checked against
   * Azure); unset or `none` warns.
   * @default "cilium" for a new cluster; unknown (a warning) for an attached one
   */
  readonly networkPolicy?: NetworkPolicyEngine;
  /**
   * The pod networking dataplane of a new cluster (`networkProfile.networkDataplane`):
   * `cilium` (eBPF, required by networkPolicy `cilium`) or `azure` (iptables, for
   * `calico`, `azure` and `none`).
   * @default "cilium" with networkPolicy "cilium", otherwise "azure"
   */
  readonly networkDataplane?: NetworkDataplane;
  /**
   * Azure Monitor managed service for Prometheus on a new cluster
   * (`azureMonitorProfile.metrics.enabled`), with kube-state-metrics allow-lists.
   * The Azure Monitor workspace and the data collection endpoint, rule and
   * association are not created by AKS: declare them (a warning says so).
   * @default false
   */
  readonly managedPrometheus?: boolean | ManagedPrometheusProps;
  /**
   * Container Insights on a new cluster: the `omsagent` monitoring add-on sending
   * to a Log Analytics workspace with managed identity authentication. The data
   * collection rule and its association are not created by AKS: declare them.
   * @default - off
   */
  readonly containerInsights?: ContainerInsightsProps;
}

/** The v1 Python name of each prop that had one. */
export const V1_CLUSTER_PARAMETER_NAMES: Readonly<Partial<Record<keyof AksClusterConfigProps, string>>> = {
  name: 'name',
  clusterPurpose: 'cluster_purpose',
  agentCount: 'agent_count',
  vmSize: 'vm_size',
  location: 'location',
  loadBalancerType: 'load_balancer_type',
  loadBalancerSubnet: 'load_balancer_subnet',
  sslCname: 'ssl_cname',
  sslCertPemFile: 'ssl_cert_pem_file',
  sslKeyPemFile: 'ssl_key_pem_file',
  leafDomainLabel: 'leaf_domain_label',
  overwriteExistingDomain: 'overwrite_existing_domain',
  vnetName: 'vnet_name',
  vnetResourceGroupName: 'vnet_resourcegroup_name',
  subnetName: 'subnet_name',
  serviceCidr: 'service_cidr',
  dnsServiceIp: 'dns_service_ip',
  dockerBridgeCidr: 'docker_bridge_cidr',
  resourceId: 'resource_id',
  resourceGroup: 'resource_group',
  clusterName: 'cluster_name',
};

/** Every prop of the cluster model (engines use it to tell their own options apart). */
export const CLUSTER_CONFIG_PROPS: readonly (keyof AksClusterConfigProps)[] = [
  'name', 'clusterPurpose', 'agentCount', 'vmSize', 'vcpusPerNode', 'memoryGiBPerNode', 'gpusPerNode',
  'location', 'loadBalancerType', 'loadBalancerSubnet', 'sslCname', 'sslCertPemFile', 'sslKeyPemFile',
  'sslCert', 'sslKey', 'leafDomainLabel', 'overwriteExistingDomain', 'vnetName', 'vnetResourceGroupName',
  'subnetName', 'serviceCidr', 'dnsServiceIp', 'dockerBridgeCidr', 'clusterSku', 'kubernetesVersion',
  'maxPodsPerNode', 'resourceId', 'resourceGroup', 'clusterName', 'gpuPool',
  'networkPolicy', 'networkDataplane', 'managedPrometheus', 'containerInsights',
];

/** The six v1 virtual-network settings, all required together. */
export const VNET_PROPS = [
  'vnetName',
  'vnetResourceGroupName',
  'subnetName',
  'serviceCidr',
  'dnsServiceIp',
  'dockerBridgeCidr',
] as const;

/** The v1 defaults of the cluster. */
export const CLUSTER_DEFAULTS = {
  clusterPurpose: ClusterPurpose.FAST_PROD,
  agentCountProduction: 3,
  agentCountDevTest: 1,
  vmSize: 'Standard_D3_v2',
  loadBalancerType: LoadBalancerType.PUBLIC_IP,
  loadBalancerSubnet: 'aks-subnet',
  maxPodsPerNode: 110,
  gpuPoolName: 'gpu',
  gpuTaint: 'sku=gpu:NoSchedule',
  systemPoolName: 'agentpool',
} as const;

/** A node pool with every default applied. */
export interface ResolvedNodePool {
  /** The AKS agent pool name. */
  readonly name: string;
  /** `System` for the agent pool, `User` for the GPU pool. */
  readonly mode: 'System' | 'User';
  readonly vmSize: VmSize;
  readonly nodeCount: number;
  readonly minCount?: number;
  readonly maxCount?: number;
  /** Node taints, e.g. `sku=gpu:NoSchedule`. */
  readonly taints: readonly string[];
  /** Node labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** TLS with your own certificate (v1 `ssl_cname` + cert + key). */
export interface ResolvedCnameTls {
  readonly kind: 'cname';
  readonly cname: string;
  readonly certPemFile?: string;
  readonly keyPemFile?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** TLS with a Microsoft-issued certificate (v1 `leaf_domain_label`). */
export interface ResolvedLeafDomainTls {
  readonly kind: 'leafDomainLabel';
  readonly leafDomainLabel: string;
  readonly overwriteExistingDomain: boolean;
}

/** The six network settings, all present. */
export interface ResolvedVnetSettings {
  readonly vnetName: string;
  readonly vnetResourceGroupName: string;
  readonly subnetName: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  readonly dockerBridgeCidr: string;
}

/** The cluster configuration with every default applied. */
export interface ResolvedClusterConfig {
  /** `provision` a new cluster or `attach` an existing one. */
  readonly mode: 'provision' | 'attach';
  readonly name: string;
  readonly clusterPurpose: ClusterPurpose;
  readonly agentCount: number;
  readonly vmSize: VmSize;
  /** agentCount × vCPUs of vmSize. */
  readonly totalVcpus: number;
  readonly location?: string;
  readonly loadBalancerType: LoadBalancerType;
  /** Set with an internal load balancer. */
  readonly loadBalancerSubnet?: string;
  readonly tls?: ResolvedCnameTls | ResolvedLeafDomainTls;
  readonly vnet?: ResolvedVnetSettings;
  /** "Free", "Standard" or "Premium" when given. */
  readonly clusterSku?: string;
  readonly kubernetesVersion?: string;
  readonly maxPodsPerNode: number;
  /** Set when attaching. */
  readonly attach?: { readonly resourceId?: string; readonly resourceGroup?: string; readonly clusterName?: string };
  /** The agent (system) pool: agentCount × vmSize. */
  readonly systemPool: ResolvedNodePool;
  readonly gpuPool?: ResolvedNodePool;
  /** Every pool, the system pool first. */
  readonly nodePools: readonly ResolvedNodePool[];
  /** The network policy engine, dataplane and monitoring add-ons. */
  readonly network: ResolvedClusterNetworkPolicy;
  /** The props the user set explicitly. */
  readonly explicitlySet: readonly (keyof AksClusterConfigProps)[];
}
