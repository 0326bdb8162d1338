/**
 * Synthesis benchmark (`npm run bench`): prints figures and writes bench/RESULTS.md.
 *
 * For N = 10, 100, 1000 web services (and N/10 endpoints of 3 versions, when the
 * endpoint construct exists), in ONE process, side by side:
 *
 *   library  - our constructs, then `app.synthYaml()`
 *   plain    - the very same Kubernetes objects declared as plain cdk8s ApiObjects, then `app.synthYaml()`
 *   floor    - the same objects only serialized to YAML (cdk8s's own `Yaml.stringify`)
 *
 * and the Pulumi components under mocks (N = 10, 100) against the same objects created
 * as plain @pulumi/kubernetes resources, when the Pulumi components exist.
 *
 * Method: every run starts after a forced GC; each (variant, N) runs several times,
 * interleaved with the other variants, and the median wall time is reported. Peak
 * memory is measured in a separate child process per (variant, N), so that one
 * measurement cannot inherit another's peak: the child loads its input, forces a GC,
 * records its RSS, runs once, and reports `process.resourceUsage().maxRSS` minus that
 * RSS (the peak the run added), and the heap still in use with the output alive.
 */
import { execSync, spawnSync } from 'child_process';
import { cpus, tmpdir } from 'os';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { AuthKeys, ModelSource, setWarningHandler } from '../src';
import { AksWebserviceConstruct } from '../src/cdk8s';

// ------------------------------------------------------------------ setup

setWarningHandler(() => undefined);
/** V8's gc(), exposed at run time (the bench task runs under ts-node without --expose-gc). */
const gc: () => void = (() => {
  if (typeof (globalThis as any).gc === 'function') return (globalThis as any).gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
})();

const BENCH_DIR = __dirname;
const OUT_DIR = join(BENCH_DIR, 'out');
const UNUSED_OUTDIR = join(tmpdir(), 'aks-ml-bench-unused');

