/**
 * Property-based tests of the v1 deployment config loader: valid props written as v1
 * files (object, JSON, YAML 1.1) load back to the same props; random and mutated
 * documents (the repository's corpus and generated files, with deleted, renamed,
 * retyped keys, truncated and garbled text) load or end in one ConfigurationError,
 * never another exception; what loads passes the core's rules.
 */
import fc from 'fast-check';
import { ConfigurationError, loadDeploymentConfig, planWebservice, validateDeployConfiguration } from 'aks-ml-constructs';
import { ProblemCollector } from '../../src/core/errors';
import { SEED } from './support/arbitraries';
import { runs } from './support/runs';
import { run } from './support/outcome';
import { CORPUS, mutatedDocument, validDocument } from './support/v1-arbitraries';

/** What every loaded config must satisfy. */
function checkLoaded(loaded: ReturnType<typeof loadDeploymentConfig>): void {
  expect(['webservice', 'endpointVersion']).toContain(loaded.kind);
  expect(['json', 'yaml', 'aml-deploy-action']).toContain(loaded.format);
  // The core rules hold: the loader ran them.
  const c = new ProblemCollector();
  validateDeployConfiguration(c, loaded.props);
  expect(c.problems).toEqual([]);
  for (const w of loaded.warnings) expect(typeof w.prop === 'string' && typeof w.message === 'string' && w.message.length > 0).toBe(true);
  for (const prop of Object.keys(loaded.props)) expect(typeof loaded.sourceKeys[prop]).toBe('string');
  // The props make a web service (with an image), or one ConfigurationError.
  const { versionName, trafficPercentile, isDefault, versionType, ...service } = loaded.props as Record<string, unknown>;
  void versionName; void trafficPercentile; void isDefault; void versionType;
  run(() => planWebservice({ name: 'loaded', ...service, image: 'x.azurecr.io/a/b:1' } as any));
}

describe('v1 deployment config loader properties', () => {
  test('valid props written as v1 files (object, JSON, YAML 1.1) load back to the same props', () => {
    fc.assert(
      fc.property(validDocument, ({ props, object, text }) => {
        const out = run(() => loadDeploymentConfig(text ?? object, { source: 'generated' }));
        if (!out.ok) throw new Error(`a valid file was refused:\n${out.error.message}\n${text ?? JSON.stringify(object)}`);
        expect(out.value.props).toEqual(props);
        checkLoaded(out.value);
      }),
      { seed: SEED, numRuns: runs(500) },
    );
  });

  test('every corpus file loads or is refused with a ConfigurationError', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(10);
    const outcomes = CORPUS.map(({ name, text }) => {
      const out = run(() => loadDeploymentConfig(text, { source: name }));
      if (out.ok) checkLoaded(out.value);
      return out.ok;
    });
    // The corpus holds both kinds.
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  test('random and mutated documents: loaded and valid, or one ConfigurationError', () => {
    fc.assert(
      fc.property(mutatedDocument, (doc) => {
        const out = run(() => loadDeploymentConfig(doc as any, { source: 'mutated.yml' }));
        if (out.ok) checkLoaded(out.value);
        else expect(out.error).toBeInstanceOf(ConfigurationError);
      }),
      { seed: SEED, numRuns: runs(1500) },
    );
  });

  test('keys never appear in problems or warnings', () => {
    const key = fc.stringMatching(/^[A-Za-z0-9]{24,40}$/);
    fc.assert(
      fc.property(key, fc.constantFrom('{"computeType": "AKS", "keys": {"primaryKey": K}}', '{"computeType": "AKS", "keys": {"primaryKey": K, "secondaryKey": K}}', '{"computeType": "AKS", "keys": {"primaryKey": [K]}}', '{"computeType": "AKS", "keys": {"primaryKey": "K K"}}', '{"computeType": "AKS", "keys": K}'), (k, template) => {
        const text = template.replace(/"K K"/g, JSON.stringify(`${k} ${k}`)).replace(/K/g, JSON.stringify(k));
        const out = run(() => loadDeploymentConfig(text));
        const lines = out.ok ? out.value.warnings.map((w) => `${w.prop} ${w.message}`) : out.error.problems;
        for (const l of lines) if (l.includes(k.slice(0, 12))) throw new Error(`a key appears in: ${l}`);
      }),
      { seed: SEED, numRuns: runs(200) },
    );
  });
});
