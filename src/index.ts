/**
 * aks-ml-constructs — the engine-free core: the Azure ML v1 configuration model,
 * defaults, validation and the Kubernetes objects both engines synthesize.
 */
export * from './core/errors';
export * from './core/validation';
export * from './core/kube';
export * from './core/webservice-config';
export * from './core/auth-keys';
export * from './core/model-source';
export * from './core/webservice';
export * from './core/manifests';
export * from './core/cluster';
export * from './core/v1';
export * from './core/autoscaler';
export * from './core/endpoint';
export * from './core/gateway';
