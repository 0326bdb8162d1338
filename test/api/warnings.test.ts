/**
 * Errors and warnings as users handle them: the ConfigurationError brand, stable
 * warning ids, and acknowledging a warning in cdk8s.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ConfigurationError, resolveWebservice, setWarningHandler } from 'aks-ml-constructs';
import type { ConfigurationWarning } from 'aks-ml-constructs';
import { AksWebserviceConstruct, Warnings } from 'aks-ml-constructs/cdk8s';
import { WARNING_ID_PATTERN, formatWarning } from '../../src/core/errors';
import { validateAll } from '../support/schema';

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';

describe('ConfigurationError.isConfigurationError', () => {
  test('recognizes an error of this copy of the package', () => {
    let thrown: unknown;
    try {
      resolveWebservice({ name: 'x', image: IMAGE });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(ConfigurationError.isConfigurationError(thrown)).toBe(true);
  });

  test('recognizes an error of another copy, where instanceof fails', () => {
    let Other: typeof ConfigurationError | undefined;
    jest.isolateModules(() => {
      Other = (require('../../src/core/errors') as typeof import('../../src/core/errors')).ConfigurationError;
    });
    expect(Other).toBeDefined();
    expect(Other).not.toBe(ConfigurationError);
    const foreign = new Other!('AksWebservice "x"', ['name must be 3 to 32 characters; received "x".']);
    expect(foreign instanceof ConfigurationError).toBe(false);
    expect(ConfigurationError.isConfigurationError(foreign)).toBe(true);
    expect(foreign.problems).toEqual(['name must be 3 to 32 characters; received "x".']);
  });

  test('refuses what is not one', () => {
    for (const x of [new Error('Invalid configuration for x'), { name: 'ConfigurationError', problems: [] }, null, undefined, 'ConfigurationError', 42]) {
      expect(ConfigurationError.isConfigurationError(x)).toBe(false);
    }
  });
});

describe('warning ids', () => {
  const src = path.join(__dirname, '..', '..', 'src');
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
  const literals = walk(src).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bid: '(aks-ml:[^']*)'/g)].map((m) => ({ file: path.relative(src, f), id: m[1] })));

  test('every warning id written in the sources has the documented form', () => {
    expect(literals.length).toBeGreaterThan(20);
    expect(literals.filter((l) => !WARNING_ID_PATTERN.test(l.id))).toEqual([]);
  });

  test('no two warnings share an id', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const l of literals) {
      if (seen.has(l.id)) dupes.push(`${l.id} in ${seen.get(l.id)} and ${l.file}`);
      seen.set(l.id, l.file);
    }
    expect(dupes).toEqual([]);
  });

  test('the formatted line ends with the id to acknowledge it by', () => {
    const w: ConfigurationWarning = { id: 'aks-ml:webservice:plainTextKeys', prop: 'primaryKey', message: 'is written into the manifests in plain text.' };
    expect(formatWarning('AksWebservice "fraud-model"', w)).toBe(
      'AksWebservice "fraud-model": primaryKey: is written into the manifests in plain text. [ack: aks-ml:webservice:plainTextKeys]',
    );
  });

  test('resolve returns the warning with its id', () => {
    const { warnings } = resolveWebservice({ name: 'fraud-model', image: IMAGE, restrictedSecurityContext: false });
    expect(warnings).toEqual([expect.objectContaining({ id: 'aks-ml:webservice:unrestrictedSecurityContext', prop: 'restrictedSecurityContext' })]);
  });
});

describe('Warnings.of(scope).acknowledge (cdk8s)', () => {
  function synth(acknowledge: (app: Chart) => void) {
    const seen: Array<{ message: string; warning?: ConfigurationWarning }> = [];
    const previous = setWarningHandler((message, warning) => seen.push({ message, warning }));
    try {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      acknowledge(chart);
      const ws = new AksWebserviceConstruct(chart, 'ws', { name: 'fraud-model', namespace: 'ml', image: IMAGE, restrictedSecurityContext: false, primaryKey: 'p'.repeat(32) });
      const objects = Testing.synth(chart);
      validateAll(objects);
      return { ws, seen, metadata: ws.node.metadata.filter((m) => m.type === 'aks-ml-constructs:warning').map((m) => m.data) };
    } finally {
      setWarningHandler(previous);
    }
  }

  test('unacknowledged warnings reach the handler with their structured form', () => {
    const { ws, seen, metadata } = synth(() => undefined);
    expect(seen.map((s) => s.warning?.id).sort()).toEqual(['aks-ml:webservice:plainTextKeys', 'aks-ml:webservice:unrestrictedSecurityContext']);
    for (const s of seen) expect(s.message).toMatch(new RegExp(`\\[ack: ${s.warning!.id}\\]$`));
    expect(ws.warnings).toEqual(seen.map((s) => s.message));
    expect(metadata).toEqual(ws.warnings);
  });

  test('an id acknowledged on a parent scope is silenced below it, the others are not', () => {
    const { ws, seen, metadata } = synth((chart) => Warnings.of(chart.node.scope!).acknowledge('aks-ml:webservice:unrestrictedSecurityContext'));
    expect(seen.map((s) => s.warning?.id)).toEqual(['aks-ml:webservice:plainTextKeys']);
    expect(ws.warnings).toHaveLength(1);
    expect(metadata).toEqual(ws.warnings);
  });

  test('acknowledged ids are inherited and listed', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    Warnings.of(app).acknowledge('aks-ml:webservice:plainTextKeys');
    Warnings.of(chart).acknowledge('aks-ml:gateway:plainHttpServing');
    expect([...Warnings.of(chart).acknowledged].sort()).toEqual(['aks-ml:gateway:plainHttpServing', 'aks-ml:webservice:plainTextKeys']);
    expect([...Warnings.of(app).acknowledged]).toEqual(['aks-ml:webservice:plainTextKeys']);
  });
});
