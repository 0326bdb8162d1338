/**
 * The key tables of the v1 deployment config files: every key of the v1 CLI document
 * and of the `Azure/aml-deploy` action's parameters file, the prop it sets and the
 * type its value is read as, and the keys v1 knew but ignored for AKS.
 */
import type { LoadedDeploymentPropName, V1DeploymentKind } from './deployment-props';

/** The type a key's value is read as. */
export type ValueType = 'number' | 'boolean' | 'string' | 'stringMap' | 'versionType';

/** One key of a deployment config file and the prop it sets. */
export interface V1DeploymentConfigKey {
  /** The JSON path in the file, e.g. `containerResourceRequirements.cpu`. */
  readonly path: string;
  /** The prop it sets. */
  readonly prop: LoadedDeploymentPropName;
  /** The kinds of file that read it. */
  readonly kinds: readonly V1DeploymentKind[];
  /**
   * Whether v1 itself read this key from the file. False for the keys this library
   * accepts in addition (v1 took them from command-line flags, or not at all).
   */
  readonly readByV1: boolean;
}

/** A key of a file format, with how it is read. */
export interface FieldSpec extends V1DeploymentConfigKey {
  readonly segments: readonly string[];
  readonly type: ValueType;
}

const BOTH: readonly V1DeploymentKind[] = ['webservice', 'endpointVersion'];
const ENDPOINT_ONLY: readonly V1DeploymentKind[] = ['endpointVersion'];
const WEBSERVICE_ONLY: readonly V1DeploymentKind[] = ['webservice'];

function field(
  path: string,
  prop: LoadedDeploymentPropName,
  type: ValueType,
  opts: { kinds?: readonly V1DeploymentKind[]; readByV1?: boolean } = {},
): FieldSpec {
  return { path, segments: path.split('.'), prop, type, kinds: opts.kinds ?? BOTH, readByV1: opts.readByV1 ?? true };
}

/**
 * The v1 CLI document (`deploymentconfig.json`), as azureml-core's
 * `deploy_config_dict_to_obj` read it, in its order, then the keys this library
 * accepts in addition.
 */
export const CLI_FIELDS: readonly FieldSpec[] = [
  field('autoScaler.autoscaleEnabled', 'autoscaleEnabled', 'boolean'),
  field('autoScaler.minReplicas', 'autoscaleMinReplicas', 'number'),
  field('autoScaler.maxReplicas', 'autoscaleMaxReplicas', 'number'),
  field('autoScaler.refreshPeriodInSeconds', 'autoscaleRefreshSeconds', 'number'),
  field('autoScaler.targetUtilization', 'autoscaleTargetUtilization', 'number'),
  field('dataCollection.storageEnabled', 'collectModelData', 'boolean'),
  field('authEnabled', 'authEnabled', 'boolean'),
  field('containerResourceRequirements.cpu', 'cpuCores', 'number'),
  field('containerResourceRequirements.memoryInGB', 'memoryGb', 'number'),
  field('appInsightsEnabled', 'enableAppInsights', 'boolean'),
  field('scoringTimeoutMs', 'scoringTimeoutMs', 'number'),
  field('maxConcurrentRequestsPerContainer', 'replicaMaxConcurrentRequests', 'number'),
  field('maxQueueWaitMs', 'maxRequestWaitTime', 'number'),
  field('numReplicas', 'numReplicas', 'number'),
  field('keys.primaryKey', 'primaryKey', 'string'),
  field('keys.secondaryKey', 'secondaryKey', 'string'),
  field('gpuCores', 'gpuCores', 'number'),
  field('livenessProbeRequirements.periodSeconds', 'periodSeconds', 'number'),
  field('livenessProbeRequirements.initialDelaySeconds', 'initialDelaySeconds', 'number'),
  field('livenessProbeRequirements.timeoutSeconds', 'timeoutSeconds', 'number'),
  field('livenessProbeRequirements.successThreshold', 'successThreshold', 'number'),
  field('livenessProbeRequirements.failureThreshold', 'failureThreshold', 'number'),
  field('namespace', 'namespace', 'string'),
  field('tokenAuthEnabled', 'tokenAuthEnabled', 'boolean'),
  field('containerResourceRequirements.cpuLimit', 'cpuCoresLimit', 'number'),
  field('containerResourceRequirements.memoryInGBLimit', 'memoryGbLimit', 'number'),
  // v1 read computeTargetName for AKS only; the endpoint took it from the CLI.
  field('computeTargetName', 'computeTargetName', 'string', { kinds: WEBSERVICE_ONLY }),
  field('versionName', 'versionName', 'string', { kinds: ENDPOINT_ONLY }),
  field('trafficPercentile', 'trafficPercentile', 'number', { kinds: ENDPOINT_ONLY }),
  // Library keys: v1 took these from command-line flags (or had no file key).
  field('isDefault', 'isDefault', 'boolean', { kinds: ENDPOINT_ONLY, readByV1: false }),
  field('versionType', 'versionType', 'versionType', { kinds: ENDPOINT_ONLY, readByV1: false }),
  field('name', 'name', 'string', { readByV1: false }),
  field('tags', 'tags', 'stringMap', { readByV1: false }),
  field('properties', 'properties', 'stringMap', { readByV1: false }),
  field('description', 'description', 'string', { readByV1: false }),
  field('blobfuseEnabled', 'blobfuseEnabled', 'boolean', { readByV1: false }),
];

