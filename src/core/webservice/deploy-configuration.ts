/**
 * The Azure ML SDK v1 `AksWebservice.deploy_configuration` model: every parameter
 * as a camelCase prop with the v1 default, the v1 validation rules (plus the checks
 * v1 forgot), and the resolved configuration with every default applied.
 */
import { ConfigurationWarning, ProblemCollector, describeValue } from '../errors';
import {
  checkBoolean,
  checkNamespace,
  checkNumber,
  checkString,
  checkStringMap,
  isPlainObject,
} from '../validation';

/**
 * The parameters of `AksWebservice.deploy_configuration`, camelCased.
 * Every default is the v1 default.
 */
export interface AksWebserviceDeployConfiguration {
  /**
   * Whether to enable autoscaling. v1: `autoscale_enabled`.
   * @default true when `numReplicas` is not set, false otherwise
   */
  readonly autoscaleEnabled?: boolean;
  /**
   * The minimum number of replicas when autoscaling. v1: `autoscale_min_replicas`.
   * @default 1
   */
  readonly autoscaleMinReplicas?: number;
  /**
   * The maximum number of replicas when autoscaling. v1: `autoscale_max_replicas`.
   * @default 10
   */
  readonly autoscaleMaxReplicas?: number;
  /**
   * How often the autoscaler re-evaluates, in seconds. v1: `autoscale_refresh_seconds`.
   * Honoured by the concurrency autoscaler (KEDA polling interval); the CPU
   * HorizontalPodAutoscaler's period is cluster-wide, so setting it there warns.
   * @default 1
   */
  readonly autoscaleRefreshSeconds?: number;
  /**
   * The target utilization, in percent (1 to 100). v1: `autoscale_target_utilization`.
   * @default 70
   */
  readonly autoscaleTargetUtilization?: number;
  /**
   * Whether to collect model input/output data. v1: `collect_model_data`.
   * @default false
   */
  readonly collectModelData?: boolean;
  /**
   * Whether key authentication is on. v1: `auth_enabled`.
   * @default true (false when `tokenAuthEnabled` is true)
   */
  readonly authEnabled?: boolean;
  /**
   * CPU cores to request for the container (may be fractional). v1: `cpu_cores`.
   * @default 0.1
   */
  readonly cpuCores?: number;
  /**
   * Memory to request, in GB (may be fractional). v1: `memory_gb`.
   * @default 0.5
   */
  readonly memoryGb?: number;
  /**
   * Whether to send telemetry to Application Insights. v1: `enable_app_insights`.
   * @default false
   */
  readonly enableAppInsights?: boolean;
  /**
   * Time allowed for one scoring call, in milliseconds. v1: `scoring_timeout_ms`.
   * @default 60000
   */
  readonly scoringTimeoutMs?: number;
  /**
   * Concurrent requests one replica serves. v1: `replica_max_concurrent_requests`.
   * @default 1
   */
  readonly replicaMaxConcurrentRequests?: number;
  /**
   * Time a request may wait in the queue before a 503, in milliseconds.
   * v1: `max_request_wait_time`.
   * @default 500
   */
  readonly maxRequestWaitTime?: number;
  /**
   * A fixed number of replicas (turns autoscaling off). v1: `num_replicas`.
   * @default - none: the autoscaler decides
   */
  readonly numReplicas?: number;
  /**
   * The primary auth key. v1: `primary_key`. Putting a key here writes it into the
   * manifests (with a warning); leave it unset to have keys generated in the cluster.
   * @default - generated in the cluster
   */
  readonly primaryKey?: string;
  /**
   * The secondary auth key. v1: `secondary_key`.
   * @default - generated in the cluster
   */
  readonly secondaryKey?: string;
  /**
   * Key/value tags, written as labels (sanitized) and kept verbatim in an annotation.
   * v1: `tags`.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * Key/value properties, written as annotations. v1: `properties`.
   * @default - none
   */
  readonly properties?: Record<string, string>;
  /**
   * A description of the service, written as an annotation. v1: `description`.
   * @default - none
   */
  readonly description?: string;
  /**
   * Whole GPUs per replica (`nvidia.com/gpu`). v1: `gpu_cores`.
   * @default 0
   */
  readonly gpuCores?: number;
  /**
   * Liveness probe period, in seconds. v1: `period_seconds`.
   * @default 10
   */
  readonly periodSeconds?: number;
  /**
   * Delay before the first liveness probe, in seconds. v1: `initial_delay_seconds`.
   * @default 310
   */
  readonly initialDelaySeconds?: number;
  /**
   * Liveness probe timeout, in seconds. v1: `timeout_seconds`.
   * @default 2
   */
  readonly timeoutSeconds?: number;
  /**
   * Successes needed to count as healthy. v1: `success_threshold`. Kubernetes only
   * allows 1 on a liveness probe, so values above 1 apply to the readiness probe.
   * @default 1
   */
  readonly successThreshold?: number;
  /**
   * Failures before the container is restarted. v1: `failure_threshold`.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * The Kubernetes namespace. v1: `namespace`.
   * @default - none: the chart's (cdk8s) or the provider's (Pulumi) namespace
   */
  readonly namespace?: string;
  /**
   * Whether token (Microsoft Entra ID) authentication is on. v1: `token_auth_enabled`.
   * @default false
   */
  readonly tokenAuthEnabled?: boolean;
  /**
   * The Azure ML compute target the v1 service was deployed to. v1: `compute_target_name`.
   * Recorded as an annotation.
   * @default - none
   */
  readonly computeTargetName?: string;
  /**
   * CPU cores the container may use at most. v1: `cpu_cores_limit`.
   * @default - no limit
   */
  readonly cpuCoresLimit?: number;
  /**
   * Memory the container may use at most, in GB. v1: `memory_gb_limit`.
   * @default - no limit
   */
  readonly memoryGbLimit?: number;
  /**
   * Whether the model is mounted from Blob Storage (blobfuse / Blob CSI driver)
   * rather than downloaded at start. v1: `blobfuse_enabled`.
   * @default true
   */
  readonly blobfuseEnabled?: boolean;
}

