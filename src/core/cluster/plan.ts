/**
 * The cluster as Azure Service Operator v2 objects (the cdk8s engine): a
 * ResourceGroup, the ManagedCluster with the system agent pool, and a
 * ManagedClustersAgentPool per user pool, all rendered from the engine-neutral
 * description of managed-cluster.ts (the same one the azure-native args come from).
 */
import { ConfigurationError, ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject } from '../kube';
import { ASO_CONTAINERSERVICE_API_VERSION, ASO_RESOURCES_API_VERSION, AsoClusterOptions, asoObjectName, validateAsoClusterOptions } from './aso';
import {
  AsoAgentPoolFields,
  AsoKnownResourceReference,
  AsoManagedClusterSpec,
  AsoManagedClustersAgentPoolSpec,
  AsoResourceGroupSpec,
  AsoResourceReference,
  AsoSecretDestination,
} from './aso-types';
import { loadBalancerServiceAnnotations, resolveAksClusterFeatures, resourceGroupResourceId, subnetResourceId } from './azure';
import { AksAgentPoolDescription, buildAksManagedCluster } from './managed-cluster';
import { clusterObjectLabels } from './metadata';
import { AksClusterConfigProps, ResolvedClusterConfig } from './props';
import { examineClusterConfig } from './validate';
import { ClusterConfigMapEntry, asoManagedClusterOperatorSpec, clusterIdentityExports } from '../identity/cluster-exports';

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
  /** Where ASO exports the OIDC issuer URL (a provisioned cluster). */
  readonly oidcIssuerConfigMap?: ClusterConfigMapEntry;
  /** Where ASO exports the kubelet identity's object id (a provisioned cluster). */
  readonly kubeletIdentityConfigMap?: ClusterConfigMapEntry;
}

/** The props of {@link planAksCluster}: the v1 cluster model and the ASO options. */
export interface AsoClusterProps extends AksClusterConfigProps, AsoClusterOptions {}

/** What {@link planAksCluster} returns: the configuration, the warnings and the objects. */
export interface AksClusterPlan extends AsoClusterObjects {
  /** The configuration with every v1 default applied. */
  readonly config: ResolvedClusterConfig;
  /** The warnings of the configuration and of the ASO options. */
  readonly warnings: ConfigurationWarning[];
  /** The annotations of the LoadBalancer Service that exposes scoring (internal load balancer and subnet). */
  readonly loadBalancerServiceAnnotations: Record<string, string>;
}

/** Options of {@link planAksCluster}. */
export interface PlanAksClusterOptions {
  /**
   * What the error names.
   * @default "the AKS cluster configuration"
   */
  readonly subject?: string;
}

/**
 * Checks the cluster props and the ASO options (every rule of the core, one
 * {@link ConfigurationError} listing every problem) and plans the ASO objects.
 * An attached cluster has nothing to provision: no objects, but its
 * configuration serves the capacity checks.
 */
export function planAksCluster(props: AsoClusterProps, options: PlanAksClusterOptions = {}): AksClusterPlan {
  const c = new ProblemCollector();
  const { config, warnings } = examineClusterConfig(c, props, { engine: 'aso' });
  c.throwIfAny(options.subject ?? 'the AKS cluster configuration');
  const resolved = config as ResolvedClusterConfig;
  return {
    config: resolved,
    warnings,
    ...renderAsoCluster(resolved, props),
    loadBalancerServiceAnnotations: loadBalancerServiceAnnotations(resolved),
  };
}

/**
 * Plans the ASO objects of a resolved configuration: a ResourceGroup (unless
 * `createResourceGroup` is false), the ManagedCluster with the system agent pool
 * (agentCount × vmSize, mode System), SystemAssigned identity, OIDC issuer and
 * workload identity, Blob CSI driver, KEDA, the network settings (Azure CNI in the
 * given subnet with the service CIDR and DNS service IP), the kubeconfig exported
 * to a Secret, and a ManagedClustersAgentPool for the GPU pool (mode User, tainted
 * `sku=gpu:NoSchedule`, labelled `sku=gpu`). An attached cluster has nothing to
 * provision: no objects. Throws a {@link ConfigurationError} listing every problem
 * of the options.
 */
