/**
 * Property-based tests of the web service: thousands of random prop sets, valid,
 * borderline and hostile. Every run ends either in objects that pass the upstream
 * schemas and the API server's rules, or in one ConfigurationError listing the
 * problems; nothing else.
 */
import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import { AuthKeys, ConfigurationError, ModelSource, planWebservice } from 'aks-ml-constructs';
import { findKeyMaterial } from '../support/key-material';
import {
  SEED,
  WEBSERVICE_PROP_KINDS,
  alwaysWrong,
  anyText,
  hostileValue,
  validWebserviceProps,
  wrongForNumber,
  wrongForString,
} from './support/arbitraries';
import { runs } from './support/runs';
import { checkObjects, mentions, run } from './support/outcome';
import { podSpecsOf } from './support/k8s-rules';
import { restrictedProblems } from './support/pod-security';

const PROPS = Object.keys(WEBSERVICE_PROP_KINDS);

/** A deep copy that keeps class instances (ModelSource, AuthKeys) and non-JSON values. */
function snapshot(props: Record<string, unknown>): string {
  return fc.stringify(props);
}

/** The checks every successful plan must pass. */
function checkPlan(props: Record<string, any>, plan: ReturnType<typeof planWebservice>): void {
  checkObjects(plan.objects);
  const restricted = props.restrictedSecurityContext !== false;
  if (restricted) {
    const readOnly = props.readOnlyRootFilesystem !== false;
    const problems = restrictedProblems(plan.objects, {
      allowWritableRoot: !readOnly,
      writablePaths: readOnly ? (props.writablePaths ?? ['/tmp']) : [],
    });
    if (problems.length > 0) throw new Error(`pods outside the restricted profile:\n  ${problems.join('\n  ')}`);
  } else if (!plan.warnings.some((w) => w.prop === 'restrictedSecurityContext')) {
    throw new Error('restrictedSecurityContext: false did not warn');
  }
  // Keys: only the ones the user passed, only in the one Secret that holds them.
  const explicit = [props.primaryKey, props.secondaryKey].filter((k): k is string => typeof k === 'string');
  const keyAuth = plan.config.authEnabled;
  const keySecret = `${props.name}-keys`;
  for (const o of plan.objects) {
    const secretWithData = o.kind === 'Secret' && ((o as any).data || (o as any).stringData);
    if (secretWithData && !(keyAuth && explicit.length > 0 && o.metadata.name === keySecret)) {
      throw new Error(`a Secret with data the user did not ask for: ${o.metadata.name}`);
    }
    if (o.kind === 'Secret' && o.metadata.name === keySecret) continue;
    const text = JSON.stringify(o);
    for (const k of explicit) {
      if (k.length >= 8 && text.includes(JSON.stringify(k).slice(1, -1))) throw new Error(`an explicit key appears in ${o.kind}/${o.metadata.name}`);
    }
  }
  // User text never reaches a shell command line: the scripts do not change with the blob path.
  const blob = props.model?.options?.blob;
  if (blob && typeof blob.path === 'string') {
    const other = planWebservice({ ...props, model: ModelSource.fromBlobStorage({ ...blob, path: 'placeholder' }) } as any);
    const scripts = (objects: readonly Record<string, any>[]) =>
      objects.flatMap((o) => podSpecsOf(o)).flatMap(({ spec }) => [...(spec.initContainers ?? []), ...spec.containers].map((c: any) => [c.command, c.args]));
    expect(scripts(other.objects)).toEqual(scripts(plan.objects));
  }
  // Registered models: their folders reach the pod only as variables, subPaths and mount options.
  const registered = props.model?.options?.registered;
  if (registered) {
    const moved = registered.models.map((m: any, i: number) => ({ ...m, blobUrl: `https://placeholder.blob.core.windows.net/models/m${i}` }));
    const other = planWebservice({ ...props, model: ModelSource.fromRegisteredModels({ ...registered, models: moved }) } as any);
    const scripts = (objects: readonly Record<string, any>[]) =>
      objects.flatMap((o) => podSpecsOf(o)).flatMap(({ spec }) => [...(spec.initContainers ?? []), ...spec.containers].map((c: any) => [c.command, c.args]));
    expect(scripts(other.objects)).toEqual(scripts(plan.objects));
    const dir = (plan.objects as any[]).find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].env.find((e: any) => e.name === 'AZUREML_MODEL_DIR').value;
    expect(dir).toBe(registered.models.length === 1 ? `/var/azureml-app/azureml-models/${registered.models[0].name}/${registered.models[0].version}` : '/var/azureml-app/azureml-models');
  }
  if (explicit.length === 0 && findKeyMaterial(plan.objects.filter((o) => o.kind === 'Secret')).length > 0) {
    throw new Error('a Secret carries key material');
  }
}

