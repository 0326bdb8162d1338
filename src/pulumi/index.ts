/**
 * aks-ml-constructs/pulumi — Pulumi components. Each is a thin `ComponentResource`
 * over the engine-free core (`aks-ml-constructs`): the core validates and plans the
 * Kubernetes objects, the component registers them with `{ parent: this }`. The
 * cdk8s constructs synthesize the same objects for the same props.
 *
 * Exports are chosen by name (components, their args and output types); the
 * plumbing between core and Pulumi stays internal.
 */
import './peers';

export { AksWebservice } from './aks-webservice';
export type { AksWebserviceArgs, PlainWebserviceConfig } from './aks-webservice';
export { AksEndpoint } from './aks-endpoint';
export type {
  AksEndpointArgs,
  AksEndpointVersionArgs,
  AksEndpointVersionResources,
  PlainEndpointConfig,
  PlainEndpointVersionConfig,
} from './aks-endpoint';
export { AksMlGateway } from './aks-ml-gateway';
export type { AksMlGatewayArgs } from './aks-ml-gateway';
export type { EngineContextArgs, KeyInputs, ScoringContainerInputs, WarningArgs, WorkloadIdentityResources } from './component-support';
export { lookupRegisteredModel } from './registered-models';
export type { LookupRegisteredModelArgs } from './registered-models';
export { setProviderDefaultNamespace } from './kube-resources';
export type { KubeResource } from './kube-resources';
export { AksCluster } from './aks-cluster';
export { AcrPull } from './acr-pull';
export type { AcrPullArgs, AcrPullClusterRef } from './acr-pull';
export type {
  AksClusterArgs,
  AksClusterCapacityTarget,
  AksClusterWorkspaceOptions,
  CapacityEndpointConfig,
  ExistingAksClusterArgs,
  ExistingAksClusterRef,
} from './aks-cluster';
export { AksMlPlatform } from './aks-ml-platform';
export type { AksMlPlatformArgs } from './aks-ml-platform';
