/**
 * The AKS cluster: the v1 `AksCompute` props (props.ts), the VM size catalog,
 * the rules (validate.ts: non-throwing; resolve.ts: config + warnings or one
 * error), the engine-neutral ManagedCluster description both engines render
 * (managed-cluster.ts), the Azure Service Operator objects (aso.ts, plan.ts), the
 * azure-native args (azure-native.ts) and the capacity checks.
 */
export * from './props';
export * from './vm-sizes';
export * from './validate';
export * from './resolve';
export * from './node-pools';
export * from './tls';
export * from './azure';
export * from './aml-compute';
export * from './existing';
export * from './managed-cluster';
export * from './aso-types';
export * from './aso';
export * from './plan';
export * from './azure-native';
export * from './capacity';
export * from './capacity-targets';