/** The props of the i-th web service: a realistic mix of the features. */
export function serviceProps(i: number): any {
  const kind = i % 5;
  return {
    name: `svc-${String(i).padStart(4, '0')}`,
    namespace: `ml-team-${i % 10}`,
    image: `mlplatform.azurecr.io/models/model-${i}:1.${i % 7}.0`,
    cpuCores: 0.5 + (i % 4) * 0.25,
    memoryGb: 1 + (i % 3),
    ...(kind === 1 ? { numReplicas: 3, cpuCoresLimit: 2, memoryGbLimit: 4 } : { autoscaleMaxReplicas: 4 + (i % 8) }),
    ...(kind === 2 ? { model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', path: `m${i}/v1`, clientId: '00000000-1111-2222-3333-444444444444' }) } : {}),
    ...(kind === 3 ? { keys: AuthKeys.fromKeyVault({ secretStore: { name: 'azure-kv' }, primaryKeySecretName: `k${i}-a`, secondaryKeySecretName: `k${i}-b` }) } : {}),
    tags: { team: `team-${i % 10}`, model: `model-${i}` },
    description: `Scoring service number ${i}`,
  };
}

/** Builds the library's chart of N services. */
function libraryApp(n: number): App {
  const app = new App({ outdir: UNUSED_OUTDIR });
  const chart = new Chart(app, 'services');
  for (let i = 0; i < n; i++) new AksWebserviceConstruct(chart, `svc-${i}`, serviceProps(i));
  return app;
}

/** The objects the library synthesizes for N services (the input of the baselines). */
function objectsOf(n: number): Record<string, unknown>[] {
  return libraryApp(n).charts[0].toJson();
}

// ------------------------------------------------------------------ variants

interface Variant {
  readonly name: string;
  readonly what: string;
  /** Prepares the input (not timed); returns the timed run, which returns its output. */
  prepare(n: number): () => unknown;
}

const VARIANTS: Variant[] = [
  {
    name: 'library',
    what: 'AksWebserviceConstruct x N, then app.synthYaml()',
    prepare: (n) => () => libraryApp(n).synthYaml(),
  },
  {
    name: 'plain',
    what: 'the same objects as plain cdk8s ApiObjects, then app.synthYaml()',
    prepare: (n) => {
      const objects = loadObjects(n);
      return () => {
        const app = new App({ outdir: UNUSED_OUTDIR });
        const chart = new Chart(app, 'services');
        objects.forEach((o, j) => new ApiObject(chart, `o${j}`, structuredClone(o) as any));
        return app.synthYaml();
      };
    },
  },
  {
    name: 'floor',
    what: 'the same objects only serialized to YAML (cdk8s Yaml.stringify)',
    prepare: (n) => {
      const objects = loadObjects(n);
      return () => Yaml.stringify(...objects);
    },
  },
];

const IS_CHILD = process.argv.includes('--memory-child');
const objectCache = new Map<number, Record<string, unknown>[]>();
/**
 * The objects of N services: computed by the main process (and written to bench/out/
 * for the memory children, which read them rather than run the library first).
 */
function loadObjects(n: number): Record<string, unknown>[] {
  if (!objectCache.has(n)) {
    const file = join(OUT_DIR, `objects-${n}.json`);
    let objects: Record<string, unknown>[];
    if (IS_CHILD) {
      objects = JSON.parse(readFileSync(file, 'utf8'));
    } else {
      objects = objectsOf(n);
      mkdirSync(OUT_DIR, { recursive: true });
      writeFileSync(file, JSON.stringify(objects));
    }
    objectCache.set(n, objects);
  }
  return objectCache.get(n)!;
}

// ------------------------------------------------------------------ measuring

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median wall time (ms) of each variant at N, runs interleaved. */
function timeVariants(n: number, reps: number): Map<string, number[]> {
  const runs = new Map(VARIANTS.map((v) => [v.name, v.prepare(n)] as const));
  const times = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
  for (const run of runs.values()) run(); // warm-up (JIT, lazy module parts)
  for (let r = 0; r < reps; r++) {
    for (const v of VARIANTS) {
      gc();
      const t0 = performance.now();
      const out = runs.get(v.name)!();
      const t = performance.now() - t0;
      if (typeof out !== 'string' || out.length === 0) throw new Error(`${v.name} produced no YAML`);
      times.get(v.name)!.push(t);
    }
  }
  return times;
}

/** Runs one variant at N in a child process and returns its memory figures (MB). */
function measureMemory(variant: string, n: number): { peakRssMb: number; heapMb: number } {
  const child = spawnSync(process.execPath, [
    '--expose-gc', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register',
    join(BENCH_DIR, 'bench.ts'), '--memory-child', variant, String(n),
  ], { env: { ...process.env, TS_NODE_PROJECT: join(BENCH_DIR, '..', 'tsconfig.dev.json') }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

/** The child side of {@link measureMemory}. */
function memoryChild(variant: string, n: number): void {
  const v = VARIANTS.find((x) => x.name === variant)!;
  const run = v.prepare(n);
  gc();
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const out = run();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  if (!out) throw new Error('no output');
  const mb = (b: number) => Math.round((b / 1e6) * 10) / 10;
  console.log(JSON.stringify({ peakRssMb: mb(Math.max(0, peakRss - rssBefore)), heapMb: mb(heapAfter - heapBefore) }));
}

// ------------------------------------------------------------------ report

function machine(): Record<string, string> {
  const sh = (c: string) => {
    try {
      return execSync(c, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    uname: sh('uname -a'),
    cpu: cpus()[0]?.model ?? sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
    cores: String(cpus().length),
    memory: `${Math.round(Number(sh("grep MemTotal /proc/meminfo | awk '{print $2}'")) / 1e6)} GB`,
    node: process.version,
    load: sh('cat /proc/loadavg'),
  };
}

const fmt = (x: number, d = 1) => x.toFixed(d);

function main(): void {
  const NS = [10, 100, 1000];
  const REPS: Record<number, number> = { 10: 9, 100: 5, 1000: 3 };
  const m = machine();
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, Node ${m.node}; load ${m.load}`);

  // Sanity: the baselines synthesize exactly the library's YAML.
  const lib10 = libraryApp(10).synthYaml();
  const plainRun = VARIANTS[1].prepare(10);
  if (plainRun() !== lib10) throw new Error('plain cdk8s output differs from the library output');

  const rows: Array<{ n: number; objects: number; med: Record<string, number>; mem: Record<string, { peakRssMb: number; heapMb: number }> }> = [];
  for (const n of NS) {
    const objects = loadObjects(n).length;
    const times = timeVariants(n, REPS[n]);
    const med = Object.fromEntries([...times].map(([k, v]) => [k, median(v)]));
    const mem = Object.fromEntries(VARIANTS.map((v) => [v.name, measureMemory(v.name, n)]));
    rows.push({ n, objects, med, mem });
    console.log(
      `N=${n} (${objects} objects): ` +
        VARIANTS.map((v) => `${v.name} ${fmt(med[v.name])} ms (${Math.round((objects / med[v.name]) * 1000)} obj/s, peak +${mem[v.name].peakRssMb} MB RSS)`).join('; ') +
        ` | library/plain ${fmt(med.library / med.plain, 2)}x, library/floor ${fmt(med.library / med.floor, 2)}x`,
    );
  }
  const growth = (v: string, a: number, b: number) => rows.find((r) => r.n === b)!.med[v] / rows.find((r) => r.n === a)!.med[v];
  for (const v of VARIANTS) {
    console.log(`growth ${v.name}: x${fmt(growth(v.name, 10, 100), 2)} (10 -> 100), x${fmt(growth(v.name, 100, 1000), 2)} (100 -> 1000)`);
  }
  writeResults(m, rows, growth, REPS);
  console.log(`wrote ${join('bench', 'RESULTS.md')}`);
}

function writeResults(
  m: Record<string, string>,
  rows: Array<{ n: number; objects: number; med: Record<string, number>; mem: Record<string, { peakRssMb: number; heapMb: number }> }>,
  growth: (v: string, a: number, b: number) => number,
  reps: Record<number, number>,
): void {
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(`Written by \`npm run bench\` (bench/bench.ts) on ${new Date().toISOString().slice(0, 10)}. Re-run it to refresh.`, '');
  lines.push('## Machine', '');
  lines.push(`- \`${m.uname}\``, `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memory}`, `- Node ${m.node}`, `- load average at start: ${m.load}`, '');
  lines.push('## What is measured', '');
  for (const v of VARIANTS) lines.push(`- **${v.name}**: ${v.what}`);
  lines.push(
    '',
    `Services are varied (autoscaled or fixed replicas, a fifth with a blob model, a fifth with Key Vault keys, tags, 10 namespaces). ` +
      `Wall time is the median of ${reps[10]} / ${reps[100]} / ${reps[1000]} runs for N = 10 / 100 / 1000, runs interleaved, each after a forced GC, after one warm-up run. ` +
      'Peak memory is measured in a child process per cell: maxRSS during the run minus RSS before it. ' +
      'Retained heap is the heap still in use after a GC with the output alive.',
    '',
  );
  lines.push('## Web services (cdk8s)', '');
  lines.push('| N | objects | variant | median wall time | objects/s | peak RSS added | retained heap |');
  lines.push('|---:|---:|---|---:|---:|---:|---:|');
  for (const r of rows) {
    for (const v of VARIANTS) {
      lines.push(`| ${r.n} | ${r.objects} | ${v.name} | ${fmt(r.med[v.name])} ms | ${Math.round((r.objects / r.med[v.name]) * 1000)} | ${r.mem[v.name].peakRssMb} MB | ${r.mem[v.name].heapMb} MB |`);
    }
  }
  lines.push('', '| N | library / plain cdk8s | library / YAML floor | plain cdk8s / YAML floor |', '|---:|---:|---:|---:|');
  for (const r of rows) lines.push(`| ${r.n} | ${fmt(r.med.library / r.med.plain, 2)}x | ${fmt(r.med.library / r.med.floor, 2)}x | ${fmt(r.med.plain / r.med.floor, 2)}x |`);
  lines.push('', '| variant | growth 10 -> 100 | growth 100 -> 1000 |', '|---|---:|---:|');
  for (const v of VARIANTS) lines.push(`| ${v.name} | x${fmt(growth(v.name, 10, 100), 2)} | x${fmt(growth(v.name, 100, 1000), 2)} |`);
  lines.push('');
  writeFileSync(join(BENCH_DIR, 'RESULTS.md'), lines.join('\n'));
}

if (IS_CHILD) {
  const i = process.argv.indexOf('--memory-child');
  memoryChild(process.argv[i + 1], Number(process.argv[i + 2]));
} else if (require.main === module) {
  main();
}
