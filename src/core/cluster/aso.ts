/**
 * The cluster as Azure resources, engine-free.
 *
 * 1. What both engines share: the AKS features every cluster of this library gets
 *    (OIDC issuer + workload identity for the blob model source, the Blob CSI
 *    driver, the KEDA add-on), the node subnet's ARM id, the Service annotations
 *    of an internal load balancer, the v1 properties of the Azure ML inference
 *    cluster (`AksCompute`) a cluster is registered with, and the purpose check of
 *    an attached cluster's actual node pools.
 * 2. Azure Service Operator v2 (ASO) objects for GitOps repos that provision
 *    clusters with cdk8s: a ResourceGroup, the ManagedCluster (system agent pool
 *    sized by purpose) and the GPU ManagedClustersAgentPool.
 *
 * No package models the ASO CRDs in TypeScript, so the interfaces below are
 * HAND-TYPED: only the subset of fields this library emits, with the JSON names
 * of the ASO reference documentation (docs/hugo/content/reference/containerservice/
 * v1api20250801.md and v2/api/.../structure.txt in Azure/azure-service-operator).
 * The tests validate every emitted object against a strict description of this
 * subset (test/fixtures/aso/, with its provenance).
 */
import { ConfigurationError, ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject, LABEL_DOMAIN, sanitizeLabelValue } from '../kube';
import { MANAGED_BY } from '../metadata';
import { NAMESPACE_PATTERN, checkBoolean, checkString, isPlainObject } from '../validation';
import {
  CLUSTER_CONFIG_PROPS,
  ClusterPurpose,
  LoadBalancerType,
  PRODUCTION_MIN_NODES,
  PRODUCTION_MIN_VCPUS,
  PRODUCTION_PURPOSES,
  ResolvedClusterConfig,
  ResolvedNodePool,
  ResolvedVnetSettings,
} from './cluster-config';
import { VmSize } from './vm-sizes';

// --- API versions ---------------------------------------------------------------

/**
 * The ASO ResourceGroup CRD version (ARM 2020-06-01), the one ManagedCluster owners
 * reference (`resources.azure.com/ResourceGroup`).
 */
export const ASO_RESOURCES_API_VERSION = 'resources.azure.com/v1api20200601';
/**
 * The ASO ManagedCluster / ManagedClustersAgentPool CRD version: the latest
 * released version listed on "ContainerService Supported Resources"
 * (https://azure.github.io/azure-service-operator/reference/containerservice/):
 * ARM 2025-08-01, CRD v1api20250801, supported from ASO v2.16.0.
 */
export const ASO_CONTAINERSERVICE_API_VERSION = 'containerservice.azure.com/v1api20250801';
/** The AKS ARM API version behind {@link ASO_CONTAINERSERVICE_API_VERSION}. */
export const ASO_AKS_ARM_API_VERSION = '2025-08-01';

// --- Shared: features, names, network ----------------------------------------------

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
  readonly serviceCidr?: string;
  readonly dnsServiceIP?: string;
}

/**
 * The cluster's network profile: Azure CNI Overlay (nodes in the v1 subnet when
 * given, pods in {@link AKS_DEFAULT_POD_CIDR}, so pods do not use subnet
 * addresses), a standard load balancer, and the v1 service CIDR and DNS service IP.
 * Explicit on purpose: the default network plugin of AKS changed between API
 * versions, and a pod CIDR is only valid with kubenet or overlay.
 */
export function aksNetworkProfile(config: ResolvedClusterConfig): AksNetworkProfile {
  return {
    loadBalancerSku: 'standard',
    networkPlugin: 'azure',
    networkPluginMode: 'overlay',
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
      prop: 'dockerBridgeCidr',
      message:
        `${config.vnet.dockerBridgeCidr} is not sent to AKS: the AKS API (${ASO_AKS_ARM_API_VERSION}) has no docker bridge ` +
        '(nodes run containerd). It is accepted for v1 compatibility only.',
    });
    const service = cidrRange(config.vnet.serviceCidr);
    const pods = cidrRange(AKS_DEFAULT_POD_CIDR) as [number, number];
    if (service && service[0] < pods[1] && pods[0] < service[1]) {
      warnings.push({
        prop: 'serviceCidr',
        message: `${config.vnet.serviceCidr} overlaps the pod address range ${AKS_DEFAULT_POD_CIDR} of Azure CNI Overlay; AKS requires the two not to overlap: use another service CIDR.`,
      });
    }
  }
  return warnings;
}

