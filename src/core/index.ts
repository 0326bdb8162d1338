/**
 * Everything the core defines, for the library's own tests and tools. Not an
 * entry point of the package (package.json `exports` does not reach it): users
 * import from `aks-ml-constructs`, whose exports are chosen in `src/index.ts`.
 */
export * from './errors';
export * from './validation';
export * from './kube';
export * from './metadata';
export * from './webservice/deploy-configuration';
export * from './webservice/auth-keys';
export * from './webservice/model-source';
export * from './webservice/autoscaler';
export * from './webservice/resolve';
export * from './webservice/keys';
export * from './webservice/workload';
export * from './webservice/network-policy';
export * from './webservice/scaled-object';
export * from './webservice/plan';
export * from './endpoint/resolve';
export * from './endpoint/plan';
export * from './gateway';
export * from './gateway/routing';
export * from './gateway/plan';
export * from './cluster';
export * from './v1';
