/**
 * Plans the services and endpoints of the command line with the engine-free core,
 * turning the core's problems and warnings into lines that name the files (with
 * their JSON paths) and the options the values came from.
 */
import { ConfigurationError, ConfigurationWarning, ProblemCollector } from '../core/errors';
import { ENDPOINT_OWNED_PROPS } from '../core/endpoint/resolve';
import { EndpointPlan, planEndpoint } from '../core/endpoint/plan';
import { planWebservice, WebservicePlan } from '../core/webservice/plan';
import { validateDeployConfiguration } from '../core/webservice/deploy-configuration';
import { CliError, CliWarning } from './errors';
import { EndpointSpec } from './endpoint-spec';
import { ServiceSpec } from './service-spec';

/** A planned web service. */
export interface PlannedService {
  readonly kind: 'webservice';
  readonly spec: ServiceSpec;
  readonly plan: WebservicePlan;
  /** The warnings of the plan that the file's loader did not already report. */
  readonly warnings: CliWarning[];
}

/** A planned endpoint. */
export interface PlannedEndpoint {
  readonly kind: 'endpoint';
  readonly spec: EndpointSpec;
  readonly plan: EndpointPlan;
  readonly warnings: CliWarning[];
}

export type Planned = PlannedService | PlannedEndpoint;

/**
 * Rewrites a problem about a prop the command line supplied so that it names the
 * option (`name must be ...` → `--name must be ...`), or the file and JSON path.
 */
function sourcedProblem(problem: string, sources: Record<string, string>): string {
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

/** Removes from `all` one occurrence of each warning of `known` (same prop and message). */
function without(all: readonly ConfigurationWarning[], known: readonly ConfigurationWarning[]): ConfigurationWarning[] {
  const rest = [...all];
  for (const k of known) {
    const i = rest.findIndex((w) => w.prop === k.prop && w.message === k.message);
    if (i >= 0) rest.splice(i, 1);
  }
  return rest;
}

/**
 * A warning about a prop: from a file, it is named by the file and its JSON path (as
 * the loader names them); otherwise by `context`.
 */
function sourcedWarning(w: ConfigurationWarning, sources: Record<string, string>, prop: string, context: string): CliWarning {
  const source = sources[prop];
  if (source !== undefined && !source.startsWith('--') && !source.startsWith('placeholder')) {
    const sep = source.indexOf(': ');
    return {
      context: source.slice(0, sep),
      warning: { ...w, prop: source.slice(sep + 2), message: w.message.replace(/^\(v1: [a-z_]+\) /, '') },
    };
  }
  return { context, warning: w };
}

/** Plans one web service; a ConfigurationError becomes a CliError naming files and options. */
export function planService(spec: ServiceSpec): PlannedService {
  const context = `web service ${JSON.stringify(spec.name)}`;
  let plan: WebservicePlan;
  try {
    plan = planWebservice(spec.props);
  } catch (e) {
    if (e instanceof ConfigurationError) throw new CliError(e.problems.map((p) => `${context}: ${sourcedProblem(p, spec.sources)}`));
    throw e;
  }
  // The deploy configuration's own warnings were reported by the loader (with the file's paths).
  const known = validateDeployConfiguration(new ProblemCollector(), spec.props);
  const fallback = spec.sources.name?.startsWith('placeholder') ? spec.file.path : context;
  const warnings = without(plan.warnings, known).map((w) => sourcedWarning(w, spec.sources, w.prop, fallback));
  return { kind: 'webservice', spec, plan, warnings };
}

const VERSION_PATH = /^versions\[(\d+)\]\.?/;

/** Plans an endpoint; problems and warnings of `versions[i]` name the i-th file. */
export function planEndpointSpec(spec: EndpointSpec): PlannedEndpoint {
  const context = `endpoint ${JSON.stringify(spec.name)}`;
  const rewrite = (problem: string): string => {
    const m = VERSION_PATH.exec(problem);
    if (!m) return `${context}: ${sourcedProblem(problem, spec.sources)}`;
    const i = Number(m[1]);
    const file = spec.files[i];
    const rest = problem.slice(m[0].length);
    const sourced = sourcedProblem(rest, spec.versionSources[i] ?? {});
    return sourced !== rest ? `${context}: ${sourced}` : `${context}: ${file?.path ?? `versions[${i}]`}: ${rest}`;
  };
  const own = spec.problems.map((p) => `${context}: ${p}`);
  let plan: EndpointPlan;
  try {
    plan = planEndpoint(spec.props);
  } catch (e) {
    if (!(e instanceof ConfigurationError)) throw e;
    // The missing version names are already reported, in the CLI's words.
    const core = e.problems.filter((p) => !spec.unnamedVersions.some((i) => p.startsWith(`versions[${i}].versionName `)));
    const lines = [...own, ...core.map(rewrite)];
    if (core.some((p) => p.includes('versions[*]'))) {
      lines.push(`${context}: the versions are ${spec.files.map((f, i) => `versions[${i}] = ${f.path}`).join(', ')}.`);
    }
    throw new CliError(lines);
  }
  if (own.length > 0) throw new CliError(own);
  // Warnings the loader already reported: each file's deploy configuration rules.
  const known: ConfigurationWarning[] = [];
  const owned = new Set<string>(ENDPOINT_OWNED_PROPS);
  spec.props.versions.forEach((v, i) => {
    const ws = validateDeployConfiguration(new ProblemCollector(), v as never, { skip: [...ENDPOINT_OWNED_PROPS] });
    known.push(...ws.filter((w) => !owned.has(w.prop)).map((w) => ({ ...w, prop: `versions[${i}].${w.prop}` })));
  });
  const endpointOwned = Object.fromEntries(ENDPOINT_OWNED_PROPS.filter((k) => spec.props[k] !== undefined).map((k) => [k, spec.props[k]]));
  known.push(...validateDeployConfiguration(new ProblemCollector(), endpointOwned));
  const warnings = without(plan.warnings, known).map((w) => {
    const m = VERSION_PATH.exec(w.prop);
    if (!m) return sourcedWarning(w, spec.sources, w.prop, context);
    const i = Number(m[1]);
    const prop = w.prop.slice(m[0].length);
    const sourced = sourcedWarning({ ...w, prop }, spec.versionSources[i] ?? {}, prop, spec.files[i]?.path ?? context);
    return sourced;
  });
  return { kind: 'endpoint', spec, plan, warnings };
}

/** Plans every spec, reporting the problems of all of them together. */
export function planAll(specs: ReadonlyArray<ServiceSpec | EndpointSpec>): Planned[] {
  const problems: string[] = [];
  const planned: Planned[] = [];
  for (const spec of specs) {
    try {
      planned.push(spec.kind === 'webservice' ? planService(spec) : planEndpointSpec(spec));
    } catch (e) {
      if (e instanceof CliError) problems.push(...e.lines);
      else throw e;
    }
  }
  if (problems.length > 0) throw new CliError(problems);
  return planned;
}