/**
 * The deploy keys of the `Azure/aml-deploy` action's parameters file, as its
 * `main.py` passed them to `AksWebservice.deploy_configuration`.
 */
export const AML_FIELDS: readonly FieldSpec[] = [
  field('name', 'name', 'string'),
  field('deployment_compute_target', 'computeTargetName', 'string'),
  field('autoscale_enabled', 'autoscaleEnabled', 'boolean'),
  field('autoscale_min_replicas', 'autoscaleMinReplicas', 'number'),
  field('autoscale_max_replicas', 'autoscaleMaxReplicas', 'number'),
  field('autoscale_refresh_seconds', 'autoscaleRefreshSeconds', 'number'),
  field('autoscale_target_utilization', 'autoscaleTargetUtilization', 'number'),
  field('model_data_collection_enabled', 'collectModelData', 'boolean'),
  field('authentication_enabled', 'authEnabled', 'boolean'),
  field('cpu_cores', 'cpuCores', 'number'),
  field('memory_gb', 'memoryGb', 'number'),
  field('app_insights_enabled', 'enableAppInsights', 'boolean'),
  field('scoring_timeout_ms', 'scoringTimeoutMs', 'number'),
  field('replica_max_concurrent_requests', 'replicaMaxConcurrentRequests', 'number'),
  field('max_request_wait_time', 'maxRequestWaitTime', 'number'),
  field('num_replicas', 'numReplicas', 'number'),
  field('tags', 'tags', 'stringMap'),
  field('properties', 'properties', 'stringMap'),
  field('description', 'description', 'string'),
  field('gpu_cores', 'gpuCores', 'number'),
  field('period_seconds', 'periodSeconds', 'number'),
  field('initial_delay_seconds', 'initialDelaySeconds', 'number'),
  field('timeout_seconds', 'timeoutSeconds', 'number'),
  field('success_threshold', 'successThreshold', 'number'),
  field('failure_threshold', 'failureThreshold', 'number'),
  field('namespace', 'namespace', 'string'),
  field('token_auth_enabled', 'tokenAuthEnabled', 'boolean'),
];

function publicKeys(fields: readonly FieldSpec[]): readonly V1DeploymentConfigKey[] {
  return fields.map(({ path, prop, kinds, readByV1 }) => ({ path, prop, kinds, readByV1 }));
}

/** Every key of the v1 CLI deployment config this library reads, and the prop it sets (for `explain`). */
export const V1_DEPLOYMENT_CONFIG_KEYS: readonly V1DeploymentConfigKey[] = publicKeys(CLI_FIELDS);
/** Every deploy key of the `Azure/aml-deploy` action's parameters file this library reads. */
export const AML_DEPLOY_ACTION_KEYS: readonly V1DeploymentConfigKey[] = publicKeys(AML_FIELDS);

