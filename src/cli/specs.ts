/**
 * The shared first half of every command: load the files, decide the containers and
 * the serving props, and build the specs (web services and at most one endpoint).
 */
import { CliOptions } from './args';
import { CliError, CliWarning } from './errors';
import { chooseContainers, ContainerChoice } from './containers';
import { DeployFile, loadDeployFiles } from './deploy-files';
import { buildEndpointSpec, EndpointSpec } from './endpoint-spec';
import { chooseServing } from './serving';
import { buildServiceSpec, ServiceSpec } from './service-spec';

/** The loaded inputs of a command. */
export interface Inputs {
  readonly files: DeployFile[];
  /** The container of each file, by its path. */
  readonly containers: Map<string, ContainerChoice | undefined>;
  /** Problems of the files and the inference config (every one). */
  readonly problems: string[];
  readonly warnings: CliWarning[];
}

/** Loads every input, collecting every problem. */
export function loadInputs(opts: CliOptions, command: string, inspectOnly: boolean): Inputs {
  const problems: string[] = [];
  // --name replaces the file's name, valid or not (the replacement warns: nameOverridden).
  const files = loadDeployFiles(opts.deployConfigs, command, problems, undefined, opts.name !== undefined);
  const choices = chooseContainers(opts, opts.deployConfigs.length, !inspectOnly, command);
  problems.push(...choices.problems);
  const containers = new Map<string, ContainerChoice | undefined>();
  opts.deployConfigs.forEach((p, i) => containers.set(p, choices.containers[i]));
  const warnings: CliWarning[] = [];
  for (const f of files) warnings.push(...f.loaded.warnings.map((warning) => ({ context: f.path, warning })));
  warnings.push(...choices.warnings);
  return { files, containers, problems, warnings };
}

/** The files of web services (AKS) and of endpoint versions (AKSENDPOINT). */
export function splitKinds(files: readonly DeployFile[]): { services: DeployFile[]; versions: DeployFile[] } {
  return {
    services: files.filter((f) => f.loaded.kind === 'webservice'),
    versions: files.filter((f) => f.loaded.kind === 'endpointVersion'),
  };
}

/** Refuses a mix of AKS and AKSENDPOINT files (convert: one output per service or endpoint). */
export function rejectMixedKinds(files: readonly DeployFile[]): void {
  const { services, versions } = splitKinds(files);
  if (services.length > 0 && versions.length > 0) {
    throw new CliError(
      `${versions.map((f) => f.path).join(', ')} ${versions.length === 1 ? 'is an endpoint version' : 'are endpoint versions'} ` +
        `(computeType AKSENDPOINT) and ${services.map((f) => f.path).join(', ')} ${services.length === 1 ? 'is a web service' : 'are web services'} ` +
        '(computeType AKS): convert them separately (all the AKSENDPOINT files of one endpoint together).',
    );
  }
}

/** The specs of the inputs: one per AKS file, one endpoint for all the AKSENDPOINT files. */
export function specsFor(opts: CliOptions, inputs: Inputs, command: string, inspectOnly: boolean): Array<ServiceSpec | EndpointSpec> {
  const serving = chooseServing(opts, command);
  const ctx = { command, serving, placeholders: inspectOnly };
  const { services, versions } = splitKinds(inputs.files);
  const specs: Array<ServiceSpec | EndpointSpec> = services.map((file) =>
    buildServiceSpec(file, opts, inputs.containers.get(file.path), { ...ctx, fileCount: services.length }),
  );
  if (versions.length > 0) {
    specs.push(buildEndpointSpec(versions, opts, versions.map((f) => inputs.containers.get(f.path)), ctx));
  }
  return specs;
}
