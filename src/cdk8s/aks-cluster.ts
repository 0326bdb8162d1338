/**
 * The AKS cluster for GitOps repos that provision clusters with Azure Service
 * Operator v2: the v1 `AksCompute` model and purpose rules (the same core as the
 * Pulumi `AksCluster`), synthesized as ASO objects.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigurationError, ConfigurationWarning } from '../core/errors';
import {
  AsoClusterProps,
  AsoSecretDestination,
  CapacityReport,
  CapacityService,
  ResolvedClusterConfig,
  capacityServicesOf,
  checkCapacity,
  planAksCluster,
} from '../core/cluster';
import type { ClusterConfigMapEntry } from '../core/identity/cluster-exports';
import { addApiObjects } from './objects';
import { reportWarnings } from './warnings';

/** A service's resolved deploy configuration (what the capacity checks read). */
type ResolvedDeployConfiguration = CapacityService['config'];

/**
 * The props of {@link AksCluster}: the v1 cluster parameters (the same props as
 * the Pulumi `AksCluster`) and where the Azure Service Operator objects go.
 */
export interface AksClusterProps extends AsoClusterProps {}

/**
 * A service to place on the cluster: a core `CapacityService` (`{ name, config }`),
 * a construct with `serviceName` and a resolved `config`, such as
 * `AksWebserviceConstruct`, or one with `endpointName` and a `config` with
 * `versions`, such as `AksEndpointConstruct` (each version is a service, named
 * `<endpoint>/<version>`).
 */
export type ClusterCapacityTarget =
  | CapacityService
  | { readonly serviceName: string; readonly config: ResolvedDeployConfiguration }
  | { readonly endpointName: string; readonly config: { readonly versions: readonly (ResolvedDeployConfiguration & { readonly versionName: string })[] } };

/**
 * An AKS cluster with the Azure ML SDK v1 `AksCompute` semantics, synthesized as
 * Azure Service Operator v2 objects: a `ResourceGroup`
 * (`resources.azure.com/v1api20200601`), the `ManagedCluster` and a
 * `ManagedClustersAgentPool` for the GPU pool
 * (`containerservice.azure.com/v1api20250801`).
 *
 * The purpose rules of v1 (FastProd/DenseProd: at least 3 nodes and 12 vCPUs)
 * and every other rule are checked first: invalid props throw one
 * `ConfigurationError` listing every problem, before any object is added.
 *
 * The system pool is `agentCount` × `vmSize` (defaults 3 × Standard_D3_v2, 1 node
 * for DevTest); the GPU pool is tainted `sku=gpu:NoSchedule`, which the GPU
 * scoring pods tolerate. ASO writes the user kubeconfig to the Secret
 * `<cluster>-kubeconfig` (key `kubeconfig`).
 *
 * An attached cluster (`resourceId`, or `resourceGroup` + `clusterName`)
 * synthesizes nothing: ASO would take the cluster over and reconcile it to these
 * props. Its configuration is still checked and serves the capacity checks.
 *
 * @example
 * const cluster = new AksCluster(chart, 'cluster', {
 *   name: 'ml-prod',
 *   location: 'westeurope',
 *   resourceGroupName: 'ml-prod-rg',
 *   gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 },
 * });
 * cluster.assertCapacity([fraudService]);
 */
