/**
 * The cluster as azure-native resources (the Pulumi engine), engine-free: the
 * options that sit beside the cluster model in the Pulumi `AksCluster` args, their
 * rules, and pure functions that produce the args of the azure-native
 * ResourceGroup, ManagedCluster, AgentPool and Azure ML Compute from the
 * engine-neutral description of managed-cluster.ts (the same one the ASO objects
 * come from). `I` stands for the engine's input type (e.g. `pulumi.Input<string>`):
 * values the engine resolves later pass through untouched.
 */
import { ConfigurationError, ConfigurationWarning, ProblemCollector } from '../errors';
import { checkBoolean, checkNamespace, isPlainObject } from '../validation';
import { AmlAksComputeProperties, amlAksComputeProperties } from './aml-compute';
import {
  AKS_DNS_PREFIX_PATTERN,
  AksClusterFeatureProps,
  RESOURCE_GROUP_NAME_PATTERN,
  ResolvedAksClusterFeatures,
  SUBSCRIPTION_ID_PATTERN,
  checkAksClusterFeatures,
  checkAzureTags,
  loadBalancerServiceAnnotations,
  parseAksResourceId,
  resolveAksClusterFeatures,
} from './azure';
import { AksAgentPoolDescription, AksManagedClusterDescription, buildAksManagedCluster } from './managed-cluster';
import { AksClusterConfigProps, CLUSTER_CONFIG_PROPS, ResolvedClusterConfig } from './props';
import { ClusterTlsContent, readClusterTlsContent, redactClusterConfig } from './tls';
import { examineClusterConfig } from './validate';

// --- Options ---------------------------------------------------------------------------

/** Registration of the cluster in an Azure ML workspace (v1 `ComputeTarget.attach`). */
export interface AzureMlWorkspaceRegistration<I = string> {
  /** The Azure ML workspace. v1: the `workspace` of `ComputeTarget.attach`. */
  readonly workspaceName: I;
  /**
   * The workspace's resource group.
   * @default - the cluster's resource group
   */
  readonly resourceGroupName?: I;
  /**
   * The compute target name in the workspace. v1: `name` of `ComputeTarget.attach`.
   * @default - the cluster's `name`
   */
  readonly computeName?: string;
  /**
   * The compute target's description.
   * @default - none
   */
  readonly description?: string;
  /**
   * The compute resource's location.
   * @default - the cluster's `location`, else the azure-native default
   */
  readonly location?: I;
}

/**
 * Where a cluster goes with azure-native, beside the v1 cluster model. `I` is the
 * engine's input type (`pulumi.Input<string>` in the Pulumi `AksCluster`).
 */
export interface AzureNativeClusterOptions<I = string> extends AksClusterFeatureProps {
  /**
   * The resource group of a new cluster: an existing group, or the name of the
   * group to create with `createResourceGroup`.
   * @default - "<name>-rg" with createResourceGroup; otherwise required
   */
  readonly resourceGroupName?: I;
  /**
   * Create the resource group (in `location`).
   * @default false
   */
  readonly createResourceGroup?: boolean;
  /**
   * Azure tags of every Azure resource of the component.
   * @default - none
   */
  readonly tags?: Record<string, I>;
  /**
   * The cluster's DNS prefix.
   * @default - the cluster name with "_" replaced by "-", at most 54 characters
   */
  readonly dnsPrefix?: string;
  /**
   * The subscription of the virtual network (the node subnet is referenced by its
   * ARM id).
   * @default - the subscription of the azure-native provider (authorization.getClientConfig)
   */
  readonly subscriptionId?: I;
  /**
   * Register the cluster in an Azure ML workspace as an inference cluster (an
   * `AKS` compute target with the cluster purpose), as v1 `ComputeTarget.attach` did.
   * @default - not registered
   */
  readonly workspace?: AzureMlWorkspaceRegistration<I>;
  /**
   * The `namespace` of the Kubernetes provider of the cluster: where objects
   * without a namespace go.
   * @default - none (the provider uses the kubeconfig's namespace, "default")
   */
  readonly defaultNamespace?: string;
}