/** The v1 defaults, in one place (also used by the loader and the docs). */
export const WEBSERVICE_DEFAULTS = {
  autoscaleMinReplicas: 1,
  autoscaleMaxReplicas: 10,
  autoscaleRefreshSeconds: 1,
  autoscaleTargetUtilization: 70,
  collectModelData: false,
  authEnabled: true,
  tokenAuthEnabled: false,
  cpuCores: 0.1,
  memoryGb: 0.5,
  enableAppInsights: false,
  scoringTimeoutMs: 60000,
  replicaMaxConcurrentRequests: 1,
  maxRequestWaitTime: 500,
  gpuCores: 0,
  periodSeconds: 10,
  initialDelaySeconds: 310,
  timeoutSeconds: 2,
  successThreshold: 1,
  failureThreshold: 3,
  blobfuseEnabled: true,
} as const;

/** The v1 Python name of each prop (for messages and the migration table). */
export const V1_PARAMETER_NAMES: Readonly<Record<keyof AksWebserviceDeployConfiguration, string>> = {
  autoscaleEnabled: 'autoscale_enabled',
  autoscaleMinReplicas: 'autoscale_min_replicas',
  autoscaleMaxReplicas: 'autoscale_max_replicas',
  autoscaleRefreshSeconds: 'autoscale_refresh_seconds',
  autoscaleTargetUtilization: 'autoscale_target_utilization',
  collectModelData: 'collect_model_data',
  authEnabled: 'auth_enabled',
  cpuCores: 'cpu_cores',
  memoryGb: 'memory_gb',
  enableAppInsights: 'enable_app_insights',
  scoringTimeoutMs: 'scoring_timeout_ms',
  replicaMaxConcurrentRequests: 'replica_max_concurrent_requests',
  maxRequestWaitTime: 'max_request_wait_time',
  numReplicas: 'num_replicas',
  primaryKey: 'primary_key',
  secondaryKey: 'secondary_key',
  tags: 'tags',
  properties: 'properties',
  description: 'description',
  gpuCores: 'gpu_cores',
  periodSeconds: 'period_seconds',
  initialDelaySeconds: 'initial_delay_seconds',
  timeoutSeconds: 'timeout_seconds',
  successThreshold: 'success_threshold',
  failureThreshold: 'failure_threshold',
  namespace: 'namespace',
  tokenAuthEnabled: 'token_auth_enabled',
  computeTargetName: 'compute_target_name',
  cpuCoresLimit: 'cpu_cores_limit',
  memoryGbLimit: 'memory_gb_limit',
  blobfuseEnabled: 'blobfuse_enabled',
};

