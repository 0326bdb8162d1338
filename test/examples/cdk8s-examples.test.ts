import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildExampleApp } from '../../examples/cdk8s/main';
import { findKeyMaterial, parseYamlObjects } from '../support/key-material';
import { validateAll } from '../support/schema';
import { captureWarnings } from '../support/warnings';

function synthTo(dir: string): Map<string, string> {
  captureWarnings(() => buildExampleApp(dir).synth());
  const files = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) files.set(f, readFileSync(join(dir, f), 'utf8'));
  return files;
}

describe('the cdk8s examples', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'aks-ml-examples-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const first = synthTo(tmp());

  test('write one .k8s.yaml per chart', () => {
    expect([...first.keys()]).toEqual(expect.arrayContaining(['image-classifier-prod.k8s.yaml', 'sentiment-dev.k8s.yaml']));
    for (const name of first.keys()) expect(name).toMatch(/\.k8s\.yaml$/);
  });

  test('every synthesized object passes its upstream schema', () => {
    let n = 0;
    for (const text of first.values()) n += validateAll(parseYamlObjects(text));
    expect(n).toBeGreaterThanOrEqual(15);
  });

  test('two synths are byte-identical', () => {
    const second = synthTo(tmp());
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, text] of first) expect(second.get(name)).toBe(text);
  });

  test('the output contains no key material', () => {
    for (const [name, text] of first) {
      expect([name, findKeyMaterial(parseYamlObjects(text))]).toEqual([name, []]);
    }
  });

  test('the scanner does find keys when a user passes them (it can fail)', () => {
    const objects = [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { primary: 'q8ZrT2mWx9LpV4nKc7HsB3dF' } }];
    expect(findKeyMaterial(objects).map((f) => f.what)).toEqual(['a Secret with data', 'q8ZrT2...']);
  });

  test('the production example uses the GPU pool, limits and fixed replicas', () => {
    const prod = parseYamlObjects(first.get('image-classifier-prod.k8s.yaml')!);
    const dep = prod.find((o) => o.kind === 'Deployment')!;
    expect(dep.spec.replicas).toBe(3);
    expect(dep.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '6000m', memory: '24G', 'nvidia.com/gpu': '1' });
    expect(prod.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  test('the production example sends telemetry: key and connection string from Key Vault through one ExternalSecret', () => {
    const prod = parseYamlObjects(first.get('image-classifier-prod.k8s.yaml')!);
    const es = prod.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'image-classifier-app-insights')!;
    expect(es.spec.data).toEqual([{ secretKey: 'connectionString', remoteRef: { key: 'image-classifier-appinsights-connection-string' } }]);
    expect(Object.keys(es.spec.target.template.data).sort()).toEqual(['connection-string', 'instrumentation-key']);
    const env = prod.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'AML_APP_INSIGHTS_ENABLED', value: 'true' },
      { name: 'AML_APP_INSIGHTS_KEY', valueFrom: { secretKeyRef: { name: 'image-classifier-app-insights', key: 'instrumentation-key' } } },
      { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', valueFrom: { secretKeyRef: { name: 'image-classifier-app-insights', key: 'connection-string' } } },
    ]));
  });
});
