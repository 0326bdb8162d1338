/**
 * AcrPull for a cluster's kubelet identity: the kubelet pulls the scoring images with
 * the cluster's kubelet (managed) identity, which AKS creates in the node resource
 * group; it needs the AcrPull role on every registry the images come from (what
 * `az aks update --attach-acr` assigns). One RoleAssignment per registry.
 */
import { ConfigurationError, ProblemCollector } from '../errors';
import { KubeObject, joinName } from '../kube';
import { isPlainObject } from '../validation';
import { BUILT_IN_ROLES, CONTAINER_REGISTRY_ID_PATTERN, roleAssignmentName, roleDefinitionId, subscriptionOf } from './azure-ids';
import { ClusterConfigMapEntry } from './cluster-exports';
import { buildAsoRoleAssignment } from './workload-identity';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The props both engines' `AcrPull` share. */
export interface AcrPullOptions {
  /**
   * The ARM ids of the container registries the cluster pulls from
   * (`/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>`).
   */
  readonly registryIds: string[];
}

/** The cluster whose kubelet identity is granted AcrPull. */
export interface AcrPullCluster {
  /** The AKS cluster name. */
  readonly clusterName: string;
  /** The cluster's resource group (names the assignment, with the cluster name). */
  readonly resourceGroupName: string;
  /** Where ASO exports the kubelet identity's object id (cdk8s). */
  readonly kubeletIdentityConfigMap?: ClusterConfigMapEntry;
  /** The kubelet identity's object id, when known (an attached cluster, in cdk8s). */
  readonly kubeletObjectId?: string;
}

/** One AcrPull assignment, engine-neutral. */
export interface AcrPullAssignment {
  /** The registry's name (the last segment of its id). */
  readonly registryName: string;
  /** The assignment's name: a stable GUID. */
  readonly name: string;
  /** The registry's ARM id. */
  readonly scope: string;
  readonly roleDefinitionId: string;
}

export interface AcrPullPlan {
  readonly assignments: AcrPullAssignment[];
  /** The ASO RoleAssignments (`engineCreates` false), in the namespace of the cluster's exports. */
  readonly objects: KubeObject[];
}

/** Checks the shared props; adds the problems to `c`. */
export function validateAcrPull(c: ProblemCollector, props: unknown): void {
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object with registryIds');
    return;
  }
  const ids = props.registryIds;
  if (!Array.isArray(ids) || ids.length === 0) {
    c.add('registryIds', ids, 'must list at least one container registry ARM id');
    return;
  }
  const seen = new Set<string>();
  ids.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || !CONTAINER_REGISTRY_ID_PATTERN.test(id)) {
      c.add(`registryIds[${i}]`, id, 'must be the ARM id of a container registry: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>');
    } else if (seen.has(id.toLowerCase())) {
      c.add(`registryIds[${i}]`, id, 'is listed twice');
    } else {
      seen.add(id.toLowerCase());
    }
  });
  if (props.kubeletObjectId !== undefined && (typeof props.kubeletObjectId !== 'string' || !GUID.test(props.kubeletObjectId))) {
    c.add('kubeletObjectId', props.kubeletObjectId, 'must be the object id (a GUID) of the cluster\'s kubelet identity');
  }
}

/**
 * The AcrPull assignments of a cluster's kubelet identity, and (without `engineCreates`)
 * their ASO RoleAssignments. Throws one ConfigurationError listing every problem.
 */
export function planAcrPull(props: AcrPullOptions & { readonly kubeletObjectId?: string }, cluster: AcrPullCluster, options: { readonly subject: string; readonly engineCreates: boolean; readonly labels?: Record<string, string> }): AcrPullPlan {
  const c = new ProblemCollector();
  validateAcrPull(c, props);
  const objectId = props.kubeletObjectId ?? cluster.kubeletObjectId;
  if (!options.engineCreates && objectId === undefined && cluster.kubeletIdentityConfigMap === undefined) {
    c.add('kubeletObjectId', undefined, 'is required for an attached cluster (ASO exports the kubelet identity of the clusters it provisions only): az aks show --query identityProfile.kubeletidentity.objectId');
  }
  if (!cluster.resourceGroupName) {
    c.add('resourceGroupName', undefined, 'is required: the cluster\'s resource group names the assignments (give it to the AksCluster, or here)');
  }
  if (c.hasProblems) throw new ConfigurationError(options.subject, c.problems);
  const principalKey = `managedClusters/${cluster.resourceGroupName}/${cluster.clusterName}/kubeletidentity`;
  const assignments = props.registryIds.map((scope) => ({
    registryName: scope.split('/').pop() as string,
    name: roleAssignmentName(scope, principalKey, BUILT_IN_ROLES.acrPull),
    scope,
    roleDefinitionId: roleDefinitionId(subscriptionOf(scope) as string, BUILT_IN_ROLES.acrPull),
  }));
  if (options.engineCreates) return { assignments, objects: [] };
  const cm = cluster.kubeletIdentityConfigMap;
  const ns = cm?.namespace;
  const objects = assignments.map((a) =>
    buildAsoRoleAssignment(
      {
        name: joinName([cluster.clusterName.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+/, ''), 'acrpull', a.registryName.toLowerCase()], 253),
        ...(ns !== undefined ? { namespace: ns } : {}),
        labels: { ...(options.labels ?? {}) },
      },
      a,
      objectId !== undefined ? { principalId: objectId } : { principalIdFromConfig: { name: cm!.name, key: cm!.key } },
    ),
  );
  return { assignments, objects };
}
