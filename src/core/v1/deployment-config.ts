/**
 * The engine-free loader for Azure ML SDK v1 deployment configuration files:
 * the `az ml model deploy --deploy-config-file` document (JSON or YAML, camelCase
 * keys, `computeType` AKS or AKSENDPOINT) and the snake_case parameters file of the
 * `Azure/aml-deploy` GitHub Action. Every key is mapped as v1 mapped it, messy
 * values are read as v1 (and PyYAML) read them, and every problem is reported with
 * the JSON path it came from, all at once.
 */
import { parseDocument, type ScalarTag, type Tags } from 'yaml';
import { ConfigurationError, ConfigurationWarning, describeValue, ProblemCollector } from '../errors';
import { checkBoolean, checkNumber, checkServiceName, isPlainObject } from '../validation';
import {
  AksWebserviceDeployConfiguration,
  DEPLOY_CONFIGURATION_PROPS,
  V1_PARAMETER_NAMES,
  validateDeployConfiguration,
} from '../webservice/deploy-configuration';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/** What a v1 deployment config deploys: a web service, or one version of an endpoint. */
export type V1DeploymentKind = 'webservice' | 'endpointVersion';

/** The layout a deployment config was written in. */
export type V1DeploymentConfigFormat = 'json' | 'yaml' | 'aml-deploy-action';

/** The v1 endpoint-version settings (`AksEndpoint`), plus the service name. */
export interface V1EndpointVersionProps {
  /** The version name. v1 CLI key: `versionName` (AKSENDPOINT only). */
  readonly versionName?: string;
  /** The share of the endpoint's traffic, 0 to 100. v1 CLI key: `trafficPercentile` (AKSENDPOINT only). */
  readonly trafficPercentile?: number;
  /** Whether this version is the endpoint's default. Library key `isDefault` (v1: a CLI flag). */
  readonly isDefault?: boolean;
  /** Control or treatment version. Library key `versionType` (v1: a CLI flag). */
  readonly versionType?: 'Control' | 'Treatment';
  /** The service name (aml-deploy action: `name`; v1 CLI: the `--name` flag). */
  readonly name?: string;
  /** The compute target (v1 CLI key `computeTargetName`; aml-deploy action: `deployment_compute_target`). */
  readonly computeTargetName?: string;
}

/** The props a deployment config file maps to. */
export type LoadedDeploymentProps = AksWebserviceDeployConfiguration & V1EndpointVersionProps;

/** The name of a prop a deployment config file can set. */
export type LoadedDeploymentPropName = keyof AksWebserviceDeployConfiguration | keyof V1EndpointVersionProps;

/** The result of {@link loadDeploymentConfig}. */
export interface LoadedDeploymentConfig {
  /** `webservice` for computeType AKS (and the aml-deploy action), `endpointVersion` for AKSENDPOINT. */
  readonly kind: V1DeploymentKind;
  /** The props the file set (nothing else: defaults are applied later, by the constructs). */
  readonly props: LoadedDeploymentProps;
  /** Keys that were ignored, values that were coerced, and settings that cannot take effect. */
  readonly warnings: ConfigurationWarning[];
  /** `json` or `yaml` for the v1 CLI document (by syntax), `aml-deploy-action` for the action's file. */
  readonly format: V1DeploymentConfigFormat;
  /** For each prop that was set, the JSON path in the file it came from (e.g. `cpuCores` → `containerResourceRequirements.cpu`). */
  readonly sourceKeys: Record<string, string>;
}

/** Options of {@link loadDeploymentConfig} and {@link loadInferenceConfig}. */
export interface LoadV1ConfigOptions {
  /** Where the text came from (a file name), used in messages. */
  readonly source?: string;
}

/** Options of {@link toDeploymentConfig}. */
export interface ToDeploymentConfigOptions {
  /**
   * The computeType to write.
   * @default 'endpointVersion' when an endpoint-version prop is set, otherwise 'webservice'
   */
  readonly kind?: V1DeploymentKind;
}