/** The props of the deploy configuration, in v1's order. */
export const DEPLOY_CONFIGURATION_PROPS = Object.keys(V1_PARAMETER_NAMES) as Array<
  keyof AksWebserviceDeployConfiguration
>;

/** The deploy configuration with every default applied. */
export interface ResolvedDeployConfiguration {
  readonly autoscaleEnabled: boolean;
  readonly autoscaleMinReplicas: number;
  readonly autoscaleMaxReplicas: number;
  readonly autoscaleRefreshSeconds: number;
  readonly autoscaleTargetUtilization: number;
  readonly collectModelData: boolean;
  readonly authEnabled: boolean;
  readonly tokenAuthEnabled: boolean;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly cpuCoresLimit?: number;
  readonly memoryGbLimit?: number;
  readonly gpuCores: number;
  readonly enableAppInsights: boolean;
  readonly scoringTimeoutMs: number;
  readonly replicaMaxConcurrentRequests: number;
  readonly maxRequestWaitTime: number;
  /** Set when autoscaling is off. */
  readonly numReplicas?: number;
  readonly primaryKey?: string;
  readonly secondaryKey?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly periodSeconds: number;
  readonly initialDelaySeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  readonly namespace?: string;
  readonly computeTargetName?: string;
  readonly blobfuseEnabled: boolean;
  /** The props the user set explicitly (the rest came from defaults). */
  readonly explicitlySet: readonly (keyof AksWebserviceDeployConfiguration)[];
}

const AUTOSCALE_PARAMS = [
  'autoscaleMinReplicas',
  'autoscaleMaxReplicas',
  'autoscaleRefreshSeconds',
  'autoscaleTargetUtilization',
] as const;

/** The largest value of an int32 field (replicas, probe settings). */
const MAX_INT32 = 2147483647;
/** The most CPU cores a Kubernetes quantity holds (int64 millicores, rounded down to a power of ten). */
export const MAX_CPU_CORES = 1e15;
/** The most memory, in GB, a Kubernetes quantity holds (int64 bytes, rounded down to a power of ten). */
export const MAX_MEMORY_GB = 1e9;

/** Keys must be usable verbatim in an `Authorization: Bearer <key>` header. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

export interface ValidateDeployConfigurationOptions {
  /**
   * Skip the rules on props that the caller owns elsewhere (e.g. an endpoint owns
   * auth, keys, App Insights and the namespace for all its versions).
   */
  readonly skip?: readonly (keyof AksWebserviceDeployConfiguration)[];
}

/**
 * Validates a deploy configuration, adding every problem to `c` (nothing thrown).
 * Returns the warnings for settings that are valid but will not take effect as written.
 */
