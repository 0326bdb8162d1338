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
  departure,
  isPlainObject,
  NAMESPACE_PATTERN,
  v1Given,
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

/** The string props (the others that the truthiness rule applies to are numbers). */
/** Explicit keys shorter than this warn (the generated keys have 32 characters). */
export const MIN_EXPLICIT_KEY_LENGTH = 32;

const STRING_PROPS: ReadonlySet<keyof AksWebserviceDeployConfiguration> = new Set(['namespace', 'primaryKey', 'secondaryKey', 'description', 'computeTargetName']);

/** The longest description kept (Kubernetes' 256 KiB of annotations per object). */
const MAX_ANNOTATION_CHARS = 256 * 1024;

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
  // v1 (AksServiceDeploymentConfiguration.validate_configuration, azureml-core 1.51) checks
  // each range with `is not None` (so a 0 is refused) but decides conflicts and defaults
  // by Python truthiness (a 0 or "" is "not given"): v1Given is that second rule.
  const given = (k: keyof AksWebserviceDeployConfiguration) => v1Given(p[k], STRING_PROPS.has(k) ? 'string' : 'number');
  const INT32 = 'Kubernetes stores it as a 32-bit integer';
  // Replica counts: whole numbers (Kubernetes and Azure's REST API hold them as integers).
  const replicaCount = (k: keyof AksWebserviceDeployConfiguration) =>
    checkNumber(c, k, p[k], { greaterThan: 0, atMost: MAX_INT32, integer: true, boundText: 'must be greater than zero', v1: v1(k), departure: `${INT32}; a replica count is a whole number` });
  // Probe settings, timeouts and the polling interval: v1 accepted fractions; they are
  // rounded up to the whole number Kubernetes stores, with a warning.
  const roundedUp = (k: keyof AksWebserviceDeployConfiguration, what: string) => {
    const v = p[k];
    if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) {
      warnings.push({ id: 'aks-ml:webservice:roundedUpToWholeNumber', prop: k, message: `(v1: ${v1(k)}) is ${v}; ${what}, so ${Math.ceil(v)} is used.` });
    }
  };
  const wholeLater = (k: keyof AksWebserviceDeployConfiguration) => {
    const ok = checkNumber(c, k, p[k], { greaterThan: 0, atMost: MAX_INT32, boundText: 'must be greater than zero', v1: v1(k), departure: INT32 });
    if (ok) roundedUp(k, 'Kubernetes stores a whole number');
    return ok;
  };

  // Resources.
  // Upper bounds: what a Kubernetes quantity holds as int64 millicores / bytes.
  const QUANTITY = 'a Kubernetes quantity holds at most that much';
  const cpuOk = checkNumber(c, 'cpuCores', p.cpuCores, { greaterThan: 0, atMost: MAX_CPU_CORES, boundText: 'must be greater than zero', v1: v1('cpuCores'), departure: QUANTITY });
  const memOk = checkNumber(c, 'memoryGb', p.memoryGb, { greaterThan: 0, atMost: MAX_MEMORY_GB, boundText: 'must be greater than zero', v1: v1('memoryGb'), departure: QUANTITY });
  const cpuLimitOk = checkNumber(c, 'cpuCoresLimit', p.cpuCoresLimit, { greaterThan: 0, atMost: MAX_CPU_CORES, boundText: 'must be greater than zero', v1: v1('cpuCoresLimit'), departure: QUANTITY });
  const memLimitOk = checkNumber(c, 'memoryGbLimit', p.memoryGbLimit, { greaterThan: 0, atMost: MAX_MEMORY_GB, boundText: 'must be greater than zero', v1: v1('memoryGbLimit'), departure: QUANTITY });
  // v1 compares a limit with its request only when both are given; a limit below the
  // default request lowers the request to the limit (Kubernetes requires request <= limit).
  if (cpuOk && cpuLimitOk && given('cpuCores') && given('cpuCoresLimit') && (p.cpuCoresLimit as number) < (p.cpuCores as number)) {
    c.add(`cpuCoresLimit (v1: cpu_cores_limit)`, p.cpuCoresLimit, `must be greater than or equal to cpuCores (${p.cpuCores as number})`);
  }
  if (memOk && memLimitOk && given('memoryGb') && given('memoryGbLimit') && (p.memoryGbLimit as number) < (p.memoryGb as number)) {
    c.add(`memoryGbLimit (v1: memory_gb_limit)`, p.memoryGbLimit, `must be greater than or equal to memoryGb (${p.memoryGb as number})`);
  }
  for (const [req, lim, limitOk] of [['cpuCores', 'cpuCoresLimit', cpuLimitOk], ['memoryGb', 'memoryGbLimit', memLimitOk]] as const) {
    const dflt = WEBSERVICE_DEFAULTS[req];
    if (limitOk && !given(req) && given(lim) && (p[lim] as number) < dflt) {
      warnings.push({ id: 'aks-ml:webservice:requestLoweredToLimit', prop: req, message: `(v1: ${v1(req)}) is not given and its default ${dflt} is above ${lim} ${p[lim] as number}; the request is lowered to the limit (Kubernetes requires request <= limit).` });
    }
  }
  const unit = { cpuCores: ['one millicore', 'm'], cpuCoresLimit: ['one millicore', 'm'], memoryGb: ['1 MB', 'M'], memoryGbLimit: ['1 MB', 'M'] } as const;
  for (const k of ['cpuCores', 'cpuCoresLimit', 'memoryGb', 'memoryGbLimit'] as const) {
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || Math.abs(v * 1000 - Math.round(v * 1000)) <= 1e-6) continue;
    const [smallest, suffix] = unit[k];
    const rounded = Math.max(1, Math.round(v * 1000));
    const shown = k.startsWith('memory') ? `${v} GB` : `${v}`;
    warnings.push(
      k.startsWith('memory')
        ? { id: 'aks-ml:webservice:memoryRoundedToMegabytes', prop: k, message: `${shown} is finer than ${smallest}; it is rounded to ${rounded}${suffix}.` }
        : { id: 'aks-ml:webservice:cpuRoundedToMillicores', prop: k, message: `${shown} is finer than ${smallest}; it is rounded to ${rounded}${suffix}.` },
    );
  }
  if (checkNumber(c, 'gpuCores', p.gpuCores, { atLeast: 0, boundText: 'must be greater than or equal to zero', v1: v1('gpuCores'), departure: QUANTITY })) {
    if (typeof p.gpuCores === 'number' && !Number.isSafeInteger(p.gpuCores)) {
      c.add('gpuCores (v1: gpu_cores)', p.gpuCores, `must be a whole number: Kubernetes schedules whole GPUs (nvidia.com/gpu), not fractions${departure('a GPU is scheduled whole')}`);
    }
  }

  // Probes and serving.
  for (const k of ['periodSeconds', 'initialDelaySeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold'] as const) {
    wholeLater(k);
  }
  for (const k of ['scoringTimeoutMs', 'replicaMaxConcurrentRequests', 'maxRequestWaitTime'] as const) {
    wholeLater(k);
  }
  replicaCount('numReplicas');
  if (typeof p.successThreshold === 'number' && Math.ceil(p.successThreshold) > 1 && Number.isFinite(p.successThreshold)) {
    warnings.push({
      id: 'aks-ml:webservice:successThresholdOnLiveness',
      prop: 'successThreshold',
      message: `Kubernetes requires 1 on a liveness probe; ${Math.ceil(p.successThreshold)} is applied to the readiness probe only.`,
    });
  }

  // Autoscaling: as in v1, the autoscale settings are range-checked only while
  // autoscaling is on; while it is off, only a given (truthy) one is a problem.
  checkBoolean(c, 'autoscaleEnabled', p.autoscaleEnabled, v1('autoscaleEnabled'));
  const autoscaleOff = p.autoscaleEnabled === false || (p.autoscaleEnabled !== true && given('numReplicas'));
  if (p.autoscaleEnabled === true && given('numReplicas')) {
    c.addRaw(
      `autoscaleEnabled (v1: autoscale_enabled) is true and numReplicas (v1: num_replicas) is ${describeValue(p.numReplicas)}: ` +
        'autoscaling and a fixed replica count exclude each other; unset one of them.',
    );
  }
  if (p.autoscaleEnabled === false && !given('numReplicas')) {
    c.addRaw(
      'autoscaleEnabled (v1: autoscale_enabled) is false but numReplicas (v1: num_replicas) is not set: ' +
        'with autoscaling disabled, set numReplicas to the fixed number of replicas.',
    );
  }
  if (autoscaleOff) {
    for (const k of AUTOSCALE_PARAMS) {
      if (given(k)) {
        c.add(`${k} (v1: ${v1(k)})`, p[k], 'was provided without enabling autoscaling (autoscaling is off because ' +
          (p.autoscaleEnabled === false ? 'autoscaleEnabled is false' : 'numReplicas is set') + '); remove it or enable autoscaling');
      }
    }
  } else {
    const minOk = replicaCount('autoscaleMinReplicas');
    const maxOk = replicaCount('autoscaleMaxReplicas');
    wholeLater('autoscaleRefreshSeconds');
    const k = 'autoscaleTargetUtilization';
    if (checkNumber(c, k, p[k], { greaterThan: 0, boundText: 'must be greater than zero', v1: v1(k), departure: 'a utilization above 100 percent can never be reached' })) {
      if (checkNumber(c, k, p[k], { atMost: 100, v1: v1(k), departure: 'a utilization above 100 percent can never be reached' })) {
        roundedUp(k, 'the autoscalers take whole percents');
      }
    }
    // v1 compares min and max only when both are given.
    if (minOk && maxOk && given('autoscaleMinReplicas') && given('autoscaleMaxReplicas') && (p.autoscaleMinReplicas as number) > (p.autoscaleMaxReplicas as number)) {
      c.addRaw(
        `autoscaleMinReplicas (v1: autoscale_min_replicas) is ${p.autoscaleMinReplicas as number}, greater than autoscaleMaxReplicas (v1: autoscale_max_replicas) ` +
          `${p.autoscaleMaxReplicas as number}: the minimum cannot be greater than the maximum.`,
      );
    } else if (minOk && given('autoscaleMinReplicas') && !given('autoscaleMaxReplicas') && (p.autoscaleMinReplicas as number) > WEBSERVICE_DEFAULTS.autoscaleMaxReplicas) {
      warnings.push({
        id: 'aks-ml:webservice:maxReplicasRaisedToMin',
        prop: 'autoscaleMaxReplicas',
        message: `(v1: autoscale_max_replicas) is not given and its default ${WEBSERVICE_DEFAULTS.autoscaleMaxReplicas} is below autoscaleMinReplicas ${p.autoscaleMinReplicas as number}; the maximum is raised to ${p.autoscaleMinReplicas as number}.`,
      });
    }
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
  // v1: `if self.namespace and not re.match(NAMESPACE_REGEX, ...)`: "" is not given, and
  // Python's `$` lets one trailing newline through (dropped here, with a warning).
  if (!skip.has('namespace') && given('namespace')) {
    const ns = p.namespace;
    if (typeof ns === 'string' && ns.endsWith('\n') && NAMESPACE_PATTERN.test(ns.slice(0, -1))) {
      warnings.push({ id: 'aks-ml:webservice:namespaceTrailingNewline', prop: 'namespace', message: `(v1: namespace) ${describeValue(ns)} ends with a newline, which v1's pattern let through; the namespace ${describeValue(ns.slice(0, -1))} is used.` });
    } else {
      checkNamespace(c, 'namespace', ns);
    }
  }
  for (const k of ['primaryKey', 'secondaryKey'] as const) {
    // v1 generates a key that is not given ("" included).
    if (skip.has(k) || !given(k)) continue;
    // Never echo a key: problems end up in CI logs.
    const keyProblems = new ProblemCollector();
    if (checkString(keyProblems, k, p[k], { v1: v1(k) }) && !KEY_PATTERN.test(p[k] as string)) {
      warnings.push({ id: 'aks-ml:webservice:keyNotHeaderSafe', prop: k, message: `(v1: ${v1(k)}) contains spaces or characters outside printable ASCII; clients must send it verbatim in an "Authorization: Bearer" header, which many HTTP clients refuse or re-encode.` });
    }
    for (const line of keyProblems.problems) c.addRaw(line.replace(/; received [\s\S]*$/, '; received "<redacted>".'));
    // Only where the key is used: key auth on (the v1 default unless token auth is on).
    const keyAuthOn = p.authEnabled === true || (p.authEnabled === undefined && p.tokenAuthEnabled !== true);
    if (keyAuthOn && keyProblems.problems.length === 0 && typeof p[k] === 'string' && (p[k] as string).length < MIN_EXPLICIT_KEY_LENGTH) {
      warnings.push({
        id: 'aks-ml:webservice:shortKey',
        prop: k,
        message:
          `(v1: ${v1(k)}) has ${(p[k] as string).length} characters: v1 accepted a key of any length, but one shorter than ` +
          `${MIN_EXPLICIT_KEY_LENGTH} characters is easier to guess than the generated keys (32 letters and digits); give a longer key or let it be generated.`,
      });
    }
  }
  if (!skip.has('primaryKey') && typeof p.primaryKey === 'string' && p.primaryKey.length > 0 && p.primaryKey === p.secondaryKey) {
    warnings.push({ id: 'aks-ml:webservice:identicalKeys', prop: 'secondaryKey', message: 'is the same as primaryKey: two keys exist so that one can be regenerated while the other is in use; give two different keys.' });
  }
  // v1 accepted an empty tag or property key: it is written as the sanitized label or
  // annotation, with the metadata warnings (tagNotALabel, propertyNotAnAnnotation).
  checkStringMap(c, 'tags', p.tags, { allowEmptyKey: true });
  checkStringMap(c, 'properties', p.properties, { allowEmptyKey: true });
  // Kubernetes keeps at most 256 KiB of annotations on an object; v1 had no bound.
  if (checkString(c, 'description', p.description, { allowEmpty: true }) && typeof p.description === 'string' && p.description.length > MAX_ANNOTATION_CHARS) {
    c.add('description', `${p.description.length} characters`, `must fit in the 256 KiB Kubernetes keeps of an object's annotations${departure('v1 set no bound')}`);
  }
  checkString(c, 'computeTargetName', p.computeTargetName, { allowEmpty: true });
  return warnings;
}

