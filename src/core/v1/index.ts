/**
 * Migration from Azure ML SDK v1: loaders for v1 deployment and inference config
 * files (engine-free; used by the CLI and usable from code).
 */
export type {
  LoadedDeploymentConfig,
  LoadedDeploymentPropName,
  LoadedDeploymentProps,
  LoadV1ConfigOptions,
  ParsedV1Document,
  ToDeploymentConfigOptions,
  V1DeploymentConfigFormat,
  V1DeploymentConfigKey,
  V1DeploymentKind,
  V1EndpointVersionProps,
} from './deployment-config';
export {
  AML_DEPLOY_ACTION_KEYS,
  V1_DEPLOYMENT_CONFIG_KEYS,
  loadDeploymentConfig,
  parseV1Document,
  toDeploymentConfig,
} from './deployment-config';
export type {
  InferenceConfigToContainerOptions,
  InferenceContainer,
  LoadedInferenceConfig,
  V1BaseImageRegistry,
  V1InferenceConfig,
} from './inference-config';
export {
  EXAMPLE_INFERENCE_IMAGE,
  inferenceConfigToContainer,
  isValidImageReference,
  loadInferenceConfig,
} from './inference-config';