/** The props of {@link planAzureNativeCluster}: the v1 cluster model and the azure-native options. */
export interface AzureNativeClusterProps<I = string> extends AksClusterConfigProps, AzureNativeClusterOptions<I> {}

const OPTION_KEYS: readonly (keyof AzureNativeClusterOptions)[] = [
  'resourceGroupName', 'createResourceGroup', 'tags', 'dnsPrefix', 'subscriptionId', 'workspace', 'keda', 'blobCsiDriver',
  'defaultNamespace',
];
const KNOWN_KEYS: ReadonlySet<string> = new Set<string>([...OPTION_KEYS, ...CLUSTER_CONFIG_PROPS]);
const WORKSPACE_KEYS = ['workspaceName', 'resourceGroupName', 'computeName', 'description', 'location'];
const PROVISION_ONLY_KEYS = ['resourceGroupName', 'createResourceGroup', 'dnsPrefix', 'subscriptionId', 'keda', 'blobCsiDriver'];

/**
 * Checks the azure-native options (and, given the resolved configuration, what it
 * needs from them): adds the problems to `c`. With a registered cluster and cname
 * TLS, reads the PEM files and returns their contents. `isDeferred` tells the
 * values the engine resolves later, accepted where a string is.
 */
export function validateAzureNativeClusterOptions(
  c: ProblemCollector,
  config: ResolvedClusterConfig | undefined,
  props: AzureNativeClusterProps<unknown>,
  isDeferred: (value: unknown) => boolean = () => false,
): ClusterTlsContent | undefined {
  if (!isPlainObject(props)) return undefined;
  const a = props as unknown as Record<string, unknown>;
  const isStringInput = (v: unknown) => typeof v === 'string' || isDeferred(v);
  for (const k of Object.keys(a)) {
    if (!KNOWN_KEYS.has(k)) c.add(k, a[k], 'is not a known prop of AksCluster');
  }
  checkBoolean(c, 'createResourceGroup', a.createResourceGroup);
  checkNamespace(c, 'defaultNamespace', a.defaultNamespace);
  checkAksClusterFeatures(c, props);
  checkAzureTags(c, 'tags', a.tags, { allowDeferredValues: true });
  if (a.dnsPrefix !== undefined && (typeof a.dnsPrefix !== 'string' || !AKS_DNS_PREFIX_PATTERN.test(a.dnsPrefix))) {
    c.add('dnsPrefix', a.dnsPrefix, 'must be 1 to 54 letters, digits and "-", starting and ending with a letter or digit');
  }
  if (a.resourceGroupName !== undefined) {
    if (!isStringInput(a.resourceGroupName)) c.add('resourceGroupName', a.resourceGroupName, 'must be a string or an Output');
    else if (typeof a.resourceGroupName === 'string' && !RESOURCE_GROUP_NAME_PATTERN.test(a.resourceGroupName)) {
      c.add('resourceGroupName', a.resourceGroupName, 'must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."');
    }
  }
  if (a.subscriptionId !== undefined) {
    if (!isStringInput(a.subscriptionId)) c.add('subscriptionId', a.subscriptionId, 'must be a string or an Output');
    else if (typeof a.subscriptionId === 'string' && !SUBSCRIPTION_ID_PATTERN.test(a.subscriptionId)) {
      c.add('subscriptionId', a.subscriptionId, 'must be a subscription id (a GUID)');
    }
  }
  const ws = a.workspace;
  if (ws !== undefined) {
    if (!isPlainObject(ws)) {
      c.add('workspace', ws, 'must be { workspaceName, resourceGroupName?, computeName?, description?, location? }');
    } else {
      if (ws.workspaceName === undefined) c.add('workspace.workspaceName', undefined, 'is required: the Azure ML workspace to register the cluster in');
      else if (!isStringInput(ws.workspaceName) || ws.workspaceName === '') c.add('workspace.workspaceName', ws.workspaceName, 'must be a non-empty string or an Output');
      for (const k of ['resourceGroupName', 'location'] as const) {
        if (ws[k] !== undefined && !isStringInput(ws[k])) c.add(`workspace.${k}`, ws[k], 'must be a string or an Output');
      }
      if (ws.computeName !== undefined && (typeof ws.computeName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(ws.computeName))) {
        c.add('workspace.computeName', ws.computeName, 'must be letters, digits, "-" and "_", starting with a letter or digit');
      }
      if (ws.description !== undefined && typeof ws.description !== 'string') c.add('workspace.description', ws.description, 'must be a string');
      const extra = Object.keys(ws).filter((k) => !WORKSPACE_KEYS.includes(k));
      for (const k of extra) c.add(`workspace.${k}`, ws[k], 'is not a known prop');
    }
  }

  if (config?.mode === 'provision') {
    if (a.resourceGroupName === undefined && a.createResourceGroup !== true) {
      c.addRaw('A new cluster needs a resource group: set resourceGroupName (an existing group) or createResourceGroup: true (with resourceGroupName, or "<name>-rg").');
    }
  } else if (config?.mode === 'attach') {
    const provisionOnly = PROVISION_ONLY_KEYS.filter((k) => a[k] !== undefined);
    if (provisionOnly.length > 0) {
      c.addRaw(`${provisionOnly.join(', ')} ${provisionOnly.length === 1 ? 'applies' : 'apply'} only when provisioning a new cluster, but resourceId or resourceGroup/clusterName attach an existing one: remove ${provisionOnly.length === 1 ? 'it' : 'them'}.`);
    }
  }
  if (config?.tls?.kind === 'cname' && ws !== undefined) return readClusterTlsContent(c, config.tls);
  return undefined;
}