// --- Shared: Azure tags ---------------------------------------------------------------

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

// --- Shared: Azure ML registration (v1 AksCompute) -------------------------------------

/** The v1 SSL configuration of an `AksCompute` (Azure ML REST `SslConfiguration`). */
export interface AmlAksSslConfiguration<T = string> {
  /** `Enabled` with your certificate, `Auto` with a Microsoft-issued one (leaf domain label). */
  readonly status: 'Enabled' | 'Auto';
  readonly cname?: string;
  readonly cert?: T;
  readonly key?: T;
  readonly leafDomainLabel?: string;
  readonly overwriteExistingDomain?: boolean;
}

/**
 * The `properties` of an Azure ML `AKS` compute (REST `AKSSchemaProperties`) that
 * attach the cluster as v1 `ComputeTarget.attach(workspace, name,
 * AksCompute.attach_configuration(...))` did: the purpose, the load balancer and
 * TLS. Node count and size are not sent: the service reads them from the cluster.
 * `tls` carries the certificate and key contents (the engine reads the PEM files).
 */
export interface AmlAksComputeProperties<T = string> {
  readonly clusterPurpose: ClusterPurpose;
  readonly loadBalancerType: LoadBalancerType;
  readonly loadBalancerSubnet?: string;
  readonly sslConfiguration?: AmlAksSslConfiguration<T>;
}

/** Builds {@link AmlAksComputeProperties} from a resolved configuration. */
export function amlAksComputeProperties<T = string>(
  config: ResolvedClusterConfig,
  tlsContent?: { readonly cert: T; readonly key: T },
): AmlAksComputeProperties<T> {
  let ssl: AmlAksSslConfiguration<T> | undefined;
  if (config.tls?.kind === 'leafDomainLabel') {
    ssl = { status: 'Auto', leafDomainLabel: config.tls.leafDomainLabel, overwriteExistingDomain: config.tls.overwriteExistingDomain };
  } else if (config.tls?.kind === 'cname') {
    if (!tlsContent) throw new Error('amlAksComputeProperties: the TLS certificate and key contents are required for a cname TLS configuration');
    ssl = { status: 'Enabled', cname: config.tls.cname, cert: tlsContent.cert, key: tlsContent.key };
  }
  return {
    clusterPurpose: config.clusterPurpose,
    loadBalancerType: config.loadBalancerType,
    ...(config.loadBalancerSubnet !== undefined ? { loadBalancerSubnet: config.loadBalancerSubnet } : {}),
    ...(ssl ? { sslConfiguration: ssl } : {}),
  };
}

// --- Shared: the purpose of an attached cluster ------------------------------------------

/** A node pool of an existing cluster, as the AKS API reports it. */
export interface ExistingNodePool {
  readonly name?: string;
  readonly mode?: string;
  readonly count?: number;
  readonly vmSize?: string;
}

/**
 * Checks an attached cluster's actual node pools against its purpose, as the v1
 * service did on attach: production purposes need at least 3 nodes and 12 vCPUs
 * in total (problems). Declared `agentCount`/`vmSize` that differ from the
 * actual system pool, and sizes missing from the catalog, are warnings.
 */
