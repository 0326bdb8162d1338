/**
 * aks-ml-constructs — the engine-free core.
 *
 * What a user writes or calls: the value classes and enums of the props, the props
 * and resolved-configuration types, `ConfigurationError` and the warning handler,
 * the resolve/validate functions to check a configuration in a pipeline without
 * synthesizing anything, the plan functions that return the Kubernetes objects
 * (for engines other than cdk8s and Pulumi), and the v1 file loaders.
 *
 * Everything here is chosen by name: a module's helpers stay internal, so they can
 * change without breaking users. `test/api/exports.test.ts` lists every export of
 * every entry point and fails when one appears or disappears unintended.
 */

// Errors and warnings
export { ConfigurationError, setWarningHandler } from './core/errors';
export type { ConfigurationWarning, WarningHandler } from './core/errors';
export type { KubeObject, ObjectMeta } from './core/kube';

// Web service: the v1 deploy configuration and the scoring container
export { AuthKeys, AuthKeysSource } from './core/webservice/auth-keys';
export type { GeneratedKeysOptions, KeyVaultKeysOptions, SecretStoreRef } from './core/webservice/auth-keys';
export type { ResolvedScoringNetwork, ScoringNetworkProps } from './core/webservice/network-policy';
export type { PodSecurityProps } from './core/pod-security';
export { AppInsights, AppInsightsSource } from './core/webservice/app-insights';
export type {
  AppInsightsComponentDescription,
  AppInsightsComponentOptions,
  AppInsightsKeyVaultOptions,
  AppInsightsSecretOptions,
  AppInsightsValueRef,
  EngineAppInsightsComponent,
  ResolvedAppInsights,
} from './core/webservice/app-insights';
export { ModelSource, ModelSourceKind } from './core/webservice/model-source';
export type { BlobModelOptions, RegisteredModel, RegisteredModelsOptions } from './core/webservice/model-source';
export { WorkloadIdentity, WorkloadIdentitySource } from './core/identity/workload-identity';
export type {
  CreateWorkloadIdentityOptions,
  EngineWorkloadIdentity,
  ExistingWorkloadIdentityOptions,
  IdentityGrant,
  KeyVaultRef,
  OidcIssuerConfigMapRef,
  OidcIssuerSource,
  WorkloadIdentityDescription,
  WorkloadIdentitySettings,
} from './core/identity/workload-identity';
export type { ClusterConfigMapEntry } from './core/identity/cluster-exports';
export type { AcrPullAssignment, AcrPullOptions } from './core/identity/acr-pull';
export { Autoscaler, AutoscalerKind } from './core/webservice/autoscaler';
export type { ConcurrencyAutoscalerOptions, TriggerAuthenticationRef } from './core/webservice/autoscaler';
export {
  WEBSERVICE_DEFAULTS,
  resolveDeployConfiguration,
  validateDeployConfiguration,
} from './core/webservice/deploy-configuration';
export type {
  AksWebserviceDeployConfiguration,
  ResolvedDeployConfiguration,
  ValidateDeployConfigurationOptions,
} from './core/webservice/deploy-configuration';
export { resolveWebservice } from './core/webservice/resolve';
export type {
  AksWebserviceProps,
  ResolvedScoringContainer,
  ResolvedWebservice,
  ScoringContainerProps,
  SecretKeyRef,
} from './core/webservice/resolve';
export { planWebservice } from './core/webservice/plan';
export type { WebservicePlan } from './core/webservice/plan';
export type { EngineGeneratedKeys, EnginePlanOptions } from './core/webservice/keys';

// Endpoint: several versions behind one scoring URI
export { VersionType, resolveEndpoint } from './core/endpoint/resolve';
export type { AksEndpointProps, AksEndpointVersionProps, ResolvedEndpoint, ResolvedEndpointVersion } from './core/endpoint/resolve';
export { planEndpoint } from './core/endpoint/plan';
export type { EndpointPlan, EndpointVersionPlan } from './core/endpoint/plan';

