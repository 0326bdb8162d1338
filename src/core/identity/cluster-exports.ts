/**
 * What an ASO ManagedCluster exports for the identities of its workloads: its OIDC
 * issuer URL (`operatorSpec.configMaps.oidcIssuerProfile`, which a
 * FederatedIdentityCredential reads with `issuerFromConfig`) and its kubelet
 * identity's object id (a CEL `configMapExpressions` entry, which an AcrPull
 * RoleAssignment reads with `principalIdFromConfig`), both in the ConfigMap
 * `<cluster>-identity` of the cluster's namespace.
 */
import type { AsoSecretDestination } from '../cluster/aso-types';

/** The ConfigMap entry of the OIDC issuer URL. */
export const OIDC_ISSUER_ENTRY = 'oidcIssuerURL';
/** The ConfigMap entry of the kubelet identity's object id. */
export const KUBELET_OBJECT_ID_ENTRY = 'kubeletObjectId';
/**
 * The CEL expression of the kubelet identity's object id: ManagedCluster
 * `status.identityProfile["kubeletidentity"].objectId` (ASO CEL expressions read `self`,
 * the resource as applied; https://azure.github.io/azure-service-operator/guide/expressions/).
 */
export const KUBELET_OBJECT_ID_EXPRESSION = "self.status.identityProfile['kubeletidentity'].objectId";

/** A ConfigMap entry ASO writes, with the namespace it lands in (the cluster's). */
export interface ClusterConfigMapEntry {
  readonly name: string;
  readonly key: string;
  /** @default - the namespace of the cluster's objects (the chart's) */
  readonly namespace?: string;
}

/** The ConfigMap `<cluster>-identity` the exports go to. */
export function clusterIdentityConfigMapName(clusterObjectName: string): string {
  return `${clusterObjectName}-identity`.slice(0, 253);
}

/** The ManagedCluster's `operatorSpec`: the kubeconfig Secret (when exported) and the identity exports. */
export function asoManagedClusterOperatorSpec(clusterObjectName: string, kubeconfigSecret: AsoSecretDestination | undefined): Record<string, unknown> {
  const name = clusterIdentityConfigMapName(clusterObjectName);
  return {
    ...(kubeconfigSecret ? { secrets: { userCredentials: { ...kubeconfigSecret } } } : {}),
    configMaps: { oidcIssuerProfile: { name, key: OIDC_ISSUER_ENTRY } },
    configMapExpressions: [{ name, key: KUBELET_OBJECT_ID_ENTRY, value: KUBELET_OBJECT_ID_EXPRESSION }],
  };
}

/** Where a provisioned cluster's identity exports land. */
export function clusterIdentityExports(clusterObjectName: string, namespace: string | undefined): {
  readonly oidcIssuerConfigMap: ClusterConfigMapEntry;
  readonly kubeletIdentityConfigMap: ClusterConfigMapEntry;
} {
  const name = clusterIdentityConfigMapName(clusterObjectName);
  const ns = namespace !== undefined ? { namespace } : {};
  return {
    oidcIssuerConfigMap: { name, key: OIDC_ISSUER_ENTRY, ...ns },
    kubeletIdentityConfigMap: { name, key: KUBELET_OBJECT_ID_ENTRY, ...ns },
  };
}
