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
import type * as containerservice from '@pulumi/azure-native/containerservice';
import type * as machinelearningservices from '@pulumi/azure-native/machinelearningservices';
import type * as resources from '@pulumi/azure-native/resources';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  AksClusterConfigProps,
  AzureMlWorkspaceRegistration,
  AzureNativeClusterOptions,
  CapacityReport,
  CapacityService,
  ExistingAksClusterRef,
  ExistingNodePool,
  ResolvedAksClusterFeatures,
  ResolvedClusterConfig,
  azureNativeAgentPoolArgs,
  azureNativeComputeArgs,
  azureNativeManagedClusterArgs,
  capacityServicesOf,
  checkCapacity,
  checkExistingClusterPools,
  existingClusterNetworkPolicyWarnings,
  existingClusterAttachProps,
  planAzureNativeCluster,
  subnetResourceId,
} from '../core/cluster';
import { ConfigurationError, ConfigurationWarning, formatWarning } from '../core/errors';
import { loadAzureNative } from './cluster-azure-native';
import { logWarnings, withDefaultName } from './component-support';
import { AKS_CLUSTER_NAME_PATTERN } from '../core/cluster/props';
import { isDeferred } from './inputs';
import { setProviderDefaultNamespace } from './kube-resources';

export type { ExistingAksClusterRef } from '../core/cluster';

/** A service's resolved deploy configuration (what the capacity checks read). */
type ResolvedDeployConfiguration = CapacityService['config'];

/** Registration of the cluster in an Azure ML workspace (v1 `ComputeTarget.attach`). */
export interface AksClusterWorkspaceOptions extends AzureMlWorkspaceRegistration<pulumi.Input<string>> {}

/**
 * The props of {@link AksCluster}: the v1 cluster parameters of the core
 * (`AksClusterConfigProps`, the same as the cdk8s `AksCluster`), plus where the
 * cluster goes in Azure. The core props must be plain values: they are validated
 * before anything is created.
 */
export interface AksClusterArgs extends Omit<AksClusterConfigProps, 'name'>, AzureNativeClusterOptions<pulumi.Input<string>> {
  /**
   * The compute target / AKS cluster name (1 to 63 letters, digits, "-" and "_").
   * v1: the `name` of `ComputeTarget.create`.
   * @default - the resource name, when it is a valid cluster name
   */
  readonly name?: string;
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
    const { attach, clusterName } = existingClusterAttachProps(`AksCluster "${name}"`, ref);
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
    args = withDefaultName(args, name, (n: string) => n.length <= 63 && AKS_CLUSTER_NAME_PATTERN.test(n));
    const nameProp = (args as unknown as Record<string, unknown> | undefined)?.name;
    const subject = `AksCluster "${typeof nameProp === 'string' ? nameProp : name}"`;
    // Validate (and read the TLS files) before anything is registered: every rule is the core's.
    // Without a name (and a resource name that is no valid one), the core reports it.
    const plan = planAzureNativeCluster<pulumi.Input<string>>(args as AksClusterArgs & { name: string }, { subject, isDeferred });
    const azure = loadAzureNative(subject);
    super(AksCluster.TYPE, name, {}, opts);

    const config = plan.config;
    this.config = config;
    this.features = plan.features;
    this.warnings = logWarnings(this, subject, plan.warnings);
    this.loadBalancerServiceAnnotations = plan.loadBalancerServiceAnnotations;
    // A plain copy: Pulumi's serializer fails on an object without a prototype (Object.create(null)).
    const tags = args.tags ? { ...args.tags } : undefined;