export function checkExistingClusterPools(
  config: ResolvedClusterConfig,
  pools: readonly ExistingNodePool[],
): { problems: string[]; warnings: ConfigurationWarning[] } {
  const problems: string[] = [];
  const warnings: ConfigurationWarning[] = [];
  const where = config.attach?.resourceId ?? `${config.attach?.resourceGroup ?? '?'}/${config.attach?.clusterName ?? '?'}`;
  if (!Array.isArray(pools) || pools.length === 0) {
    warnings.push({ prop: 'agentCount', message: `the AKS API reported no agent pools for ${where}; the purpose was checked with the declared agentCount and vmSize only.` });
    return { problems, warnings };
  }
  let nodes = 0;
  let vcpus = 0;
  const unknown: string[] = [];
  for (const p of pools) {
    const count = typeof p.count === 'number' && Number.isFinite(p.count) ? p.count : 0;
    nodes += count;
    const size = VmSize.tryOf(p.vmSize);
    if (size) vcpus += count * size.vcpus;
    else if (count > 0) unknown.push(`${p.name ?? '?'} (${p.vmSize ?? 'no size'})`);
  }
  const system = pools.find((p) => typeof p.mode === 'string' && p.mode.toLowerCase() === 'system') ?? pools[0];
  const declared = `${config.agentCount} × ${config.vmSize.name}`;
  const actual = `${system.count ?? '?'} × ${system.vmSize ?? '?'}`;
  if (system.count !== config.agentCount || (system.vmSize ?? '').toLowerCase() !== config.vmSize.name.toLowerCase()) {
    warnings.push({
      prop: 'agentCount',
      message: `the declared agent pool (${declared}) differs from the existing system pool ${system.name ?? ''} of ${where} (${actual}); the capacity checks use the declared one: update agentCount and vmSize.`,
    });
  }
  if (unknown.length > 0) {
    warnings.push({ prop: 'vmSize', message: `the catalog does not know the size of pool(s) ${unknown.join(', ')} of ${where}; their vCPUs are not counted in the purpose check.` });
  }
  if (PRODUCTION_PURPOSES.includes(config.clusterPurpose)) {
    if (unknown.length === 0 && vcpus < PRODUCTION_MIN_VCPUS) {
      problems.push(
        `The existing cluster ${where} has ${nodes} nodes with ${vcpus} vCPUs in total; ${config.clusterPurpose} needs at least ${PRODUCTION_MIN_VCPUS} ` +
          `(v1: "The number of nodes multiplied by the virtual machine's number of cores (vCPUs) must be greater than or equal to ${PRODUCTION_MIN_VCPUS}"): ` +
          `scale the cluster or attach it with clusterPurpose "${ClusterPurpose.DEV_TEST}".`,
      );
    }
    if (nodes < PRODUCTION_MIN_NODES) {
      problems.push(
        `The existing cluster ${where} has ${nodes} node${nodes === 1 ? '' : 's'}; at least ${PRODUCTION_MIN_NODES} are required for ${config.clusterPurpose} ` +
          `(v1: "At least ${PRODUCTION_MIN_NODES} machine(s) are required for cluster with purpose '${config.clusterPurpose}'"): ` +
          `scale the cluster or attach it with clusterPurpose "${ClusterPurpose.DEV_TEST}".`,
      );
    }
  }
  return { problems, warnings };
}

// --- ASO: hand-typed subset -----------------------------------------------------------------

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

/** An entry of `agentPoolProfiles`, and the agent-pool fields of a ManagedClustersAgentPool (subset). */
export interface AsoAgentPoolFields {
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
  readonly orchestratorVersion?: string;
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
  readonly networkProfile: {
    readonly loadBalancerSku: 'standard';
    readonly networkPlugin: 'azure';
    readonly networkPluginMode: 'overlay';
    readonly serviceCidr?: string;
    readonly dnsServiceIP?: string;
  };
  readonly oidcIssuerProfile: { readonly enabled: true };
  readonly securityProfile: { readonly workloadIdentity: { readonly enabled: true } };
  readonly storageProfile: { readonly blobCSIDriver: { readonly enabled: boolean } };
  readonly workloadAutoScalerProfile: { readonly keda: { readonly enabled: boolean } };
  readonly tags?: Record<string, string>;
  readonly operatorSpec?: { readonly secrets: { readonly userCredentials: AsoSecretDestination } };
}

/** containerservice.azure.com/v1api20250801 ManagedClustersAgentPool `spec` (subset). */
export interface AsoManagedClustersAgentPoolSpec extends AsoAgentPoolFields {
  readonly azureName: string;
  readonly owner: AsoKnownResourceReference;
}

// --- ASO: options and builder --------------------------------------------------------------

/** Where ASO writes the cluster's user kubeconfig. */
export interface AsoKubeconfigSecretProps {
  /**
   * The Secret's name (same namespace as the ManagedCluster).
   * @default "<cluster>-kubeconfig"
   */
  readonly name?: string;
  /**
   * The key of the kubeconfig in the Secret.
   * @default "kubeconfig"
   */
  readonly key?: string;
}

