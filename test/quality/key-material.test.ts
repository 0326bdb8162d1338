/**
 * No key material in any synthesized output unless the user passed keys: the cdk8s
 * examples, and the manifests `aks-ml convert` writes for the CLI fixtures. (The Pulumi
 * example's keys and kubeconfig are checked to be secret outputs in
 * test/examples/pulumi-example.test.ts; random props in pulumi-properties.test.ts.)
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { main } from '../../src/cli/main';
import { synthExampleLayout } from '../support/examples';
import { findKeyMaterial, parseYamlObjects } from '../support/key-material';
import { run } from './support/outcome';

/** The layout files, or the error that stopped the synthesis. */
function examplesOrThrow(out: ReturnType<typeof run<Map<string, string>>>): Map<string, string> {
  if (!out.ok) throw out.error;
  return out.value;
}

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'cli');

/** Key material beyond what findKeyMaterial looks for: PEM keys and kubeconfig credentials. */
function credentials(text: string): string[] {
  const found: string[] = [];
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) found.push('a PEM private key');
  if (/client-(certificate|key)-data:|\btoken: [A-Za-z0-9._-]{20,}/.test(text)) found.push('kubeconfig credentials');
  if (/AccountKey=|azurestorageaccountkey/i.test(text)) found.push('a storage account key');
  return found;
}

function scan(files: Map<string, string>): Array<[string, string[]]> {
  return [...files].map(([name, text]) => [name, [...findKeyMaterial(parseYamlObjects(text)).map((f) => `${f.where}: ${f.what}`), ...credentials(text)]]);
}

describe('no key material in synthesized output', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'aks-ml-keys-'));
    dirs.push(d);
    return d;
  };

  test('the cdk8s examples', () => {
    const dir = tmp();
    const files = examplesOrThrow(run(() => synthExampleLayout(dir)));
    expect(files.size).toBeGreaterThanOrEqual(2);
    expect(scan(files)).toEqual([...files.keys()].map((f) => [f, []]));
  });

  test('aks-ml convert of the CLI fixtures', () => {
    const out = tmp();
    const quiet = { out: () => undefined, err: () => undefined };
    const webservice = main(['convert', '--deploy-config', join(FIXTURES, 'webservice.json'), '--name', 'fraud-model', '--image', 'x.azurecr.io/a/b:1', '--out', out], quiet);
    const endpoint = main(['convert', '--deploy-config', join(FIXTURES, 'endpoint-control.yml'), '--deploy-config', join(FIXTURES, 'endpoint-candidate.json'), '--name', 'churn', '--image', 'x.azurecr.io/a/b:1', '--out', out], quiet);
    expect([webservice, endpoint]).toEqual([0, 0]);
    const files = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    expect([...files.keys()].sort()).toEqual(['churn.k8s.yaml', 'fraud-model.k8s.yaml']);
    expect(scan(files)).toEqual([...files.keys()].map((f) => [f, []]));
  });

  test('the scan finds keys that are there (it can fail)', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  primary: q8ZrT2mWx9LpV4nKc7HsB3dF\n';
    const pem = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: "-----BEGIN RSA PRIVATE KEY-----"\n';
    const kubeconfig = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\ndata:\n  config: "client-key-data: abc"\n';
    for (const [name, text] of [['secret', secret], ['pem', pem], ['kubeconfig', kubeconfig]]) {
      expect([name, scan(new Map([[name, text]]))[0][1].length > 0]).toEqual([name, true]);
    }
  });
});