// --- Existing clusters ---------------------------------------------------------------------

/** How an existing cluster is found: v1 `attach_configuration`. */
export type ExistingAksClusterRef =
  | { readonly resourceId: string }
  | { readonly resourceGroupName: string; readonly clusterName: string };

/**
 * The cluster-model props of an existing cluster's reference (`resourceId`, or
 * `resourceGroup` + `clusterName`) and the cluster name it names, if any. Throws a
 * {@link ConfigurationError} for a reference of another shape; the core rules
 * check the values.
 */
export function existingClusterAttachProps(subject: string, ref: ExistingAksClusterRef): {
  readonly attach: Pick<AksClusterConfigProps, 'resourceId' | 'resourceGroup' | 'clusterName'>;
  readonly clusterName?: string;
} {
  const r = (isPlainObject(ref) ? ref : {}) as Record<string, unknown>;
  let clusterName: string | undefined = typeof r.clusterName === 'string' ? r.clusterName : undefined;
  if (typeof r.resourceId === 'string') {
    try {
      clusterName = parseAksResourceId(r.resourceId).clusterName;
    } catch {
      // The core reports the invalid id.
    }
  }
  const extra = Object.keys(r).filter((k) => !['resourceId', 'resourceGroupName', 'clusterName'].includes(k));
  if (extra.length > 0 || (r.resourceId !== undefined && (r.resourceGroupName !== undefined || r.clusterName !== undefined))) {
    throw new ConfigurationError(subject, [
      'fromExisting takes { resourceId } or { resourceGroupName, clusterName }' + (extra.length > 0 ? `; unknown: ${extra.join(', ')}` : '') + '.',
    ]);
  }
  const attach = r.resourceId !== undefined
    ? { resourceId: r.resourceId as string }
    : { resourceGroup: r.resourceGroupName as string, clusterName: r.clusterName as string };
  return { attach, ...(clusterName !== undefined ? { clusterName } : {}) };
}

// --- Plan ------------------------------------------------------------------------------------

