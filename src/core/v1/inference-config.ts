/**
 * The engine-free loader for Azure ML SDK v1 inference configuration files (the
 * `az ml model deploy --inference-config-file` document, JSON or YAML), and the
 * mapping of one to the container this library runs. This library does not build
 * images: the container runs a prebuilt image that already holds the scoring code
 * and its dependencies.
 */
import { ConfigurationError, ConfigurationWarning, describeValue, ProblemCollector } from '../errors';
import { isPlainObject } from '../validation';
import { RESERVED_ENV } from '../webservice/resolve';
import { LoadV1ConfigOptions, nearestKey, readV1Root } from './deployment-config';

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

/** Options of {@link inferenceConfigToContainer}. */
export interface InferenceConfigToContainerOptions {
  /**
   * The image to run (the CLI's `--image`). Required unless the inference config
   * names a usable `baseImage`.
   */
  readonly image?: string;
}

/** The container an inference config maps to. */
export interface InferenceContainer {
  /** The image to run. */
  readonly image: string;
  /**
   * The entry script as the Azure ML inference server expects it in
   * `AZUREML_ENTRY_SCRIPT`: relative to the app root (`AML_APP_ROOT`,
   * `/var/azureml-app`), which holds the contents of `sourceDirectory`.
   */
  readonly entryScript: string;
  /**
   * Environment variables for the container: the environment's variables, without
   * those the library sets itself (see RESERVED_ENV); the entry script is `entryScript`.
   */
  readonly env: Record<string, string>;
  /** Settings that cannot take effect as written (what v1 built into the image, GPU notes...). */
  readonly warnings: ConfigurationWarning[];
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

/** The prebuilt Azure ML inference image suggested in messages. */
export const EXAMPLE_INFERENCE_IMAGE = 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest';

/**
 * Loads a v1 inference config: JSON, YAML, JSON saved as `.yml`, JSON with a
 * trailing comma (read as YAML, as PyYAML read it), old keys (`dependencies`,
 * `schemaFile`), `null` values (unset) and an inline `environment` object.
 * Type problems are thrown in one {@link ConfigurationError}.
 */
export function loadInferenceConfig(textOrObject: string | object, options: LoadV1ConfigOptions = {}): LoadedInferenceConfig {
  const subject = options.source ? `inference config "${options.source}"` : 'the v1 inference config';
  const { root, syntax } = readV1Root(textOrObject, subject);
  const deployKeys = DEPLOY_KEYS.filter((k) => k in root);
  if (deployKeys.length > 0) {
    throw new ConfigurationError(subject, [
      `this looks like a deployment config (it has ${deployKeys.map((k) => `"${k}"`).join(', ')}), not an inference ` +
        'config; load it with loadDeploymentConfig.',
    ]);
  }
  const c = new ProblemCollector();
  const warnings: ConfigurationWarning[] = [];
  const out: Record<string, unknown> = {};

  for (const [key, raw] of Object.entries(root)) {
    const stringKey = STRING_KEYS.find(([k]) => k === key);
    if (stringKey) {
      const prop = stringKey[1];
      if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) continue;
      if (typeof raw === 'number' && Number.isFinite(raw)) {
        // PyYAML reads `cudaVersion: 10.0` as a number; v1 wanted the string "10.0".
        out[prop] = prop === 'cudaVersion' && Number.isInteger(raw) ? `${raw}.0` : String(raw);
        if (prop !== 'cudaVersion') warnings.push({ prop: key, message: `the number ${raw} was read as the string "${out[prop]}".` });
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
        warnings.push({ prop: key, message: `the string ${describeValue(raw)} was read as ${out.enableGpu}; write it without quotes.` });
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
              prop: 'baseImageRegistry.password',
              message:
                'is not kept: give the cluster pull access to the registry instead (attach the registry to AKS, or an ' +
                'image pull secret), and keep registry passwords out of config files.',
            });
          } else {
            warnings.push({ prop: `baseImageRegistry.${k}`, message: 'unknown key, ignored. Known keys: address, username, password.' });
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
      if (raw !== null && raw !== undefined && raw !== '') warnings.push({ prop: key, message: OLD_KEYS[key] });
      continue;
    }
    const near = nearestKey(key, KNOWN_KEYS);
    warnings.push({
      prop: key,
      message: `unknown key, ignored (v1 ignored it too)${near ? `. Did you mean "${near}"?` : '.'}`,
    });
  }

  if (typeof out.runtime === 'string') {
    const runtime = (out.runtime as string).toLowerCase();
    if (runtime === 'spark-py') {
      warnings.push({
        prop: 'runtime',
        message: '"spark-py" was retired in v1; the image must serve the model with the Azure ML inference server (Python).',
      });
    } else if (runtime !== 'python') {
      c.add('runtime', out.runtime, 'must be "python" (v1 also knew "spark-py")');
    }
  }
  if (out.enableGpu === true) {
    warnings.push({
      prop: 'enableGpu',
      message:
        `made v1 build on a CUDA base image${out.cudaVersion ? ` (CUDA ${out.cudaVersion})` : ''}. Here the image you deploy ` +
        'must contain the CUDA libraries itself, and GPUs are requested with gpuCores in the deployment config.',
    });
  } else if (out.cudaVersion !== undefined) {
    warnings.push({ prop: 'cudaVersion', message: 'has no effect without enableGpu: true (v1 ignored it too).' });
  }
  if ('extraDockerFileSteps' in root && !('extraDockerfileSteps' in root) && out.extraDockerFileSteps !== undefined) {
    warnings.push({
      prop: 'extraDockerFileSteps',
      message: 'is spelled as in the v1 docs; the v1 CLI only read "extraDockerfileSteps" (lower-case f), so v1 ignored it.',
    });
  }
  if (out.environment !== undefined) {
    const alsoSet = ['runtime', 'condaFile', 'baseImage', 'extraDockerFileSteps'].filter((k) => out[k] !== undefined);
    if (alsoSet.length > 0) {
      warnings.push({
        prop: 'environment',
        message: `is set together with ${alsoSet.join(', ')}: v1 did not allow that combination; the environment is used.`,
      });
    }
  }

  c.throwIfAny(subject);
  return { ...(out as V1InferenceConfig), warnings, format: syntax };
}