    let ready: pulumi.Output<unknown> = pulumi.output(true);
    if (plan.cluster) {
      const cluster = plan.cluster;
      let rgName: pulumi.Output<string>;
      if (plan.resourceGroup) {
        this.resourceGroup = new azure.resources.ResourceGroup(`${name}-rg`, plan.resourceGroup, { parent: this });
        rgName = this.resourceGroup.name;
      } else {
        rgName = pulumi.output(plan.existingResourceGroupName as pulumi.Input<string>);
      }
      let subnetId: pulumi.Output<string> | undefined;
      if (cluster.nodeSubnet) {
        const vnet = cluster.nodeSubnet;
        const subscription = args.subscriptionId ?? azure.authorization.getClientConfigOutput({ parent: this }).subscriptionId;
        subnetId = pulumi.output(subscription).apply((sub) => subnetResourceId(sub, vnet));
      }
      this.managedCluster = new azure.containerservice.ManagedCluster(`${name}-aks`, azureNativeManagedClusterArgs<pulumi.Input<string>>(cluster, {
        resourceGroupName: rgName,
        ...(this.resourceGroup ? { location: this.resourceGroup.location } : {}),
        ...(subnetId ? { subnetId } : {}),
      }), { parent: this });
      for (const pool of cluster.userPools) {
        const agentPool = new azure.containerservice.AgentPool(`${name}-${pool.name}`, azureNativeAgentPoolArgs<pulumi.Input<string>>(cluster, pool, {
          resourceGroupName: rgName,
          clusterName: this.managedCluster.name,
          ...(subnetId ? { subnetId } : {}),
        }), { parent: this });
        if (pool.name === config.gpuPool?.name) this.gpuAgentPool = agentPool;
      }
      this.resourceGroupName = rgName;
      this.clusterName = this.managedCluster.name;
      this.clusterId = this.managedCluster.id;
      this.oidcIssuerUrl = this.managedCluster.oidcIssuerProfile.apply((p) => p?.issuerURL);
    } else {
      const ref = plan.existing as NonNullable<typeof plan.existing>;
      const existing = azure.containerservice.getManagedClusterOutput({ resourceGroupName: ref.resourceGroupName, resourceName: ref.clusterName }, { parent: this });
      // The purpose applies to the actual node pools too (v1: checked by the service on attach).
      ready = existing.apply((mc) => {
        const check = checkExistingClusterPools(config, (mc.agentPoolProfiles ?? []) as ExistingNodePool[]);
        // The NetworkPolicy engine the cluster actually runs (none: the services' policies are not enforced).
        check.warnings.push(...existingClusterNetworkPolicyWarnings(config, { networkPolicy: mc.networkProfile?.networkPolicy }));
        for (const w of check.warnings) void pulumi.log.warn(formatWarning(subject, w), this);
        if (check.problems.length > 0) throw new ConfigurationError(subject, check.problems);
        return true;
      });
      this.resourceGroupName = pulumi.output(ref.resourceGroupName);
      this.clusterName = pulumi.output(ref.clusterName);
      this.clusterId = ref.resourceId !== undefined ? pulumi.output(ref.resourceId) : existing.id;
      this.oidcIssuerUrl = existing.apply((mc) => mc.oidcIssuerProfile?.issuerURL);
    }

    const credentials = azure.containerservice.listManagedClusterUserCredentialsOutput(
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
      const tls = plan.tlsContent ? { cert: pulumi.output(plan.tlsContent.cert), key: pulumi.secret(plan.tlsContent.key) } : undefined;
      const computeArgs = azureNativeComputeArgs<pulumi.Input<string>>(config, args.workspace, {
        resourceGroupName: this.resourceGroupName,
        resourceId: pulumi.all([this.clusterId, ready]).apply(([id]) => id),
        ...(tags ? { tags } : {}),
        ...(tls ? { tls } : {}),
      });
      this.computeName = computeArgs.computeName;
      this.compute = new azure.machinelearningservices.Compute(`${name}-compute`, computeArgs, {
        parent: this,
        ...(this.gpuAgentPool ? { dependsOn: [this.gpuAgentPool] } : {}),
      });
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
    return checkCapacity(this.config, capacityServicesOf(this.config.name, services, { isDeferred }));
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
