/**
 * aks-ml-constructs/cdk8s — cdk8s constructs. Everything they synthesize comes
 * from the engine-free core (`aks-ml-constructs`), so the Pulumi components emit
 * the same objects.
 */
export * from './aks-webservice-construct';
export { addApiObjects, reportWarnings } from './objects';
export * from './aks-cluster';
export * from './aks-endpoint-construct';
export * from './aks-ml-gateway';
