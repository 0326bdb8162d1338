/**
 * The AKS cluster: the v1 `AksCompute` props (props.ts), the VM size catalog,
 * the rules (validate.ts: non-throwing; resolve.ts: config + warnings or one
 * error), the engine-neutral ManagedCluster description both engines render
 * (managed-cluster.ts), the Azure Service Operator objects (aso.ts, plan.ts), the
 * azure-native args (azure-native.ts) and the capacity checks.
 *
 * rules.ts, ipv4.ts and the validate* helpers of node-pools.ts, tls.ts and vnet.ts
 * are internal to the folder.
 */
export * from './props';
export * from './vm-sizes';
export type { ClusterEngine, ValidateClusterConfigOptions } from './validate';
export { validateClusterConfig } from './validate';
export * from './resolve';
export { describeNodePool } from './node-pools';
export type { ClusterTlsContent } from './tls';
export { readClusterTlsContent, redactClusterConfig } from './tls';
export * from './azure';
export * from './aml-compute';
export * from './existing';
export * from './managed-cluster';
export type { ContainerInsightsProps, ManagedPrometheusProps, NetworkDataplane, NetworkPolicyEngine, ResolvedClusterNetworkPolicy } from './network-policy';
export { existingClusterNetworkPolicyWarnings } from './network-policy';
export * from './aso-types';
export * from './aso';
export * from './plan';
export * from './azure-native';
export * from './capacity';
export * from './capacity-targets';
