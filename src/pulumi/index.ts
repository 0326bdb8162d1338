/**
 * aks-ml-constructs/pulumi — Pulumi components. Everything they create comes from
 * the engine-free core (`aks-ml-constructs`), so the cdk8s constructs synthesize
 * the same Kubernetes objects.
 */
export * from './aks-webservice';
export * from './aks-endpoint';
export * from './aks-ml-gateway';
export { EngineContextArgs, InputConfigFields, KeyInputs, ScoringContainerInputs } from './component-support';
export {
  KUBE_KINDS,
  KubeKind,
  KubeResource,
  KubeResourceClass,
  CreateKubeResourcesOptions,
  checkKubeResources,
  createKubeResources,
  findKubeResource,
  kubeResourceName,
  kubeResourceType,
  kubernetesProviderOf,
  providerDefaultNamespace,
  setProviderDefaultNamespace,
} from './kube-resources';
export * from './aks-cluster';
