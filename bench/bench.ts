/**
 * Synthesis benchmark (`npm run bench`): prints figures and writes bench/RESULTS.md.
 *
 * In ONE process, side by side, for N = 10, 100, 1000 web services plus N/10
 * endpoints of 3 versions each:
 *
 *   cdk8s library  - AksWebserviceConstruct x N + AksEndpointConstruct x N/10, then `app.synthYaml()`
 *   cdk8s plain    - the very same Kubernetes objects as plain cdk8s ApiObjects, then `app.synthYaml()`
 *   YAML floor     - the same objects only serialized (cdk8s's own `Yaml.stringify`)
 *
 * and, for N = 10 and 100, under `pulumi.runtime.setMocks`:
 *
 *   pulumi library - AksWebservice x N + AksEndpoint x N/10, until every resource is registered
 *   pulumi plain   - the same Kubernetes objects as plain @pulumi/kubernetes resources, likewise
 *
 * Method: each cell runs after a warm-up (at least 2 s per variant), several times (interleaved with the other
 * variants of its group, each run after a forced GC); the median wall time is reported.
 * Peak memory is measured in a child process per cell (`--memory-child`), so that no
 * cell inherits another's peak: the child loads its input, forces a GC, records its
 * RSS, runs once and reports `process.resourceUsage().maxRSS` minus that RSS, and the
 * heap still in use (after a GC) with the output alive.
 */
import { execSync, spawnSync } from 'child_process';
import { cpus, tmpdir } from 'os';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { AuthKeys, ModelSource, setWarningHandler } from '../src';
import { AksEndpointConstruct, AksWebserviceConstruct } from '../src/cdk8s';

// ------------------------------------------------------------------ setup

setWarningHandler(() => undefined);
/** V8's gc(): the bench task runs under ts-node without --expose-gc, so it is exposed at run time. */
const gc: () => void = (() => {
  if (typeof (globalThis as any).gc === 'function') return (globalThis as any).gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
})();

const BENCH_DIR = __dirname;
const OUT_DIR = join(BENCH_DIR, 'out');
const UNUSED_OUTDIR = join(tmpdir(), 'aks-ml-bench-unused');
const IS_CHILD = process.argv.includes('--memory-child');

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

/** The props of the j-th endpoint: 3 versions, 70/20/10, a control and two treatments. */
export function endpointProps(j: number): any {
  return {
    name: `ep-${String(j).padStart(3, '0')}`,
    namespace: `ml-team-${j % 10}`,
    versions: [70, 20, 10].map((traffic, v) => ({
      versionName: `version-${v + 1}`,
      image: `mlplatform.azurecr.io/endpoints/ep-${j}:${v + 1}.0`,
      trafficPercentile: traffic,
      ...(v === 0 ? { isDefault: true, versionType: 'Control' } : {}),
      cpuCores: 0.5,
      memoryGb: 1,
      autoscaleMaxReplicas: 4,
    })),
  };
}

const endpointsFor = (n: number) => Math.max(1, Math.floor(n / 10));

/** The library's app: N services and N/10 endpoints in one chart. */
function libraryApp(n: number): App {
  const app = new App({ outdir: UNUSED_OUTDIR });
  const chart = new Chart(app, 'scoring');
  for (let i = 0; i < n; i++) new AksWebserviceConstruct(chart, `svc-${i}`, serviceProps(i));
  for (let j = 0; j < endpointsFor(n); j++) new AksEndpointConstruct(chart, `ep-${j}`, endpointProps(j));
  return app;
}

const objectCache = new Map<number, Record<string, any>[]>();
/**
 * The objects of the library's app for N (the input of the baselines): computed by the
 * main process and written to bench/out/ for the memory children, which read them.
 */
function loadObjects(n: number): Record<string, any>[] {
  if (!objectCache.has(n)) {
    const file = join(OUT_DIR, `objects-${n}.json`);
    let objects: Record<string, any>[];
    if (IS_CHILD) {
      objects = JSON.parse(readFileSync(file, 'utf8'));
    } else {
      objects = libraryApp(n).charts[0].toJson();
      mkdirSync(OUT_DIR, { recursive: true });
      writeFileSync(file, JSON.stringify(objects));
    }
    objectCache.set(n, objects);
  }
  return objectCache.get(n)!;
}

// ------------------------------------------------------------------ Pulumi under mocks

/** Mocks that count registrations (nothing else is kept, so runs do not pile up memory). */
class CountingMocks implements pulumi.runtime.Mocks {
  public registered = 0;
  public newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    this.registered++;
    return { id: `${args.name}-id`, state: args.type === 'random:index/randomPassword:RandomPassword' ? { ...args.inputs, result: 'x'.repeat(32) } : {} };
  }
  public call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    return args.inputs;
  }
}

