/**
 * The props of the web service of an AKS deployment config, and where each came from.
 */
import { AksWebserviceProps } from '../core/webservice/resolve';
import { CliOptions } from './args';
import { ContainerChoice, containerProps } from './containers';
import { DeployFile, fileSources } from './deploy-files';
import { CliWarning, UsageError } from './errors';
import { servingProps } from './serving';
import { namespaceOverride, PLACEHOLDER_NAME, SpecContext } from './spec-context';

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

/** Props a deployment config file can set that are not deploy-configuration props of a service. */
const NOT_SERVICE_PROPS = ['versionName', 'trafficPercentile', 'isDefault', 'versionType', 'name'] as const;

/** The props of the web service of an AKS deployment config. */
export function buildServiceSpec(
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
        warning: { id: 'aks-ml:cli:nameOverridden', prop: file.loaded.sourceKeys.name ?? 'name', message: `${JSON.stringify(fromFile)} is replaced by --name ${JSON.stringify(opts.name)}.` },
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
