/**
 * What both engines share about the cluster as Azure resources: the AKS features
 * every cluster of this library gets (OIDC issuer + workload identity for the blob
 * model source, the Blob CSI driver, the KEDA add-on), names and ARM ids, the
 * Service annotations of an internal load balancer, the network profile, the
 * warnings about v1 settings AKS no longer has, and Azure tags.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { checkBoolean, isPlainObject } from '../validation';
import type { NetworkDataplane, NetworkPolicyEngine } from './network-policy';
import { LoadBalancerType, ResolvedClusterConfig, ResolvedVnetSettings } from './props';

/** The AKS ARM API version of the ASO containerservice CRDs (v1api20250801), which the warnings name. */
export const ASO_AKS_ARM_API_VERSION = '2025-08-01';

// --- Features, names, network ------------------------------------------------------

/** AKS features of the clusters this library creates. */
export interface AksClusterFeatureProps {
  /**
   * The KEDA add-on (`workloadAutoScalerProfile.keda.enabled`): the serving path
   * can scale with KEDA ScaledObjects. Turn it off when you install KEDA yourself.
   * @default true
   */
  readonly keda?: boolean;
  /**
   * The Azure Blob CSI driver (`storageProfile.blobCSIDriver.enabled`), used to
   * mount models from Blob storage.
   * @default true
   */
  readonly blobCsiDriver?: boolean;
}

/** The features with defaults applied. OIDC issuer and workload identity are always on. */
export interface ResolvedAksClusterFeatures {
  readonly oidcIssuer: true;
  readonly workloadIdentity: true;
  readonly keda: boolean;
  readonly blobCsiDriver: boolean;
}

/** Applies the feature defaults (call {@link checkAksClusterFeatures} first). */
export function resolveAksClusterFeatures(props: AksClusterFeatureProps): ResolvedAksClusterFeatures {
  return { oidcIssuer: true, workloadIdentity: true, keda: props.keda ?? true, blobCsiDriver: props.blobCsiDriver ?? true };
}

/** Checks the feature props. */
export function checkAksClusterFeatures(c: ProblemCollector, props: AksClusterFeatureProps): void {
  checkBoolean(c, 'keda', props.keda);
  checkBoolean(c, 'blobCsiDriver', props.blobCsiDriver);
}

/** AKS DNS prefixes: 1 to 54 letters, digits and '-', starting and ending with a letter or digit. */
export const AKS_DNS_PREFIX_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/;

/** The DNS prefix derived from a cluster name: '_' becomes '-', at most 54 characters. */
export function defaultDnsPrefix(clusterName: string): string {
  const v = clusterName.replace(/_/g, '-').slice(0, 54).replace(/-+$/, '');
  return v.length > 0 ? v : 'aks';
}

/** Resource group names: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending in '.' (the core's rule). */
export const RESOURCE_GROUP_NAME_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;
/** Azure subscription ids are GUIDs. */
export const SUBSCRIPTION_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The ARM id of the nodes' subnet: `/subscriptions/<id>/resourceGroups/<vnet rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`. */
export function subnetResourceId(subscriptionId: string, vnet: ResolvedVnetSettings): string {
  return (
    `/subscriptions/${subscriptionId}/resourceGroups/${vnet.vnetResourceGroupName}` +
    `/providers/Microsoft.Network/virtualNetworks/${vnet.vnetName}/subnets/${vnet.subnetName}`
  );
}

/** The ARM id of a resource group. */
export function resourceGroupResourceId(subscriptionId: string, resourceGroupName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}

/** Parses an AKS resource id (validated by the core) into its resource group and cluster name. */
export function parseAksResourceId(resourceId: string): { subscriptionId: string; resourceGroupName: string; clusterName: string } {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i.exec(resourceId);
  if (!m) throw new Error(`not an AKS resource id: ${resourceId}`);
  return { subscriptionId: m[1], resourceGroupName: m[2], clusterName: m[3] };
}

/** AKS: a Service of type LoadBalancer with this annotation gets an internal load balancer. */
export const AKS_INTERNAL_LB_ANNOTATION = 'service.beta.kubernetes.io/azure-load-balancer-internal';
/** AKS: the subnet of an internal load balancer. */
export const AKS_INTERNAL_LB_SUBNET_ANNOTATION = 'service.beta.kubernetes.io/azure-load-balancer-internal-subnet';

/**
 * The annotations of the LoadBalancer Service that exposes scoring (v1: the
 * azureml-fe front end). On AKS the load balancer type is a property of that
 * Service, not of the cluster: `PublicIp` needs none, `InternalLoadBalancer`
 * needs `azure-load-balancer-internal: "true"` and the subnet.
 */
