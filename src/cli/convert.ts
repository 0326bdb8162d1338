/**
 * `aks-ml convert`: v1 deployment configs to `<name>.k8s.yaml` files, the same as
 * `cdk8s synth` of the constructs with the same props, written all-or-nothing.
 */
import * as path from 'node:path';
import { CliOptions } from './args';
import { CliError } from './errors';
import { Io, printWarnings } from './io';
import { Planned, planAll } from './plan';
import { renderManifest } from './render';
import { loadInputs, rejectMixedKinds, specsFor } from './specs';
import { OutputFile, writeOutput } from './write';

/** The default output folder (cdk8s' default too). */
export const DEFAULT_OUT_DIR = 'dist';

/** What one output file holds, for the summary. */
export interface OutputSummary {
  readonly file: OutputFile;
  readonly title: string;
  readonly objects: ReadonlyArray<{ kind: string; metadata: { name: string; namespace?: string } }>;
  readonly notes: string[];
}

export function runConvert(opts: CliOptions, io: Io): number {
  if (opts.fromService !== undefined) return (require('./from-service') as typeof import('./from-service')).runConvertFromService(opts, io);
  const inputs = loadInputs(opts, 'convert', false);
  printWarnings(io, inputs.warnings);
  // Every problem in one run: those of the files and the image, and those of the command
  // line that building the specs finds (a missing --name...).
  let specs: ReturnType<typeof specsFor> = [];
  try {
    rejectMixedKinds(inputs.files);
    specs = specsFor(opts, inputs, 'convert', false);
  } catch (e) {
    if (!(e instanceof CliError) || inputs.problems.length === 0) throw e;
    throw new CliError([...inputs.problems, ...e.lines]);
  }
  if (inputs.problems.length > 0) throw new CliError(inputs.problems);
  printWarnings(io, specs.flatMap((s) => s.warnings));
  const planned = planAll(specs);
  printWarnings(io, planned.flatMap((p) => p.warnings));

  writePlanned(planned, opts, io);
  return 0;
}

/** Writes one `<name>.k8s.yaml` per planned service or endpoint (all-or-nothing) and prints what was written. */
export function writePlanned(planned: readonly Planned[], opts: CliOptions, io: Io): OutputSummary[] {
  const outputs: OutputSummary[] = planned.map((p) => {
    const title =
      p.kind === 'webservice'
        ? `web service ${JSON.stringify(p.spec.name)} from ${p.spec.file.path}`
        : `endpoint ${JSON.stringify(p.spec.name)} with ${p.plan.versions.length} version${p.plan.versions.length === 1 ? '' : 's'} from ${[...new Set(p.spec.files.map((f) => f.path))].join(', ')}`;
    const notes =
      p.kind === 'webservice'
        ? [`scoring: POST ${p.plan.scoringUri ?? p.plan.scoringPath}`, `swagger: GET ${p.plan.swaggerUri ?? p.plan.swaggerPath}`]
        : [
          `scoring: POST ${p.plan.scoringUri ?? p.plan.scoringPath} (split by weight; default version ${p.plan.defaultVersion})`,
          ...p.plan.versions.map(
            (v) => `version ${v.versionName}: ${v.weight}% of the traffic${v.isDefault ? ', default' : ''}, ${v.versionType.toLowerCase()}; POST ${v.scoringUri ?? v.scoringPath}`,
          ),
        ];
    return { file: { name: `${p.spec.name}.k8s.yaml`, content: renderManifest(p.plan.objects) }, title, objects: p.plan.objects, notes };
  });

  const names = new Map<string, string>();
  for (const o of outputs) {
    const other = names.get(o.file.name);
    if (other) throw new CliError(`${o.title} and ${other} would both be written to ${o.file.name}: give them different names.`);
    names.set(o.file.name, o.title);
  }

  const outDir = opts.out ?? DEFAULT_OUT_DIR;
  writeOutput(outDir, outputs.map((o) => o.file));
  for (const o of outputs) {
    io.out(`wrote ${path.join(outDir, o.file.name)}: ${o.title}, ${o.objects.length} objects`);
    for (const obj of o.objects) io.out(`  ${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`);
    for (const n of o.notes) io.out(`  ${n}`);
  }
  return outputs;
}
