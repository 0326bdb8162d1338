import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { buildExampleApp } from '../../examples/cdk8s/main';
import { writeGitOpsLayout } from '../../examples/cdk8s/gitops';
import { findKeyMaterial, parseYamlObjects } from '../support/key-material';
import { manifestFiles, synthExampleLayout } from '../support/examples';
import { validateAll } from '../support/schema';
import { captureWarnings } from '../support/warnings';

function synthTo(dir: string): Map<string, string> {
  return captureWarnings(() => synthExampleLayout(dir)).result;
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

  test('write a GitOps layout: a folder per layer, one .k8s.yaml per chart, a kustomization.yaml each, the Flux Kustomizations', () => {
    expect([...first.keys()]).toEqual([
      '00-cluster/cluster.k8s.yaml',
      '00-cluster/kustomization.yaml',
      '10-platform/platform.k8s.yaml',
      '10-platform/kustomization.yaml',
      '20-gateway/ml-gateway.k8s.yaml',
      '20-gateway/kustomization.yaml',
      '30-services/sentiment-dev.k8s.yaml',
      '30-services/image-classifier-prod.k8s.yaml',
      '30-services/churn-ab-test.k8s.yaml',
      '30-services/fraud-token-auth.k8s.yaml',
      '30-services/kustomization.yaml',
      'flux/management.yaml',
      'flux/workload.yaml',
    ]);
    expect(parse(first.get('30-services/kustomization.yaml')!)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['sentiment-dev.k8s.yaml', 'image-classifier-prod.k8s.yaml', 'churn-ab-test.k8s.yaml', 'fraud-token-auth.k8s.yaml'],
    });
  });

  test('every synthesized object passes its upstream schema (the Flux Kustomizations too)', () => {
    let n = 0;
    for (const [name, text] of first) if (name.endsWith('.k8s.yaml') || name.startsWith('flux/')) n += validateAll(parseYamlObjects(text));
    expect(n).toBeGreaterThanOrEqual(40);
  });

  test('the Flux Kustomizations apply the workload layers in order, each waiting for the one before', () => {
    const workload = parseYamlObjects(first.get('flux/workload.yaml')!);
    expect(workload.map((k) => [k.metadata.name, k.spec.path, k.spec.wait, k.spec.dependsOn])).toEqual([
      ['aks-ml-10-platform', './dist/gitops/10-platform', true, undefined],
      ['aks-ml-20-gateway', './dist/gitops/20-gateway', true, [{ name: 'aks-ml-10-platform' }]],
      ['aks-ml-30-services', './dist/gitops/30-services', true, [{ name: 'aks-ml-20-gateway' }]],
    ]);
    expect(parseYamlObjects(first.get('flux/management.yaml')!).map((k) => k.spec.path)).toEqual(['./dist/gitops/00-cluster']);
  });

  test('the platform layer installs what the services need: Envoy Gateway, External Secrets, the device plugin, Envoy metrics', () => {
    const platform = parseYamlObjects(first.get('10-platform/platform.k8s.yaml')!);
    expect(platform.filter((o) => o.kind === 'HelmRelease').map((o) => o.metadata.name)).toEqual(['envoy-gateway', 'external-secrets', 'nvidia-device-plugin']);
    // The churn treatment scales on concurrency through prometheus-operated: a Prometheus Operator PodMonitor.
    expect(platform.filter((o) => o.kind === 'PodMonitor').map((o) => o.apiVersion)).toEqual(['monitoring.coreos.com/v1']);
  });

  test('a service the platform cannot serve stops the synthesis before anything is written', () => {
    const dir = tmp();
    const { app, layers } = buildExampleApp(dir);
    const platform = layers[1].charts[0].node.findAll().find((c) => c.constructor.name === 'AksMlPlatform') as any;
    // As if the platform installed an Envoy Gateway older than the key-auth policy's floor.
    platform.config.components[0] = { ...platform.config.components[0], version: '1.8.3', chartVersion: 'v1.8.3' };
    expect(() => captureWarnings(() => writeGitOpsLayout(app, layers, join(dir, 'out'), { repoPath: './dist/gitops' }))).toThrow(/needs Envoy Gateway 1\.9\.0 or later/);
    expect(require('fs').existsSync(join(dir, 'out'))).toBe(false);
  });

  test('two synths are byte-identical', () => {
    const second = synthTo(tmp());
    expect([...second.keys()]).toEqual([...first.keys()]);
    expect(manifestFiles(second).size).toBe(7);
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
    const prod = parseYamlObjects(first.get('30-services/image-classifier-prod.k8s.yaml')!);
    const dep = prod.find((o) => o.kind === 'Deployment')!;
    expect(dep.spec.replicas).toBe(3);
    expect(dep.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '6000m', memory: '24G', 'nvidia.com/gpu': '1' });
    expect(prod.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  test('the production example sends telemetry: key and connection string from Key Vault through one ExternalSecret', () => {
    const prod = parseYamlObjects(first.get('30-services/image-classifier-prod.k8s.yaml')!);
    const es = prod.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'image-classifier-app-insights')!;
    expect(es.spec.data).toEqual([{ secretKey: 'connectionString', remoteRef: { key: 'image-classifier-appinsights-connection-string' } }]);
    expect(Object.keys(es.spec.target.template.data).sort()).toEqual(['connection-string', 'instrumentation-key']);
    const env = prod.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'AML_APP_INSIGHTS_ENABLED', value: 'true' },
      { name: 'AML_APP_INSIGHTS_KEY', valueFrom: { secretKeyRef: { name: 'image-classifier-app-insights', key: 'instrumentation-key' } } },
      { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', valueFrom: { secretKeyRef: { name: 'image-classifier-app-insights', key: 'connection-string' } } },
      // Model data collection, under the name of azmlinfsrv >= 1.4.0 and the legacy one.
      { name: 'AML_MDC_STORAGE_ENABLED', value: 'true' },
      { name: 'AML_MODEL_DC_STORAGE_ENABLED', value: 'true' },
    ]));
  });
});