export function loadBalancerServiceAnnotations(config: Pick<ResolvedClusterConfig, 'loadBalancerType' | 'loadBalancerSubnet'>): Record<string, string> {
  if (config.loadBalancerType !== LoadBalancerType.INTERNAL_LOAD_BALANCER) return {};
  return {
    [AKS_INTERNAL_LB_ANNOTATION]: 'true',
    ...(config.loadBalancerSubnet ? { [AKS_INTERNAL_LB_SUBNET_ANNOTATION]: config.loadBalancerSubnet } : {}),
  };
}

/** The pod address range AKS uses with Azure CNI Overlay unless told otherwise. */
export const AKS_DEFAULT_POD_CIDR = '10.244.0.0/16';

/** The network profile of both engines (the JSON names are the same in ASO and azure-native). */
export interface AksNetworkProfile {
  readonly loadBalancerSku: 'standard';
  readonly networkPlugin: 'azure';
  readonly networkPluginMode: 'overlay';
  /** `cilium` (Azure CNI powered by Cilium) or `azure`. */
  readonly networkDataplane: NetworkDataplane;
  /** The NetworkPolicy engine; `none` only by explicit opt-out. */
  readonly networkPolicy: NetworkPolicyEngine;
  readonly serviceCidr?: string;
  readonly dnsServiceIP?: string;
}

/**
 * The cluster's network profile: Azure CNI Overlay (nodes in the v1 subnet when
 * given, pods in {@link AKS_DEFAULT_POD_CIDR}, so pods do not use subnet
 * addresses), a standard load balancer, the v1 service CIDR and DNS service IP,
 * and a network policy engine (Cilium dataplane and policy unless told otherwise).
 * Explicit on purpose: the default network plugin of AKS changed between API
 * versions, and a pod CIDR is only valid with kubenet or overlay.
 */
export function aksNetworkProfile(config: ResolvedClusterConfig): AksNetworkProfile {
  return {
    loadBalancerSku: 'standard',
    networkPlugin: 'azure',
    networkPluginMode: 'overlay',
    networkDataplane: config.network.networkDataplane ?? 'cilium',
    networkPolicy: config.network.networkPolicy ?? 'cilium',
    ...(config.vnet ? { serviceCidr: config.vnet.serviceCidr, dnsServiceIP: config.vnet.dnsServiceIp } : {}),
  };
}

function cidrRange(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const base = ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
  return [base, base + 2 ** (32 - Number(m[5]))];
}

/** Warnings about v1 settings that the AKS API no longer has. */
export function azureClusterWarnings(config: ResolvedClusterConfig): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  if (config.mode === 'provision' && config.vnet) {
    warnings.push({
      id: 'aks-ml:cluster:dockerBridgeCidrNotSent',
      prop: 'dockerBridgeCidr',
      message:
        `${config.vnet.dockerBridgeCidr} is not sent to AKS: the AKS API (${ASO_AKS_ARM_API_VERSION}) has no docker bridge ` +
        '(nodes run containerd). It is accepted for v1 compatibility only.',
    });
    const service = cidrRange(config.vnet.serviceCidr);
    const pods = cidrRange(AKS_DEFAULT_POD_CIDR) as [number, number];
    if (service && service[0] < pods[1] && pods[0] < service[1]) {
      warnings.push({
        id: 'aks-ml:cluster:serviceCidrOverlapsPods',
        prop: 'serviceCidr',
        message: `${config.vnet.serviceCidr} overlaps the pod address range ${AKS_DEFAULT_POD_CIDR} of Azure CNI Overlay; AKS requires the two not to overlap: use another service CIDR.`,
      });
    }
  }
  return warnings;
}

// --- Azure tags ---------------------------------------------------------------------

/** Checks Azure resource tags: at most 50, names 1-512 characters without `<>%&\?/`, values at most 256. */
export function checkAzureTags(c: ProblemCollector, prop: string, tags: unknown, options: { allowDeferredValues?: boolean } = {}): boolean {
  if (tags === undefined) return true;
  if (!isPlainObject(tags)) {
    c.add(prop, tags, 'must be an object of tag names to values');
    return false;
  }
  const before = c.problems.length;
  const entries = Object.entries(tags);
  if (entries.length > 50) c.add(prop, `${entries.length} tags`, 'must have at most 50 tags (the Azure limit)');
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 512 || /[<>%&\\?/]/.test(k)) {
      c.add(`${prop} name`, k, 'must be 1 to 512 characters without <, >, %, &, \\, ? and /');
    }
    if (typeof v === 'string') {
      if (v.length > 256) c.add(`${prop}[${JSON.stringify(k)}]`, v, 'must be at most 256 characters');
    } else if (!(options.allowDeferredValues && typeof v === 'object' && v !== null)) {
      c.add(`${prop}[${JSON.stringify(k)}]`, v, 'must be a string');
    }
  }
  return c.problems.length === before;
}
