/**
 * The engine-free loader for Azure ML SDK v1 inference configuration files (the
 * `az ml model deploy --inference-config-file` document, JSON or YAML).
 */
import { ConfigurationError, ConfigurationWarning, describeValue, ProblemCollector } from '../errors';
import { isPlainObject } from '../validation';
import { LoadV1ConfigOptions, duplicateKeyWarnings, readV1Root, subjectOf } from './parse';
import { UNKNOWN_KEY, nearestKey } from './suggestions';
import { VALUE_COERCED } from './coerce';

/** The registry holding a v1 base image (`baseImageRegistry`). Passwords are never kept. */
export interface V1BaseImageRegistry {
  /** The registry address, e.g. `myregistry.azurecr.io`. */
  readonly address?: string;
  /** The user name v1 pulled with (informational: the cluster needs its own pull access). */
  readonly username?: string;
}

/** The settings of a v1 inference config (`InferenceConfig`), camelCase as in the CLI file. */
export interface V1InferenceConfig {
  /** The scoring script, relative to `sourceDirectory`. v1: `entry_script`. */
  readonly entryScript?: string;
  /** The folder v1 copied into the image. v1: `source_directory`. */
  readonly sourceDirectory?: string;
  /** The conda environment v1 installed into the image. v1: `conda_file`. */
  readonly condaFile?: string;
  /** `python` (or the retired `spark-py`). v1: `runtime`. */
  readonly runtime?: string;
  /** The image v1 built on. v1: `base_image`. */
  readonly baseImage?: string;
  /** The registry of `baseImage`. v1: `base_image_registry`. */
  readonly baseImageRegistry?: V1BaseImageRegistry;
  /** Whether v1 built a GPU (CUDA) image. v1: `enable_gpu`. */
  readonly enableGpu?: boolean;
  /** The CUDA version of the GPU image. v1: `cuda_version`. */
  readonly cudaVersion?: string;
  /** Extra Dockerfile steps v1 ran when building the image (CLI key `extraDockerfileSteps`). */
  readonly extraDockerFileSteps?: string;
  /** A description. v1: `description` (a CLI flag; the file key is accepted). */
  readonly description?: string;
  /** An inline v1 Environment definition (docker, python, environmentVariables...). */
  readonly environment?: Record<string, unknown>;
}

/** The result of {@link loadInferenceConfig}. */
export interface LoadedInferenceConfig extends V1InferenceConfig {
  /** Keys that were ignored, values that were coerced, and settings that cannot take effect. */
  readonly warnings: ConfigurationWarning[];
  /** The syntax of the file (an object passed in counts as `json`). */
  readonly format: 'json' | 'yaml';
}

type InferenceKey = keyof V1InferenceConfig;

const STRING_KEYS: ReadonlyArray<[string, InferenceKey]> = [
  ['entryScript', 'entryScript'],
  ['sourceDirectory', 'sourceDirectory'],
  ['condaFile', 'condaFile'],
  ['runtime', 'runtime'],
  ['baseImage', 'baseImage'],
  ['cudaVersion', 'cudaVersion'],
  ['extraDockerfileSteps', 'extraDockerFileSteps'],
  ['extraDockerFileSteps', 'extraDockerFileSteps'],
  ['description', 'description'],
];

/** The keys of a v1 inference config file (as the v1 CLI read them), for suggestions. */
const KNOWN_KEYS = [
  'entryScript',
  'runtime',
  'condaFile',
  'extraDockerfileSteps',
  'sourceDirectory',
  'enableGpu',
  'baseImage',
  'baseImageRegistry',
  'cudaVersion',
  'environment',
  'description',
];

/** Keys of older SDKs' image configuration (`ContainerImage.image_configuration`) that the v1 CLI no longer read. */
const OLD_KEYS: Readonly<Record<string, string>> = {
  dependencies:
    'is the old image-configuration key for extra files to copy into the image; ignored (the v1 CLI ignored it too): ' +
    'put the files in sourceDirectory, and in the image you deploy.',
  schemaFile: 'is an old image-configuration key (a schema file for the service); ignored (the v1 CLI ignored it too).',
  dockerFile: 'is an old image-configuration key; ignored (the v1 CLI ignored it too): build your image with it instead.',
};

const DEPLOY_KEYS = ['computeType', 'autoScaler', 'containerResourceRequirements', 'authEnabled', 'autoscale_enabled'];

/**
 * Validates the settings against each other and against what this library runs,
 * adding every problem to `c`; returns the warnings (what cannot take effect).
 */
function validateInferenceSettings(
  c: ProblemCollector,
  out: Record<string, unknown>,
  root: Record<string, unknown>,
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  if (typeof out.runtime === 'string') {
    const runtime = (out.runtime as string).toLowerCase();
    if (runtime === 'spark-py') {
      warnings.push({
        id: 'aks-ml:v1:sparkRuntimeRetired',
        prop: 'runtime',
        message: '"spark-py" was retired in v1; the image must serve the model with the Azure ML inference server (Python).',
      });
    } else if (runtime !== 'python') {
      c.add('runtime', out.runtime, 'must be "python" (v1 also knew "spark-py")');
    }
  }
  if (out.enableGpu === true) {
    warnings.push({
      id: 'aks-ml:v1:gpuBaseImageNotBuilt',
      prop: 'enableGpu',
      message:
        `made v1 build on a CUDA base image${out.cudaVersion ? ` (CUDA ${out.cudaVersion})` : ''}. Here the image you deploy ` +
        'must contain the CUDA libraries itself, and GPUs are requested with gpuCores in the deployment config.',
    });
  } else if (out.cudaVersion !== undefined) {
    warnings.push({ id: 'aks-ml:v1:cudaVersionWithoutGpu', prop: 'cudaVersion', message: 'has no effect without enableGpu: true (v1 ignored it too).' });
  }
  if ('extraDockerFileSteps' in root && !('extraDockerfileSteps' in root) && out.extraDockerFileSteps !== undefined) {
    warnings.push({
      id: 'aks-ml:v1:extraDockerFileStepsIgnored',
      prop: 'extraDockerFileSteps',
      message: 'is spelled as in the v1 docs; the v1 CLI only read "extraDockerfileSteps" (lower-case f), so v1 ignored it.',
    });
  }
  if (out.environment !== undefined) {
    const alsoSet = ['runtime', 'condaFile', 'baseImage', 'extraDockerFileSteps'].filter((k) => out[k] !== undefined);
    if (alsoSet.length > 0) {
      warnings.push({
        id: 'aks-ml:v1:environmentWithOtherSettings',
        prop: 'environment',
        message: `is set together with ${alsoSet.join(', ')}: v1 did not allow that combination; the environment is used.`,
      });
    }
  }
  return warnings;
}

