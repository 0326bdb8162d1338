/**
 * The props of the web service of an AKS deployment config, and where each came from.
 */
import { AksWebserviceProps } from '../core/webservice/resolve';
import { CliOptions } from './args';
import { ConfigurationError } from '../core/errors';
import { inferenceConfigToContainer } from '../core/v1';
import { ContainerChoice, containerProps, PLACEHOLDER_IMAGE } from './containers';
import { DeployFile, fileSources } from './deploy-files';
import { CliError, CliWarning, UsageError } from './errors';
import { ServingChoice, servingProps } from './serving';
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
  const props = { ...deploy, name, ...containerProps(container, sources), ...serving, ...actionEntryScript(file, container, sources, warnings), ...autoscalerProp(ctx.serving.autoscaler, sources) } as AksWebserviceProps;
  return { kind: 'webservice', name, file, props, sources, warnings };
}

/** The autoscaler of `--autoscaler`, and its source. */
export function autoscalerProp(autoscaler: ServingChoice['autoscaler'], sources: Record<string, string>): { autoscaler?: ServingChoice['autoscaler'] } {
  if (autoscaler === undefined) return {};
  sources.autoscaler = '--autoscaler';
  return { autoscaler };
}

/**
 * The entry script of an aml-deploy action file (its `inference_entry_script` and
 * `inference_source_directory`, read as v1 read an inference config), when no
 * --inference-config gave one.
 */
function actionEntryScript(file: DeployFile, container: ContainerChoice | undefined, sources: Record<string, string>, warnings: CliWarning[]): { entryScript?: string } {
  const ic = file.loaded.inferenceConfig;
  if (ic?.entryScript === undefined || container?.entryScript !== undefined) return {};
  try {
    const built = inferenceConfigToContainer({ entryScript: ic.entryScript, sourceDirectory: ic.sourceDirectory }, { image: container?.image ?? PLACEHOLDER_IMAGE });
    for (const warning of built.warnings) if (warning.prop === 'entryScript') warnings.push({ context: file.path, warning: { ...warning, prop: 'inference_entry_script' } });
    sources.entryScript = `${file.path}: inference_entry_script`;
    return { entryScript: built.entryScript };
  } catch (e) {
    if (!(e instanceof ConfigurationError)) throw e;
    throw new CliError(e.problems.map((p) => `${file.path}: ${p.replace(/^entryScript\b/, 'inference_entry_script')}`));
  }
}
