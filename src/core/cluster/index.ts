/** The AKS cluster model: VM sizes, the v1 cluster configuration and capacity checks. */
export * from './vm-sizes';
export * from './cluster-config';
export * from './capacity';
export * from './aso';
