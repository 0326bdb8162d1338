/**
 * The public surface of every entry point, by name. A new export, or one that
 * disappears, fails here: change the list on purpose (it is the package's contract),
 * never as a side effect of moving code.
 */
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

const RUNTIME: Record<string, string[]> = {
  'aks-ml-constructs': [
    'AppInsights', 'AppInsightsSource', 'AuthKeys', 'AuthKeysSource', 'Autoscaler', 'AutoscalerKind', 'ClusterPurpose', 'ConfigurationError',
    'DEFAULT_GATEWAY_REF', 'EnvoyGateway', 'GATEWAY_ROUTES_LABEL', 'GatewayTls', 'LoadBalancerType', 'ModelSource', 'ModelSourceKind', 'VersionType', 'VmSize',
    'WEBSERVICE_DEFAULTS', 'WorkloadIdentity', 'WorkloadIdentitySource', 'checkCapacity', 'fromV1ServiceDocument', 'inferenceConfigToContainer', 'loadDeploymentConfig', 'loadInferenceConfig',
    'planAksCluster', 'planEndpoint', 'planEnvoyProxy', 'planGateway', 'planWebservice', 'resolveClusterConfig', 'resolveDeployConfiguration',
    'resolveEndpoint', 'resolveGateway', 'resolveWebservice', 'setWarningHandler', 'toDeploymentConfig',
    'v1ServiceDockerfile', 'validateClusterConfig', 'validateDeployConfiguration',
    'EnvoyMetricsSource', 'GitOpsFlavour', 'PLATFORM_COMPONENTS', 'checkServiceOnPlatform', 'planPlatform', 'resolvePlatform',
  ],
  'aks-ml-constructs/cdk8s': ['AcrPull', 'AksCluster', 'AksEndpointConstruct', 'AksMlGateway', 'AksMlPlatform', 'AksWebserviceConstruct', 'Warnings'],
  'aks-ml-constructs/pulumi': ['AcrPull', 'AksCluster', 'AksEndpoint', 'AksMlGateway', 'AksMlPlatform', 'AksWebservice', 'lookupRegisteredModel', 'setProviderDefaultNamespace'],
};

const TYPES: Record<string, string[]> = {
  'aks-ml-constructs': [
    'AcrPullAssignment', 'AcrPullOptions', 'ClusterConfigMapEntry', 'CreateWorkloadIdentityOptions', 'EngineWorkloadIdentity',
    'ExistingWorkloadIdentityOptions', 'IdentityGrant', 'KeyVaultRef', 'OidcIssuerConfigMapRef', 'OidcIssuerSource',
    'WorkloadIdentityDescription', 'WorkloadIdentitySettings',
    'AksClusterConfigProps', 'AksClusterFeatureProps', 'AksEndpointProps', 'AksEndpointVersionProps', 'AksGpuPoolProps', 'AksMlGatewayProps',
    'AksWebserviceDeployConfiguration', 'AksWebserviceProps', 'AllowedRouteNamespaces', 'AppInsightsComponentDescription',
    'AppInsightsComponentOptions', 'AppInsightsKeyVaultOptions', 'AppInsightsSecretOptions', 'AppInsightsValueRef', 'AsoClusterOptions',
    'AsoKubeconfigSecretProps', 'BlobModelOptions', 'CapacityReport', 'CapacityService', 'ClusterEngine',
    'ConcurrencyAutoscalerOptions', 'ConfigurationWarning', 'ConvertedV1Endpoint', 'ConvertedV1EndpointVersion', 'ConvertedV1Webservice',
    'CustomVmSizeProps', 'EndpointPlan', 'EndpointVersionPlan',
    'EngineAppInsightsComponent', 'EngineGeneratedKeys', 'EnginePlanOptions', 'EntraTokenVersion', 'EnvoyGatewayOptions', 'EnvoyProxyInput',
    'FromV1ServiceDocumentOptions', 'GatewayImplementation',
    'GatewayInfrastructure', 'GatewayInfrastructureInput', 'GatewayPlan', 'GatewayPolicyInput', 'GatewayRef', 'GatewayServingProps', 'GatewayTlsAcmeIssuerOptions', 'GatewayTlsFromV1ClusterOptions',
    'GatewayTlsKeyVaultOptions', 'GatewayTlsLeafDomainOptions', 'GatewayTlsPemOptions', 'GatewayTlsProps', 'GatewayTlsSecretStoreRef', 'GeneratedKeysOptions',
    'ContainerInsightsProps', 'ManagedPrometheusProps', 'NetworkDataplane', 'NetworkPolicyEngine', 'PlanGatewayOptions',
    'ResolvedClusterNetworkPolicy', 'ResolvedGatewayCertificate', 'V1ClusterTls',
    'HttpListenerMode', 'ImplementationApproximations', 'InferenceConfigToContainerOptions', 'InferenceContainer',
    'KeyVaultKeysOptions', 'KubeObject', 'LoadV1ConfigOptions', 'LoadedDeploymentConfig', 'LoadedDeploymentProps',
    'LoadedInferenceConfig', 'ObjectMeta', 'PodSecurityProps', 'ResolveClusterConfigOptions', 'ResolvedAksClusterFeatures', 'ResolvedAksMlGateway', 'ResolvedAppInsights',
    'ResolvedClusterConfig', 'ResolvedCnameTls', 'ResolvedDeployConfiguration',
    'ResolvedEndpoint', 'ResolvedEndpointVersion', 'ResolvedGatewayRef', 'ResolvedLeafDomainTls', 'ResolvedNodePool',
    'ResolvedScoringContainer', 'ResolvedScoringNetwork', 'ResolvedTokenAuth', 'ResolvedVnetSettings',
    'RegisteredModel', 'RegisteredModelsOptions', 'ResolvedWebservice', 'RouteAuth', 'RoutePolicyInput', 'RouteTrafficLimits', 'RouteTrafficShare', 'ScoringContainerProps', 'ScoringNetworkProps',
    'SecretKeyRef', 'SecretStoreRef', 'TlsVersion', 'ToDeploymentConfigOptions', 'TokenIssuer', 'TriggerAuthenticationRef',
    'V1DeploymentKind', 'V1EndpointVersionProps', 'V1InferenceConfig', 'V1RegisteredModelRef', 'V1RegisteredModelsOptions',
    'V1ServiceDockerfile', 'V1ServiceDockerfileOptions', 'V1ServiceDocumentConversion', 'V1ServiceDocumentKind', 'V1ServiceEnvironment',
    'ValidateClusterConfigOptions',
    'ValidateDeployConfigurationOptions', 'VmSizeSpec',
    'WarningHandler', 'WebservicePlan',
    'ChartSource', 'ComponentFloor', 'ControllerFloor', 'PlatformCheck', 'PlatformClusterInput', 'PlatformComponentName',
    'PlatformComponentProps', 'PlatformComponentSpec', 'PlatformEnvoyGatewayProps', 'PlatformEnvoyMetricsProps', 'PlatformPlan',
    'PlatformProps', 'PlatformRelease', 'ResolvedEnvoyMetrics', 'ResolvedPlatform', 'ResolvedPlatformComponent',
  ],
  'aks-ml-constructs/cdk8s': [
    'AcrPullClusterRef', 'AcrPullProps',
    'AksClusterProps', 'AksEndpointConstructProps', 'AksEndpointVersion', 'AksMlGatewayConstructProps',
    'AksWebserviceConstructProps', 'ClusterCapacityTarget', 'AksMlPlatformProps',
  ],
  'aks-ml-constructs/pulumi': [
    'AcrPullArgs', 'AcrPullClusterRef', 'WorkloadIdentityResources',
    'AksClusterArgs', 'AksClusterCapacityTarget', 'AksClusterWorkspaceOptions', 'AksEndpointArgs', 'AksEndpointVersionArgs',
    'AksEndpointVersionResources', 'AksMlGatewayArgs', 'AksWebserviceArgs', 'CapacityEndpointConfig', 'EngineContextArgs',
    'ExistingAksClusterArgs', 'ExistingAksClusterRef', 'KeyInputs', 'KubeResource', 'LookupRegisteredModelArgs', 'PlainEndpointConfig',
    'PlainEndpointVersionConfig', 'PlainWebserviceConfig', 'ScoringContainerInputs', 'WarningArgs', 'AksMlPlatformArgs',
  ],
};