let pulumiRun = 0;
/** A fresh mocked runtime and provider (so a Namespace of one run is not reused by the next). */
function freshPulumi(): { mocks: CountingMocks; provider: k8s.Provider; prefix: string } {
  const mocks = new CountingMocks();
  void pulumi.runtime.setMocks(mocks, 'bench', 'bench', false);
  const prefix = `r${pulumiRun++}`;
  return { mocks, provider: new k8s.Provider(`${prefix}-k8s`, {}), prefix };
}

/** Waits until every resource is registered (its URN known) and pending mock calls ran. */
async function settle(resources: readonly pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));
  await new Promise((r) => setImmediate(r));
}

/** The library's Pulumi program for N: returns the number of resources registered. */
async function pulumiLibrary(n: number): Promise<number> {
  // Loaded here: the cdk8s cells never pay for the Pulumi components' modules.
  const { AksEndpoint, AksWebservice } = require('../src/pulumi') as typeof import('../src/pulumi');
  const { mocks, provider, prefix } = freshPulumi();
  const all: pulumi.Resource[] = [];
  for (let i = 0; i < n; i++) {
    const ws = new AksWebservice(`${prefix}-svc-${i}`, serviceProps(i), { provider });
    all.push(ws, ...ws.resources);
  }
  for (let j = 0; j < endpointsFor(n); j++) {
    const ep = new AksEndpoint(`${prefix}-ep-${j}`, endpointProps(j), { provider });
    all.push(ep, ...ep.resources);
  }
  await settle(all);
  return mocks.registered;
}

/** The same Kubernetes objects as plain @pulumi/kubernetes resources. */
async function pulumiPlain(objects: readonly Record<string, any>[]): Promise<number> {
  const { KUBE_KINDS } = require('../src/pulumi') as typeof import('../src/pulumi');
  const { mocks, provider, prefix } = freshPulumi();
  const all = objects.map((o, j) => {
    const typed = KUBE_KINDS[`${o.apiVersion}/${o.kind}`];
    const args = structuredClone(o);
    return typed ? new typed.resource(`${prefix}-o${j}`, args, { provider }) : new k8s.apiextensions.CustomResource(`${prefix}-o${j}`, args as any, { provider });
  });
  await settle(all);
  return mocks.registered;
}

// ------------------------------------------------------------------ variants

interface Variant {
  readonly name: string;
  readonly what: string;
  /** Prepares the input (not timed); returns the timed run. */
  prepare(n: number): () => unknown;
}

const CDK8S: Variant[] = [
  {
    name: 'cdk8s library',
    what: `AksWebserviceConstruct x N + AksEndpointConstruct (3 versions) x N/10, then app.synthYaml()`,
    prepare: (n) => () => libraryApp(n).synthYaml(),
  },
  {
    name: 'cdk8s plain',
    what: 'the same objects as plain cdk8s ApiObjects, then app.synthYaml()',
    prepare: (n) => {
      const objects = loadObjects(n);
      return () => {
        const app = new App({ outdir: UNUSED_OUTDIR });
        const chart = new Chart(app, 'scoring');
        objects.forEach((o, j) => new ApiObject(chart, `o${j}`, structuredClone(o) as any));
        return app.synthYaml();
      };
    },
  },
  {
    name: 'YAML floor',
    what: 'the same objects only serialized to YAML (cdk8s Yaml.stringify)',
    prepare: (n) => {
      const objects = loadObjects(n);
      return () => Yaml.stringify(...objects);
    },
  },
];

const PULUMI: Variant[] = [
  {
    name: 'pulumi library',
    what: 'AksWebservice x N + AksEndpoint x N/10 under pulumi.runtime.setMocks, until every resource is registered',
    prepare: (n) => () => pulumiLibrary(n),
  },
  {
    name: 'pulumi plain',
    what: 'the same Kubernetes objects as plain @pulumi/kubernetes resources (typed classes, CustomResource for CRDs), likewise',
    prepare: (n) => {
      const objects = loadObjects(n);
      return () => pulumiPlain(objects);
    },
  },
];

const ALL = [...CDK8S, ...PULUMI];