/** The sections (nested mappings) of the v1 CLI document, e.g. `autoScaler`. */
export const CLI_SECTIONS = new Set(CLI_FIELDS.filter((f) => f.segments.length === 2).map((f) => f.segments[0]));

const TLS_NOTE =
  'TLS is configured on the gateway in front of the services (the Gateway API listener), not per web service';

/** Keys v1 knew for other compute types; it ignored them for AKS. */
export const CLI_IGNORED_KEYS: Readonly<Record<string, string>> = {
  sslEnabled: `is an ACI setting that v1 ignored for AKS; it has no effect here: ${TLS_NOTE}.`,
  sslCertificate: `is an ACI setting that v1 ignored for AKS; it has no effect here: ${TLS_NOTE}.`,
  sslKey: `is an ACI setting that v1 ignored for AKS; it has no effect here: ${TLS_NOTE}.`,
  cname: `is an ACI setting that v1 ignored for AKS; it has no effect here: ${TLS_NOTE}.`,
  dnsNameLabel: 'is an ACI setting that v1 ignored for AKS; it has no effect here.',
  location: 'is an ACI setting that v1 ignored for AKS (the service runs where the cluster is); it has no effect here.',
  vnetName: 'is an ACI setting that v1 ignored for AKS (the network is the cluster\'s); it has no effect here.',
  subnetName: 'is an ACI setting that v1 ignored for AKS (the network is the cluster\'s); it has no effect here.',
  vaultBaseUrl: 'is an ACI encryption setting that v1 ignored for AKS; it has no effect here.',
  keyName: 'is an ACI encryption setting that v1 ignored for AKS; it has no effect here.',
  keyVersion: 'is an ACI encryption setting that v1 ignored for AKS; it has no effect here.',
  port: 'is a local-deployment setting that v1 ignored for AKS; the scoring port is fixed (5001 in the container).',
};

/**
 * The inference keys of the aml-deploy action's file, and the inference config key each
 * stands for (the action built its InferenceConfig from them): the loader reads them
 * into `inferenceConfig`, from which the container (the entry script) is built.
 */
export const AML_INFERENCE_KEYS: Readonly<Record<string, 'entryScript' | 'sourceDirectory' | 'condaFile' | 'extraDockerFileSteps' | 'enableGpu' | 'cudaVersion' | 'runtime' | 'baseImage'>> = {
  inference_entry_script: 'entryScript',
  inference_source_directory: 'sourceDirectory',
  conda_file: 'condaFile',
  extra_docker_file_steps: 'extraDockerFileSteps',
  enable_gpu: 'enableGpu',
  cuda_version: 'cudaVersion',
  runtime: 'runtime',
  custom_base_image: 'baseImage',
};

/** Keys of the aml-deploy action that configure the action itself, not the service. */
export const AML_ACTION_ONLY_KEYS: Readonly<Record<string, string>> = {
  inference_source_directory: 'sourceDirectory in an inference config',
  inference_entry_script: 'entryScript in an inference config',
  conda_file: 'condaFile in an inference config',
  extra_docker_file_steps: 'extraDockerfileSteps in an inference config',
  enable_gpu: 'enableGpu in an inference config',
  cuda_version: 'cudaVersion in an inference config',
  runtime: 'runtime in an inference config',
  custom_base_image: 'baseImage in an inference config, or the image to run',
  base_image: 'baseImage in an inference config, or the image to run',
  test_enabled: '',
  test_file_path: '',
  test_file_function_name: '',
  delete_service_after_deployment: '',
  skip_deployment: '',
  create_image: '',
  profiling_enabled: '',
  profile_datasets: '',
  profileName: '',
  wait_for_profiling_completion: '',
};

/** ACI keys of the aml-deploy action's file, ignored for AKS. */
export const AML_ACI_KEYS: Readonly<Record<string, string>> = {
  ssl_enabled: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  ssl_cert_pem_file: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  ssl_key_pem_file: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  ssl_cname: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  dns_name_label: 'is an ACI setting; the action ignored it for AKS and it has no effect here.',
  location: 'is an ACI setting; the action ignored it for AKS and it has no effect here.',
};
