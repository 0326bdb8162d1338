/**
 * Property-based tests of endpoints (1 to 6 versions with traffic shares): valid
 * endpoints plan into schema-valid, restricted objects whose route weights add up to
 * 100; wrong and hostile values, at the endpoint or in any version, end in one
 * ConfigurationError naming the prop (with the version's path), never another exception.
 */
import { isDeepStrictEqual } from 'util';
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { planEndpoint } from 'aks-ml-constructs';
import { AksEndpointConstruct } from '../../src/cdk8s';
import {
  ENDPOINT_PROP_KINDS,
  SEED,
  VERSION_PROP_KINDS,
  alwaysWrong,
  hostileValue,
  validEndpointProps,
} from './support/arbitraries';
import { runs } from './support/runs';
import { canonical, checkObjects, mentions, run } from './support/outcome';
import { restrictedProblems } from './support/pod-security';

/** The checks every successful endpoint plan must pass. */
function checkPlan(props: Record<string, any>, plan: ReturnType<typeof planEndpoint>): void {
  checkObjects(plan.objects);
  // Traffic: the weights of the versions add up to 100, the default takes the rest.
  expect(plan.versions.reduce((s, v) => s + v.weight, 0)).toBe(100);
  expect(plan.versions.filter((v) => v.isDefault)).toHaveLength(1);
  for (const v of plan.versions) expect(v.weight).toBeGreaterThanOrEqual(v.trafficPercentile);
  // The routes carry exactly these weights (the shared scoring route's backendRefs).
  const routes = plan.objects.filter((o) => o.kind === 'HTTPRoute');
  const refs = routes.flatMap((r: any) => r.spec.rules.flatMap((rule: any) => rule.backendRefs ?? []));
  for (const ref of refs) expect(ref.weight === undefined || (ref.weight >= 0 && ref.weight <= 100)).toBe(true);
  // Pod security, version by version.
  plan.versions.forEach((v, i) => {
    const vp = props.versions[i];
    if (vp.restrictedSecurityContext === false) return;
    const readOnly = vp.readOnlyRootFilesystem !== false;
    const problems = restrictedProblems(v.objects, { allowWritableRoot: !readOnly, writablePaths: readOnly ? (vp.writablePaths ?? ['/tmp']) : [] });
    if (problems.length > 0) throw new Error(`version ${v.versionName}: pods outside the restricted profile:\n  ${problems.join('\n  ')}`);
  });
  // Only keys the user passed end up in a Secret.
  for (const o of plan.objects) {
    if (o.kind === 'Secret' && ((o as any).data || (o as any).stringData)) {
      expect(props.primaryKey !== undefined || props.secondaryKey !== undefined).toBe(true);
    }
  }
}

