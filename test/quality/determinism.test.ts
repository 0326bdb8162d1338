/**
 * Determinism: the same input gives byte-identical YAML, and adding an unrelated
 * service changes nothing in the YAML of the others, not even their order, so a
 * GitOps diff shows only what changed.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { parse } from 'yaml';
import { AksWebserviceConstruct } from '../../src/cdk8s';
import { synthExampleLayout } from '../support/examples';
import { SEED, serviceName, validWebserviceProps } from './support/arbitraries';
import { runs } from './support/runs';
import { run } from './support/outcome';

/** The layout files, or the error that stopped the synthesis. */
function examplesOrThrow(out: ReturnType<typeof run<Map<string, string>>>): Map<string, string> {
  if (!out.ok) throw out.error;
  return out.value;
}

/** Synthesizes the example app into a fresh folder; returns file name -> content. */
function synthExamples(dirs: string[]): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'aks-ml-determinism-'));
  dirs.push(dir);
  return examplesOrThrow(run(() => synthExampleLayout(dir)));
}

/** One chart holding the services, in order; returns its YAML documents. */
function synthServices(services: readonly Record<string, any>[], chartId = 'services'): string[] {
  const app = new App({ outdir: join(tmpdir(), 'aks-ml-unused') });
  const chart = new Chart(app, chartId);
  const out = run(() => {
    for (const s of services) new AksWebserviceConstruct(chart, s.name, s as any);
    return app.synthYaml();
  });
  if (!out.ok) throw new Error(`valid props rejected: ${out.error.message}`);
  return out.value.split(/^---\n/m).filter((d) => d.trim().length > 0);
}

/** The documents that belong to a service (by the part-of label every object of it carries). */
function docsOf(docs: readonly string[], name: string): string[] {
  return docs.filter((d) => parse(d)?.metadata?.labels?.['app.kubernetes.io/part-of'] === name);
}

/**
 * Services with distinct names, drawing their namespaces from a small pool so that
 * some share one (services sharing a namespace agree on its pod security profile).
 */
const serviceSet = (min: number, max: number) =>
  fc.uniqueArray(
    fc.tuple(serviceName, validWebserviceProps, fc.constantFrom(undefined, 'ml', 'ml-prod', 'other')),
    { minLength: min, maxLength: max, selector: ([n]) => n },
  ).map((list) => {
    const restrictedOf = new Map<string, unknown>();
    return list.map(([name, props, namespace]) => {
      const ns = namespace ?? props.namespace;
      if (ns !== undefined && !restrictedOf.has(ns)) restrictedOf.set(ns, props.restrictedSecurityContext);
      const restricted = ns === undefined ? props.restrictedSecurityContext : restrictedOf.get(ns);
      return { ...props, name, namespace: ns, restrictedSecurityContext: restricted };
    });
  });

/** The identity of a YAML document. */
function idOf(doc: string): string {
  const o = parse(doc);
  return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

describe('determinism', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('synthesizing the examples twice gives byte-identical files', () => {
    const first = synthExamples(dirs);
    const second = synthExamples(dirs);
    expect(first.size).toBeGreaterThanOrEqual(2);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, text] of first) {
      expect(text.length).toBeGreaterThan(0);
      expect(second.get(file)).toBe(text);
    }
  });

  test('random services synthesized twice give byte-identical YAML, each object declared once', () => {
    fc.assert(
      fc.property(serviceSet(1, 3), (services) => {
        const docs = synthServices(services);
        expect(synthServices(services)).toEqual(docs);
        const ids = docs.map(idOf);
        expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });

  test('object names and content do not depend on construct ids or chart names', () => {
    fc.assert(
      fc.property(validWebserviceProps, fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,12}$/), (props, id) => {
        const a = synthServices([props], 'first');
        const app = new App({ outdir: join(tmpdir(), 'aks-ml-unused') });
        const chart = new Chart(app, `other-${id}`);
        run(() => new AksWebserviceConstruct(chart, id, props as any));
        expect(app.synthYaml().split(/^---\n/m).filter((d) => d.trim().length > 0)).toEqual(a);
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });

  test('adding unrelated services leaves the YAML and the order of the others unchanged', () => {
    fc.assert(
      fc.property(serviceSet(2, 5), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (all, positions) => {
        // Split into the existing services and the ones added later, at random positions.
        const added = all.slice(0, Math.max(1, Math.floor(all.length / 2)));
        const existing = all.slice(added.length);
        const withAdded = [...existing];
        added.forEach((s, i) => withAdded.splice(positions[i % positions.length] % (withAdded.length + 1), 0, s));
        const before = synthServices(existing);
        const after = synthServices(withAdded);
        // Every document of before is in after, unchanged, and declared once.
        for (const d of before) expect(after.filter((a) => a === d)).toEqual([d]);
        // In the same relative order; only a Namespace the added services share may move
        // (it is declared where its first service is).
        const notNamespace = (d: string) => !/^kind: Namespace$/m.test(d);
        expect(after.filter((d) => before.includes(d) && notNamespace(d))).toEqual(before.filter(notNamespace));
        // The other documents of after are the added services' (or their namespaces).
        for (const s of added) expect(docsOf(after, s.name).length).toBeGreaterThan(0);
        for (const d of after.filter((a) => !before.includes(a))) {
          expect([idOf(d), added.some((s) => docsOf([d], s.name).length === 1) || !notNamespace(d)]).toEqual([idOf(d), true]);
        }
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });

  test('the check above can fail: changing one service changes its documents only', () => {
    const base = { image: 'x/y:1', cpuCores: 0.5 };
    const before = synthServices([{ ...base, name: 'svc-a' }, { ...base, name: 'svc-b' }]);
    const after = synthServices([{ ...base, name: 'svc-a' }, { ...base, name: 'svc-b', cpuCores: 1 }]);
    expect(after.filter((d) => before.includes(d))).not.toEqual(before);
    expect(docsOf(after, 'svc-a')).toEqual(docsOf(before, 'svc-a'));
  });
});
