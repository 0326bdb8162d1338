/**
 * `aks-ml convert --from-service FILE` and `aks-ml dockerfile --from-service FILE`:
 * what a running v1 service says about itself (fromV1ServiceDocument) to the same
 * `<name>.k8s.yaml` files `convert` writes from deployment configs.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError } from '../core/errors';
import { AuthKeys } from '../core/webservice/auth-keys';
import {
  ConvertedV1Endpoint,
  ConvertedV1Webservice,
  fromV1ServiceDocument,
  V1ServiceDocumentConversion,
  V1ServiceEnvironment,
  v1ServiceDockerfile,
} from '../core/v1';
import { CliOptions } from './args';
import { writePlanned } from './convert';
import { DeployFile, readText } from './deploy-files';
import { EndpointSpec } from './endpoint-spec';
import { CliError, CliWarning, UsageError } from './errors';
import { Io, printWarnings } from './io';
import { planAll } from './plan';
import { chooseServing, servingProps } from './serving';
import { autoscalerProp, ServiceSpec } from './service-spec';
import { OutputFile } from './write';

/** The default output folder of `aks-ml dockerfile`. */
export const DEFAULT_DOCKER_DIR = 'docker';

/** A stand-in for a deployment config file: the document (its props are the specs'). */
function documentFile(file: string): DeployFile {
  return { path: file, loaded: { kind: 'webservice', props: {}, warnings: [], format: 'json', sourceKeys: {} } };
}

function prefixed(file: string, sources: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, `${file}: ${v}`]));
}

/** `--image IMAGE` (for all) or `--image NAME=IMAGE` (by service or version). */
function imagesOption(opts: CliOptions, command: string): string | Record<string, string> | undefined {
  if (opts.images.length === 0) return undefined;
  const named = opts.images.filter((i) => i.includes('='));
  if (named.length === 0) {
    if (opts.images.length > 1) throw new UsageError('--image without NAME= is the image of every service of the document: give it once, or as --image NAME=IMAGE per service or version.', command);
    return opts.images[0];
  }
  if (named.length !== opts.images.length) throw new UsageError('--image: give either one image for all, or NAME=IMAGE for each service or version, not both.', command);
  const out: Record<string, string> = {};
  for (const i of named) {
    const [name, image] = [i.slice(0, i.indexOf('=')), i.slice(i.indexOf('=') + 1)];
    if (name === '' || image === '') throw new UsageError(`--image "${i}" must be NAME=IMAGE.`, command);
    out[name] = image;
  }
  return out;
}

/** `--model <name>:<version>=<blob URL>`. */
function modelsOption(opts: CliOptions, command: string): Record<string, string> | undefined {
  if (opts.models.length === 0) {
    if (opts.clientId !== undefined) throw new UsageError('--client-id applies only with --model.', command);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const m of opts.models) {
    const eq = m.indexOf('=');
    const id = eq > 0 ? m.slice(0, eq) : '';
    const url = eq > 0 ? m.slice(eq + 1) : '';
    if (!/^.+:\d+$/.test(id) || !/^https:\/\/[a-z0-9]+\.blob\.core\.windows\.net\/[^/]+(\/.*)?$/.test(url)) {
      throw new UsageError(
        `--model "${m}" must be <name>:<version>=https://<account>.blob.core.windows.net/<container>/<folder> (the registered model and the blob folder of its files).`,
        command,
      );
    }
    out[id] = url;
  }
  if (opts.clientId === undefined) throw new UsageError('--model needs --client-id: the client id of the workload identity that reads the model blobs.', command);
  return out;
}

/** Reads the document; every problem as a CliError line naming the file. */
function readDocument(opts: CliOptions, command: string, withOptions: boolean): { file: string; conv: V1ServiceDocumentConversion } {
  const file = opts.fromService!;
  const text = readText(file, 'service document');
  try {
    const conv = fromV1ServiceDocument(text, {
      source: file,
      ...(withOptions ? { image: imagesOption(opts, command), models: modelsOption(opts, command), modelClientId: opts.clientId } : { image: 'image.invalid/placeholder:dockerfile' }),
    });
    return { file, conv };
  } catch (e) {
    if (e instanceof ConfigurationError) throw new CliError(e.problems.map((p) => `${file}: ${p}`));
    throw e;
  }
}

function rejectDeployConfigOptions(opts: CliOptions, command: string): void {
  const wrong = [
    opts.deployConfigs.length > 0 ? '--deploy-config' : undefined,
    opts.inferenceConfig !== undefined ? '--inference-config' : undefined,
    opts.name !== undefined ? '--name (the names come from the document: the v1 path /api/v1/service/<name>/score depends on them)' : undefined,
  ].filter((x): x is string => x !== undefined);
  if (wrong.length > 0) throw new UsageError(`--from-service reads everything from the service document: leave out ${wrong.join(', ')}.`, command);
}