export function validateDeployConfiguration(
  c: ProblemCollector,
  props: AksWebserviceDeployConfiguration,
  options: ValidateDeployConfigurationOptions = {},
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    return warnings;
  }
  const p = props as Record<string, unknown>;
  const skip = new Set(options.skip ?? []);
  const v1 = (k: keyof AksWebserviceDeployConfiguration) => V1_PARAMETER_NAMES[k];
  // Kubernetes stores these (replicas, probe settings, polling interval) as int32.
  const positiveInt = (k: keyof AksWebserviceDeployConfiguration) =>
    checkNumber(c, k, p[k], { greaterThan: 0, atMost: MAX_INT32, integer: true, boundText: 'must be greater than zero', v1: v1(k) });

  // Resources.
  // Upper bounds: what a Kubernetes quantity holds as int64 millicores / bytes.
  const cpuOk = checkNumber(c, 'cpuCores', p.cpuCores, { greaterThan: 0, atMost: MAX_CPU_CORES, boundText: 'must be greater than zero', v1: v1('cpuCores') });
  const memOk = checkNumber(c, 'memoryGb', p.memoryGb, { greaterThan: 0, atMost: MAX_MEMORY_GB, boundText: 'must be greater than zero', v1: v1('memoryGb') });
  const cpuLimitOk = checkNumber(c, 'cpuCoresLimit', p.cpuCoresLimit, { greaterThan: 0, atMost: MAX_CPU_CORES, boundText: 'must be greater than zero', v1: v1('cpuCoresLimit') });
  const memLimitOk = checkNumber(c, 'memoryGbLimit', p.memoryGbLimit, { greaterThan: 0, atMost: MAX_MEMORY_GB, boundText: 'must be greater than zero', v1: v1('memoryGbLimit') });
  const cpu = (p.cpuCores as number | undefined) ?? WEBSERVICE_DEFAULTS.cpuCores;
  const mem = (p.memoryGb as number | undefined) ?? WEBSERVICE_DEFAULTS.memoryGb;
  if (cpuOk && cpuLimitOk && p.cpuCoresLimit !== undefined && (p.cpuCoresLimit as number) < cpu) {
    c.add(`cpuCoresLimit (v1: cpu_cores_limit)`, p.cpuCoresLimit, `must be greater than or equal to cpuCores (${cpu})`);
  }
  if (memOk && memLimitOk && p.memoryGbLimit !== undefined && (p.memoryGbLimit as number) < mem) {
    c.add(`memoryGbLimit (v1: memory_gb_limit)`, p.memoryGbLimit, `must be greater than or equal to memoryGb (${mem})`);
  }
  if (cpuOk && p.cpuCores !== undefined && Math.round((p.cpuCores as number) * 1000) < 1) {
    c.add('cpuCores (v1: cpu_cores)', p.cpuCores, 'must be at least 0.001 (one millicore, the smallest CPU request Kubernetes accepts)');
  }
  if (memOk && p.memoryGb !== undefined && Math.round((p.memoryGb as number) * 1000) < 1) {
    c.add('memoryGb (v1: memory_gb)', p.memoryGb, 'must be at least 0.001 (1 MB)');
  }
  for (const k of ['cpuCores', 'cpuCoresLimit'] as const) {
    const v = p[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0 && Math.abs(v * 1000 - Math.round(v * 1000)) > 1e-6) {
      warnings.push({ id: 'aks-ml:webservice:cpuRoundedToMillicores', prop: k, message: `${v} is finer than one millicore; it is rounded to ${Math.round(v * 1000)}m.` });
    }
  }
  for (const k of ['memoryGb', 'memoryGbLimit'] as const) {
    const v = p[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0 && Math.abs(v * 1000 - Math.round(v * 1000)) > 1e-6) {
      warnings.push({ id: 'aks-ml:webservice:memoryRoundedToMegabytes', prop: k, message: `${v} GB is finer than 1 MB; it is rounded to ${Math.round(v * 1000)}M.` });
    }
  }
  if (checkNumber(c, 'gpuCores', p.gpuCores, { atLeast: 0, boundText: 'must be greater than or equal to zero', v1: v1('gpuCores') })) {
    if (typeof p.gpuCores === 'number' && !Number.isSafeInteger(p.gpuCores)) {
      c.add('gpuCores (v1: gpu_cores)', p.gpuCores, 'must be a whole number: Kubernetes schedules whole GPUs (nvidia.com/gpu), not fractions');
    }
  }

  // Probes and serving.
  for (const k of ['periodSeconds', 'initialDelaySeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold'] as const) {
    positiveInt(k);
  }
  for (const k of ['scoringTimeoutMs', 'replicaMaxConcurrentRequests', 'maxRequestWaitTime', 'numReplicas'] as const) {
    positiveInt(k);
  }
  if (typeof p.successThreshold === 'number' && p.successThreshold > 1 && Number.isInteger(p.successThreshold)) {
    warnings.push({
      id: 'aks-ml:webservice:successThresholdOnLiveness',
      prop: 'successThreshold',
      message: `Kubernetes requires 1 on a liveness probe; ${p.successThreshold} is applied to the readiness probe only.`,
    });
  }

  // Autoscaling.
  for (const k of AUTOSCALE_PARAMS) {
    if (k === 'autoscaleTargetUtilization') {
      if (checkNumber(c, k, p[k], { greaterThan: 0, boundText: 'must be greater than zero', v1: v1(k) })) {
        checkNumber(c, k, p[k], { atMost: 100, integer: true, v1: v1(k) });
      }
    } else {
      positiveInt(k);
    }
  }
  checkBoolean(c, 'autoscaleEnabled', p.autoscaleEnabled, v1('autoscaleEnabled'));
  if (p.autoscaleEnabled === true && p.numReplicas !== undefined) {
    c.addRaw(
      `autoscaleEnabled (v1: autoscale_enabled) is true and numReplicas (v1: num_replicas) is ${describeValue(p.numReplicas)}: ` +
        'autoscaling and a fixed replica count exclude each other; unset one of them.',
    );
  }
  if (p.autoscaleEnabled === false && p.numReplicas === undefined) {
    c.addRaw(
      'autoscaleEnabled (v1: autoscale_enabled) is false but numReplicas (v1: num_replicas) is not set: ' +
        'with autoscaling disabled, set numReplicas to the fixed number of replicas.',
    );
  }
  const autoscaleOff = p.autoscaleEnabled === false || (p.autoscaleEnabled === undefined && p.numReplicas !== undefined);
  if (autoscaleOff) {
    for (const k of AUTOSCALE_PARAMS) {
      if (p[k] !== undefined) {
        c.add(`${k} (v1: ${v1(k)})`, p[k], 'was provided without enabling autoscaling (autoscaling is off because ' +
          (p.autoscaleEnabled === false ? 'autoscaleEnabled is false' : 'numReplicas is set') + '); remove it or enable autoscaling');
      }
    }
  }
  const minOk = typeof p.autoscaleMinReplicas === 'number' && Number.isInteger(p.autoscaleMinReplicas) && p.autoscaleMinReplicas > 0;
  const maxOk = typeof p.autoscaleMaxReplicas === 'number' && Number.isInteger(p.autoscaleMaxReplicas) && p.autoscaleMaxReplicas > 0;
  const min = minOk ? (p.autoscaleMinReplicas as number) : WEBSERVICE_DEFAULTS.autoscaleMinReplicas;
  const max = maxOk ? (p.autoscaleMaxReplicas as number) : WEBSERVICE_DEFAULTS.autoscaleMaxReplicas;
  if ((minOk || maxOk) && min > max) {
    c.addRaw(
      `autoscaleMinReplicas (v1: autoscale_min_replicas) is ${min}, greater than autoscaleMaxReplicas (v1: autoscale_max_replicas) ${max}` +
        `${maxOk ? '' : ' (the default)'}: the minimum cannot be greater than the maximum.`,
    );
  }

  // Switches and strings.
  for (const k of ['collectModelData', 'authEnabled', 'enableAppInsights', 'tokenAuthEnabled', 'blobfuseEnabled'] as const) {
    if (!skip.has(k)) checkBoolean(c, k, p[k], v1(k));
  }
  if (!skip.has('authEnabled') && !skip.has('tokenAuthEnabled') && p.authEnabled === true && p.tokenAuthEnabled === true) {
    c.addRaw(
      'authEnabled (v1: auth_enabled) and tokenAuthEnabled (v1: token_auth_enabled) are both true: a service uses key ' +
        'auth or token auth, not both; set authEnabled to false to use tokens.',
    );
  }
  if (!skip.has('namespace')) checkNamespace(c, 'namespace', p.namespace);
  for (const k of ['primaryKey', 'secondaryKey'] as const) {
    if (skip.has(k) || p[k] === undefined) continue;
    // Never echo a key: problems end up in CI logs.
    const keyProblems = new ProblemCollector();
    if (checkString(keyProblems, k, p[k], { v1: v1(k), maxLength: 256 }) && !KEY_PATTERN.test(p[k] as string)) {
      c.add(`${k} (v1: ${v1(k)})`, '<redacted>', 'must contain only printable ASCII characters without spaces (it is sent in an "Authorization: Bearer" header)');
    }
    for (const line of keyProblems.problems) c.addRaw(p[k] === '' ? line : line.replace(/; received [\s\S]*$/, '; received "<redacted>".'));
  }
  if (!skip.has('primaryKey') && typeof p.primaryKey === 'string' && p.primaryKey.length > 0 && p.primaryKey === p.secondaryKey) {
    c.addRaw('primaryKey and secondaryKey are the same: two keys exist so that one can be regenerated while the other is in use; give two different keys.');
  }
  checkStringMap(c, 'tags', p.tags);
  checkStringMap(c, 'properties', p.properties);
  checkString(c, 'description', p.description, { allowEmpty: true, maxLength: 4096 });
  checkString(c, 'computeTargetName', p.computeTargetName);
  return warnings;
}