export function planAsoCluster(config: ResolvedClusterConfig, options: AsoClusterOptions): AsoClusterObjects {
  const c = new ProblemCollector();
  validateAsoClusterOptions(c, config, options);
  c.throwIfAny('the Azure Service Operator cluster');
  return renderAsoCluster(config, options);
}

function asoPoolFields(pool: AksAgentPoolDescription, subnet?: AsoResourceReference): AsoAgentPoolFields {
  const { name: _name, ...fields } = pool;
  return { ...fields, ...(subnet ? { vnetSubnetReference: subnet } : {}) };
}

/** The objects of valid options (checked by the callers). */
function renderAsoCluster(config: ResolvedClusterConfig, options: AsoClusterOptions): AsoClusterObjects {
  if (config.mode === 'attach') return { objects: [] };
  const cluster = buildAksManagedCluster(config, {
    features: resolveAksClusterFeatures(options),
    ...(options.dnsPrefix !== undefined ? { dnsPrefix: options.dnsPrefix } : {}),
    ...(options.tags !== undefined ? { tags: options.tags } : {}),
  });
  const location = cluster.location as string;
  const ns = options.namespace;
  const tags = cluster.tags;
  const clusterObjectName = asoObjectName(config.name);
  const labels = clusterObjectLabels(config);
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

  const subnet = cluster.nodeSubnet ? { armId: subnetResourceId(options.subscriptionId as string, cluster.nodeSubnet) } : undefined;
  const kubeconfigSecret: AsoSecretDestination | undefined = options.kubeconfigSecret === false
    ? undefined
    : { name: options.kubeconfigSecret?.name ?? `${clusterObjectName}-kubeconfig`.slice(0, 253), key: options.kubeconfigSecret?.key ?? 'kubeconfig' };

  const clusterSpec: AsoManagedClusterSpec = {
    azureName: cluster.resourceName,
    owner,
    location,
    dnsPrefix: cluster.dnsPrefix,
    ...(cluster.kubernetesVersion !== undefined ? { kubernetesVersion: cluster.kubernetesVersion } : {}),
    ...(cluster.sku !== undefined ? { sku: { ...cluster.sku } } : {}),
    identity: { ...cluster.identity },
    enableRBAC: cluster.enableRBAC,
    agentPoolProfiles: [{ name: cluster.systemPool.name, ...asoPoolFields(cluster.systemPool, subnet) }],
    networkProfile: { ...cluster.networkProfile },
    oidcIssuerProfile: cluster.oidcIssuerProfile,
    securityProfile: cluster.securityProfile,
    storageProfile: cluster.storageProfile,
    workloadAutoScalerProfile: cluster.workloadAutoScalerProfile,
    ...(cluster.azureMonitorProfile ? { azureMonitorProfile: cluster.azureMonitorProfile } : {}),
    ...(cluster.addonProfiles ? { addonProfiles: cluster.addonProfiles } : {}),
    ...(tags ? { tags: { ...tags } } : {}),
    operatorSpec: asoManagedClusterOperatorSpec(clusterObjectName, kubeconfigSecret),
  };
  const managedCluster: KubeObject = {
    apiVersion: ASO_CONTAINERSERVICE_API_VERSION,
    kind: 'ManagedCluster',
    metadata: meta(clusterObjectName),
    spec: clusterSpec,
  };
  objects.push(managedCluster);

  let gpuAgentPool: KubeObject | undefined;
  for (const pool of cluster.userPools) {
    const spec: AsoManagedClustersAgentPoolSpec = {
      azureName: pool.name,
      owner: { name: clusterObjectName },
      ...asoPoolFields(pool, subnet),
    };
    const object: KubeObject = {
      apiVersion: ASO_CONTAINERSERVICE_API_VERSION,
      kind: 'ManagedClustersAgentPool',
      metadata: meta(asoObjectName(`${clusterObjectName}-${pool.name}`)),
      spec,
    };
    objects.push(object);
    if (pool.name === config.gpuPool?.name) gpuAgentPool = object;
  }
  return {
    objects,
    ...(resourceGroup ? { resourceGroup } : {}),
    managedCluster,
    ...(gpuAgentPool ? { gpuAgentPool } : {}),
    ...(kubeconfigSecret ? { kubeconfigSecret } : {}),
    ...clusterIdentityExports(clusterObjectName, ns),
  };
}
