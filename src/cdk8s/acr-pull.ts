/**
 * AcrPull for the kubelet identity of a cluster declared with the cdk8s `AksCluster`,
 * as Azure Service Operator RoleAssignments.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AcrPullAssignment, AcrPullOptions, planAcrPull } from '../core/identity/acr-pull';
import type { ClusterConfigMapEntry } from '../core/identity/cluster-exports';
import { addApiObjects } from './objects';

/** The cluster of {@link AcrPull}: a cdk8s `AksCluster`. */
export interface AcrPullClusterRef {
  readonly config: { readonly name: string };
  readonly resourceGroupName?: string;
  readonly kubeletIdentityConfigMap?: ClusterConfigMapEntry;
}

export interface AcrPullProps extends AcrPullOptions {
  /** The cluster (a cdk8s `AksCluster`) whose kubelet identity pulls the images. */
  readonly cluster: AcrPullClusterRef;
  /**
   * The resource group of the cluster (names the assignments).
   * @default - the cluster's `resourceGroupName`
   */
  readonly resourceGroupName?: string;
  /**
   * The object id of the kubelet identity, for an attached cluster
   * (`az aks show --query identityProfile.kubeletidentity.objectId`).
   * @default - read by ASO from the ConfigMap the cluster's ManagedCluster exports it to
   */
  readonly kubeletObjectId?: string;
}

/**
 * The AcrPull role for a cluster's kubelet identity on container registries (what
 * `az aks update --attach-acr` assigns), as `authorization.azure.com`
 * RoleAssignments whose principal id ASO reads from the ConfigMap the cluster's
 * ManagedCluster exports the kubelet identity's object id to (`<cluster>-identity`,
 * entry `kubeletObjectId`). The assignments are named with stable GUIDs.
 *
 * @example
 * new AcrPull(chart, 'acr', { cluster, registryIds: [registryId] });
 */
export class AcrPull extends Construct {
  /** The assignments, one per registry. */
  public readonly assignments: AcrPullAssignment[];
  /** The RoleAssignment objects. */
  public readonly apiObjects: ApiObject[];

  constructor(scope: Construct, id: string, props: AcrPullProps) {
    const cluster = props?.cluster;
    const name = cluster?.config?.name ?? id;
    const rg = props?.resourceGroupName ?? cluster?.resourceGroupName ?? '';
    const plan = planAcrPull(props, {
      clusterName: name,
      resourceGroupName: rg,
      ...(cluster?.kubeletIdentityConfigMap ? { kubeletIdentityConfigMap: cluster.kubeletIdentityConfigMap } : {}),
    }, { subject: `AcrPull "${id}"`, engineCreates: false, labels: { 'app.kubernetes.io/managed-by': 'aks-ml-constructs', 'aks-ml-constructs.io/cluster': name } });
    super(scope, id);
    this.assignments = plan.assignments;
    this.apiObjects = addApiObjects(this, plan.objects);
  }
}