/**
 * Loads a v1 inference config: JSON, YAML, JSON saved as `.yml`, JSON with a
 * trailing comma (read as YAML, as PyYAML read it), old keys (`dependencies`,
 * `schemaFile`), `null` values (unset) and an inline `environment` object.
 * Type problems are thrown in one {@link ConfigurationError}.
 */
export function loadInferenceConfig(textOrObject: string | object, options: LoadV1ConfigOptions = {}): LoadedInferenceConfig {
  const subject = subjectOf('inference config', options.source);
  const { root, syntax, duplicateKeys } = readV1Root(textOrObject, subject);
  const c = new ProblemCollector();
  const warnings: ConfigurationWarning[] = duplicateKeyWarnings(duplicateKeys);
  const deployKeys = DEPLOY_KEYS.filter((k) => k in root);
  if (deployKeys.length > 0) {
    // Reported with the file's other problems, never instead of them.
    c.addRaw(
      `this looks like a deployment config (it has ${deployKeys.map((k) => `"${k}"`).join(', ')}), not an inference ` +
        'config; load it with loadDeploymentConfig.',
    );
  }
  const out: Record<string, unknown> = {};

  for (const [key, raw] of Object.entries(root)) {
    const stringKey = STRING_KEYS.find(([k]) => k === key);
    if (stringKey) {
      const prop = stringKey[1];
      if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) continue;
      if (typeof raw === 'number' && Number.isFinite(raw)) {
        // PyYAML reads `cudaVersion: 10.0` as a number; v1 wanted the string "10.0".
        out[prop] = prop === 'cudaVersion' && Number.isInteger(raw) ? `${raw}.0` : String(raw);
        if (prop !== 'cudaVersion') warnings.push({ id: VALUE_COERCED, prop: key, message: `the number ${raw} was read as the string "${out[prop]}".` });
      } else if (typeof raw === 'string') {
        out[prop] = raw.trim();
      } else {
        c.add(key, raw, 'must be a string');
      }
      continue;
    }
    if (key === 'enableGpu') {
      if (raw === null || raw === undefined) continue;
      if (typeof raw === 'boolean') out.enableGpu = raw;
      else if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) {
        out.enableGpu = raw.trim().toLowerCase() === 'true';
        warnings.push({ id: VALUE_COERCED, prop: key, message: `the string ${describeValue(raw)} was read as ${out.enableGpu}; write it without quotes.` });
      } else c.add(key, raw, 'must be true or false');
      continue;
    }
    if (key === 'baseImageRegistry') {
      if (raw === null || raw === undefined || raw === '') continue;
      if (typeof raw === 'string') {
        out.baseImageRegistry = { address: raw.trim() };
      } else if (isPlainObject(raw)) {
        const reg: { address?: string; username?: string } = {};
        for (const [k, v] of Object.entries(raw)) {
          if (v === null || v === undefined || v === '') continue;
          if (k === 'address' || k === 'username') {
            if (typeof v === 'string') reg[k] = v.trim();
            else c.add(`baseImageRegistry.${k}`, v, 'must be a string');
          } else if (k === 'password') {
            warnings.push({
              id: 'aks-ml:v1:registryPasswordDropped',
              prop: 'baseImageRegistry.password',
              message:
                'is not kept: give the cluster pull access to the registry instead (attach the registry to AKS, or an ' +
                'image pull secret), and keep registry passwords out of config files.',
            });
          } else {
            warnings.push({ id: UNKNOWN_KEY, prop: `baseImageRegistry.${k}`, message: 'unknown key, ignored. Known keys: address, username, password.' });
          }
        }
        if (Object.keys(reg).length > 0) out.baseImageRegistry = reg;
      } else {
        c.add(key, raw, 'must be a mapping with address, username and password');
      }
      continue;
    }
    if (key === 'environment') {
      if (raw === null || raw === undefined) continue;
      if (isPlainObject(raw)) out.environment = raw;
      else c.add(key, raw, 'must be an Azure ML Environment definition (an object)');
      continue;
    }
    if (Object.hasOwn(OLD_KEYS, key)) {
      if (raw !== null && raw !== undefined && raw !== '') warnings.push({ id: 'aks-ml:v1:retiredKey', prop: key, message: OLD_KEYS[key] });
      continue;
    }
    const near = nearestKey(key, KNOWN_KEYS);
    warnings.push({
      id: UNKNOWN_KEY,
      prop: key,
      message: `unknown key, ignored (v1 ignored it too)${near ? `. Did you mean "${near}"?` : '.'}`,
    });
  }

  warnings.push(...validateInferenceSettings(c, out, root));

  c.throwIfAny(subject, warnings);
  return { ...(out as V1InferenceConfig), warnings, format: syntax };
}