/** What the Azure Service Operator objects need besides the cluster configuration. */
export interface AsoClusterOptions extends AksClusterFeatureProps {
  /**
   * The Azure resource group of the cluster (its Azure name). Required to
   * provision a cluster; ignored for an attached one.
   * @default - none
   */
  readonly resourceGroupName?: string;
  /**
   * Emit a ResourceGroup object (ASO creates the group, or adopts an existing one
   * with that name). With false, the ManagedCluster's owner is the group's ARM id,
   * which needs subscriptionId.
   * @default true
   */
  readonly createResourceGroup?: boolean;
  /**
   * The Azure subscription id: needed for the node subnet reference (virtual
   * network settings) and for an owner that is not emitted here.
   * @default - none
   */
  readonly subscriptionId?: string;
  /**
   * The namespace of the ASO objects (ASO writes the kubeconfig Secret there).
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Azure tags of the resource group, the cluster and the node pools.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * The cluster's DNS prefix.
   * @default - the cluster name with "_" replaced by "-", at most 54 characters
   */
  readonly dnsPrefix?: string;
  /**
   * Where ASO writes the user kubeconfig (`operatorSpec.secrets.userCredentials`),
   * or false to not export it.
   * @default { name: "<cluster>-kubeconfig", key: "kubeconfig" }
   */
  readonly kubeconfigSecret?: AsoKubeconfigSecretProps | false;
}

/** The ASO objects of a cluster. */
export interface AsoClusterObjects {
  /** Every object, in apply order: ResourceGroup, ManagedCluster, agent pools. */
  readonly objects: KubeObject[];
  readonly resourceGroup?: KubeObject;
  /** Undefined for an attached cluster (nothing to provision). */
  readonly managedCluster?: KubeObject;
  readonly gpuAgentPool?: KubeObject;
  /** Where ASO writes the kubeconfig, when exported. */
  readonly kubeconfigSecret?: AsoSecretDestination;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;
const OPTION_KEYS: readonly (keyof AsoClusterOptions)[] = [
  'resourceGroupName', 'createResourceGroup', 'subscriptionId', 'namespace', 'tags', 'dnsPrefix', 'kubeconfigSecret', 'keda', 'blobCsiDriver',
];

/** A Kubernetes object name for an Azure name: lowercase letters, digits and "-" (other characters become "-"), at most 253 characters. */
export function asoObjectName(azureName: string): string {
  const v = azureName.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 253).replace(/^[^a-z0-9]+/, '').replace(/[^a-z0-9]+$/, '');
  return v.length > 0 ? v : 'x';
}

/**
 * Checks the ASO options (and, given the resolved configuration, what the
 * configuration needs from them); returns the problems. Props of the core cluster
 * model may sit in the same object.
 */