/** What {@link planAzureNativeCluster} returns. */
export interface AzureNativeClusterPlan<I = string> {
  /** The configuration with every v1 default applied, without the TLS key. */
  readonly config: ResolvedClusterConfig;
  readonly warnings: ConfigurationWarning[];
  readonly features: ResolvedAksClusterFeatures;
  /** The annotations of the LoadBalancer Service that exposes scoring. */
  readonly loadBalancerServiceAnnotations: Record<string, string>;
  /** The certificate and key contents for the workspace registration (cname TLS). */
  readonly tlsContent?: ClusterTlsContent;
  /** The args of the resource group to create (with `createResourceGroup`). */
  readonly resourceGroup?: { readonly resourceGroupName: I | string; readonly location?: string; readonly tags?: Record<string, I> };
  /** The existing resource group of a new cluster (without `createResourceGroup`). */
  readonly existingResourceGroupName?: I;
  /** The cluster to provision (undefined when attached). */
  readonly cluster?: AksManagedClusterDescription<I>;
  /** Where the attached cluster is (undefined when provisioned). */
  readonly existing?: { readonly resourceGroupName: string; readonly clusterName: string; readonly resourceId?: string };
}

/** Options of {@link planAzureNativeCluster}. */
export interface PlanAzureNativeClusterOptions {
  /**
   * What the error names.
   * @default "the AKS cluster configuration"
   */
  readonly subject?: string;
  /** Tells values the engine resolves later (Pulumi Outputs), accepted where a string is. */
  readonly isDeferred?: (value: unknown) => boolean;
}

/**
 * Checks the cluster props and the azure-native options (every rule of the core,
 * the PEM files of a registered cluster included: one {@link ConfigurationError}
 * listing every problem) and plans the azure-native resources: the resource group
 * to create, the engine-neutral cluster description, or where the attached cluster is.
 */
export function planAzureNativeCluster<I = string>(
  props: AzureNativeClusterProps<I>,
  options: PlanAzureNativeClusterOptions = {},
): AzureNativeClusterPlan<I> {
  const c = new ProblemCollector();
  const { config: resolved, warnings, tlsContent } = examineClusterConfig(c, props, {
    engine: 'azure-native',
    ...(options.isDeferred ? { isDeferred: options.isDeferred } : {}),
  });
  c.throwIfAny(options.subject ?? 'the AKS cluster configuration');
  const config = resolved as ResolvedClusterConfig;
  const features = resolveAksClusterFeatures(props);
  const tags = props.tags !== undefined ? { ...props.tags } : undefined;
  const base = {
    config: redactClusterConfig(config),
    warnings,
    features,
    loadBalancerServiceAnnotations: loadBalancerServiceAnnotations(config),
    ...(tlsContent ? { tlsContent } : {}),
  };
  if (config.mode === 'attach') {
    const attach = config.attach ?? {};
    const existing = attach.resourceId !== undefined
      ? { ...parseAksResourceId(attach.resourceId), resourceId: attach.resourceId }
      : { resourceGroupName: attach.resourceGroup as string, clusterName: attach.clusterName as string };
    return { ...base, existing: { resourceGroupName: existing.resourceGroupName, clusterName: existing.clusterName, ...('resourceId' in existing ? { resourceId: existing.resourceId } : {}) } };
  }
  const cluster = buildAksManagedCluster<I>(config, {
    features,
    ...(props.dnsPrefix !== undefined ? { dnsPrefix: props.dnsPrefix } : {}),
    ...(tags ? { tags } : {}),
  });
  if (props.createResourceGroup === true) {
    return {
      ...base,
      cluster,
      resourceGroup: {
        resourceGroupName: props.resourceGroupName ?? `${config.name}-rg`,
        ...(config.location !== undefined ? { location: config.location } : {}),
        ...(tags ? { tags: { ...tags } } : {}),
      },
    };
  }
  return { ...base, cluster, existingResourceGroupName: props.resourceGroupName as I };
}

/** The refs of a cluster's resources that only the engine knows. */
export interface AzureNativeClusterRefs<I> {
  readonly resourceGroupName: I;
  /** The ManagedCluster's location. @default - the resource group's (azure-native's default) */
  readonly location?: I;
  /** The ARM id of the node subnet (with the virtual network settings). */
  readonly subnetId?: I;
}

/** An agent pool in azure-native's JSON names (`vnetSubnetID` for the node subnet). */
export type AzureNativeAgentPoolFields<I> = Omit<AksAgentPoolDescription, 'name'> & { readonly vnetSubnetID?: I };