export class AksCluster extends Construct {
  /** The configuration with every v1 default applied. */
  public readonly config: ResolvedClusterConfig;
  /** The ASO objects, in apply order (empty for an attached cluster). */
  public readonly apiObjects: ApiObject[];
  /** The ResourceGroup, unless createResourceGroup is false or the cluster is attached. */
  public readonly resourceGroup?: ApiObject;
  /** The ManagedCluster, unless the cluster is attached. */
  public readonly managedCluster?: ApiObject;
  /** The GPU ManagedClustersAgentPool, when a GPU pool is provisioned. */
  public readonly gpuAgentPool?: ApiObject;
  /** Where ASO writes the user kubeconfig, when exported. */
  public readonly kubeconfigSecret?: AsoSecretDestination;
  /**
   * The annotations of the LoadBalancer Service that exposes scoring: none for
   * `PublicIp`, the internal load balancer and its subnet for `InternalLoadBalancer`.
   * Pass them as `infrastructureAnnotations` to `AksMlGateway` (Envoy Gateway puts
   * them on its proxies' Service, the load balancer).
   */
  public readonly loadBalancerServiceAnnotations: Record<string, string>;
  /**
   * Where ASO exports the cluster's OIDC issuer URL (the ConfigMap
   * `<cluster>-identity`, entry `oidcIssuerURL`): pass the cluster to
   * `WorkloadIdentity.create({ cluster })`, whose federated credential reads it.
   * Undefined for an attached cluster.
   */
  public readonly oidcIssuerConfigMap?: ClusterConfigMapEntry;
  /**
   * Where ASO exports the object id of the cluster's kubelet identity (the ConfigMap
   * `<cluster>-identity`, entry `kubeletObjectId`), which `AcrPull` assignments read.
   * Undefined for an attached cluster.
   */
  public readonly kubeletIdentityConfigMap?: ClusterConfigMapEntry;
  /** The cluster's Azure resource group (`resourceGroupName`, or an attached cluster's `resourceGroup`), when given. */
  public readonly resourceGroupName?: string;
  /** The warnings reported for this cluster. */
  public readonly warnings: string[];

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    // Validate and plan before the construct joins the tree: invalid props leave no trace.
    const name = typeof (props as unknown as Record<string, unknown> | undefined)?.name === 'string' ? props.name : id;
    const subject = `AksCluster "${name}"`;
    const plan = planAksCluster(props, { subject });
    super(scope, id);
    this.config = plan.config;
    this.warnings = reportWarnings(this, subject, plan.warnings);
    this.apiObjects = addApiObjects(this, plan.objects);
    const find = (o: unknown) => (o === undefined ? undefined : this.apiObjects[plan.objects.indexOf(o as never)]);
    this.resourceGroup = find(plan.resourceGroup);
    this.managedCluster = find(plan.managedCluster);
    this.gpuAgentPool = find(plan.gpuAgentPool);
    this.kubeconfigSecret = plan.kubeconfigSecret;
    this.loadBalancerServiceAnnotations = plan.loadBalancerServiceAnnotations;
    const ns = plan.oidcIssuerConfigMap?.namespace ?? Chart.of(this).namespace;
    const inNamespace = (e: ClusterConfigMapEntry | undefined) => (e ? { ...e, ...(ns !== undefined ? { namespace: ns } : {}) } : undefined);
    this.oidcIssuerConfigMap = inNamespace(plan.oidcIssuerConfigMap);
    this.kubeletIdentityConfigMap = inNamespace(plan.kubeletIdentityConfigMap);
    this.resourceGroupName = props.resourceGroupName ?? plan.config.attach?.resourceGroup;
  }

  /**
   * Checks that the services fit this cluster's nodes (core `checkCapacity`):
   * problems for requests that can never be scheduled, warnings for minimum
   * replicas that do not fit together.
   */
  public checkCapacity(services: readonly ClusterCapacityTarget[]): CapacityReport {
    return checkCapacity(this.config, capacityServicesOf(this.config.name, services));
  }

  /**
   * Like {@link checkCapacity}, but throws one `ConfigurationError` listing every
   * problem; reports the warnings (construct metadata and the warning handler)
   * and returns them.
   */
  public assertCapacity(services: readonly ClusterCapacityTarget[]): ConfigurationWarning[] {
    const report = this.checkCapacity(services);
    if (report.problems.length > 0) throw new ConfigurationError(`the capacity of AksCluster "${this.config.name}"`, report.problems);
    reportWarnings(this, `AksCluster "${this.config.name}" capacity`, report.warnings);
    return report.warnings;
  }
}