const SOURCES: Record<string, string> = {
  'aks-ml-constructs': 'src/index.ts',
  'aks-ml-constructs/cdk8s': 'src/cdk8s/index.ts',
  'aks-ml-constructs/pulumi': 'src/pulumi/index.ts',
};

/**
 * Every name each entry point exports, values and types, read from its source: the
 * entry points name each export (`export *` is refused, it would publish whatever
 * the module happens to export).
 */
function declaredExports(): Record<string, string[]> {
  const fs: typeof import('fs') = require('fs');
  const out: Record<string, string[]> = {};
  for (const [entry, file] of Object.entries(SOURCES)) {
    const sf = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    const names: string[] = [];
    for (const st of sf.statements) {
      if (!ts.isExportDeclaration(st)) continue;
      if (!st.exportClause || !ts.isNamedExports(st.exportClause)) throw new Error(`${file}: \`${st.getText(sf)}\` exports everything of a module; name the exports`);
      names.push(...st.exportClause.elements.map((e) => e.name.text));
    }
    out[entry] = names.sort();
  }
  return out;
}

describe('public API', () => {
  const declared = declaredExports();

  test.each(Object.keys(SOURCES))('%s exports exactly its runtime list', (entry) => {
    expect(Object.keys(require(entry)).sort()).toEqual([...RUNTIME[entry]].sort());
    // Each runtime export is named in the source too (nothing arrives through a side door).
    expect(declared[entry]).toEqual(expect.arrayContaining(RUNTIME[entry]));
  });

  test.each(Object.keys(SOURCES))('%s exports exactly its type list', (entry) => {
    const types = declared[entry].filter((n) => !RUNTIME[entry].includes(n));
    expect(types).toEqual([...TYPES[entry]].sort());
  });

  test('the root stays small enough to read: at most 60 runtime symbols, the Pulumi entry at most 15', () => {
    expect(RUNTIME['aks-ml-constructs'].length).toBeLessThanOrEqual(60);
    expect(RUNTIME['aks-ml-constructs/pulumi'].length).toBeLessThanOrEqual(15);
  });

  test('the adapters and the CLI import core modules directly, never an entry point', () => {
    const fs: typeof import('fs') = require('fs');
    const offenders: string[] = [];
    for (const dir of ['src/cdk8s', 'src/pulumi', 'src/cli', 'src/core']) {
      const walk = (d: string): string[] =>
        fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
      for (const file of walk(path.join(ROOT, dir))) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/from '([^']+)'/g)) {
          const spec = m[1];
          const target = spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(file), spec)) : spec;
          if (/^(src|src\/index|src\/core|src\/core\/index|src\/cdk8s|src\/pulumi)$/.test(target) || spec.startsWith('aks-ml-constructs')) {
            offenders.push(`${path.relative(ROOT, file)} imports '${spec}'`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