// ------------------------------------------------------------------ measuring

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median wall times (ms) of the variants at N, runs interleaved. */
async function timeVariants(variants: readonly Variant[], n: number, reps: number): Promise<Record<string, number>> {
  const runs = variants.map((v) => [v.name, v.prepare(n)] as const);
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  // Warm-up (JIT, lazily loaded modules): small cells need many runs before V8 has
  // optimized the YAML serializer, so each variant warms up for at least 2 s (one run at least).
  for (const [, run] of runs) {
    const start = performance.now();
    do await run(); while (performance.now() - start < 2000);
  }
  for (let r = 0; r < reps; r++) {
    for (const [name, run] of runs) {
      gc();
      const t0 = performance.now();
      const out = await run();
      times.get(name)!.push(performance.now() - t0);
      if (!out) throw new Error(`${name} produced nothing`);
    }
  }
  return Object.fromEntries([...times].map(([k, v]) => [k, median(v)]));
}

interface Memory { peakRssMb: number; heapMb: number }

/** Runs one variant at N in a child process and returns its memory figures (MB). */
function measureMemory(variant: string, n: number): Memory {
  const child = spawnSync(process.execPath, [
    '--expose-gc', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register',
    join(BENCH_DIR, 'bench.ts'), '--memory-child', variant, String(n),
  ], { env: { ...process.env, TS_NODE_PROJECT: join(BENCH_DIR, '..', 'tsconfig.dev.json') }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

/** The child side of {@link measureMemory}. */
async function memoryChild(variant: string, n: number): Promise<void> {
  const v = ALL.find((x) => x.name === variant)!;
  const run = v.prepare(n);
  if (variant.startsWith('pulumi')) await pulumiPlain([]); // load the Pulumi modules before the baseline
  gc();
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const out = await run();
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
    cpu: sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").trim() || cpus()[0]?.model || 'unknown',
    cores: String(cpus().length),
    memory: `${Math.round(Number(sh("grep MemTotal /proc/meminfo | awk '{print $2}'")) / 1e6)} GB`,
    node: process.version,
    load: sh('cat /proc/loadavg'),
  };
}

const fmt = (x: number, d = 1) => x.toFixed(d);
const rate = (objects: number, ms: number) => Math.round((objects / ms) * 1000);

interface Row { n: number; objects: number; med: Record<string, number>; mem: Record<string, Memory> }

async function measureGroup(variants: readonly Variant[], ns: number[], reps: Record<number, number>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of ns) {
    const objects = loadObjects(n).length;
    const med = await timeVariants(variants, n, reps[n]);
    const mem = Object.fromEntries(variants.map((v) => [v.name, measureMemory(v.name, n)]));
    rows.push({ n, objects, med, mem });
    console.log(
      `N=${n} (+${endpointsFor(n)} endpoints, ${objects} objects): ` +
        variants.map((v) => `${v.name} ${fmt(med[v.name])} ms (${rate(objects, med[v.name])} obj/s, peak +${mem[v.name].peakRssMb} MB)`).join('; '),
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const m = machine();
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, Node ${m.node}; load ${m.load}`);

  // Sanity: the baselines are the library's objects, byte for byte.
  if (CDK8S[1].prepare(10)() !== libraryApp(10).synthYaml()) throw new Error('plain cdk8s output differs from the library output');

  const cdk8sRows = await measureGroup(CDK8S, [10, 100, 1000], { 10: 9, 100: 5, 1000: 3 });
  const pulumiRows = await measureGroup(PULUMI, [10, 100], { 10: 9, 100: 3 });
  const libraryResources = await pulumiLibrary(10);
  const plainResources = await pulumiPlain(loadObjects(10));

  const growth = (rows: Row[], v: string, a: number, b: number) => rows.find((r) => r.n === b)!.med[v] / rows.find((r) => r.n === a)!.med[v];
  for (const r of cdk8sRows) {
    console.log(`N=${r.n}: cdk8s library / plain ${fmt(r.med['cdk8s library'] / r.med['cdk8s plain'], 2)}x, library / YAML floor ${fmt(r.med['cdk8s library'] / r.med['YAML floor'], 2)}x`);
  }
  for (const r of pulumiRows) console.log(`N=${r.n}: pulumi library / plain ${fmt(r.med['pulumi library'] / r.med['pulumi plain'], 2)}x`);
  for (const v of CDK8S) console.log(`growth ${v.name}: x${fmt(growth(cdk8sRows, v.name, 10, 100), 2)} (10 -> 100), x${fmt(growth(cdk8sRows, v.name, 100, 1000), 2)} (100 -> 1000)`);
  for (const v of PULUMI) console.log(`growth ${v.name}: x${fmt(growth(pulumiRows, v.name, 10, 100), 2)} (10 -> 100)`);

  const end = machine().load;
  writeResults(m, end, cdk8sRows, pulumiRows, growth, { libraryResources, plainResources });
  console.log('wrote bench/RESULTS.md');
}

function table(lines: string[], variants: readonly Variant[], rows: Row[]): void {
  lines.push('| N services | endpoints | objects | variant | median wall time | objects/s | peak RSS added | retained heap |');
  lines.push('|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const r of rows) {
    for (const v of variants) {
      lines.push(`| ${r.n} | ${endpointsFor(r.n)} | ${r.objects} | ${v.name} | ${fmt(r.med[v.name])} ms | ${rate(r.objects, r.med[v.name])} | ${r.mem[v.name].peakRssMb} MB | ${r.mem[v.name].heapMb} MB |`);
    }
  }
}

function writeResults(
  m: Record<string, string>,
  endLoad: string,
  cdk8sRows: Row[],
  pulumiRows: Row[],
  growth: (rows: Row[], v: string, a: number, b: number) => number,
  counts: { libraryResources: number; plainResources: number },
): void {
  const L: string[] = [];
  L.push('# Benchmark results', '');
  L.push(`Written by \`npm run bench\` (bench/bench.ts) on ${new Date().toISOString().slice(0, 10)}; re-run it to refresh.`, '');
  L.push('## Machine', '');
  L.push(`- \`${m.uname}\``, `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memory}`, `- Node ${m.node}`, `- load average (1/5/15 min) at start: ${m.load.split(' ').slice(0, 3).join(' ')}; at the end: ${endLoad.split(' ').slice(0, 3).join(' ')}`, '');
  L.push('## Method', '');
  L.push(
    'N web services (a mix: autoscaled or fixed replicas, a fifth with a blob model, a fifth with Key Vault keys, tags, 10 namespaces) ' +
      'and N/10 endpoints of 3 versions (70/20/10) in one chart. Every variant of a group runs in the same process, interleaved, ' +
      'each run after a forced GC, after a warm-up of at least 2 s per variant; the wall time is the median of 9 / 5 / 3 runs for N = 10 / 100 / 1000 (Pulumi: 9 / 3). ' +
      'Peak memory is measured in a separate child process per cell: maxRSS during the run minus the RSS before it ' +
      '(an RSS figure, so allocator reuse makes small cells noisy). Retained heap: heap in use after a GC with the output alive.',
    '',
  );
  for (const v of ALL) L.push(`- **${v.name}**: ${v.what}`);
  L.push('', '## cdk8s', '');
  table(L, CDK8S, cdk8sRows);
  L.push('', '| N services | library / plain cdk8s | library / YAML floor | plain cdk8s / YAML floor |', '|---:|---:|---:|---:|');
  for (const r of cdk8sRows) {
    L.push(`| ${r.n} | ${fmt(r.med['cdk8s library'] / r.med['cdk8s plain'], 2)}x | ${fmt(r.med['cdk8s library'] / r.med['YAML floor'], 2)}x | ${fmt(r.med['cdk8s plain'] / r.med['YAML floor'], 2)}x |`);
  }
  L.push('', '| variant | time x (10 -> 100 services) | time x (100 -> 1000 services) |', '|---|---:|---:|');
  for (const v of CDK8S) L.push(`| ${v.name} | x${fmt(growth(cdk8sRows, v.name, 10, 100), 2)} | x${fmt(growth(cdk8sRows, v.name, 100, 1000), 2)} |`);
  L.push('', '## Pulumi (under mocks)', '');
  table(L, PULUMI, pulumiRows);
  L.push('', '| N services | library / plain @pulumi/kubernetes | growth library (10 -> 100) | growth plain (10 -> 100) |', '|---:|---:|---:|---:|');
  for (const r of pulumiRows) {
    const g = r.n === 100 ? [`x${fmt(growth(pulumiRows, 'pulumi library', 10, 100), 2)}`, `x${fmt(growth(pulumiRows, 'pulumi plain', 10, 100), 2)}`] : ['', ''];
    L.push(`| ${r.n} | ${fmt(r.med['pulumi library'] / r.med['pulumi plain'], 2)}x | ${g[0]} | ${g[1]} |`);
  }
  L.push(
    '',
    `At N = 10 the components register ${counts.libraryResources} resources against ${counts.plainResources} for the plain program: ` +
      'the components themselves, the RandomPasswords of the generated keys and the provider are the difference.',
    '',
  );
  writeFileSync(join(BENCH_DIR, 'RESULTS.md'), L.join('\n'));
}

if (IS_CHILD) {
  const i = process.argv.indexOf('--memory-child');
  void memoryChild(process.argv[i + 1], Number(process.argv[i + 2])).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