// Gateway: the serving path
export { DEFAULT_GATEWAY_REF } from './core/gateway/gateway-ref';
export type { GatewayRef, ResolvedGatewayRef } from './core/gateway/gateway-ref';
export { EnvoyGateway } from './core/gateway/envoy-gateway';
export type { EnvoyGatewayOptions } from './core/gateway/envoy-gateway';
export { planEnvoyProxy } from './core/gateway/envoy-proxy';
export type { EnvoyProxyInput } from './core/gateway/envoy-proxy';
export { GATEWAY_ROUTES_LABEL } from './core/gateway/namespaces';
export type {
  GatewayImplementation,
  GatewayInfrastructure,
  GatewayInfrastructureInput,
  GatewayPolicyInput,
  ImplementationApproximations,
  RouteAuth,
  RoutePolicyInput,
  RouteTrafficLimits,
  RouteTrafficShare,
  TlsVersion,
  TokenIssuer,
} from './core/gateway/implementation';
export type { EntraTokenVersion, GatewayServingProps, ResolvedTokenAuth } from './core/gateway/serving';
export { planGateway, resolveGateway } from './core/gateway/plan';
export type {
  AksMlGatewayProps,
  AllowedRouteNamespaces,
  GatewayPlan,
  GatewayTlsProps,
  HttpListenerMode,
  PlanGatewayOptions,
  ResolvedAksMlGateway,
} from './core/gateway/plan';
export { GatewayTls } from './core/gateway/tls';
export type {
  GatewayTlsAcmeIssuerOptions,
  GatewayTlsFromV1ClusterOptions,
  GatewayTlsKeyVaultOptions,
  GatewayTlsLeafDomainOptions,
  GatewayTlsPemOptions,
  GatewayTlsSecretStoreRef,
  ResolvedGatewayCertificate,
  V1ClusterTls,
} from './core/gateway/tls';

// Platform: the in-cluster components of the serving path
export { EnvoyMetricsSource, GitOpsFlavour, PLATFORM_COMPONENTS, checkServiceOnPlatform, planPlatform, resolvePlatform } from './core/platform';
export type {
  ChartSource,
  ComponentFloor,
  PlatformCheck,
  PlatformClusterInput,
  PlatformComponentName,
  PlatformComponentProps,
  PlatformComponentSpec,
  PlatformEnvoyGatewayProps,
  PlatformEnvoyMetricsProps,
  PlatformPlan,
  PlatformProps,
  PlatformRelease,
  ResolvedEnvoyMetrics,
  ResolvedPlatform,
  ResolvedPlatformComponent,
} from './core/platform';
export type { ControllerFloor } from './core/gateway/implementation';

// Cluster: the v1 AksCompute
export { ClusterPurpose, LoadBalancerType, checkCapacity, planAksCluster, resolveClusterConfig, validateClusterConfig } from './core/cluster';
export type {
  AksClusterConfigProps,
  AksClusterFeatureProps,
  AksGpuPoolProps,
  AsoClusterOptions,
  AsoKubeconfigSecretProps,
  CapacityReport,
  CapacityService,
  ClusterEngine,
  ContainerInsightsProps,
  ManagedPrometheusProps,
  NetworkDataplane,
  NetworkPolicyEngine,
  ResolveClusterConfigOptions,
  ResolvedClusterNetworkPolicy,
  ResolvedAksClusterFeatures,
  ResolvedClusterConfig,
  ResolvedCnameTls,
  ResolvedLeafDomainTls,
  ResolvedNodePool,
  ResolvedVnetSettings,
  ValidateClusterConfigOptions,
} from './core/cluster';
export { VmSize } from './core/cluster';
export type { CustomVmSizeProps, VmSizeSpec } from './core/cluster';

// Migration: the v1 files
export { loadDeploymentConfig, toDeploymentConfig } from './core/v1';
export type {
  LoadedDeploymentConfig,
  LoadedDeploymentProps,
  LoadV1ConfigOptions,
  ToDeploymentConfigOptions,
  V1DeploymentKind,
  V1EndpointVersionProps,
} from './core/v1';
export { inferenceConfigToContainer, loadInferenceConfig } from './core/v1';
export type { InferenceConfigToContainerOptions, InferenceContainer, LoadedInferenceConfig, V1InferenceConfig } from './core/v1';
// Migration: what a running v1 service says about itself
export { fromV1ServiceDocument, v1ServiceDockerfile } from './core/v1';
export type {
  ConvertedV1Endpoint,
  ConvertedV1EndpointVersion,
  ConvertedV1Webservice,
  FromV1ServiceDocumentOptions,
  V1RegisteredModelRef,
  V1RegisteredModelsOptions,
  V1ServiceDockerfile,
  V1ServiceDockerfileOptions,
  V1ServiceDocumentConversion,
  V1ServiceDocumentKind,
  V1ServiceEnvironment,
} from './core/v1';
