/**
 * The schema helper itself: it finds the model of every kind the published packages
 * define (loading one kind at a time), and fails loudly on a kind nobody validates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MODEL_FOLDERS, hasValidator, validateAll, validateObject } from './schema';

/** The kinds a model folder defines, read from its files (without loading them). */
function kindsDefinedIn(folder: string): Array<{ file: string; apiVersion: string; kind: string }> {
  const dir = path.dirname(require.resolve(folder));
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== 'index.js')
    .flatMap((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const kind = /this\.kind="([^"]+)"/.exec(text)?.[1];
      const apiVersion = /this\.apiVersion="([^"]+)"/.exec(text)?.[1];
      return kind === undefined && apiVersion === undefined ? [] : [{ file, apiVersion: apiVersion ?? '', kind: kind ?? '' }];
    });
}

describe('schema helper: the model folders', () => {
  test.each(Object.entries(MODEL_FOLDERS))('%s: each kind of %s is in the module named after it, of that API version', (apiVersion, folder) => {
    const kinds = kindsDefinedIn(folder);
    expect(kinds.length).toBeGreaterThan(0);
    // What the lazy lookup relies on: <folder>/<Kind> holds the model of apiVersion/Kind.
    expect(kinds.filter((k) => k.file !== `${k.kind}.js` || k.apiVersion !== apiVersion)).toEqual([]);
  });

  test('the kinds the library emits are found, loading only their own modules', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Service'],
      ['apps/v1', 'Deployment'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
      ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant'],
      ['keda.sh/v1alpha1', 'ScaledObject'],
      ['external-secrets.io/v1', 'ExternalSecret'],
    ]) {
      expect([apiVersion, kind, hasValidator(apiVersion, kind)]).toEqual([apiVersion, kind, true]);
    }
  });
});

describe('schema helper: validation', () => {
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } };

  test('a valid object passes; validateAll counts the objects', () => {
    expect(() => validateObject(service)).not.toThrow();
    expect(validateAll([service, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml' } }])).toBe(2);
  });

  test('an object that breaks its schema fails with its identity', () => {
    expect(() => validateObject({ ...service, spec: { ports: [{ port: 'eighty' }] } })).toThrow(/^v1\/Service \/web fails its schema: /);
    expect(() => validateObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'two' } })).toThrow(
      /apps\/v1\/Deployment \/d fails its schema/,
    );
  });

  test.each([
    ['an unknown kind', 'apps/v1', 'Frobnicator'],
    ['a type that is not a kind', 'apps/v1', 'DeploymentSpec'],
    ['a kind of another API version', 'apps/v1', 'Service'],
    ['an unknown API version', 'apps/v2', 'Deployment'],
    ['a kind that looks like a path', 'v1', '../apps/v1/Deployment'],
    ['an inherited property name', 'constructor', 'Service'],
  ])('%s fails loudly (%s %s)', (_what, apiVersion, kind) => {
    expect(hasValidator(apiVersion, kind)).toBe(false);
    expect(() => validateObject({ apiVersion, kind, metadata: { name: 'x' } })).toThrow(`no schema validator registered for ${apiVersion}/${kind}`);
  });

  test('an object without apiVersion, kind or metadata.name fails', () => {
    expect(() => validateObject({ apiVersion: 'v1', kind: 'Service', metadata: {} })).toThrow(/^object without apiVersion, kind or metadata.name/);
    expect(() => validateObject({ kind: 'Service', metadata: { name: 'x' } })).toThrow(/^object without apiVersion/);
  });
});