function agentPoolFields<I>(pool: AksAgentPoolDescription, subnetId?: I): AzureNativeAgentPoolFields<I> {
  const { name: _name, orchestratorVersion, ...fields } = pool;
  return {
    ...fields,
    ...(subnetId !== undefined ? { vnetSubnetID: subnetId } : {}),
    ...(orchestratorVersion !== undefined ? { orchestratorVersion } : {}),
  };
}

/** The args of azure-native `containerservice.ManagedCluster`, from the engine-neutral description. */
export function azureNativeManagedClusterArgs<I>(cluster: AksManagedClusterDescription<I>, refs: AzureNativeClusterRefs<I>) {
  const location = cluster.location ?? refs.location;
  return {
    resourceGroupName: refs.resourceGroupName,
    resourceName: cluster.resourceName,
    // Without location: the resource group's (azure-native's default).
    ...(location !== undefined ? { location } : {}),
    dnsPrefix: cluster.dnsPrefix,
    ...(cluster.kubernetesVersion !== undefined ? { kubernetesVersion: cluster.kubernetesVersion } : {}),
    ...(cluster.sku !== undefined ? { sku: { ...cluster.sku } } : {}),
    identity: { ...cluster.identity },
    enableRBAC: cluster.enableRBAC,
    agentPoolProfiles: [{ name: cluster.systemPool.name, ...agentPoolFields(cluster.systemPool, refs.subnetId) }],
    networkProfile: { ...cluster.networkProfile },
    oidcIssuerProfile: cluster.oidcIssuerProfile,
    securityProfile: cluster.securityProfile,
    storageProfile: cluster.storageProfile,
    workloadAutoScalerProfile: cluster.workloadAutoScalerProfile,
    ...(cluster.azureMonitorProfile ? { azureMonitorProfile: cluster.azureMonitorProfile } : {}),
    ...(cluster.addonProfiles ? { addonProfiles: cluster.addonProfiles } : {}),
    ...(cluster.tags !== undefined ? { tags: { ...cluster.tags } } : {}),
  };
}

/** The args of azure-native `containerservice.AgentPool` for a user pool of the description. */
export function azureNativeAgentPoolArgs<I>(
  cluster: AksManagedClusterDescription<I>,
  pool: AksAgentPoolDescription,
  refs: AzureNativeClusterRefs<I> & { readonly clusterName: I },
) {
  return {
    resourceGroupName: refs.resourceGroupName,
    resourceName: refs.clusterName,
    agentPoolName: pool.name,
    ...agentPoolFields(pool, refs.subnetId),
    ...(cluster.tags !== undefined ? { tags: { ...cluster.tags } } : {}),
  };
}

/** The args of azure-native `machinelearningservices.Compute`: the cluster registered as an `AKS` inference compute. */
export function azureNativeComputeArgs<I>(
  config: ResolvedClusterConfig,
  workspace: AzureMlWorkspaceRegistration<I>,
  refs: { readonly resourceGroupName: I; readonly resourceId: I; readonly tags?: Record<string, I>; readonly tls?: { readonly cert: I; readonly key: I } },
): {
  resourceGroupName: I;
  workspaceName: I;
  computeName: string;
  location?: I | string;
  tags?: Record<string, I>;
  properties: { computeType: 'AKS'; resourceId: I; description?: string; properties: AmlAksComputeProperties<I> };
} {
  const location = workspace.location ?? config.location;
  return {
    resourceGroupName: workspace.resourceGroupName ?? refs.resourceGroupName,
    workspaceName: workspace.workspaceName,
    computeName: workspace.computeName ?? config.name,
    ...(location !== undefined ? { location } : {}),
    ...(refs.tags ? { tags: refs.tags } : {}),
    properties: {
      computeType: 'AKS',
      resourceId: refs.resourceId,
      ...(workspace.description !== undefined ? { description: workspace.description } : {}),
      properties: amlAksComputeProperties<I>(config, refs.tls),
    },
  };
}
