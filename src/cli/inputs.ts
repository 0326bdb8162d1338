/**
 * From the command line and the v1 files to props: reads and loads the deployment
 * configs and the inference config, decides the image, and builds the props of each
 * web service. Every problem of every file is collected before failing.
 */
import * as fs from 'node:fs';
import { AksEndpointProps, AksEndpointVersionProps, ENDPOINT_OWNED_PROPS } from '../core/endpoint/resolve';
import { AksWebserviceProps } from '../core/webservice/resolve';
import { ConfigurationError, ConfigurationWarning } from '../core/errors';
import { DEFAULT_GATEWAY_REF, GatewayRef } from '../core/gateway/gateway-ref';
import { EXAMPLE_INFERENCE_IMAGE, inferenceConfigToContainer, loadDeploymentConfig, LoadedDeploymentConfig, LoadedInferenceConfig, loadInferenceConfig } from '../core/v1';
import { CliOptions } from './args';
import { CliError, CliWarning, UsageError } from './errors';


/** A loaded deployment config file. */
export interface DeployFile {
  /** The path as given on the command line. */
  readonly path: string;
  readonly loaded: LoadedDeploymentConfig;
}

/** Reads a text file, or throws a CliError naming the file and the reason. */
export function readText(path: string, what: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new CliError(`cannot read ${what} "${path}": ${reason}.`);
  }
}

/**
 * Loads every deployment config. Problems of all files are reported together; when
 * `collect` is given, problems are added to it instead of thrown (for `validate`),
 * and the warnings of a file that failed to load go to `collectWarnings`.
 */
export function loadDeployFiles(
  paths: readonly string[],
  command: string,
  collect?: string[],
  collectWarnings?: CliWarning[],
): DeployFile[] {
  if (paths.length === 0) {
    throw new UsageError('--deploy-config is required: the v1 deployment config file (deploymentconfig.json or .yml).', command);
  }
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) throw new UsageError(`--deploy-config "${p}" is given twice.`, command);
    seen.add(p);
  }
  const problems: string[] = collect ?? [];
  const before = problems.length;
  const files: DeployFile[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readText(path, 'deployment config');
    } catch (e) {
      if (e instanceof CliError) {
        problems.push(...e.lines);
        continue;
      }
      throw e;
    }
    try {
      files.push({ path, loaded: loadDeploymentConfig(text, { source: path }) });
    } catch (e) {
      if (!(e instanceof ConfigurationError)) throw e;
      problems.push(...e.problems.map((p) => `${path}: ${p}`));
      collectWarnings?.push(...e.warnings.map((warning) => ({ context: path, warning })));
    }
  }
  if (!collect && problems.length > before) throw new CliError(problems);
  return files;
}

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

/** The serving props (gateway, Entra ID) from the command line. */
export interface ServingChoice {
  readonly gateway?: GatewayRef;
  readonly entraTenantId?: string;
  readonly entraAudience?: string | string[];
}

/** `--gateway [NAMESPACE/]NAME`, `--hostname`, `--entra-*` to props. */
export function chooseServing(opts: CliOptions, command: string): ServingChoice {
  let gateway: GatewayRef | undefined;
  if (opts.gateway !== undefined) {
    const parts = opts.gateway.split('/');
    if (parts.length > 2 || parts.some((p) => p === '')) {
      throw new UsageError(`--gateway must be NAME or NAMESPACE/NAME; received "${opts.gateway}".`, command);
    }
    gateway = parts.length === 2 ? { namespace: parts[0], name: parts[1] } : { name: parts[0] };
  }
  if (opts.hostname !== undefined) gateway = { ...(gateway ?? DEFAULT_GATEWAY_REF), hostname: opts.hostname };
  const audiences = opts.entraAudiences;
  return {
    ...(gateway ? { gateway } : {}),
    ...(opts.entraTenantId !== undefined ? { entraTenantId: opts.entraTenantId } : {}),
    ...(audiences.length > 0 ? { entraAudience: audiences.length === 1 ? audiences[0] : [...audiences] } : {}),
  };
}