/** The keys the manifests use: from Key Vault with --key-vault-store, else generated. */
function keysProp(opts: CliOptions, name: string, authEnabled: unknown, sources: Record<string, string>): { keys?: AuthKeys } {
  if (opts.keyVaultStore === undefined || authEnabled === false) return {};
  sources.keys = '--key-vault-store';
  return {
    keys: AuthKeys.fromKeyVault({
      secretStore: { name: opts.keyVaultStore, kind: 'ClusterSecretStore' },
      primaryKeySecretName: `${name}-primary-key`,
      secondaryKeySecretName: `${name}-secondary-key`,
    }),
  };
}

function serviceSpec(file: string, s: ConvertedV1Webservice, opts: CliOptions, ctx: Parameters<typeof servingProps>[0]): ServiceSpec {
  const warnings: CliWarning[] = [];
  const sources = prefixed(file, s.sources);
  const props: Record<string, unknown> = { ...s.props };
  if (opts.namespace !== undefined) {
    props.namespace = opts.namespace;
    sources.namespace = '--namespace';
  }
  const serving = servingProps(ctx, props.tokenAuthEnabled === true, sources, warnings, file);
  Object.assign(props, serving, autoscalerProp(ctx.serving.autoscaler, sources), keysProp(opts, s.name, props.authEnabled, sources));
  return { kind: 'webservice', name: s.name, file: documentFile(file), props: props as never, sources, warnings };
}

function endpointSpec(file: string, e: ConvertedV1Endpoint, opts: CliOptions, ctx: Parameters<typeof servingProps>[0]): EndpointSpec {
  const warnings: CliWarning[] = [];
  const sources = prefixed(file, e.sources);
  const props: Record<string, unknown> = { ...e.props };
  if (opts.namespace !== undefined) {
    props.namespace = opts.namespace;
    sources.namespace = '--namespace';
  }
  const versionSources = e.versions.map((v) => ({ ...prefixed(file, v.sources), ...(ctx.serving.autoscaler ? { autoscaler: '--autoscaler' } : {}) }));
  props.versions = e.props.versions.map((v) => ({ ...v, ...(ctx.serving.autoscaler ? { autoscaler: ctx.serving.autoscaler } : {}) }));
  Object.assign(props, servingProps(ctx, props.tokenAuthEnabled === true, sources, warnings, file), keysProp(opts, e.name, props.authEnabled, sources));
  return {
    kind: 'endpoint',
    name: e.name,
    files: e.versions.map(() => documentFile(file)),
    props: props as never,
    sources,
    versionSources,
    warnings,
    problems: [],
    unnamedVersions: [],
  };
}

/** The cut-over of the keys clients hold, printed after writing. */
function keyStep(s: ConvertedV1Webservice | ConvertedV1Endpoint, opts: CliOptions): string[] {
  const props = s.props as { authEnabled?: boolean; tokenAuthEnabled?: boolean };
  const path = s.scoringPath;
  const lines: string[] = [];
  if (props.tokenAuthEnabled === true) {
    lines.push(`${s.name}: token auth: clients get Microsoft Entra ID tokens (for --entra-audience) instead of the v1 service's own tokens (az ml service get-access-token).`);
  } else if (props.authEnabled !== false) {
    const vault = opts.keyVaultStore !== undefined ? `the Key Vault of ClusterSecretStore ${JSON.stringify(opts.keyVaultStore)}` : '<vault>';
    lines.push(
      `${s.name}: keys: the document carries no keys; clients keep the ones they hold when both v1 keys are copied into Key Vault:`,
      `  az ml service get-keys --name ${s.name}    # the v1 primaryKey and secondaryKey`,
      `  az keyvault secret set --vault-name ${vault} --name ${s.name}-primary-key --value <primaryKey>`,
      `  az keyvault secret set --vault-name ${vault} --name ${s.name}-secondary-key --value <secondaryKey>`,
      opts.keyVaultStore !== undefined
        ? `  the manifests read them (AuthKeys.fromKeyVault, secrets ${s.name}-primary-key and ${s.name}-secondary-key): the same "Authorization: Bearer <key>" works.`
        : `  then convert again with --key-vault-store <ClusterSecretStore of the vault> (AuthKeys.fromKeyVault); without it the cluster generates new keys.`,
    );
  }
  lines.push(`${s.name}: scoring URI: the host changes (the gateway's), the path ${path} does not.`);
  return lines;
}

