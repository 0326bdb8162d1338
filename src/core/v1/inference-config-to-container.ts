/**
 * The mapping of a v1 inference config to the container this library runs. This
 * library does not build images: the container runs a prebuilt image that already
 * holds the scoring code and its dependencies.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { isPlainObject } from '../validation';
import { RESERVED_ENV } from '../webservice/resolve';
import { EXAMPLE_INFERENCE_IMAGE, imageProblem, isValidImageReference, withRegistry } from './image-reference';
import type { V1InferenceConfig } from './load-inference-config';

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

/** The warning for an entry script in a folder without sourceDirectory: v1 ran its basename. */
function runsAsBasename(entryScript: string): ConfigurationWarning {
  return {
    id: 'aks-ml:v1:entryScriptWithoutSourceDirectory',
    prop: 'entryScript',
    message: `has no sourceDirectory: v1 copied only the script into the image, so it runs as "${entryScript}".`,
  };
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
      id: 'aks-ml:v1:baseImageRunAsService',
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
    if (ic.baseImage) warnings.push({ id: 'aks-ml:v1:baseImageUnused', prop: 'baseImage', message: `is not used: the image "${options.image}" is run as given.` });
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
    const hasSourceDirectory = typeof ic.sourceDirectory === 'string' && ic.sourceDirectory.trim() !== '';
    const absolute = /^\//.test(raw) || /^[A-Za-z]:\//.test(raw);
    if (absolute && !hasSourceDirectory) {
      // v1 copied only the entry script into the image, wherever it was: it ran the file's basename.
      entryScript = raw.split('/').pop()!;
      if (entryScript === '') c.add('entryScript', ic.entryScript, 'must name a file');
      else warnings.push(runsAsBasename(entryScript));
    } else if (absolute) {
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
            id: 'aks-ml:v1:entryScriptUnderSourceDirectory',
            prop: 'entryScript',
            message:
              `starts with sourceDirectory "${ic.sourceDirectory}": v1 read entryScript relative to sourceDirectory, so it ` +
              `points to "${sourceDir}/${normalized}". If you meant "${normalized.slice(sourceDir.length + 1)}", remove the prefix.`,
          });
        }
      } else {
        // Without sourceDirectory, v1 copied only the entry script into the image.
        entryScript = normalized.split('/').pop()!;
        if (entryScript !== normalized) warnings.push(runsAsBasename(entryScript));
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
        id: 'aks-ml:v1:entryScriptVariableReplaced',
        prop: 'environment.environmentVariables.AZUREML_ENTRY_SCRIPT',
        message: `is replaced by the entry script "${entryScript}".`,
      });
    } else if (k !== 'AZUREML_ENTRY_SCRIPT') {
      warnings.push({
        id: 'aks-ml:v1:reservedVariableIgnored',
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
      id: 'aks-ml:v1:imageNotBuilt',
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