export function checkAsoClusterOptions(config: ResolvedClusterConfig | undefined, options: AsoClusterOptions): string[] {
  const c = new ProblemCollector();
  if (!isPlainObject(options)) {
    c.add('options', options, 'must be an object');
    return [...c.problems];
  }
  const o = options as unknown as Record<string, unknown>;
  const attaching = config ? config.mode === 'attach' : ['resourceId', 'resourceGroup', 'clusterName'].some((k) => o[k] !== undefined);
  if (o.resourceGroupName === undefined) {
    if (!attaching) c.add('resourceGroupName', undefined, 'is required: the Azure resource group of the cluster');
  } else if (checkString(c, 'resourceGroupName', o.resourceGroupName, { maxLength: 90 }) && !RESOURCE_GROUP_NAME_PATTERN.test(o.resourceGroupName as string)) {
    c.add('resourceGroupName', o.resourceGroupName, 'must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."');
  }
  checkBoolean(c, 'createResourceGroup', o.createResourceGroup);
  if (o.subscriptionId !== undefined && (typeof o.subscriptionId !== 'string' || !SUBSCRIPTION_ID_PATTERN.test(o.subscriptionId))) {
    c.add('subscriptionId', o.subscriptionId, 'must be a subscription id (a GUID such as "00000000-0000-0000-0000-000000000000")');
  }
  if (o.namespace !== undefined && (typeof o.namespace !== 'string' || !NAMESPACE_PATTERN.test(o.namespace))) {
    c.add('namespace', o.namespace, 'must be a Kubernetes namespace: 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
  checkAzureTags(c, 'tags', o.tags);
  if (o.dnsPrefix !== undefined && (typeof o.dnsPrefix !== 'string' || !AKS_DNS_PREFIX_PATTERN.test(o.dnsPrefix))) {
    c.add('dnsPrefix', o.dnsPrefix, 'must be 1 to 54 letters, digits and "-", starting and ending with a letter or digit');
  }
  const ks = o.kubeconfigSecret;
  if (ks !== undefined && ks !== false) {
    if (!isPlainObject(ks)) {
      c.add('kubeconfigSecret', ks, 'must be { name?, key? } or false');
    } else {
      if (ks.name !== undefined && (typeof ks.name !== 'string' || ks.name.length > 253 || !DNS1123_SUBDOMAIN.test(ks.name))) {
        c.add('kubeconfigSecret.name', ks.name, 'must be a Kubernetes Secret name (lowercase letters, digits, "-" and ".")');
      }
      if (ks.key !== undefined && (typeof ks.key !== 'string' || ks.key.length > 253 || !SECRET_KEY_PATTERN.test(ks.key))) {
        c.add('kubeconfigSecret.key', ks.key, 'must be a Secret key (letters, digits, "-", "_" and ".")');
      }
    }
  }
  checkAksClusterFeatures(c, options);
  const unknownKeys = Object.keys(o).filter((k) => !(OPTION_KEYS as readonly string[]).includes(k) && !CLUSTER_PROP_KEYS.has(k));
  for (const k of unknownKeys) c.add(k, o[k], 'is not a known prop');

  if (config?.mode === 'provision') {
    if (config.location === undefined) {
      c.addRaw('location (v1: location) is required with Azure Service Operator: v1 defaulted to the workspace\'s location, which a GitOps repo does not have; set location, e.g. "westeurope".');
    }
    if (config.vnet && o.subscriptionId === undefined) {
      c.addRaw(`subscriptionId is required with the virtual network settings: the node subnet is referenced by its ARM id (/subscriptions/<id>/resourceGroups/${config.vnet.vnetResourceGroupName}/providers/Microsoft.Network/virtualNetworks/${config.vnet.vnetName}/subnets/${config.vnet.subnetName}).`);
    }
    if (o.createResourceGroup === false && o.subscriptionId === undefined) {
      c.addRaw('subscriptionId is required with createResourceGroup false: the ManagedCluster\'s owner is then the resource group\'s ARM id.');
    }
  }
  return [...c.problems];
}

/** The props of the core cluster model, which may sit in the same object as the ASO options. */
const CLUSTER_PROP_KEYS: ReadonlySet<string> = new Set(CLUSTER_CONFIG_PROPS);

function poolFields(config: ResolvedClusterConfig, pool: ResolvedNodePool, subnet?: AsoResourceReference): AsoAgentPoolFields {
  return {
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
    ...(subnet ? { vnetSubnetReference: subnet } : {}),
  };
}

/**
 * Builds the ASO objects of a provisioned cluster: a ResourceGroup (unless
 * `createResourceGroup` is false), the ManagedCluster with the system agent pool
 * (agentCount × vmSize, mode System), SystemAssigned identity, OIDC issuer and
 * workload identity, Blob CSI driver, KEDA, the network settings (Azure CNI in the
 * given subnet with the service CIDR and DNS service IP), the kubeconfig exported
 * to a Secret, and a ManagedClustersAgentPool for the GPU pool (mode User, tainted
 * `sku=gpu:NoSchedule`, labelled `sku=gpu`). An attached cluster has nothing to
 * provision: no objects. Throws a {@link ConfigurationError} listing every problem.
 */
export function buildAsoCluster(config: ResolvedClusterConfig, options: AsoClusterOptions): AsoClusterObjects {
  const problems = checkAsoClusterOptions(config, options);
  if (problems.length > 0) throw new ConfigurationError('the Azure Service Operator cluster', problems);
  if (config.mode === 'attach') return { objects: [] };

  const location = config.location as string;
  const ns = options.namespace;
  const features = resolveAksClusterFeatures(options);
  const tags = options.tags !== undefined ? { ...options.tags } : undefined;
  const clusterObjectName = asoObjectName(config.name);
  const labels = {
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [`${LABEL_DOMAIN}/cluster`]: sanitizeLabelValue(config.name) || 'cluster',
    [`${LABEL_DOMAIN}/cluster-purpose`]: config.clusterPurpose,
  };
  const meta = (name: string) => ({ name, ...(ns !== undefined ? { namespace: ns } : {}), labels: { ...labels } });
  const objects: KubeObject[] = [];

  let owner: AsoKnownResourceReference;
  let resourceGroup: KubeObject | undefined;
  if (options.createResourceGroup === false) {
    owner = { armId: resourceGroupResourceId(options.subscriptionId as string, options.resourceGroupName as string) };
  } else {
    const rgName = options.resourceGroupName as string;
    const spec: AsoResourceGroupSpec = { azureName: rgName, location, ...(tags ? { tags: { ...tags } } : {}) };
    resourceGroup = { apiVersion: ASO_RESOURCES_API_VERSION, kind: 'ResourceGroup', metadata: meta(asoObjectName(rgName)), spec };
    objects.push(resourceGroup);
    owner = { name: resourceGroup.metadata.name };
  }

  const subnet = config.vnet ? { armId: subnetResourceId(options.subscriptionId as string, config.vnet) } : undefined;
  const kubeconfigSecret: AsoSecretDestination | undefined = options.kubeconfigSecret === false
    ? undefined
    : { name: options.kubeconfigSecret?.name ?? `${clusterObjectName}-kubeconfig`.slice(0, 253), key: options.kubeconfigSecret?.key ?? 'kubeconfig' };

  const clusterSpec: AsoManagedClusterSpec = {
    azureName: config.name,
    owner,
    location,
    dnsPrefix: options.dnsPrefix ?? defaultDnsPrefix(config.name),
    ...(config.kubernetesVersion !== undefined ? { kubernetesVersion: config.kubernetesVersion } : {}),
    ...(config.clusterSku !== undefined ? { sku: { name: 'Base' as const, tier: config.clusterSku } } : {}),
    identity: { type: 'SystemAssigned' },
    enableRBAC: true,
    agentPoolProfiles: [{ name: config.systemPool.name, ...poolFields(config, config.systemPool, subnet) }],
    networkProfile: aksNetworkProfile(config),
    oidcIssuerProfile: { enabled: features.oidcIssuer },
    securityProfile: { workloadIdentity: { enabled: features.workloadIdentity } },
    storageProfile: { blobCSIDriver: { enabled: features.blobCsiDriver } },
    workloadAutoScalerProfile: { keda: { enabled: features.keda } },
    ...(tags ? { tags: { ...tags } } : {}),
    ...(kubeconfigSecret ? { operatorSpec: { secrets: { userCredentials: { ...kubeconfigSecret } } } } : {}),
  };
  const managedCluster: KubeObject = {
    apiVersion: ASO_CONTAINERSERVICE_API_VERSION,
    kind: 'ManagedCluster',
    metadata: meta(clusterObjectName),
    spec: clusterSpec,
  };
  objects.push(managedCluster);

  let gpuAgentPool: KubeObject | undefined;
  if (config.gpuPool) {
    const pool = config.gpuPool;
    const spec: AsoManagedClustersAgentPoolSpec = {
      azureName: pool.name,
      owner: { name: clusterObjectName },
      ...poolFields(config, pool, subnet),
    };
    gpuAgentPool = {
      apiVersion: ASO_CONTAINERSERVICE_API_VERSION,
      kind: 'ManagedClustersAgentPool',
      metadata: meta(asoObjectName(`${clusterObjectName}-${pool.name}`)),
      spec,
    };
    objects.push(gpuAgentPool);
  }
  return {
    objects,
    ...(resourceGroup ? { resourceGroup } : {}),
    managedCluster,
    ...(gpuAgentPool ? { gpuAgentPool } : {}),
    ...(kubeconfigSecret ? { kubeconfigSecret } : {}),
  };
}

/** {@link buildAsoCluster}, returning only the objects. */
export function buildAsoClusterObjects(config: ResolvedClusterConfig, options: AsoClusterOptions): KubeObject[] {
  return buildAsoCluster(config, options).objects;
}
