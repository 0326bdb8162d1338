/**
 * The AKS cluster as a Pulumi component (azure-native): the v1 `AksCompute` model
 * and purpose rules of the engine-free core, a ManagedCluster sized by purpose,
 * an optional GPU pool, the user kubeconfig and a Kubernetes provider, and the
 * optional registration in an Azure ML workspace as an inference cluster.
 *
 * azure-native field names are those of the package's default API versions:
 * containerservice 2025-09-01 (ManagedCluster, AgentPool,
 * listManagedClusterUserCredentials, getManagedCluster),
 * machinelearningservices 2025-12-01 (Compute), resources 2024-03-01 (ResourceGroup).
 */
import { readFileSync } from 'fs';
import * as authorization from '@pulumi/azure-native/authorization';
import * as containerservice from '@pulumi/azure-native/containerservice';
import * as machinelearningservices from '@pulumi/azure-native/machinelearningservices';
import * as resources from '@pulumi/azure-native/resources';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { AKS_DNS_PREFIX_PATTERN, AksClusterConfigProps, AksClusterFeatureProps, aksNetworkProfile, amlAksComputeProperties, azureClusterWarnings, CapacityReport, CapacityService, checkAksClusterFeatures, checkAzureTags, checkCapacity, checkExistingClusterPools, CLUSTER_CONFIG_PROPS, defaultDnsPrefix, ExistingNodePool, loadBalancerServiceAnnotations, parseAksResourceId, resolveAksClusterFeatures, resolveClusterConfig, ResolvedAksClusterFeatures, ResolvedClusterConfig, ResolvedNodePool, RESOURCE_GROUP_NAME_PATTERN, subnetResourceId, SUBSCRIPTION_ID_PATTERN } from '../core/cluster';
import { ConfigurationError, ConfigurationWarning, formatWarning, ProblemCollector } from '../core/errors';
import { ResolvedDeployConfiguration } from '../core/webservice/deploy-configuration';
import { checkBoolean, checkNamespace, isPlainObject } from '../core/validation';
import { logWarnings } from './component-support';
import { isDeferred } from './inputs';
import { setProviderDefaultNamespace } from './kube-resources';

/** Registration of the cluster in an Azure ML workspace (v1 `ComputeTarget.attach`). */
export interface AksClusterWorkspaceOptions {
  /** The Azure ML workspace. v1: the `workspace` of `ComputeTarget.attach`. */
  readonly workspaceName: pulumi.Input<string>;
  /**
   * The workspace's resource group.
   * @default - the cluster's resource group
   */
  readonly resourceGroupName?: pulumi.Input<string>;
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
  readonly location?: pulumi.Input<string>;
}

/**
 * The props of {@link AksCluster}: the v1 cluster parameters of the core
 * (`AksClusterConfigProps`, the same as the cdk8s `AksCluster`), plus where the
 * cluster goes in Azure. The core props must be plain values: they are validated
 * before anything is created.
 */
export interface AksClusterArgs extends AksClusterConfigProps, AksClusterFeatureProps {
  /**
   * The resource group of a new cluster: an existing group, or the name of the
   * group to create with `createResourceGroup`.
   * @default - "<name>-rg" with createResourceGroup; otherwise required
   */
  readonly resourceGroupName?: pulumi.Input<string>;
  /**
   * Create the resource group (in `location`).
   * @default false
   */
  readonly createResourceGroup?: boolean;
  /**
   * Azure tags of every Azure resource of the component.
   * @default - none
   */
  readonly tags?: Record<string, pulumi.Input<string>>;
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
  readonly subscriptionId?: pulumi.Input<string>;
  /**
   * Register the cluster in an Azure ML workspace as an inference cluster (an
   * `AKS` compute target with the cluster purpose), as v1 `ComputeTarget.attach` did.
   * @default - not registered
   */
  readonly workspace?: AksClusterWorkspaceOptions;
  /**
   * The `namespace` of the Kubernetes provider ({@link AksCluster.provider}): where
   * objects without a namespace go. The components given this provider take it as
   * their `defaultNamespace` (a provider's namespace cannot be read back from the
   * provider, so this is how they learn it).
   * @default - none (the provider uses the kubeconfig's namespace, "default")
   */
  readonly defaultNamespace?: string;
}