/**
 * Applies the v1 defaults to a configuration that {@link validateDeployConfiguration}
 * accepted. Pure: the input is not modified.
 */
export function applyDeployConfigurationDefaults(props: AksWebserviceDeployConfiguration): ResolvedDeployConfiguration {
  const d = WEBSERVICE_DEFAULTS;
  // v1's "given": a 0 or "" takes the default, as in v1.
  const num = <K extends keyof AksWebserviceDeployConfiguration>(k: K): number | undefined =>
    v1Given(props[k], 'number') ? (props[k] as number) : undefined;
  const whole = (k: keyof AksWebserviceDeployConfiguration, fallback: number): number => {
    const v = num(k);
    return v === undefined ? fallback : Math.ceil(v);
  };
  const str = (k: keyof AksWebserviceDeployConfiguration): string | undefined => (v1Given(props[k], 'string') ? (props[k] as string) : undefined);
  const autoscaleEnabled = props.autoscaleEnabled ?? !v1Given(props.numReplicas, 'number');
  const tokenAuthEnabled = props.tokenAuthEnabled ?? d.tokenAuthEnabled;
  const explicitlySet = DEPLOY_CONFIGURATION_PROPS.filter((k) => v1Given(props[k], STRING_PROPS.has(k) ? 'string' : 'number'));
  const cpuCoresLimit = num('cpuCoresLimit');
  const memoryGbLimit = num('memoryGbLimit');
  // A limit below the default request lowers the request (Kubernetes requires request <= limit).
  const cpuCores = num('cpuCores') ?? Math.min(d.cpuCores, cpuCoresLimit ?? d.cpuCores);
  const memoryGb = num('memoryGb') ?? Math.min(d.memoryGb, memoryGbLimit ?? d.memoryGb);
  const autoscaleMinReplicas = num('autoscaleMinReplicas') ?? d.autoscaleMinReplicas;
  const namespace = str('namespace');
  return {
    autoscaleEnabled,
    autoscaleMinReplicas,
    // A minimum above the default maximum raises the maximum (v1 compared only given values).
    autoscaleMaxReplicas: num('autoscaleMaxReplicas') ?? Math.max(d.autoscaleMaxReplicas, autoscaleMinReplicas),
    autoscaleRefreshSeconds: whole('autoscaleRefreshSeconds', d.autoscaleRefreshSeconds),
    autoscaleTargetUtilization: whole('autoscaleTargetUtilization', d.autoscaleTargetUtilization),
    collectModelData: props.collectModelData ?? d.collectModelData,
    // Token auth replaces key auth when the user did not ask for keys explicitly.
    authEnabled: props.authEnabled ?? (tokenAuthEnabled ? false : d.authEnabled),
    tokenAuthEnabled,
    cpuCores,
    memoryGb,
    cpuCoresLimit,
    memoryGbLimit,
    gpuCores: props.gpuCores ?? d.gpuCores,
    enableAppInsights: props.enableAppInsights ?? d.enableAppInsights,
    scoringTimeoutMs: whole('scoringTimeoutMs', d.scoringTimeoutMs),
    replicaMaxConcurrentRequests: whole('replicaMaxConcurrentRequests', d.replicaMaxConcurrentRequests),
    maxRequestWaitTime: whole('maxRequestWaitTime', d.maxRequestWaitTime),
    numReplicas: autoscaleEnabled ? undefined : num('numReplicas'),
    primaryKey: str('primaryKey'),
    secondaryKey: str('secondaryKey'),
    tags: { ...(props.tags ?? {}) },
    properties: { ...(props.properties ?? {}) },
    description: props.description,
    periodSeconds: whole('periodSeconds', d.periodSeconds),
    initialDelaySeconds: whole('initialDelaySeconds', d.initialDelaySeconds),
    timeoutSeconds: whole('timeoutSeconds', d.timeoutSeconds),
    successThreshold: whole('successThreshold', d.successThreshold),
    failureThreshold: whole('failureThreshold', d.failureThreshold),
    namespace: namespace !== undefined && namespace.endsWith('\n') ? namespace.slice(0, -1) : namespace,
    computeTargetName: str('computeTargetName'),
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
