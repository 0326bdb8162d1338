/**
 * `aks-ml validate`: every problem and every warning of v1 deployment configs (and of
 * the inference config, and of the services and endpoint they make). Exit code 1 when
 * there is a problem, 0 otherwise (warnings do not fail).
 *
 * What the files cannot say (the service name, the image, the Entra ID settings of
 * token auth) is checked when given as options, and replaced by placeholders when not.
 */
import { CliOptions } from './args';
import { CliError, CliWarning, EXIT_ERROR, EXIT_OK, formatCliWarning } from './errors';
import { chooseContainers } from './containers';
import { DeployFile, loadDeployFiles } from './deploy-files';
import { buildEndpointSpec } from './endpoint-spec';
import { Io } from './io';
import { planEndpointSpec, planService } from './plan';
import { chooseServing } from './serving';
import { buildServiceSpec } from './service-spec';
import { splitKinds } from './specs';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs `fn`, adding the lines of a configuration CliError to `problems`. */
function collect(problems: string[], fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CliError) || e.exitCode !== EXIT_ERROR) throw e;
    problems.push(...e.lines);
  }
}

export function runValidate(opts: CliOptions, io: Io): number {
  if (opts.deployConfigs.length === 0) loadDeployFiles([], 'validate'); // throws the usage error
  const serving = chooseServing(opts, 'validate');
  const ctx = { command: 'validate', serving, placeholders: true };
  const summaries: string[] = [];
  let total = 0;
  const report = (subject: string, problems: readonly string[], warnings: readonly CliWarning[], detail = '') => {
    for (const w of warnings) io.err(`aks-ml: warning: ${formatCliWarning(w)}`);
    for (const p of problems) io.err(`aks-ml: error: ${p}`);
    total += problems.length;
    summaries.push(
      `${subject}: ${problems.length > 0 ? `invalid, ${plural(problems.length, 'problem')}` : 'valid'}${detail}, ${plural(warnings.length, 'warning')}`,
    );
  };

  // The inference config, once for every file.
  const choices = chooseContainers(opts, opts.deployConfigs.length, false, 'validate');
  if (opts.inferenceConfig !== undefined) report(opts.inferenceConfig, choices.problems, choices.warnings);

  // Each file on its own.
  const loaded: DeployFile[] = [];
  opts.deployConfigs.forEach((path, i) => {
    const problems: string[] = [];
    const warnings: CliWarning[] = [];
    const [file] = loadDeployFiles([path], 'validate', problems, warnings, opts.name !== undefined) as Array<DeployFile | undefined>;
    let detail = '';
    if (file) {
      loaded.push(file);
      warnings.push(...file.loaded.warnings.map((warning) => ({ context: path, warning })));
      detail = file.loaded.kind === 'webservice' ? ' (computeType AKS: a web service)' : ' (computeType AKSENDPOINT: an endpoint version)';
      // A web service is checked with the core too (name, image, gateway, token auth...).
      if (file.loaded.kind === 'webservice') {
        collect(problems, () => {
          const spec = buildServiceSpec(file, opts, choices.containers[i], { ...ctx, fileCount: splitKinds(loaded).services.length });
          warnings.push(...spec.warnings);
          warnings.push(...planService(spec).warnings);
        });
      }
    }
    report(path, problems, warnings, detail);
  });

  // The AKSENDPOINT files together: the endpoint they make.
  const versions = splitKinds(loaded).versions;
  if (versions.length > 0) {
    const problems: string[] = [];
    const warnings: CliWarning[] = [];
    let name = opts.name ?? 'unnamed';
    collect(problems, () => {
      const containers = versions.map((f) => choices.containers[opts.deployConfigs.indexOf(f.path)]);
      const spec = buildEndpointSpec(versions, opts, containers, ctx);
      name = spec.name;
      warnings.push(...spec.warnings);
      warnings.push(...planEndpointSpec(spec).warnings);
    });
    report(`endpoint "${name}" (${plural(versions.length, 'version')}: ${versions.map((f) => f.path).join(', ')})`, problems, warnings);
  }

  for (const s of summaries) io.out(s);
  return total > 0 ? EXIT_ERROR : EXIT_OK;
}