export function runConvertFromService(opts: CliOptions, io: Io): number {
  const command = 'convert';
  rejectDeployConfigOptions(opts, command);
  const serving = chooseServing(opts, command);
  const { file, conv } = readDocument(opts, command, true);
  printWarnings(io, conv.warnings.map((warning) => ({ context: file, warning })));
  const ctx = { serving, placeholders: false };
  const specs = conv.services.map((s) => (s.kind === 'webservice' ? serviceSpec(file, s, opts, ctx) : endpointSpec(file, s, opts, ctx)));
  printWarnings(io, specs.flatMap((s) => s.warnings));
  const planned = planAll(specs);
  printWarnings(io, planned.flatMap((p) => p.warnings));
  writePlanned(planned, opts, io);
  for (const s of conv.services) for (const l of keyStep(s, opts)) io.out(l);
  return 0;
}

/** The environment-based services and versions of a document, with their environments. */
function environments(conv: V1ServiceDocumentConversion): Array<{ name: string; environment?: V1ServiceEnvironment; imageSource: string }> {
  return conv.services.flatMap((s) =>
    s.kind === 'webservice'
      ? [{ name: s.name, environment: s.environment, imageSource: s.imageSource }]
      : s.versions.map((v) => ({ name: v.versionName, environment: v.environment, imageSource: v.imageSource })),
  );
}

export function runDockerfile(opts: CliOptions, io: Io): number {
  const command = 'dockerfile';
  if (opts.fromService === undefined) throw new UsageError('--from-service is required: the v1 service document.', command);
  const { file, conv } = readDocument(opts, command, false);
  const files: OutputFile[] = [];
  const built: string[] = [];
  const problems: string[] = [];
  for (const e of environments(conv)) {
    if (e.environment === undefined) {
      problems.push(`${file}: ${JSON.stringify(e.name)} has no environment in the document (environmentImageRequest.environment, or environmentDetails): nothing to build.`);
      continue;
    }
    const d = v1ServiceDockerfile(e.environment, { name: e.name, source: file });
    printWarnings(io, d.warnings.map((warning) => ({ context: `${file}: ${e.name}`, warning })));
    for (const f of d.files) files.push({ name: path.join(e.name, f.name), content: f.content });
    built.push(e.name);
  }
  if (problems.length > 0) throw new CliError(problems);
  const outDir = opts.out ?? DEFAULT_DOCKER_DIR;
  writeNested(outDir, files);
  for (const name of built) {
    const dir = path.join(outDir, name);
    io.out(`wrote ${path.join(dir, 'Dockerfile')}`);
    io.out(`  put the source files in ${path.join(dir, 'source')}/, then build with ACR Tasks:`);
    io.out(`  az acr build --registry <registry> --image ${name}:<tag> ${dir}`);
    io.out(`  aks-ml convert --from-service ${file} --image ${name}=<registry>.azurecr.io/${name}:<tag>`);
  }
  return 0;
}

/** The first line of the Dockerfiles `aks-ml dockerfile` writes. */
const DOCKERFILE_HEADER = '# The image Azure ML v1 built for ';

/** True when `dir` holds a Dockerfile that aks-ml wrote (its files may be replaced). */
function writtenByDockerfile(dir: string): boolean {
  try {
    return fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').startsWith(DOCKERFILE_HEADER);
  } catch {
    return false;
  }
}

/**
 * Writes `<service>/<file>` files. Every target is checked first (nothing is written
 * when one is a folder, or a file aks-ml did not write); each file is written next to
 * its target and renamed into place.
 */
function writeNested(outDir: string, files: readonly OutputFile[]): void {
  const problems: string[] = [];
  for (const f of files) {
    const target = path.join(outDir, f.name);
    if (!fs.existsSync(target)) continue;
    if (fs.statSync(target).isDirectory()) problems.push(`"${target}" is a folder; aks-ml would write a file of that name. Remove it or choose another --out.`);
    else if (!writtenByDockerfile(path.dirname(target))) problems.push(`"${target}" exists and was not written by aks-ml dockerfile; it is left alone. Remove it or choose another --out.`);
  }
  if (problems.length > 0) throw new CliError(problems);
  try {
    for (const f of files) {
      const target = path.join(outDir, f.name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.aks-ml-${randomBytes(6).toString('hex')}`;
      fs.writeFileSync(tmp, f.content, { encoding: 'utf8', flag: 'wx' });
      fs.renameSync(tmp, target);
    }
  } catch (e) {
    throw new CliError(`cannot write to "${outDir}": ${(e as Error).message}`);
  }
}