// ---------------------------------------------------------------------------
// Key tables
// ---------------------------------------------------------------------------

type ValueType = 'number' | 'boolean' | 'string' | 'stringMap' | 'versionType';

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

interface FieldSpec extends V1DeploymentConfigKey {
  readonly segments: readonly string[];
  readonly type: ValueType;
}

const BOTH: readonly V1DeploymentKind[] = ['webservice', 'endpointVersion'];
const ENDPOINT_ONLY: readonly V1DeploymentKind[] = ['endpointVersion'];

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
const CLI_FIELDS: readonly FieldSpec[] = [
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
  field('computeTargetName', 'computeTargetName', 'string'),
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
const AML_FIELDS: readonly FieldSpec[] = [
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

const CLI_SECTIONS = new Set(CLI_FIELDS.filter((f) => f.segments.length === 2).map((f) => f.segments[0]));

const TLS_NOTE =
  'TLS is configured on the gateway in front of the services (the Gateway API listener), not per web service';

/** Keys v1 knew for other compute types; it ignored them for AKS. */
const CLI_IGNORED_KEYS: Readonly<Record<string, string>> = {
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

/** Keys of the aml-deploy action that configure the action itself, not the service. */
const AML_ACTION_ONLY_KEYS: Readonly<Record<string, string>> = {
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

const AML_ACI_KEYS: Readonly<Record<string, string>> = {
  ssl_enabled: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  ssl_cert_pem_file: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  ssl_key_pem_file: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  ssl_cname: `is an ACI setting; the action ignored it for AKS and it has no effect here: ${TLS_NOTE}.`,
  dns_name_label: 'is an ACI setting; the action ignored it for AKS and it has no effect here.',
  location: 'is an ACI setting; the action ignored it for AKS and it has no effect here.',
};

// ---------------------------------------------------------------------------
// Parsing: JSON first, then YAML as PyYAML (YAML 1.1) read it
// ---------------------------------------------------------------------------

const PYYAML_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PYYAML_INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PYYAML_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function sexagesimal(digits: string): number {
  let value = 0;
  for (const part of digits.split(':')) value = value * 60 + Number(part);
  return value;
}

/** PyYAML's `construct_yaml_int`. */
function pyyamlInt(source: string): number {
  let value = source.replace(/_/g, '');
  let sign = 1;
  if (value[0] === '-' || value[0] === '+') {
    if (value[0] === '-') sign = -1;
    value = value.slice(1);
  }
  if (value === '0') return 0;
  if (value.startsWith('0b')) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith('0x')) return sign * parseInt(value.slice(2), 16);
  if (value.includes(':')) return sign * sexagesimal(value);
  if (value.startsWith('0')) return sign * parseInt(value, 8);
  return sign * parseInt(value, 10);
}

/** PyYAML's `construct_yaml_float`. */
function pyyamlFloat(source: string): number {
  let value = source.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (value[0] === '-' || value[0] === '+') {
    if (value[0] === '-') sign = -1;
    value = value.slice(1);
  }
  if (value === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (value === '.nan') return Number.NaN;
  if (value.includes(':')) return sign * sexagesimal(value);
  return sign * parseFloat(value);
}

const PYYAML_TAGS: ScalarTag[] = [
  {
    identify: (v) => typeof v === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: PYYAML_BOOL,
    resolve: (s) => /^(?:yes|true|on)$/i.test(s),
  },
  {
    identify: (v) => typeof v === 'number' && Number.isInteger(v),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: PYYAML_INT,
    resolve: (s) => pyyamlInt(s),
  },
  {
    identify: (v) => typeof v === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: PYYAML_FLOAT,
    resolve: (s) => pyyamlFloat(s),
  },
];

const REPLACED_TAGS = new Set(['tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

/** The YAML 1.1 schema of the `yaml` package with PyYAML's exact rules for booleans and numbers. */
function pyyamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'string' || !REPLACED_TAGS.has(t.tag));
  return [...kept, ...PYYAML_TAGS];
}

/** A parsed configuration document. */
export interface ParsedV1Document {
  /** The document's content (for a file, normally an object). */
  readonly value: unknown;
  /** The syntax it was read with. */
  readonly syntax: 'json' | 'yaml';
}

const DOCSTRING = /^\s*("""|''')/;

/**
 * Parses the text of a v1 configuration file: JSON first, then YAML as the v1 CLI
 * (PyYAML `safe_load`, YAML 1.1) read it — `True`/`yes`/`on` booleans, duplicate
 * keys (the last one wins), CRLF, a leading `---`, comments. Throws a
 * {@link ConfigurationError} with the line and column when neither can read it.
 */
export function parseV1Document(text: string, subject: string): ParsedV1Document {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body), syntax: 'json' };
  } catch {
    // Not JSON: read it as YAML, as the v1 CLI did.
  }
  const doc = parseDocument(body, {
    version: '1.1',
    schema: 'yaml-1.1',
    customTags: pyyamlTags,
    uniqueKeys: false,
    merge: true,
    prettyErrors: true,
    // A collection used as a key becomes an unknown-key warning of ours; no process warning from yaml.
    logLevel: 'error',
  });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : `offset ${first.pos[0]}`;
    const docstring = DOCSTRING.exec(body);
    if (docstring) {
      const line = body.slice(0, docstring.index + docstring[0].length).split('\n').length;
      throw new ConfigurationError(subject, [
        `line ${line}, column 1: the file starts with a Python docstring (${docstring[1]}...${docstring[1]}), which is not ` +
          'YAML; PyYAML, and so the v1 CLI, could not read it either. Turn the docstring into comment lines starting ' +
          'with "#" (or delete it), then load the file again.',
      ]);
    }
    const looksJson = /^\s*[{[]/.test(body);
    const reason =
      first.code === 'MULTIPLE_DOCS'
        ? 'the file holds more than one YAML document (a second "---" line); a v1 config is a single document'
        : first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
    throw new ConfigurationError(subject, [
      `${where}: ${looksJson ? 'not valid JSON, nor YAML' : 'not valid YAML'}: ${reason}.`,
    ]);
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }), syntax: 'yaml' };
  } catch (e) {
    // The yaml package refuses alias "bombs" (exponential expansion) with a ReferenceError.
    throw new ConfigurationError(subject, [
      `not a usable YAML document: ${(e as Error).message.replace(/\.$/, '')} (more than 100 alias expansions); write the values out instead of repeating aliases.`,
    ]);
  }
}

// ---------------------------------------------------------------------------
// Value coercion (what v1 and the Azure ML service accepted)
// ---------------------------------------------------------------------------

const NUMERIC_STRING = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const TRUE_STRINGS = new Set(['true', 'yes', 'on']);
const FALSE_STRINGS = new Set(['false', 'no', 'off']);

interface Coerced {
  readonly value: unknown;
  readonly warning?: string;
}

function coerce(type: ValueType, raw: unknown): Coerced {
  switch (type) {
    case 'number':
      if (typeof raw === 'string' && NUMERIC_STRING.test(raw)) {
        const value = Number(raw);
        return {
          value,
          warning: `the string ${describeValue(raw)} was read as the number ${value}; write it without quotes ` +
            '(v1 passed a quoted number on as a string, which its own range checks could not compare).',
        };
      }
      return { value: raw };
    case 'boolean':
      if (typeof raw === 'string') {
        const lower = raw.trim().toLowerCase();
        if (TRUE_STRINGS.has(lower) || FALSE_STRINGS.has(lower)) {
          const value = TRUE_STRINGS.has(lower);
          return {
            value,
            warning: `the string ${describeValue(raw)} was read as ${value}; write ${value} without quotes ` +
              '(v1 sent the string to the service, which read it as a boolean, but its own checks took any non-empty string as true).',
          };
        }
      }
      if (raw === 0 || raw === 1) {
        return { value: raw === 1, warning: `the number ${raw} was read as ${raw === 1}; write ${raw === 1} instead.` };
      }
      return { value: raw };
    case 'string':
      if (typeof raw === 'number' && Number.isFinite(raw)) {
        return { value: String(raw), warning: `the number ${raw} was read as the string "${raw}".` };
      }
      return { value: raw };
    case 'stringMap': {
      if (!isPlainObject(raw)) return { value: raw };
      const converted: string[] = [];
      // Object.fromEntries, not assignment: a key such as "__proto__" stays a key.
      const out = Object.fromEntries(Object.entries(raw).map(([k, v]) => {
        if (typeof v !== 'number' && typeof v !== 'boolean') return [k, v];
        converted.push(k);
        return [k, String(v)];
      }));
      return {
        value: out,
        warning: converted.length
          ? `the values of ${converted.map((k) => JSON.stringify(k)).join(', ')} were read as strings (tags and properties are strings).`
          : undefined,
      };
    }
    case 'versionType':
      if (typeof raw === 'string') {
        const lower = raw.trim().toLowerCase();
        if (lower === 'control') return { value: 'Control' };
        if (lower === 'treatment') return { value: 'Treatment' };
      }
      return { value: raw };
  }
}

// ---------------------------------------------------------------------------
// Suggestions for unknown keys
// ---------------------------------------------------------------------------

/** The Levenshtein distance between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const squash = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The known key nearest to `key` (case-insensitive Levenshtein, a key cut short
 * counting as one edit; ties go to the longer common prefix), or undefined when
 * nothing is close.
 */
export function nearestKey(key: string, candidates: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: { candidate: string; distance: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    const leaf = candidate.split('.').pop()!.toLowerCase();
    const prefix = commonPrefix(k, leaf);
    // A key cut short or run on (sourceDir, condaFiles) is as close as a one-letter typo.
    const truncated = Math.min(k.length, leaf.length) >= 4 && prefix === Math.min(k.length, leaf.length);
    const distance = truncated ? Math.min(1, levenshtein(k, leaf)) : levenshtein(k, leaf);
    if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) {
      best = { candidate, distance, prefix };
    }
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.ceil(key.length * 0.4));
  return best.distance <= limit ? best.candidate : undefined;
}

/** Other spellings seen in v1 files (squashed: lowercase, no "_" or "-"). */
const OTHER_NAMES: Readonly<Record<string, LoadedDeploymentPropName>> = {
  gpu: 'gpuCores',
  memory: 'memoryGb',
  memoryingb: 'memoryGb',
  cpu: 'cpuCores',
  trafficpercentile: 'trafficPercentile',
  versionname: 'versionName',
  isdefault: 'isDefault',
  versiontype: 'versionType',
  iscontrolversiontype: 'versionType',
  computetarget: 'computeTargetName',
};

/** Maps a key written in another vocabulary (SDK parameter, library prop, other file format) to a prop. */
function propFromOtherVocabulary(key: string, otherFields: readonly FieldSpec[]): LoadedDeploymentPropName | undefined {
  const s = squash(key);
  for (const prop of DEPLOY_CONFIGURATION_PROPS) {
    if (squash(prop) === s || squash(V1_PARAMETER_NAMES[prop]) === s) return prop;
  }
  for (const f of otherFields) {
    if (squash(f.segments[f.segments.length - 1]) === s || squash(f.prop) === s) return f.prop;
  }
  return OTHER_NAMES[s];
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

interface LoadState {
  readonly kind: V1DeploymentKind;
  readonly format: V1DeploymentConfigFormat;
  readonly fields: readonly FieldSpec[];
  readonly props: Record<string, unknown>;
  readonly sourceKeys: Record<string, string>;
  readonly warnings: ConfigurationWarning[];
  readonly c: ProblemCollector;
}

function setField(state: LoadState, spec: FieldSpec, raw: unknown, path: string): void {
  if (raw === null || raw === undefined) return; // null: unset, the default applies (as in v1).
  if (!spec.kinds.includes(state.kind)) {
    state.warnings.push({
      prop: path,
      message: 'is only read for computeType AKSENDPOINT (an endpoint version); ignored, as v1 ignored it.',
    });
    return;
  }
  const { value, warning } = coerce(spec.type, raw);
  if (warning) state.warnings.push({ prop: path, message: warning });
  state.props[spec.prop] = value;
  state.sourceKeys[spec.prop] = path;
}

function unknownKey(state: LoadState, key: string, path: string, sameLevel: readonly string[]): void {
  const own = state.fields;
  const other = state.format === 'aml-deploy-action' ? CLI_FIELDS : AML_FIELDS;
  const allPaths = [...own.map((f) => f.path), ...(state.format === 'aml-deploy-action' ? [] : [...CLI_SECTIONS, 'computeType'])];
  const ignored = 'unknown key, ignored (v1 ignored it too)';
  // 1. The same key with other casing: v1 keys are case-sensitive.
  const sameCase = sameLevel.find((k) => k.toLowerCase() === key.toLowerCase());
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
  if (sameCase) {
    state.warnings.push({ prop: path, message: `${ignored}: keys are case-sensitive. Did you mean "${parent}${sameCase}"?` });
    return;
  }
  // 2. A key that exists elsewhere in this format (misplaced).
  const misplaced = own.find((f) => f.segments[f.segments.length - 1].toLowerCase() === key.toLowerCase());
  if (misplaced && misplaced.path !== path) {
    state.warnings.push({ prop: path, message: `${ignored}. Did you mean "${misplaced.path}"?` });
    return;
  }
  // 3. A key of another vocabulary (SDK parameter name, library prop, the other file format).
  const prop = propFromOtherVocabulary(key, other);
  if (prop) {
    const target = own.find((f) => f.prop === prop);
    const hint = target
      ? `Did you mean "${target.path}"?`
      : state.format === 'aml-deploy-action'
        ? 'The aml-deploy action had no such setting; to set it, use the v1 CLI deployment config format (with computeType).'
        : '';
    state.warnings.push({ prop: path, message: `${ignored}${hint ? `. ${hint}` : '.'}` });
    return;
  }
  // 4. A typo.
  const near = nearestKey(key, [...sameLevel.map((k) => parent + k), ...allPaths.filter((p) => !sameLevel.includes(p))]);
  state.warnings.push({ prop: path, message: near ? `${ignored}. Did you mean "${near}"?` : `${ignored}.` });
}

function walkCli(state: LoadState, root: Record<string, unknown>): void {
  const rootKeys = [
    'computeType',
    ...CLI_SECTIONS,
    ...CLI_FIELDS.filter((f) => f.segments.length === 1).map((f) => f.path),
  ];
  for (const [key, raw] of Object.entries(root)) {
    if (key === 'computeType') continue;
    if (CLI_SECTIONS.has(key)) {
      const sectionFields = CLI_FIELDS.filter((f) => f.segments[0] === key);
      if (raw === null || raw === undefined) {
        state.warnings.push({
          prop: key,
          message: 'is empty; read as unset, so every setting in it takes its default (v1 failed on an empty section).',
        });
        continue;
      }
      if (!isPlainObject(raw)) {
        state.c.add(key, raw, 'must be a mapping of settings (an object)');
        continue;
      }
      const subKeys = sectionFields.map((f) => f.segments[1]);
      for (const [sub, subRaw] of Object.entries(raw)) {
        const spec = sectionFields.find((f) => f.segments[1] === sub);
        const path = `${key}.${sub}`;
        if (spec) setField(state, spec, subRaw, path);
        else unknownKey(state, sub, path, subKeys);
      }
      continue;
    }
    const spec = CLI_FIELDS.find((f) => f.path === key);
    if (spec) {
      setField(state, spec, raw, key);
    } else if (Object.hasOwn(CLI_IGNORED_KEYS, key)) {
      state.warnings.push({ prop: key, message: CLI_IGNORED_KEYS[key] });
    } else {
      unknownKey(state, key, key, rootKeys);
    }
  }
}

function walkAmlDeploy(state: LoadState, root: Record<string, unknown>): void {
  const keys = AML_FIELDS.map((f) => f.path);
  for (const [key, raw] of Object.entries(root)) {
    const spec = AML_FIELDS.find((f) => f.path === key);
    if (spec) {
      setField(state, spec, raw, key);
    } else if (Object.hasOwn(AML_ACTION_ONLY_KEYS, key)) {
      const where = AML_ACTION_ONLY_KEYS[key];
      state.warnings.push({
        prop: key,
        message: `is used by the aml-deploy action, not by this library; ignored${where ? ` (it belongs in ${where})` : ''}.`,
      });
    } else if (Object.hasOwn(AML_ACI_KEYS, key)) {
      state.warnings.push({ prop: key, message: AML_ACI_KEYS[key] });
    } else {
      unknownKey(state, key, key, keys);
    }
  }
  if (root.deployment_compute_target === undefined || root.deployment_compute_target === null) {
    state.warnings.push({
      prop: 'deployment_compute_target',
      message:
        'is not set: without it the aml-deploy action deployed to Azure Container Instances (ACI), not AKS. This ' +
        'library deploys to AKS; the AKS settings of this file apply, with the v1 AKS defaults for the rest.',
    });
  }
}

const V2_KEYS = ['$schema', 'instance_type', 'request_settings', 'liveness_probe', 'endpoint_name', 'instance_count'];
/** The snake_case keys that identify the aml-deploy action's file (generic keys such as name do not). */
const AML_DETECT_KEYS = new Set(
  [...AML_FIELDS.map((f) => f.path), ...Object.keys(AML_ACTION_ONLY_KEYS), ...Object.keys(AML_ACI_KEYS)].filter((k) => k.includes('_')),
);
const INFERENCE_KEYS = ['entryScript', 'condaFile', 'sourceDirectory', 'runtime', 'baseImage', 'environment', 'enableGpu'];

/** Rewrites the prop names of a core validation message into the file's JSON paths. */
function translator(fields: readonly FieldSpec[], sourceKeys: Record<string, string>): (text: string) => string {
  const pathOf = (prop: string): string => sourceKeys[prop] ?? fields.find((f) => f.prop === prop)?.path ?? prop;
  // Every prop name (longest first); "(v1: python_name)" is dropped: the file's key says it all.
  const names = [...new Set<string>([...DEPLOY_CONFIGURATION_PROPS, ...fields.map((f) => f.prop)])].sort(
    (a, b) => b.length - a.length,
  );
  const pattern = new RegExp(`\\b(${names.join('|')})\\b(?: \\(v1: [a-z_]+\\))?`, 'g');
  return (text) => text.replace(pattern, (_m, prop: string) => pathOf(prop));
}

function subjectOf(kindOfFile: string, source?: string): string {
  return source ? `${kindOfFile} "${source}"` : `the v1 ${kindOfFile}`;
}

/** Reads text or an already-parsed object into a root object, or throws. */
export function readV1Root(
  textOrObject: string | object,
  subject: string,
): { root: Record<string, unknown>; syntax: 'json' | 'yaml' } {
  let value: unknown;
  let syntax: 'json' | 'yaml' = 'json';
  if (typeof textOrObject === 'string') {
    const parsed = parseV1Document(textOrObject, subject);
    value = parsed.value;
    syntax = parsed.syntax;
  } else {
    value = textOrObject;
  }
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    throw new ConfigurationError(subject, ['the file is empty: it must be a mapping of settings (an object).']);
  }
  if (!isPlainObject(value)) {
    throw new ConfigurationError(subject, [
      `the document must be a mapping of settings (an object); received ${describeValue(value)}.`,
    ]);
  }
  return { root: value, syntax };
}

/**
 * Loads a v1 deployment configuration: the `az ml model deploy` deploy-config file
 * (JSON or YAML; `computeType` AKS for a web service, AKSENDPOINT for an endpoint
 * version) or the parameters file of the `Azure/aml-deploy` GitHub Action.
 *
 * Keys map to props as v1 mapped them; `null` leaves a prop unset; quoted numbers and
 * booleans are coerced (with a warning); unknown keys are ignored with a warning
 * naming the nearest known key. Every type or range problem, with its JSON path,
 * is thrown in one {@link ConfigurationError}.
 */
export function loadDeploymentConfig(textOrObject: string | object, options: LoadV1ConfigOptions = {}): LoadedDeploymentConfig {
  const subject = subjectOf('deployment config', options.source);
  const { root, syntax } = readV1Root(textOrObject, subject);

  if (V2_KEYS.some((k) => k in root)) {
    throw new ConfigurationError(subject, [
      'this is an Azure ML v2 (managed online deployment) file, not a v1 deployment config: it has ' +
        `${V2_KEYS.filter((k) => k in root).map((k) => `"${k}"`).join(', ')}. Load the v1 file (with computeType) instead.`,
    ]);
  }

  let kind: V1DeploymentKind;
  let format: V1DeploymentConfigFormat;
  const inferenceKeys = INFERENCE_KEYS.filter((k) => k in root);
  if (!('computeType' in root)) {
    if (inferenceKeys.length === 0 && Object.keys(root).some((k) => AML_DETECT_KEYS.has(k))) {
      kind = 'webservice';
      format = 'aml-deploy-action';
    } else {
      const inference = inferenceKeys;
      const cased = Object.keys(root).find((k) => k.toLowerCase() === 'computetype');
      let hint = 'add "computeType: AKS" for a web service, or "computeType: AKSENDPOINT" for an endpoint version.';
      if (cased) hint = `found "${cased}", but keys are case-sensitive: write "computeType".`;
      else if (inference.length > 0) {
        hint = `this looks like an inference config (it has ${inference.map((k) => `"${k}"`).join(', ')}); load it with loadInferenceConfig.`;
      }
      throw new ConfigurationError(subject, [`computeType is missing: v1 needed it to know what to deploy; ${hint}`]);
    }
  } else {
    const ct = root.computeType;
    const value = typeof ct === 'string' ? ct.trim().toLowerCase() : undefined;
    if (value === 'aks') {
      kind = 'webservice';
    } else if (value === 'aksendpoint') {
      kind = 'endpointVersion';
    } else if (value === 'aci') {
      throw new ConfigurationError(subject, [
        `computeType is ${describeValue(ct)}: this file deploys to Azure Container Instances, and this library deploys ` +
          'to AKS only. To run the service on AKS, set computeType to AKS and review the settings (v1 AKS defaults ' +
          'differ from ACI: key auth is on by default, autoscaling is on unless numReplicas is set).',
      ]);
    } else if (value === 'local') {
      throw new ConfigurationError(subject, [
        `computeType is ${describeValue(ct)}: this file deploys to a local Docker container, and this library deploys ` +
          'to AKS only. To run the service on AKS, set computeType to AKS (the "port" key has no effect there).',
      ]);
    } else {
      throw new ConfigurationError(subject, [
        `computeType ${typeof ct === 'string' ? 'is unknown' : 'must be a string'}; received ${describeValue(ct)}. ` +
          'Use AKS for a web service or AKSENDPOINT for an endpoint version (case does not matter).',
      ]);
    }
    format = syntax;
  }

  const fields = format === 'aml-deploy-action' ? AML_FIELDS : CLI_FIELDS;
  const state: LoadState = { kind, format, fields, props: {}, sourceKeys: {}, warnings: [], c: new ProblemCollector() };
  if (format === 'aml-deploy-action') walkAmlDeploy(state, root);
  else walkCli(state, root);

  const { props, sourceKeys, c } = state;
  const pathOf = (prop: LoadedDeploymentPropName) => sourceKeys[prop] ?? fields.find((f) => f.prop === prop)?.path ?? prop;

  // The endpoint-version and name props (not part of the deploy configuration model).
  if (props.trafficPercentile !== undefined) {
    checkNumber(c, pathOf('trafficPercentile'), props.trafficPercentile, {
      atLeast: 0,
      atMost: 100,
      boundText: 'cannot be negative',
    });
  }
  checkBoolean(c, pathOf('isDefault'), props.isDefault);
  if (props.versionType !== undefined && props.versionType !== 'Control' && props.versionType !== 'Treatment') {
    c.add(pathOf('versionType'), props.versionType, 'must be "Control" or "Treatment"');
  }
  for (const p of ['versionName', 'name'] as const) {
    if (props[p] === undefined) continue;
    const nameCheck = new ProblemCollector();
    if (!checkServiceName(nameCheck, pathOf(p), props[p], false)) {
      const fixed = typeof props[p] === 'string' ? (props[p] as string).toLowerCase().replace(/[^a-z0-9-]+/g, '-') : '';
      const suggestion = fixed !== props[p] && checkServiceName(new ProblemCollector(), 'x', fixed) ? ` For example: "${fixed}".` : '';
      for (const problem of nameCheck.problems) c.addRaw(`${problem}${suggestion}`);
    }
  }

  // The deploy configuration rules of the core, with the file's paths in the messages.
  const translate = translator(fields, sourceKeys);
  const core = new ProblemCollector();
  const coreWarnings = validateDeployConfiguration(core, props as AksWebserviceDeployConfiguration);
  for (const problem of core.problems) c.addRaw(translate(problem));
  for (const w of coreWarnings) state.warnings.push({ prop: translate(w.prop), message: translate(w.message) });

  c.throwIfAny(subject, state.warnings);
  return {
    kind,
    props: props as LoadedDeploymentProps,
    warnings: state.warnings,
    format,
    sourceKeys,
  };
}

const ENDPOINT_PROPS: readonly LoadedDeploymentPropName[] = ['versionName', 'trafficPercentile', 'isDefault', 'versionType'];

/**
 * Writes props back as a v1 CLI deployment config object (`computeType` AKS or
 * AKSENDPOINT, camelCase keys, sections as v1 nested them). Props that v1 took from
 * command-line flags (name, tags, properties, description, isDefault, versionType)
 * and blobfuseEnabled are written as top-level library keys, so that
 * `loadDeploymentConfig(toDeploymentConfig(p)).props` deep-equals `p`.
 */
export function toDeploymentConfig(props: LoadedDeploymentProps, options: ToDeploymentConfigOptions = {}): Record<string, unknown> {
  const c = new ProblemCollector();
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    c.throwIfAny('the deployment config to write');
  }
  const p = props as Record<string, unknown>;
  const endpointSet = ENDPOINT_PROPS.filter((k) => p[k] !== undefined);
  const kind = options.kind ?? (endpointSet.length > 0 ? 'endpointVersion' : 'webservice');
  if (kind === 'webservice') {
    for (const k of endpointSet) {
      c.add(k, p[k], 'is an endpoint-version setting: write it with kind "endpointVersion" (computeType AKSENDPOINT)');
    }
  }
  const known = new Set<string>(CLI_FIELDS.map((f) => f.prop));
  for (const k of Object.keys(p)) {
    if (!known.has(k) && p[k] !== undefined) c.add(k, p[k], 'is not a deployment config prop');
  }
  c.throwIfAny('the deployment config to write');

  const out: Record<string, unknown> = { computeType: kind === 'webservice' ? 'AKS' : 'AKSENDPOINT' };
  for (const f of CLI_FIELDS) {
    const value = p[f.prop];
    if (value === undefined) continue;
    if (f.segments.length === 1) {
      out[f.path] = isPlainObject(value) ? { ...value } : value;
    } else {
      const [section, key] = f.segments;
      const target = (out[section] ??= {}) as Record<string, unknown>;
      target[key] = value;
    }
  }
  return out;
}
