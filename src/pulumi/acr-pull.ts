/**
 * AcrPull for the kubelet identity of a Pulumi `AksCluster`, as azure-native
 * `authorization.RoleAssignment`s.
 */
import type * as authorization from '@pulumi/azure-native/authorization';
import type * as containerservice from '@pulumi/azure-native/containerservice';
import * as pulumi from '@pulumi/pulumi';
import { AcrPullOptions, planAcrPull } from '../core/identity/acr-pull';
import { BUILT_IN_ROLES, roleAssignmentName } from '../core/identity/azure-ids';
import { loadAzureNative, loadAzureNativeIdentity } from './cluster-azure-native';

/** The cluster of {@link AcrPull}: a Pulumi `AksCluster`. */
export interface AcrPullClusterRef {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  /** The created cluster (undefined when attached: its kubelet identity is looked up). */
  readonly managedCluster?: containerservice.ManagedCluster;
}

export interface AcrPullArgs extends AcrPullOptions {
  /** The cluster (a Pulumi `AksCluster`) whose kubelet identity pulls the images. */
  readonly cluster: AcrPullClusterRef;
}

/**
 * The AcrPull role for a cluster's kubelet identity on container registries (what
 * `az aks update --attach-acr` assigns): one azure-native `authorization.RoleAssignment`
 * per registry (`<name>-<registry>`), principal = the cluster's
 * `identityProfile.kubeletidentity.objectId`, named with the same stable GUIDs as the
 * cdk8s `AcrPull`.
 *
 * @example
 * new AcrPull('acr', { cluster, registryIds: [registry.id] });
 */
export class AcrPull extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aks-ml-constructs:index:AcrPull';

  /** The role assignments, one per registry. */
  public readonly roleAssignments: authorization.RoleAssignment[];
  /** The kubelet identity's object id. */
  public readonly kubeletObjectId: pulumi.Output<string>;

  constructor(name: string, args: AcrPullArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const subject = `AcrPull "${name}"`;
    // Checks the registry ids before anything is registered (the names are computed once the cluster's are known).
    const plan = planAcrPull(args, { clusterName: 'cluster', resourceGroupName: 'group' }, { subject, engineCreates: true });
    const modules = loadAzureNativeIdentity(subject);
    super(AcrPull.TYPE, name, {}, opts);
    const cluster = args.cluster;
    const profile = cluster.managedCluster
      ? cluster.managedCluster.identityProfile
      : loadAzureNative(subject).containerservice.getManagedClusterOutput({ resourceGroupName: cluster.resourceGroupName, resourceName: cluster.clusterName }, { parent: this }).identityProfile;
    this.kubeletObjectId = pulumi.output(profile).apply((p) => {
      const id = p?.kubeletidentity?.objectId;
      if (typeof id !== 'string' || id.length === 0) throw new Error(`${subject}: the cluster has no kubelet identity (identityProfile.kubeletidentity.objectId).`);
      return id;
    });
    const principalKey = pulumi.all([cluster.resourceGroupName, cluster.clusterName]).apply(([rg, c]) => `managedClusters/${rg}/${c}/kubeletidentity`);
    this.roleAssignments = plan.assignments.map((a) =>
      new modules.authorization.RoleAssignment(`${name}-${a.registryName.toLowerCase()}`, {
        roleAssignmentName: principalKey.apply((key) => roleAssignmentName(a.scope, key, BUILT_IN_ROLES.acrPull)),
        scope: a.scope,
        roleDefinitionId: a.roleDefinitionId,
        principalId: this.kubeletObjectId,
        principalType: 'ServicePrincipal',
      }, { parent: this }),
    );
    this.registerOutputs({ kubeletObjectId: this.kubeletObjectId, registryIds: plan.assignments.map((a) => a.scope) });
  }
}
