/**
 * Migration from Azure ML SDK v1: loaders for v1 deployment and inference config
 * files (engine-free; used by the CLI and usable from code).
 */
export type {
  LoadedDeploymentPropName,
  LoadedDeploymentProps,
  V1DeploymentConfigFormat,
  V1DeploymentKind,
  V1EndpointVersionProps,
} from './deployment-props';
export type { V1DeploymentConfigKey } from './keys';
export { AML_DEPLOY_ACTION_KEYS, V1_DEPLOYMENT_CONFIG_KEYS } from './keys';
export type { LoadV1ConfigOptions, ParsedV1Document } from './parse';
export { parseV1Document } from './parse';
export type { LoadedDeploymentConfig } from './load-deployment-config';
export { loadDeploymentConfig } from './load-deployment-config';
export type { ToDeploymentConfigOptions } from './to-deployment-config';
export { toDeploymentConfig } from './to-deployment-config';
export type { LoadedInferenceConfig, V1BaseImageRegistry, V1InferenceConfig } from './load-inference-config';
export { loadInferenceConfig } from './load-inference-config';
export { EXAMPLE_INFERENCE_IMAGE, isValidImageReference } from './image-reference';
export type { InferenceConfigToContainerOptions, InferenceContainer } from './inference-config-to-container';
export { inferenceConfigToContainer } from './inference-config-to-container';
export type {
  ConvertedV1Endpoint,
  ConvertedV1EndpointVersion,
  ConvertedV1Webservice,
  FromV1ServiceDocumentOptions,
  V1RegisteredModelRef,
  V1RegisteredModelsOptions,
  V1ServiceDocumentConversion,
  V1ServiceDocumentKind,
  V1ServiceEnvironment,
} from './service-document';
export { fromV1ServiceDocument } from './service-document';
export type { V1ServiceDockerfile, V1ServiceDockerfileOptions } from './service-dockerfile';
export { INFERENCE_BASE_IMAGE, v1ServiceDockerfile } from './service-dockerfile';