// ---------------------------------------------------------------------------
// Image references
// ---------------------------------------------------------------------------

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`,
);

/** True when `ref` is a valid container image reference (`[registry/]path[:tag][@digest]`). */
export function isValidImageReference(ref: string): boolean {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 512) return false;
  const name = ref.split('@')[0].replace(/:[\w][\w.-]{0,127}$/, '');
  return name.length <= 255 && IMAGE_REFERENCE.test(ref);
}

function hasRegistryDomain(ref: string): boolean {
  const first = ref.split('/')[0];
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

function withRegistry(image: string, address: string | undefined): string {
  if (!address) return image;
  const host = address.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  if (!host || image.startsWith(`${host}/`) || hasRegistryDomain(image)) return image;
  return `${host}/${image}`;
}

function imageProblem(ref: string): string {
  const spaces = /\s/.test(ref);
  const fixed = ref.replace(/\s+/g, '');
  const suggestion = spaces && fixed.includes('/') && isValidImageReference(fixed) ? ` (without the spaces it would read "${fixed}")` : '';
  return `is not a valid image reference${spaces ? ': it contains spaces' : ''}${suggestion}`;
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * Maps an inference config to the container this library runs: the image (the
 * explicit `image`, else `baseImage` — prefixed with `baseImageRegistry.address` —
 * when it is a valid reference, else the inline environment's `docker.baseImage`),
 * the entry script for `AZUREML_ENTRY_SCRIPT`, and the environment variables.
 * Building an image from condaFile/sourceDirectory is out of scope: when no image
 * can be determined, a {@link ConfigurationError} says to pass one.
 */
export function inferenceConfigToContainer(
  ic: V1InferenceConfig,
  options: InferenceConfigToContainerOptions = {},
): InferenceContainer {
  const c = new ProblemCollector();
  const warnings: ConfigurationWarning[] = [];
  const env: Record<string, string> = {};
  const environment = isPlainObject(ic.environment) ? ic.environment : undefined;
  const docker = environment && isPlainObject(environment.docker) ? environment.docker : undefined;

  // The image.
  let image: string | undefined;
  const baseNote = (prop: string, ref: string) => {
    const azuremlBase = /^mcr\.microsoft\.com\/azureml\//.test(ref) && !/inference/.test(ref);
    warnings.push({
      prop,
      message:
        `"${ref}" is run as the service image. v1 only built on it (adding the conda environment, the Azure ML ` +
        'inference server and the source directory), so it must already contain all of them' +
        (azuremlBase
          ? `; this Azure ML base image does not contain the inference server: build an image from it, or from ${EXAMPLE_INFERENCE_IMAGE}, and pass it as image.`
          : '.'),
    });
  };
  if (options.image !== undefined) {
    if (typeof options.image === 'string' && isValidImageReference(options.image)) image = options.image;
    else c.add('image', options.image, typeof options.image === 'string' ? imageProblem(options.image) : 'must be a string');
    if (ic.baseImage) warnings.push({ prop: 'baseImage', message: `is not used: the image "${options.image}" is run as given.` });
  } else if (ic.baseImage !== undefined) {
    const ref = withRegistry(ic.baseImage, ic.baseImageRegistry?.address);
    if (isValidImageReference(ref)) {
      image = ref;
      baseNote('baseImage', ref);
    } else {
      c.add('baseImage', ic.baseImage, `${imageProblem(ref)}; pass the image to run with --image (option image)`);
    }
  } else if (docker && typeof docker.baseImage === 'string' && docker.baseImage.trim() !== '') {
    const registry = isPlainObject(docker.baseImageRegistry) ? docker.baseImageRegistry : undefined;
    const ref = withRegistry(docker.baseImage.trim(), typeof registry?.address === 'string' ? registry.address : undefined);
    if (isValidImageReference(ref)) {
      image = ref;
      baseNote('environment.docker.baseImage', ref);
    } else {
      c.add('environment.docker.baseImage', docker.baseImage, `${imageProblem(ref)}; pass the image to run with --image (option image)`);
    }
  } else {
    const inputs = [
      ic.condaFile ? `condaFile "${ic.condaFile}"` : undefined,
      ic.sourceDirectory ? `sourceDirectory "${ic.sourceDirectory}"` : undefined,
      environment ? 'the inline environment' : undefined,
    ].filter((s): s is string => s !== undefined);
    c.addRaw(
      `no image to run: v1 built one${inputs.length ? ` from ${inputs.join(', ')}` : ''} with its image builder. Building an ` +
        'image from condaFile/sourceDirectory is out of scope for this library: build and push an image (for example ' +
        `FROM ${EXAMPLE_INFERENCE_IMAGE}, a prebuilt Azure ML inference image, with your conda dependencies installed ` +
        'and the source directory copied to /var/azureml-app), then pass it with --image (option image).',
    );
  }

  // The entry script, relative to the app root (the contents of sourceDirectory).
  let entryScript = '';
  if (typeof ic.entryScript !== 'string' || ic.entryScript.trim() === '') {
    c.add('entryScript', ic.entryScript, 'is required: the scoring script with init() and run(), relative to sourceDirectory');
  } else {
    const raw = ic.entryScript.trim().replace(/\\/g, '/');
    if (/^\//.test(raw) || /^[A-Za-z]:\//.test(raw)) {
      c.add('entryScript', ic.entryScript, 'must be a path relative to sourceDirectory, not an absolute path');
    } else {
      const normalized = normalizePath(raw);
      const hasSourceDir = typeof ic.sourceDirectory === 'string' && ic.sourceDirectory.trim() !== '';
      const sourceDir = hasSourceDir ? normalizePath(ic.sourceDirectory as string) : '';
      if (normalized === '' || normalized.split('/')[0] === '..') {
        c.add('entryScript', ic.entryScript, 'must be a file inside sourceDirectory');
      } else if (hasSourceDir) {
        entryScript = normalized;
        if (sourceDir && !sourceDir.startsWith('..') && normalized.startsWith(`${sourceDir}/`)) {
          warnings.push({
            prop: 'entryScript',
            message:
              `starts with sourceDirectory "${ic.sourceDirectory}": v1 read entryScript relative to sourceDirectory, so it ` +
              `points to "${sourceDir}/${normalized}". If you meant "${normalized.slice(sourceDir.length + 1)}", remove the prefix.`,
          });
        }
      } else {
        // Without sourceDirectory, v1 copied only the entry script into the image.
        entryScript = normalized.split('/').pop()!;
        if (entryScript !== normalized) {
          warnings.push({
            prop: 'entryScript',
            message: `has no sourceDirectory: v1 copied only the script into the image, so it runs as "${entryScript}".`,
          });
        }
      }
    }
  }

  // Environment variables.
  const envVars = environment?.environmentVariables;
  if (isPlainObject(envVars)) {
    for (const [k, v] of Object.entries(envVars)) {
      if (typeof v === 'string') env[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') env[k] = String(v);
      else if (v !== null && v !== undefined) c.add(`environment.environmentVariables.${k}`, v, 'must be a string');
    }
  } else if (envVars !== undefined && envVars !== null) {
    c.add('environment.environmentVariables', envVars, 'must be a mapping of names to strings');
  }
  // Variables the library sets itself (from entryScript, the model source, the deploy
  // configuration) are not passed on, so `{ ...container }` can be spread into props.
  for (const k of Object.keys(env)) {
    if (RESERVED_ENV[k] === undefined) continue;
    if (k === 'AZUREML_ENTRY_SCRIPT' && entryScript && env[k] !== entryScript) {
      warnings.push({
        prop: 'environment.environmentVariables.AZUREML_ENTRY_SCRIPT',
        message: `is replaced by the entry script "${entryScript}".`,
      });
    } else if (k !== 'AZUREML_ENTRY_SCRIPT') {
      warnings.push({
        prop: `environment.environmentVariables.${k}`,
        message: `is ignored: aks-ml-constructs sets ${k} itself (from ${RESERVED_ENV[k]}).`,
      });
    }
    delete env[k];
  }

  // What v1 built into the image.
  const built = [
    ic.condaFile ? `condaFile "${ic.condaFile}"` : undefined,
    ic.extraDockerFileSteps ? `extraDockerfileSteps "${ic.extraDockerFileSteps}"` : undefined,
    ic.sourceDirectory ? `sourceDirectory "${ic.sourceDirectory}"` : undefined,
    isPlainObject(environment?.python) ? 'environment.python' : undefined,
  ].filter((s): s is string => s !== undefined);
  if (image && built.length > 0) {
    warnings.push({
      prop: 'image',
      message:
        `v1 built ${built.join(', ')} into its image; this library does not build images, so "${image}" must already ` +
        'contain the dependencies, and the source directory\'s files in /var/azureml-app (AML_APP_ROOT), where ' +
        'AZUREML_ENTRY_SCRIPT points.',
    });
  }

  c.throwIfAny('the inference config');
  return { image: image as string, entryScript, env, warnings };
}
