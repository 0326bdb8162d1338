/**
 * aks-ml-constructs/cdk8s — cdk8s constructs. Each is a thin `Construct` over the
 * engine-free core (`aks-ml-constructs`): the core validates and plans the
 * Kubernetes objects, the construct adds them as `ApiObject`s. The Pulumi
 * components emit the same objects for the same props.
 */
import './peers';

export { AksWebserviceConstruct } from './aks-webservice-construct';
export type { AksWebserviceConstructProps } from './aks-webservice-construct';
export { AksEndpointConstruct } from './aks-endpoint-construct';
export type { AksEndpointConstructProps, AksEndpointVersion } from './aks-endpoint-construct';
export { AksMlGateway } from './aks-ml-gateway';
export type { AksMlGatewayConstructProps } from './aks-ml-gateway';
export { Warnings } from './warnings';
export { AksCluster } from './aks-cluster';
export type { AksClusterProps, ClusterCapacityTarget } from './aks-cluster';
export { AcrPull } from './acr-pull';
export type { AcrPullClusterRef, AcrPullProps } from './acr-pull';
export { AksMlPlatform } from './aks-ml-platform';
export type { AksMlPlatformProps } from './aks-ml-platform';
