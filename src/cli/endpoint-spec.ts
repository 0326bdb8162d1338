/**
 * The props of the endpoint the AKSENDPOINT files make, one version per file, and
 * where each came from.
 */
import { AksEndpointProps, AksEndpointVersionProps, ENDPOINT_OWNED_PROPS } from '../core/endpoint/resolve';
import { CliOptions } from './args';
import { ContainerChoice, containerProps } from './containers';
import { DeployFile, fileSources } from './deploy-files';
import { CliWarning, UsageError } from './errors';
import { servingProps } from './serving';
import { autoscalerProp } from './service-spec';
import { namespaceOverride, PLACEHOLDER_NAME, SpecContext } from './spec-context';

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

/**
 * The props of the endpoint the AKSENDPOINT files make, one version per file. The
 * endpoint's own settings (auth, keys, App Insights, namespace) may be set in any file,
 * but must agree; every disagreement is a problem.
 */
export function buildEndpointSpec(
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
    Object.assign(p, containerProps(containers[i], vs), autoscalerProp(ctx.serving.autoscaler, vs));
    versionSources.push(vs);
    return p as unknown as AksEndpointVersionProps;
  });

  const tokenAuth = endpoint.tokenAuthEnabled === true;
  const serving = servingProps(ctx, tokenAuth, sources, warnings, files.find((f) => f.loaded.props.tokenAuthEnabled === true)?.path ?? files[0].path);
  const props = { ...endpoint, name, ...serving, versions } as AksEndpointProps;
  return { kind: 'endpoint', name, files: [...files], props, sources, versionSources, warnings, problems, unnamedVersions };
}