describe('endpoint properties', () => {
  test('valid endpoints plan into schema-valid objects, weights adding up to 100, deterministically', () => {
    fc.assert(
      fc.property(validEndpointProps, (props) => {
        const out = run(() => planEndpoint(props as any));
        if (!out.ok) throw new Error(`valid props rejected:\n${out.error.message}`);
        checkPlan(props, out.value);
        if (!isDeepStrictEqual(planEndpoint(props as any).objects, out.value.objects)) throw new Error('a second plan differs');
      }),
      { seed: SEED, numRuns: runs(150) },
    );
  });

  test('through cdk8s: the chart holds exactly the plan; an error adds nothing', () => {
    fc.assert(
      fc.property(validEndpointProps, fc.boolean(), (props, breakIt) => {
        const input = breakIt ? { ...props, versions: [...props.versions, { ...props.versions[0] }] } : props;
        const chart = new Chart(Testing.app(), 'c');
        const out = run(() => new AksEndpointConstruct(chart, 'ep', input as any));
        if (!out.ok) {
          expect(breakIt).toBe(true);
          expect(chart.node.children).toHaveLength(0);
          return;
        }
        const objects = Testing.synth(chart);
        checkObjects(objects);
        expect(objects).toEqual(out.value.plan.objects.map(canonical));
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  test('one always-wrong value, at the endpoint or in a version, is named with its path', () => {
    const endpointLevel = fc
      .tuple(validEndpointProps, fc.constantFrom(...Object.keys(ENDPOINT_PROP_KINDS)))
      .chain(([props, prop]) => alwaysWrong(ENDPOINT_PROP_KINDS[prop]).map((value) => ({ props: { ...props, [prop]: value }, path: prop })));
    const versionLevel = fc
      .tuple(validEndpointProps, fc.constantFrom(...Object.keys(VERSION_PROP_KINDS)), fc.nat(5))
      .chain(([props, prop, i]) => alwaysWrong(VERSION_PROP_KINDS[prop]).map((value) => {
        const index = i % props.versions.length;
        const versions = props.versions.map((v: any, j: number) => (j === index ? { ...v, [prop]: value } : v));
        return { props: { ...props, versions }, path: `versions[${index}].${prop}` };
      }));
    fc.assert(
      fc.property(fc.oneof(endpointLevel, versionLevel), ({ props, path }) => {
        const out = run(() => planEndpoint(props as any));
        if (out.ok) throw new Error(`accepted ${path}`);
        const prop = path.replace(/^versions\[\d+\]\./, '');
        const lines = path.startsWith('versions[') ? out.error.problems.filter((p) => p.startsWith(path.slice(0, path.indexOf('.') + 1))).map((p) => p.slice(path.indexOf('.') + 1)) : out.error.problems;
        if (!mentions(lines, prop) && !(prop === 'versions' && mentions(out.error.problems, 'versions'))) {
          throw new Error(`the problems do not name ${path}:\n${out.error.message}`);
        }
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });

  test('traffic rules: percentiles over 100 in total, two defaults or two controls are refused', () => {
    const broken = validEndpointProps.filter((p) => p.versions.length >= 2).chain((props) =>
      fc.constantFrom('sum', 'defaults', 'controls').map((how) => {
        const versions = props.versions.map((v: any) => ({ ...v }));
        if (how === 'sum') versions.forEach((v: any, i: number) => { v.trafficPercentile = i < 2 ? 51 : 0; });
        if (how === 'defaults') { versions[0].isDefault = true; versions[1].isDefault = true; }
        if (how === 'controls') { versions[0].versionType = 'Control'; versions[1].versionType = 'Control'; }
        return { props: { ...props, versions }, how };
      }));
    fc.assert(
      fc.property(broken, ({ props, how }) => {
        const out = run(() => planEndpoint(props as any));
        if (out.ok) throw new Error(`accepted ${how}`);
        const prop = { sum: 'trafficPercentile', defaults: 'isDefault', controls: 'versionType' }[how]!;
        expect(out.error.problems.some((p) => p.startsWith(`versions[*].${prop}`))).toBe(true);
      }),
      { seed: SEED, numRuns: runs(100) },
    );
  });

  test('hostile values anywhere: valid objects or one ConfigurationError, never another exception', () => {
    const arb = fc
      .tuple(validEndpointProps, fc.constantFrom(...Object.keys(ENDPOINT_PROP_KINDS), 'unknownProp'), fc.constantFrom(...Object.keys(VERSION_PROP_KINDS), 'name', 'keys'), fc.nat(5), hostileValue, hostileValue)
      .map(([props, ep, vp, i, a, b]) => {
        const index = i % props.versions.length;
        const versions = props.versions.map((v: any, j: number) => (j === index ? { ...v, [vp]: b } : v));
        return { ...props, [ep]: a, versions: ep === 'versions' ? a : versions };
      });
    fc.assert(
      fc.property(arb, (props) => {
        const out = run(() => planEndpoint(props as any));
        if (out.ok) checkPlan(props, out.value);
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });
});