/** How {@link AksCluster.fromExisting} finds the cluster: v1 `attach_configuration`. */
export type ExistingAksClusterRef =
  | { readonly resourceId: string }
  | { readonly resourceGroupName: string; readonly clusterName: string };

/**
 * The props of an attached cluster: its purpose and the size of its nodes (for
 * the purpose and capacity checks; `gpuPool` describes an existing GPU pool), TLS
 * and load balancer settings, tags and the workspace registration.
 */
export interface ExistingAksClusterArgs
  extends Omit<AksClusterConfigProps, 'name' | 'resourceId' | 'resourceGroup' | 'clusterName'> {
  /**
   * The compute target name. v1: the `name` of `ComputeTarget.attach`.
   * @default - the cluster's name
   */
  readonly name?: string;
  /** Azure tags of the workspace registration. */
  readonly tags?: Record<string, pulumi.Input<string>>;
  /** Register the cluster in an Azure ML workspace. */
  readonly workspace?: AksClusterWorkspaceOptions;
  /** The namespace of the Kubernetes provider (see {@link AksClusterArgs.defaultNamespace}). */
  readonly defaultNamespace?: string;
}

/** The configuration of an endpoint, as far as the capacity checks read it. */
export interface CapacityEndpointConfig {
  readonly versions: readonly (ResolvedDeployConfiguration & { readonly versionName: string })[];
}

/**
 * A service to place on the cluster: a core `CapacityService` (`{ name, config }`),
 * a component with `serviceName` and its plain `resolvedConfig`, such as
 * `AksWebservice`, or one with `endpointName` and a `resolvedConfig` with
 * `versions`, such as `AksEndpoint` (each version is a service, named
 * `<endpoint>/<version>`). A plain `config` is accepted in place of `resolvedConfig`
 * (as with the cdk8s constructs); an Output is not: the checks run before anything
 * is created.
 */
export type AksClusterCapacityTarget =
  | CapacityService
  | { readonly serviceName: string; readonly resolvedConfig: ResolvedDeployConfiguration }
  | { readonly endpointName: string; readonly resolvedConfig: CapacityEndpointConfig }
  | { readonly serviceName: string; readonly config: ResolvedDeployConfiguration }
  | { readonly endpointName: string; readonly config: CapacityEndpointConfig };

interface ClusterPlan {
  readonly config: ResolvedClusterConfig;
  readonly warnings: ConfigurationWarning[];
  readonly features: ResolvedAksClusterFeatures;
  /** Certificate and key contents for the workspace registration (cname TLS). */
  readonly tlsContent?: { readonly cert: string; readonly key: string };
}

const PULUMI_KEYS = new Set([
  'resourceGroupName', 'createResourceGroup', 'tags', 'dnsPrefix', 'subscriptionId', 'workspace', 'keda', 'blobCsiDriver',
  'defaultNamespace',
]);
const CORE_KEYS: ReadonlySet<string> = new Set(CLUSTER_CONFIG_PROPS);

function isStringInput(v: unknown): boolean {
  return typeof v === 'string' || isDeferred(v);
}

