/**
 * The cluster as Azure Service Operator v2 (ASO) objects, for GitOps repos that
 * provision clusters with cdk8s: the API versions, the options the objects need
 * besides the cluster configuration, and their rules. The objects themselves are
 * planned in plan.ts from the engine-neutral description (managed-cluster.ts).
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { NAMESPACE_PATTERN, checkBoolean, checkString, isPlainObject } from '../validation';
import { AksClusterFeatureProps, AKS_DNS_PREFIX_PATTERN, RESOURCE_GROUP_NAME_PATTERN, SUBSCRIPTION_ID_PATTERN, checkAksClusterFeatures, checkAzureTags } from './azure';
import { CLUSTER_CONFIG_PROPS, ResolvedClusterConfig } from './props';

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

// --- Options -------------------------------------------------------------------------------

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
 * configuration needs from them): adds the problems to `c`. Props of the core
 * cluster model may sit in the same object.
 */
export function validateAsoClusterOptions(c: ProblemCollector, config: ResolvedClusterConfig | undefined, options: AsoClusterOptions): void {
  if (!isPlainObject(options)) {
    c.add('options', options, 'must be an object');
    return;
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
}

/** The props of the core cluster model, which may sit in the same object as the ASO options. */
const CLUSTER_PROP_KEYS: ReadonlySet<string> = new Set(CLUSTER_CONFIG_PROPS);

/** The warnings of a cluster synthesized as ASO objects (TLS cannot take effect there). */
export function asoClusterWarnings(config: ResolvedClusterConfig): ConfigurationWarning[] {
  if (!config.tls) return [];
  return [{
    id: 'aks-ml:cluster:tlsNotAppliedByAso',
    prop: config.tls.kind === 'cname' ? 'sslCname' : 'leafDomainLabel',
    message: 'TLS is configured on the Azure ML inference router of a cluster registered in a workspace, which these objects do not do: it reaches the gateway with AksMlGateway tls.certificate GatewayTls.fromV1Cluster(cluster.config, ...).',
  }];
}
