/**
 * The container of each web service: the image (`--image`, or the inference config's
 * base image), the entry script and the environment. Building images is out of scope.
 */
import { ConfigurationError, ConfigurationWarning } from '../core/errors';
import { EXAMPLE_INFERENCE_IMAGE, inferenceConfigToContainer, LoadedInferenceConfig, loadInferenceConfig } from '../core/v1';
import { CliOptions } from './args';
import { readText } from './deploy-files';
import { CliError, CliWarning, UsageError } from './errors';

/** The container settings that come from the command line or the inference config. */
export interface ContainerChoice {
  readonly image: string;
  /** Where the image came from, e.g. `--image` or `inference.yml: baseImage`. */
  readonly imageSource: string;
  readonly entryScript?: string;
  /** Where the entry script came from. */
  readonly entryScriptSource?: string;
  readonly env: Record<string, string>;
}

/** The containers of the deployment configs, one per file (undefined: no image given). */
export interface ContainerChoices {
  readonly containers: Array<ContainerChoice | undefined>;
  readonly warnings: CliWarning[];
  readonly problems: string[];
}

/** A syntactically valid image used when none is given and the command only inspects. */
export const PLACEHOLDER_IMAGE = 'image.invalid/placeholder:pass-image';

const NO_IMAGE =
  'no image to run: pass --image with a prebuilt scoring image, or --inference-config with a baseImage. ' +
  'v1 built an image from condaFile and sourceDirectory; building images is out of scope for aks-ml: build and push ' +
  `one (for example FROM ${EXAMPLE_INFERENCE_IMAGE} with your conda dependencies installed and your source directory ` +
  'copied to /var/azureml-app), then pass it with --image.';

/**
 * The image, entry script and environment of each of `count` deployment configs:
 * `--image` (once for all, or once per --deploy-config in the same order), else the
 * inference config's base image (inferenceConfigToContainer), else an error when
 * `required` (building images is out of scope). Problems are collected, not thrown.
 */
export function chooseContainers(opts: CliOptions, count: number, required: boolean, command: string): ContainerChoices {
  const images = opts.images;
  if (images.length > 1 && images.length !== count) {
    throw new UsageError(
      `--image is given ${images.length} times for ${count} deployment config${count === 1 ? '' : 's'}: give it once (for all) ` +
        'or once per --deploy-config, in the same order.',
      command,
    );
  }
  const imageAt = (i: number): string | undefined => (images.length > 1 ? images[i] : images[0]);
  const warnings: CliWarning[] = [];
  const problems: string[] = [];
  const containers: Array<ContainerChoice | undefined> = [];
  const addWarning = (context: string, warning: ConfigurationWarning) => {
    if (!warnings.some((w) => w.context === context && w.warning.prop === warning.prop && w.warning.message === warning.message)) {
      warnings.push({ context, warning });
    }
  };

  if (opts.inferenceConfig === undefined) {
    for (let i = 0; i < count; i++) {
      const image = imageAt(i);
      containers.push(image !== undefined ? { image, imageSource: '--image', env: {} } : undefined);
    }
    if (required && images.length === 0) problems.push(NO_IMAGE);
    return { containers, warnings, problems };
  }

  const path = opts.inferenceConfig;
  let ic: LoadedInferenceConfig;
  try {
    ic = loadInferenceConfig(readText(path, 'inference config'), { source: path });
  } catch (e) {
    if (e instanceof CliError) return { containers: [], warnings, problems: [...e.lines] };
    if (e instanceof ConfigurationError) return { containers: [], warnings, problems: e.problems.map((p) => `${path}: ${p}`) };
    throw e;
  }
  for (const w of ic.warnings) addWarning(path, w);
  const docker = ic.environment?.docker as Record<string, unknown> | undefined;
  const hasBaseImage = ic.baseImage !== undefined || typeof docker?.baseImage === 'string';
  for (let i = 0; i < count; i++) {
    const image = imageAt(i);
    // Inspecting without an image: check the rest of the inference config with a placeholder.
    const placeholder = image === undefined && !hasBaseImage && !required;
    let container;
    try {
      container = inferenceConfigToContainer(ic, placeholder ? { image: PLACEHOLDER_IMAGE } : image !== undefined ? { image } : {});
    } catch (e) {
      if (!(e instanceof ConfigurationError)) throw e;
      for (const p of e.problems) if (!problems.includes(`${path}: ${p}`)) problems.push(`${path}: ${p}`);
      containers.push(undefined);
      continue;
    }
    if (placeholder) {
      addWarning(path, {
        id: 'aks-ml:cli:baseImageWithoutImage',
        prop: 'baseImage',
        message: 'is not set: converting needs an image, --image (v1 built one from this inference config; building images is out of scope).',
      });
    }
    for (const w of container.warnings) if (!placeholder || (w.prop !== 'image' && w.prop !== 'baseImage')) addWarning(path, w);
    // The core leaves out the variables the library sets itself (with a warning).
    const env: Record<string, string> = { ...container.env };
    containers.push({
      image: container.image,
      imageSource: placeholder
        ? 'placeholder (pass --image)'
        : image !== undefined
          ? '--image'
          : ic.baseImage !== undefined
            ? `${path}: baseImage`
            : `${path}: environment.docker.baseImage`,
      ...(container.entryScript ? { entryScript: container.entryScript, entryScriptSource: `${path}: entryScript` } : {}),
      env,
    });
  }
  return { containers, warnings, problems };
}

/** The container props of a file, and their sources. */
export function containerProps(c: ContainerChoice | undefined, sources: Record<string, string>): Record<string, unknown> {
  sources.image = c?.imageSource ?? 'placeholder (pass --image or --inference-config)';
  if (c?.entryScriptSource !== undefined) sources.entryScript = c.entryScriptSource;
  if (c?.entryScriptSource !== undefined && Object.keys(c.env).length > 0) {
    sources.env = `${c.entryScriptSource.split(': ')[0]}: environment.environmentVariables`;
  }
  return {
    image: c?.image ?? PLACEHOLDER_IMAGE,
    ...(c?.entryScript !== undefined ? { entryScript: c.entryScript } : {}),
    ...(c && Object.keys(c.env).length > 0 ? { env: { ...c.env } } : {}),
  };
}