/**
 * Applies the v1 defaults to a configuration that {@link validateDeployConfiguration}
 * accepted. Pure: the input is not modified.
 */
export function applyDeployConfigurationDefaults(props: AksWebserviceDeployConfiguration): ResolvedDeployConfiguration {
  const d = WEBSERVICE_DEFAULTS;
  const autoscaleEnabled = props.autoscaleEnabled ?? props.numReplicas === undefined;
  const tokenAuthEnabled = props.tokenAuthEnabled ?? d.tokenAuthEnabled;
  const explicitlySet = DEPLOY_CONFIGURATION_PROPS.filter((k) => props[k] !== undefined);
  return {
    autoscaleEnabled,
    autoscaleMinReplicas: props.autoscaleMinReplicas ?? d.autoscaleMinReplicas,
    autoscaleMaxReplicas: props.autoscaleMaxReplicas ?? d.autoscaleMaxReplicas,
    autoscaleRefreshSeconds: props.autoscaleRefreshSeconds ?? d.autoscaleRefreshSeconds,
    autoscaleTargetUtilization: props.autoscaleTargetUtilization ?? d.autoscaleTargetUtilization,
    collectModelData: props.collectModelData ?? d.collectModelData,
    // Token auth replaces key auth when the user did not ask for keys explicitly.
    authEnabled: props.authEnabled ?? (tokenAuthEnabled ? false : d.authEnabled),
    tokenAuthEnabled,
    cpuCores: props.cpuCores ?? d.cpuCores,
    memoryGb: props.memoryGb ?? d.memoryGb,
    cpuCoresLimit: props.cpuCoresLimit,
    memoryGbLimit: props.memoryGbLimit,
    gpuCores: props.gpuCores ?? d.gpuCores,
    enableAppInsights: props.enableAppInsights ?? d.enableAppInsights,
    scoringTimeoutMs: props.scoringTimeoutMs ?? d.scoringTimeoutMs,
    replicaMaxConcurrentRequests: props.replicaMaxConcurrentRequests ?? d.replicaMaxConcurrentRequests,
    maxRequestWaitTime: props.maxRequestWaitTime ?? d.maxRequestWaitTime,
    numReplicas: autoscaleEnabled ? undefined : props.numReplicas,
    primaryKey: props.primaryKey,
    secondaryKey: props.secondaryKey,
    tags: { ...(props.tags ?? {}) },
    properties: { ...(props.properties ?? {}) },
    description: props.description,
    periodSeconds: props.periodSeconds ?? d.periodSeconds,
    initialDelaySeconds: props.initialDelaySeconds ?? d.initialDelaySeconds,
    timeoutSeconds: props.timeoutSeconds ?? d.timeoutSeconds,
    successThreshold: props.successThreshold ?? d.successThreshold,
    failureThreshold: props.failureThreshold ?? d.failureThreshold,
    namespace: props.namespace,
    computeTargetName: props.computeTargetName,
    blobfuseEnabled: props.blobfuseEnabled ?? d.blobfuseEnabled,
    explicitlySet,
  };
}

/**
 * Validates and resolves a deploy configuration on its own (no service name or
 * image). Throws a ConfigurationError listing every problem.
 */
export function resolveDeployConfiguration(props: AksWebserviceDeployConfiguration): {
  config: ResolvedDeployConfiguration;
  warnings: ConfigurationWarning[];
} {
  const c = new ProblemCollector();
  const warnings = validateDeployConfiguration(c, props);
  c.throwIfAny('the webservice deploy configuration');
  return { config: applyDeployConfigurationDefaults(props), warnings };
}
