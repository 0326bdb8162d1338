/**
 * The same properties through cdk8s: the construct synthesizes exactly the core's
 * objects, and a ConfigurationError leaves nothing behind in the tree or the output.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { planWebservice } from 'aks-ml-constructs';
import { AksWebserviceConstruct } from '../../src/cdk8s';
import { parseYamlObjects } from '../support/key-material';
import { SEED, WEBSERVICE_PROP_KINDS, hostileValue, validWebserviceProps } from './support/arbitraries';
import { runs } from './support/runs';
import { canonical, checkObjects, run } from './support/outcome';

const PROPS = Object.keys(WEBSERVICE_PROP_KINDS);

describe('web service properties through cdk8s', () => {
  test('valid props: the chart holds exactly the core plan, schema-valid', () => {
    fc.assert(
      fc.property(validWebserviceProps, (props) => {
        const chart = new Chart(Testing.app(), 'c');
        const out = run(() => new AksWebserviceConstruct(chart, 'ws', props as any));
        if (!out.ok) throw new Error(`valid props rejected: ${out.error.message}`);
        const objects = Testing.synth(chart);
        checkObjects(objects);
        const plan = run(() => planWebservice(props as any));
        expect(plan.ok && objects).toEqual(plan.ok && plan.value.objects.map(canonical));
        // Every warning of the plan reached the warning handler.
        expect(out.warnings).toHaveLength(plan.ok ? plan.value.warnings.length : -1);
      }),
      { seed: SEED, numRuns: runs(200) },
    );
  });

  test('hostile props: valid output, or a ConfigurationError that adds nothing to the chart', () => {
    const arb = fc
      .tuple(validWebserviceProps, fc.uniqueArray(fc.constantFrom(...PROPS), { minLength: 1, maxLength: 3 }))
      .chain(([props, chosen]) =>
        fc.tuple(...chosen.map(() => hostileValue)).map((values) => ({ ...props, ...Object.fromEntries(chosen.map((p, i) => [p, values[i]])) })),
      );
    fc.assert(
      fc.property(arb, (props) => {
        const app = Testing.app();
        const chart = new Chart(app, 'c');
        const out = run(() => new AksWebserviceConstruct(chart, 'ws', props as any));
        if (out.ok) {
          checkObjects(Testing.synth(chart));
        } else {
          expect(chart.node.children).toHaveLength(0);
          expect(app.synthYaml()).toBe('');
        }
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  });

  test('after a ConfigurationError the app writes only the other services', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aks-ml-after-error-'));
    try {
      const app = new App({ outdir: dir });
      const chart = new Chart(app, 'services');
      run(() => new AksWebserviceConstruct(chart, 'good', { name: 'good-svc', image: 'x/y:1' }));
      const failed = run(() => new AksWebserviceConstruct(chart, 'bad', { name: 'bad-svc', image: 'x/y:1', cpuCores: NaN }));
      expect(failed.ok).toBe(false);
      app.synth();
      const objects = readdirSync(dir).flatMap((f) => parseYamlObjects(readFileSync(join(dir, f), 'utf8')));
      expect(objects.length).toBeGreaterThan(0);
      expect(objects.filter((o) => JSON.stringify(o).includes('bad-svc'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('services sharing a namespace declare it once; conflicting pod security is a ConfigurationError', () => {
    const chart = new Chart(Testing.app(), 'c');
    run(() => {
      new AksWebserviceConstruct(chart, 'a', { name: 'svc-a', image: 'x/y:1', namespace: 'ml' });
      new AksWebserviceConstruct(chart, 'b', { name: 'svc-b', image: 'x/y:1', namespace: 'ml' });
    });
    const objects = Testing.synth(chart);
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['ml']);
    expect(objects.filter((o) => o.kind === 'Deployment')).toHaveLength(2);
    const conflict = run(() => new AksWebserviceConstruct(chart, 'c', { name: 'svc-c', image: 'x/y:1', namespace: 'ml', restrictedSecurityContext: false }));
    expect(conflict.ok ? [] : conflict.error.problems).toEqual([expect.stringContaining('Namespace "ml" is already declared by c/a')]);
    expect(Testing.synth(chart).filter((o) => JSON.stringify(o).includes('svc-c'))).toEqual([]);
  });
});