describe('web service properties (core planner)', () => {
  test('valid and borderline props always give schema-valid, restricted, key-free objects, deterministically', () => {
    fc.assert(
      fc.property(validWebserviceProps, (props) => {
        const before = snapshot(props);
        const first = run(() => planWebservice(props as any));
        if (!first.ok) throw new Error(`valid props rejected:\n${first.error.message}`);
        checkPlan(props, first.value);
        // Pure: the props are untouched, and a second plan is the same.
        expect(snapshot(props)).toBe(before);
        if (!isDeepStrictEqual(planWebservice(props as any).objects, first.value.objects)) throw new Error('a second plan differs');
      }),
      { seed: SEED, numRuns: runs(1000) },
    );
  });

  test('one always-wrong value gives a ConfigurationError naming that prop, and nothing else', () => {
    const arb = fc
      .tuple(validWebserviceProps, fc.constantFrom(...PROPS))
      .chain(([props, prop]) => alwaysWrong(WEBSERVICE_PROP_KINDS[prop]).map((value) => ({ props: { ...props, [prop]: value }, prop })));
    fc.assert(
      fc.property(arb, ({ props, prop }) => {
        const out = run(() => planWebservice(props as any));
        if (out.ok) throw new Error(`accepted ${prop} = ${fc.stringify(props[prop])}`);
        if (!mentions(out.error.problems, prop)) throw new Error(`the problems do not name ${prop}:\n${out.error.message}`);
      }),
      { seed: SEED, numRuns: runs(1200) },
    );
  });

  test('several wrong values are all listed in the one ConfigurationError', () => {
    const arb = fc
      .tuple(validWebserviceProps, fc.uniqueArray(fc.constantFrom(...PROPS), { minLength: 2, maxLength: 6 }))
      .chain(([props, chosen]) =>
        fc.tuple(...chosen.map((p) => alwaysWrong(WEBSERVICE_PROP_KINDS[p]))).map((values) => ({
          props: { ...props, ...Object.fromEntries(chosen.map((p, i) => [p, values[i]])) },
          chosen,
        })),
      );
    fc.assert(
      fc.property(arb, ({ props, chosen }) => {
        const out = run(() => planWebservice(props as any));
        if (out.ok) throw new Error(`accepted ${chosen.join(', ')}`);
        for (const p of chosen) if (!mentions(out.error.problems, p)) throw new Error(`${p} is not listed:\n${out.error.message}`);
        expect(out.error.problems.length).toBeGreaterThanOrEqual(chosen.length);
      }),
      { seed: SEED, numRuns: runs(600) },
    );
  });

  test('hostile values anywhere: valid output or one ConfigurationError, never another exception', () => {
    const arb = fc
      .tuple(validWebserviceProps, fc.uniqueArray(fc.constantFrom(...PROPS, 'cpu_cores', 'unknownProp'), { minLength: 1, maxLength: 4 }))
      .chain(([props, chosen]) =>
        fc.tuple(...chosen.map(() => hostileValue)).map((values) => ({ ...props, ...Object.fromEntries(chosen.map((p, i) => [p, values[i]])) })),
      );
    fc.assert(
      fc.property(arb, (props) => {
        const out = run(() => planWebservice(props as any));
        if (out.ok) checkPlan(props, out.value);
      }),
      { seed: SEED, numRuns: runs(1500) },
    );
  });

  test('hostile values inside the model and key sources are reported under model.* / keys.*', () => {
    const blob = fc.record({
      storageAccount: fc.oneof(wrongForString, anyText),
      container: fc.oneof(wrongForString, anyText),
      clientId: fc.oneof(wrongForString, anyText),
      path: fc.oneof(hostileValue, anyText),
      resourceGroup: fc.oneof(hostileValue, anyText),
      downloaderImage: fc.oneof(hostileValue, anyText),
    }, { requiredKeys: [] });
    const source = fc.oneof(
      blob.map((o) => ({ model: ModelSource.fromBlobStorage(o as any), blobfuseEnabled: false })),
      blob.map((o) => ({ model: ModelSource.fromBlobStorage(o as any) })),
      fc.oneof(wrongForString, anyText).map((d) => ({ model: ModelSource.inImage(d as any) })),
      wrongForNumber.map((length) => ({ keys: AuthKeys.generated({ length: length as any }) })),
      fc.oneof(wrongForString, anyText).map((n) => ({ keys: AuthKeys.fromSecret(n as any) })),
      fc.record({ name: hostileValue, kind: hostileValue, a: hostileValue, b: hostileValue, r: hostileValue }).map((r) => ({
        keys: AuthKeys.fromKeyVault({ secretStore: { name: r.name, kind: r.kind }, primaryKeySecretName: r.a, secondaryKeySecretName: r.b, refreshInterval: r.r } as any),
      })),
    );
    fc.assert(
      fc.property(validWebserviceProps, source, (props, extra) => {
        const all = { ...props, ...extra, authEnabled: true, tokenAuthEnabled: undefined, primaryKey: undefined, secondaryKey: undefined };
        const out = run(() => planWebservice(all as any));
        if (out.ok) checkPlan(all, out.value);
      }),
      { seed: SEED, numRuns: runs(1000) },
    );
  });

  test('props that are not an object are refused with a ConfigurationError', () => {
    fc.assert(
      fc.property(fc.constantFrom<unknown>(undefined, null, 'svc', 1, [], [{ name: 'abc' }], true, NaN), (props) => {
        const out = run(() => planWebservice(props as any));
        expect(out.ok).toBe(false);
      }),
      { seed: SEED, numRuns: runs(20) },
    );
  });

  test('keys never appear in problems or warnings', () => {
    const key = fc.oneof(
      fc.stringMatching(/^[\x21-\x7e]{257,300}$/),
      fc.stringMatching(/^[A-Za-z0-9]{10,20} [A-Za-z0-9]{10,20}$/),
      fc.stringMatching(/^[A-Za-z0-9]{20,40}$/),
    );
    fc.assert(
      fc.property(validWebserviceProps, key, fc.constantFrom('primaryKey', 'secondaryKey'), (props, k, which) => {
        const all = { ...props, authEnabled: true, tokenAuthEnabled: undefined, [which]: k };
        const out = run(() => planWebservice(all as any));
        const texts = out.ok ? out.value.warnings.map((w) => `${w.prop} ${w.message}`) : out.error.problems;
        for (const t of texts) if (t.includes(k.slice(0, 16))) throw new Error(`a key appears in: ${t}`);
        expect(out.ok || out.error instanceof ConfigurationError).toBe(true);
      }),
      { seed: SEED, numRuns: runs(500) },
    );
  });
});