/** What building props needs besides the files. */
export interface SpecContext {
  readonly command: string;
  readonly serving: ServingChoice;
  /**
   * Inspect only (validate, explain): a missing name, image or Entra ID setting is
   * replaced by a placeholder instead of failing.
   */
  readonly placeholders: boolean;
}

/** The placeholders of `validate`/`explain` (syntactically valid, obviously not real). */
export const PLACEHOLDER_NAME = 'unnamed-service';
export const PLACEHOLDER_TENANT = '00000000-0000-0000-0000-000000000000';
export const PLACEHOLDER_AUDIENCE = 'api://placeholder-audience';

/** One web service to plan: its props and where each came from. */
export interface ServiceSpec {
  readonly kind: 'webservice';
  readonly name: string;
  readonly file: DeployFile;
  readonly props: AksWebserviceProps;
  /** For each prop set, where it came from: `--name`, `<file>: containerResourceRequirements.cpu`, ... */
  readonly sources: Record<string, string>;
  /** Warnings raised while building the props. */
  readonly warnings: CliWarning[];
}

/** An endpoint to plan: the AKSENDPOINT files, one version each. */
export interface EndpointSpec {
  readonly kind: 'endpoint';
  readonly name: string;
  /** The files, in the order of `props.versions`. */
  readonly files: DeployFile[];
  readonly props: AksEndpointProps;
  /** Where the endpoint's own props came from. */
  readonly sources: Record<string, string>;
  /** Where each version's props came from. */
  readonly versionSources: Array<Record<string, string>>;
  readonly warnings: CliWarning[];
  /**
   * Problems found while combining the files (settings of the endpoint that differ,
   * missing version names), reported with the core's problems when planning.
   */
  readonly problems: string[];
  /** The versions whose file has no versionName (the core's problem about it is left out). */
  readonly unnamedVersions: number[];
}

/** Props a deployment config file can set that are not deploy-configuration props of a service. */
const NOT_SERVICE_PROPS = ['versionName', 'trafficPercentile', 'isDefault', 'versionType', 'name'] as const;

/** The sources of the props a file set, prefixed with the file. */
function fileSources(file: DeployFile): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const [prop, path] of Object.entries(file.loaded.sourceKeys)) sources[prop] = `${file.path}: ${path}`;
  return sources;
}