/** Validates every prop and reads the TLS files; throws one ConfigurationError. */
function planAksCluster(subject: string, args: AksClusterArgs): ClusterPlan {
  const problems: string[] = [];
  let resolved: { config: ResolvedClusterConfig; warnings: ConfigurationWarning[] } | undefined;
  try {
    resolved = resolveClusterConfig(args);
  } catch (e) {
    if (!(e instanceof ConfigurationError)) throw e;
    problems.push(...e.problems);
  }
  const c = new ProblemCollector();
  const a = (isPlainObject(args) ? args : {}) as Record<string, unknown>;
  for (const k of Object.keys(a)) {
    if (!PULUMI_KEYS.has(k) && !CORE_KEYS.has(k)) c.add(k, a[k], 'is not a known prop of AksCluster');
  }
  checkBoolean(c, 'createResourceGroup', a.createResourceGroup);
  checkNamespace(c, 'defaultNamespace', a.defaultNamespace);
  checkAksClusterFeatures(c, args);
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
      const extra = Object.keys(ws).filter((k) => !['workspaceName', 'resourceGroupName', 'computeName', 'description', 'location'].includes(k));
      for (const k of extra) c.add(`workspace.${k}`, ws[k], 'is not a known prop');
    }
  }

  const config = resolved?.config;
  const warnings: ConfigurationWarning[] = [...(resolved?.warnings ?? [])];
  let tlsContent: { cert: string; key: string } | undefined;
  if (config?.mode === 'provision') {
    if (a.resourceGroupName === undefined && a.createResourceGroup !== true) {
      c.addRaw('A new cluster needs a resource group: set resourceGroupName (an existing group) or createResourceGroup: true (with resourceGroupName, or "<name>-rg").');
    }
  } else if (config?.mode === 'attach') {
    const provisionOnly = ['resourceGroupName', 'createResourceGroup', 'dnsPrefix', 'subscriptionId', 'keda', 'blobCsiDriver'].filter((k) => a[k] !== undefined);
    if (provisionOnly.length > 0) {
      c.addRaw(`${provisionOnly.join(', ')} ${provisionOnly.length === 1 ? 'applies' : 'apply'} only when provisioning a new cluster, but resourceId or resourceGroup/clusterName attach an existing one: remove ${provisionOnly.length === 1 ? 'it' : 'them'}.`);
    }
  }
  if (config) {
    warnings.push(...azureClusterWarnings(config));
    if (config.tls && ws === undefined) {
      warnings.push({
        prop: config.tls.kind === 'cname' ? 'sslCname' : 'leafDomainLabel',
        message: 'TLS is configured on the Azure ML inference router of a registered cluster: set workspace to register the cluster, or terminate TLS at your gateway.',
      });
    }
    if (config.tls?.kind === 'cname' && ws !== undefined) {
      const read = (prop: string, inline: string | undefined, file: string | undefined, marker: RegExp, what: string): string => {
        if (inline !== undefined) return inline;
        try {
          const text = readFileSync(file as string, 'utf8');
          if (!marker.test(text)) c.add(prop, file, `must be a PEM ${what} file`);
          return text;
        } catch (e) {
          c.add(prop, file, `must be a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
          return '';
        }
      };
      const cert = read('sslCertPemFile (v1: ssl_cert_pem_file)', config.tls.cert, config.tls.certPemFile, /-----BEGIN CERTIFICATE-----/, 'certificate');
      const key = read('sslKeyPemFile (v1: ssl_key_pem_file)', config.tls.key, config.tls.keyPemFile, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key');
      tlsContent = { cert, key };
    }
  }
  problems.push(...c.problems);
  if (problems.length > 0 || !config) throw new ConfigurationError(subject, problems);
  return { config, warnings, features: resolveAksClusterFeatures(args), ...(tlsContent ? { tlsContent } : {}) };
}

/** The configuration without the TLS key (it is sent to Azure as a secret only). */
function redacted(config: ResolvedClusterConfig): ResolvedClusterConfig {
  if (config.tls?.kind !== 'cname' || config.tls.key === undefined) return config;
  const { key: _key, ...tls } = config.tls;
  return { ...config, tls };
}

/**
 * An AKS cluster with the Azure ML SDK v1 `AksCompute` semantics, as a Pulumi
 * component (azure-native).
 *
 * Creates an optional `resources.ResourceGroup`, a `containerservice.ManagedCluster`
 * with the system agent pool sized by purpose (`agentCount` × `vmSize`, mode
 * System; defaults 3 × Standard_D3_v2, 1 node for DevTest), a SystemAssigned
 * identity, the OIDC issuer and workload identity (the blob model source uses
 * workload identity), the Blob CSI driver, the KEDA add-on and the network
 * settings (Azure CNI in the given subnet with the service CIDR and DNS service
 * IP), an optional GPU `containerservice.AgentPool` (mode User, tainted
 * `sku=gpu:NoSchedule`, labelled `sku=gpu`), the user kubeconfig (a secret) and a
 * Kubernetes provider for the services, and optionally the registration in an
 * Azure ML workspace (`machinelearningservices.Compute`, computeType `AKS`, with
 * the cluster purpose).
 *
 * Every rule of the core (the v1 purpose rules included) is checked before any
 * resource is registered: invalid props throw one `ConfigurationError`.
 *
 * The load balancer type is a property of the Service that exposes scoring on
 * AKS: {@link loadBalancerServiceAnnotations} are the annotations it needs (pass
 * them as `infrastructureAnnotations` to `AksMlGateway`, whose proxies' Service it is).
 *
 * @example
 * const cluster = new AksCluster('ml', {
 *   name: 'ml-prod',
 *   location: 'westeurope',
 *   createResourceGroup: true,
 *   gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 },
 * });
 * const ws = new AksWebservice('fraud', { ... }, { provider: cluster.provider });
 * cluster.assertCapacity([ws]);
 * export const kubeconfig = cluster.kubeconfig; // secret
 */
export class AksCluster extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aks-ml-constructs:index:AksCluster';

  /**
   * Attaches an existing cluster (v1 `AksCompute.attach_configuration`): by
   * resource id, or by resource group and cluster name. Nothing is created but
   * the optional workspace registration and the Kubernetes provider; the
   * credentials are looked up. The purpose rules apply to the declared
   * `agentCount`/`vmSize` now, and to the cluster's actual node pools when the
   * update runs (a production purpose on fewer than 3 nodes or 12 vCPUs fails it).
   */
  public static fromExisting(
    name: string,
    ref: ExistingAksClusterRef,
    args: ExistingAksClusterArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ): AksCluster {
    const r = (isPlainObject(ref) ? ref : {}) as Record<string, unknown>;
    let clusterName: string | undefined = typeof r.clusterName === 'string' ? r.clusterName : undefined;
    if (typeof r.resourceId === 'string') {
      try {
        clusterName = parseAksResourceId(r.resourceId).clusterName;
      } catch {
        // The core reports the invalid id.
      }
    }
    const attach = r.resourceId !== undefined
      ? { resourceId: r.resourceId as string }
      : { resourceGroup: r.resourceGroupName as string, clusterName: r.clusterName as string };
    const extra = Object.keys(r).filter((k) => !['resourceId', 'resourceGroupName', 'clusterName'].includes(k));
    if (extra.length > 0 || (r.resourceId !== undefined && (r.resourceGroupName !== undefined || r.clusterName !== undefined))) {
      throw new ConfigurationError(`AksCluster "${name}"`, [
        'fromExisting takes { resourceId } or { resourceGroupName, clusterName }' + (extra.length > 0 ? `; unknown: ${extra.join(', ')}` : '') + '.',
      ]);
    }
    return new AksCluster(name, { ...args, name: args.name ?? clusterName ?? name, ...attach } as AksClusterArgs, opts);
  }

  /** The configuration with every v1 default applied (without the TLS key). */
  public readonly config: ResolvedClusterConfig;
  /** The AKS features (OIDC issuer, workload identity, Blob CSI driver, KEDA). */
  public readonly features: ResolvedAksClusterFeatures;
  /** The cluster's resource group. */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** The AKS cluster name. */
  public readonly clusterName: pulumi.Output<string>;
  /** The AKS cluster's ARM resource id. */
  public readonly clusterId: pulumi.Output<string>;
  /** The user kubeconfig (a secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** A Kubernetes provider for this cluster: pass it to the services (`{ provider }`). */
  public readonly provider: k8s.Provider;
  /** The provider's namespace, when `defaultNamespace` is set. */
  public readonly defaultNamespace?: string;
  /** The OIDC issuer URL (for workload identity federated credentials). */
  public readonly oidcIssuerUrl: pulumi.Output<string | undefined>;
  /**
   * The annotations of the LoadBalancer Service that exposes scoring (internal load
   * balancer and subnet; none for `PublicIp`): the `infrastructureAnnotations` of `AksMlGateway`.
   */
  public readonly loadBalancerServiceAnnotations: Record<string, string>;
  /** The created resource group. */
  public readonly resourceGroup?: resources.ResourceGroup;
  /** The created AKS cluster (undefined when attached). */
  public readonly managedCluster?: containerservice.ManagedCluster;
  /** The GPU node pool (when provisioned). */
  public readonly gpuAgentPool?: containerservice.AgentPool;
  /** The Azure ML compute target (with `workspace`). */
  public readonly compute?: machinelearningservices.Compute;
  /** The compute target name in the workspace (with `workspace`). */
  public readonly computeName?: string;
  /** The warnings logged for this cluster. */
  public readonly warnings: string[];

  constructor(name: string, args: AksClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const nameProp = (args as unknown as Record<string, unknown> | undefined)?.name;
    const subject = `AksCluster "${typeof nameProp === 'string' ? nameProp : name}"`;
    // Validate (and read the TLS files) before anything is registered.
    const plan = planAksCluster(subject, args);
    super(AksCluster.TYPE, name, {}, opts);

    const config = plan.config;
    this.config = redacted(config);
    this.features = plan.features;
    this.warnings = logWarnings(this, subject, plan.warnings);
    this.loadBalancerServiceAnnotations = loadBalancerServiceAnnotations(config);
    // A plain copy: Pulumi's serializer fails on an object without a prototype (Object.create(null)).
    const tags = args.tags ? { ...args.tags } : undefined;

    let ready: pulumi.Output<unknown> = pulumi.output(true);
    let existing: pulumi.Output<containerservice.GetManagedClusterResult> | undefined;
    if (config.mode === 'provision') {
      let rgName: pulumi.Output<string>;
      if (args.createResourceGroup === true) {
        this.resourceGroup = new resources.ResourceGroup(`${name}-rg`, {
          resourceGroupName: args.resourceGroupName ?? `${config.name}-rg`,
          ...(config.location !== undefined ? { location: config.location } : {}),
          ...(tags ? { tags } : {}),
        }, { parent: this });
        rgName = this.resourceGroup.name;
      } else {
        rgName = pulumi.output(args.resourceGroupName as pulumi.Input<string>);
      }
      let subnetId: pulumi.Output<string> | undefined;
      if (config.vnet) {
        const vnet = config.vnet;
        const subscription = args.subscriptionId ?? authorization.getClientConfigOutput({ parent: this }).subscriptionId;
        subnetId = pulumi.output(subscription).apply((sub) => subnetResourceId(sub, vnet));
      }
      const pool = (p: ResolvedNodePool) => ({
        count: p.nodeCount,
        vmSize: p.vmSize.name,
        mode: p.mode,
        osType: 'Linux',
        type: 'VirtualMachineScaleSets',
        maxPods: config.maxPodsPerNode,
        ...(p.maxCount !== undefined ? { enableAutoScaling: true, minCount: p.minCount, maxCount: p.maxCount } : {}),
        ...(p.taints.length > 0 ? { nodeTaints: [...p.taints] } : {}),
        ...(Object.keys(p.labels).length > 0 ? { nodeLabels: { ...p.labels } } : {}),
        ...(subnetId ? { vnetSubnetID: subnetId } : {}),
      });
      const location = config.location ?? this.resourceGroup?.location;
      this.managedCluster = new containerservice.ManagedCluster(`${name}-aks`, {
        resourceGroupName: rgName,
        resourceName: config.name,
        // Without location: the resource group's (azure-native's default).
        ...(location !== undefined ? { location } : {}),
        dnsPrefix: args.dnsPrefix ?? defaultDnsPrefix(config.name),
        ...(config.kubernetesVersion !== undefined ? { kubernetesVersion: config.kubernetesVersion } : {}),
        ...(config.clusterSku !== undefined ? { sku: { name: 'Base', tier: config.clusterSku } } : {}),
        identity: { type: containerservice.ResourceIdentityType.SystemAssigned },
        enableRBAC: true,
        agentPoolProfiles: [{ name: config.systemPool.name, ...pool(config.systemPool) }],
        networkProfile: aksNetworkProfile(config),
        oidcIssuerProfile: { enabled: plan.features.oidcIssuer },
        securityProfile: { workloadIdentity: { enabled: plan.features.workloadIdentity } },
        storageProfile: { blobCSIDriver: { enabled: plan.features.blobCsiDriver } },
        workloadAutoScalerProfile: { keda: { enabled: plan.features.keda } },
        ...(tags ? { tags } : {}),
      }, { parent: this });
      if (config.gpuPool) {
        const gpu = config.gpuPool;
        this.gpuAgentPool = new containerservice.AgentPool(`${name}-${gpu.name}`, {
          resourceGroupName: rgName,
          resourceName: this.managedCluster.name,
          agentPoolName: gpu.name,
          ...pool(gpu),
          ...(config.kubernetesVersion !== undefined ? { orchestratorVersion: config.kubernetesVersion } : {}),
          ...(tags ? { tags } : {}),
        }, { parent: this });
      }
      this.resourceGroupName = rgName;
      this.clusterName = this.managedCluster.name;
      this.clusterId = this.managedCluster.id;
      this.oidcIssuerUrl = this.managedCluster.oidcIssuerProfile.apply((p) => p?.issuerURL);
    } else {
      const attach = config.attach ?? {};
      const ref = attach.resourceId !== undefined
        ? parseAksResourceId(attach.resourceId)
        : { resourceGroupName: attach.resourceGroup as string, clusterName: attach.clusterName as string };
      existing = containerservice.getManagedClusterOutput({ resourceGroupName: ref.resourceGroupName, resourceName: ref.clusterName }, { parent: this });
      // The purpose applies to the actual node pools too (v1: checked by the service on attach).
      ready = existing.apply((mc) => {
        const check = checkExistingClusterPools(config, (mc.agentPoolProfiles ?? []) as ExistingNodePool[]);
        for (const w of check.warnings) void pulumi.log.warn(formatWarning(subject, w), this);
        if (check.problems.length > 0) throw new ConfigurationError(subject, check.problems);
        return true;
      });
      this.resourceGroupName = pulumi.output(ref.resourceGroupName);
      this.clusterName = pulumi.output(ref.clusterName);
      this.clusterId = attach.resourceId !== undefined ? pulumi.output(attach.resourceId) : existing.id;
      this.oidcIssuerUrl = existing.apply((mc) => mc.oidcIssuerProfile?.issuerURL);
    }

    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
      { resourceGroupName: this.resourceGroupName, resourceName: this.clusterName },
      { parent: this },
    );
    this.kubeconfig = pulumi.secret(
      pulumi.all([credentials, ready]).apply(([creds]) => {
        const value = creds.kubeconfigs?.[0]?.value;
        if (typeof value !== 'string' || value.length === 0) {
          throw new Error(`${subject}: the AKS API returned no user kubeconfig (listManagedClusterUserCredentials).`);
        }
        return Buffer.from(value, 'base64').toString('utf8');
      }),
    );
    const defaultNamespace = args.defaultNamespace;
    this.provider = new k8s.Provider(`${name}-k8s`, {
      kubeconfig: this.kubeconfig,
      ...(defaultNamespace !== undefined ? { namespace: defaultNamespace } : {}),
    }, { parent: this });
    if (defaultNamespace !== undefined) setProviderDefaultNamespace(this.provider, defaultNamespace);
    this.defaultNamespace = defaultNamespace;

    if (args.workspace) {
      const ws = args.workspace;
      this.computeName = ws.computeName ?? config.name;
      const tls = plan.tlsContent ? { cert: pulumi.output(plan.tlsContent.cert), key: pulumi.secret(plan.tlsContent.key) } : undefined;
      const location = ws.location ?? config.location;
      this.compute = new machinelearningservices.Compute(`${name}-compute`, {
        resourceGroupName: ws.resourceGroupName ?? this.resourceGroupName,
        workspaceName: ws.workspaceName,
        computeName: this.computeName,
        ...(location !== undefined ? { location } : {}),
        ...(tags ? { tags } : {}),
        properties: {
          computeType: 'AKS',
          resourceId: pulumi.all([this.clusterId, ready]).apply(([id]) => id),
          ...(ws.description !== undefined ? { description: ws.description } : {}),
          properties: amlAksComputeProperties<pulumi.Output<string>>(config, tls),
        },
      }, { parent: this, ...(this.gpuAgentPool ? { dependsOn: [this.gpuAgentPool] } : {}) });
    }

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      clusterName: this.clusterName,
      clusterId: this.clusterId,
      kubeconfig: this.kubeconfig,
      oidcIssuerUrl: this.oidcIssuerUrl,
      clusterPurpose: config.clusterPurpose,
      ...(this.computeName !== undefined ? { computeName: this.computeName } : {}),
    });
  }

  /**
   * Checks that the services fit this cluster's nodes (core `checkCapacity`):
   * problems for requests that can never be scheduled, warnings for minimum
   * replicas that do not fit together. Synchronous: the components' resolved
   * configurations are plain values (`resolvedConfig`).
   */
  public checkCapacity(services: readonly AksClusterCapacityTarget[]): CapacityReport {
    return checkCapacity(this.config, toCapacityServices(this.config.name, services));
  }

  /**
   * Places the services on this cluster with the core capacity checks: requests
   * that can never be scheduled throw one `ConfigurationError` at once (before the
   * program goes on, so nothing more is registered); minimum replicas that do not fit
   * together are logged as warnings and returned.
   */
  public assertCapacity(services: readonly AksClusterCapacityTarget[]): ConfigurationWarning[] {
    const report = this.checkCapacity(services);
    if (report.problems.length > 0) throw new ConfigurationError(`the capacity of AksCluster "${this.config.name}"`, report.problems);
    for (const w of report.warnings) void pulumi.log.warn(formatWarning(`AksCluster "${this.config.name}" capacity`, w), this);
    return report.warnings;
  }
}

/**
 * The core services of the targets: a component's `resolvedConfig` (else a plain
 * `config`); an endpoint's versions as `<endpoint>/<version>`. A config that is an
 * Output is a ConfigurationError (the checks cannot wait for it).
 */
function toCapacityServices(clusterName: string, targets: readonly AksClusterCapacityTarget[]): CapacityService[] {
  const deferred: string[] = [];
  const services = (Array.isArray(targets) ? targets : [targets]).flatMap((s): CapacityService[] => {
    const t = s as unknown as Record<string, unknown>;
    if (!t || typeof t !== 'object') return [s as CapacityService];
    const config = t.resolvedConfig !== undefined ? t.resolvedConfig : t.config;
    const label = typeof t.endpointName === 'string' ? t.endpointName : typeof t.serviceName === 'string' ? t.serviceName : t.name;
    if (isDeferred(config)) {
      deferred.push(`${String(label)}.config is an Output: pass the component itself (its resolvedConfig is plain) or a plain resolved configuration.`);
      return [];
    }
    if (typeof t.endpointName === 'string') {
      const c = config as CapacityEndpointConfig | undefined;
      return (Array.isArray(c?.versions) ? c!.versions : []).map((v) => ({ name: `${t.endpointName as string}/${v.versionName}`, config: v }));
    }
    if (typeof t.serviceName === 'string') return [{ name: t.serviceName, config: config as ResolvedDeployConfiguration }];
    return [s as CapacityService];
  });
  if (deferred.length > 0) throw new ConfigurationError(`the capacity of AksCluster "${clusterName}"`, deferred);
  return services;
}