/** The container props of a file, and their sources. */
function containerProps(c: ContainerChoice | undefined, sources: Record<string, string>): Record<string, unknown> {
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

/** The serving props, with placeholders for the Entra ID settings token auth needs when only inspecting. */
function servingProps(
  ctx: SpecContext,
  tokenAuthEnabled: boolean,
  sources: Record<string, string>,
  warnings: CliWarning[],
  context: string,
): ServingChoice {
  const s = ctx.serving;
  if (s.gateway) sources.gateway = s.gateway.name === DEFAULT_GATEWAY_REF.name && s.gateway.hostname ? '--hostname' : '--gateway';
  if (s.entraTenantId !== undefined) sources.entraTenantId = '--entra-tenant-id';
  if (s.entraAudience !== undefined) sources.entraAudience = '--entra-audience';
  if (!tokenAuthEnabled || !ctx.placeholders) return s;
  const missing = [
    s.entraTenantId === undefined ? '--entra-tenant-id' : undefined,
    s.entraAudience === undefined ? '--entra-audience' : undefined,
  ].filter((x): x is string => x !== undefined);
  if (missing.length === 0) return s;
  warnings.push({
    context,
    warning: {
      prop: 'tokenAuthEnabled',
      message:
        `is true: tokens are Microsoft Entra ID tokens checked at the gateway, so converting needs ${missing.join(' and ')} ` +
        '(checked here with placeholders).',
    },
  });
  if (s.entraTenantId === undefined) sources.entraTenantId = 'placeholder (pass --entra-tenant-id)';
  if (s.entraAudience === undefined) sources.entraAudience = 'placeholder (pass --entra-audience)';
  return { ...s, entraTenantId: s.entraTenantId ?? PLACEHOLDER_TENANT, entraAudience: s.entraAudience ?? PLACEHOLDER_AUDIENCE };
}

/** Replaces the file's namespace by --namespace (with a warning when they differ). */
function namespaceOverride(opts: CliOptions, file: DeployFile, current: unknown, warnings: CliWarning[]): void {
  if (opts.namespace !== undefined && current !== undefined && current !== opts.namespace) {
    warnings.push({
      context: file.path,
      warning: { prop: file.loaded.sourceKeys.namespace ?? 'namespace', message: `"${String(current)}" is replaced by --namespace "${opts.namespace}".` },
    });
  }
}

/** The props of the web service of an AKS deployment config. */
export function webserviceSpec(
  file: DeployFile,
  opts: CliOptions,
  container: ContainerChoice | undefined,
  ctx: SpecContext & { readonly fileCount: number },
): ServiceSpec {
  const warnings: CliWarning[] = [];
  const sources = fileSources(file);
  const fromFile = file.loaded.props.name;
  let name: string;
  if (opts.name !== undefined) {
    if (ctx.fileCount > 1) {
      throw new UsageError(
        '--name names one web service, but several AKS deployment configs were given: give each file its own "name" key ' +
          '(or convert them one at a time).',
        ctx.command,
      );
    }
    name = opts.name;
    sources.name = '--name';
    if (fromFile !== undefined && fromFile !== opts.name) {
      warnings.push({
        context: file.path,
        warning: { prop: file.loaded.sourceKeys.name ?? 'name', message: `"${fromFile}" is replaced by --name "${opts.name}".` },
      });
    }
  } else if (fromFile !== undefined) {
    name = fromFile;
  } else if (ctx.placeholders) {
    name = PLACEHOLDER_NAME;
    sources.name = 'placeholder (pass --name)';
  } else {
    throw new UsageError(
      `--name is required: the name of the web service (3 to 32 characters: lowercase letters, digits and "-"); ${file.path} has no "name" key.`,
      ctx.command,
    );
  }
  const deploy: Record<string, unknown> = { ...file.loaded.props };
  for (const k of NOT_SERVICE_PROPS) delete deploy[k];
  namespaceOverride(opts, file, deploy.namespace, warnings);
  if (opts.namespace !== undefined) {
    deploy.namespace = opts.namespace;
    sources.namespace = '--namespace';
  }
  const tokenAuth = deploy.tokenAuthEnabled === true;
  const serving = servingProps(ctx, tokenAuth, sources, warnings, file.path);
  const props = { ...deploy, name, ...containerProps(container, sources), ...serving } as AksWebserviceProps;
  return { kind: 'webservice', name, file, props, sources, warnings };
}

/**
 * The props of the endpoint the AKSENDPOINT files make, one version per file. The
 * endpoint's own settings (auth, keys, App Insights, namespace) may be set in any file,
 * but must agree; every disagreement is a problem.
 */
export function endpointSpec(
  files: readonly DeployFile[],
  opts: CliOptions,
  containers: ReadonlyArray<ContainerChoice | undefined>,
  ctx: SpecContext,
): EndpointSpec {
  const warnings: CliWarning[] = [];
  const problems: string[] = [];
  const sources: Record<string, string> = {};

  // The endpoint's name: --name, else the name the files agree on.
  let name: string;
  const fileNames = [...new Set(files.map((f) => f.loaded.props.name).filter((n): n is string => n !== undefined))];
  if (opts.name !== undefined) {
    name = opts.name;
    sources.name = '--name';
  } else if (fileNames.length === 1) {
    name = fileNames[0];
    const f = files.find((x) => x.loaded.props.name === name)!;
    sources.name = `${f.path}: ${f.loaded.sourceKeys.name ?? 'name'}`;
  } else if (ctx.placeholders) {
    name = PLACEHOLDER_NAME;
    sources.name = 'placeholder (pass --name)';
  } else {
    throw new UsageError(
      '--name is required: the name of the endpoint the AKSENDPOINT files are versions of (3 to 32 characters: lowercase ' +
        'letters, digits and "-").',
      ctx.command,
    );
  }

  // The endpoint's own settings, from whichever files set them; they must agree.
  const endpoint: Record<string, unknown> = {};
  for (const k of ENDPOINT_OWNED_PROPS) {
    const setting = files.filter((f) => (f.loaded.props as Record<string, unknown>)[k] !== undefined);
    if (setting.length === 0) continue;
    const values = setting.map((f) => (f.loaded.props as Record<string, unknown>)[k]);
    const secret = k === 'primaryKey' || k === 'secondaryKey';
    if (new Set(values.map((v) => JSON.stringify(v))).size > 1) {
      const where = setting.map((f, i) => `${f.path} (${f.loaded.sourceKeys[k] ?? k}) ${secret ? 'sets another key' : JSON.stringify(values[i])}`);
      problems.push(
        `${k} differs between the versions' files: ${where.join(', ')}. It is a setting of the endpoint, shared by all ` +
          'its versions: give it the same value in every file (or set it in one file only).',
      );
    }
    // Go on with the first file's value, so that the other problems are found too.
    endpoint[k] = values[0];
    sources[k] = `${setting[0].path}: ${setting[0].loaded.sourceKeys[k] ?? k}`;
  }
  if (opts.namespace !== undefined) {
    for (const f of files) namespaceOverride(opts, f, f.loaded.props.namespace, warnings);
    endpoint.namespace = opts.namespace;
    sources.namespace = '--namespace';
  }

  // One version per file.
  const versionSources: Array<Record<string, string>> = [];
  const unnamedVersions: number[] = [];
  const versions = files.map((file, i) => {
    const vs = fileSources(file);
    const p: Record<string, unknown> = { ...file.loaded.props };
    delete p.name;
    for (const k of ENDPOINT_OWNED_PROPS) {
      delete p[k];
      delete vs[k];
    }
    if (p.versionName === undefined) {
      if (ctx.placeholders) {
        p.versionName = `version-${i + 1}`;
        vs.versionName = 'placeholder (the file has no versionName)';
      } else {
        unnamedVersions.push(i);
        problems.push(
          `${file.path}: versionName is missing: every AKSENDPOINT file is one version of the endpoint and needs a ` +
            '"versionName" (3 to 32 characters: lowercase letters, digits and "-").',
        );
      }
    }
    Object.assign(p, containerProps(containers[i], vs));
    versionSources.push(vs);
    return p as unknown as AksEndpointVersionProps;
  });

  const tokenAuth = endpoint.tokenAuthEnabled === true;
  const serving = servingProps(ctx, tokenAuth, sources, warnings, files.find((f) => f.loaded.props.tokenAuthEnabled === true)?.path ?? files[0].path);
  const props = { ...endpoint, name, ...serving, versions } as AksEndpointProps;
  return { kind: 'endpoint', name, files: [...files], props, sources, versionSources, warnings, problems, unnamedVersions };
}

/**
 * Rewrites a problem about a prop the command line supplied so that it names the
 * option (`name must be ...` → `--name must be ...`), or the file and JSON path.
 */
export function sourcedProblem(problem: string, sources: Record<string, string>): string {
  const match = /^([A-Za-z]+)(\.[A-Za-z]+|\[\d+\])?(?: \(v1: [a-z_]+\))?/.exec(problem);
  if (!match) return problem;
  const [whole, prop, sub] = match;
  const source = sources[prop];
  if (source === undefined || source.startsWith('placeholder')) return problem;
  if (source.startsWith('--')) {
    const flag = prop === 'gateway' && sub === '.hostname' ? '--hostname' : source;
    return `${flag}${prop === 'gateway' && sub && sub !== '.hostname' ? ` (${sub.slice(1)})` : ''}${problem.slice(whole.length)}`;
  }
  // From a file: `file: json.path` (the file is in the line's context when it is the only one).
  return `${source}${sub ?? ''}${problem.slice(whole.length)}`;
}
