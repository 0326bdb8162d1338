/**
 * Registered models in the v1 layout: what the Azure ML inference server and
 * `Model.get_model_path` read from `AZUREML_MODEL_DIR` and `azureml-models/` (the
 * checks below follow azmlinfsrv `server/appinsights_client.py` `_get_model_ids` and
 * azureml-core `Model._get_model_path_local`, see docs/runtime-contract.md), for web
 * services and endpoint versions, with blobfuse and with the downloader.
 */
import * as path from 'path';
import { AksEndpointProps, ConfigurationError, KubeObject, ModelSource, RegisteredModel, planEndpoint, planWebservice } from 'aks-ml-constructs';
import { validateAll } from '../../support/schema';

const IMAGE = 'myacr.azurecr.io/scoring/model:1.0';
const CLIENT_ID = '00000000-0000-0000-0000-0000000000a1';
const MODELS_ROOT = '/var/azureml-app/azureml-models';
type Obj = Record<string, any>;

const FRAUD: RegisteredModel = { name: 'fraud', version: 3, blobUrl: 'https://mlws4821.blob.core.windows.net/azureml/LocalUpload/9f3a1c' };
const FRAUD_4: RegisteredModel = { name: 'fraud', version: 4, blobUrl: 'https://mlws4821.blob.core.windows.net/azureml/LocalUpload/ab12' };
const SCALER: RegisteredModel = { name: 'scaler.pkl', version: 1, blobUrl: 'https://features01.blob.core.windows.net/models/scaler' };
const source = (models: RegisteredModel[]) => ModelSource.fromRegisteredModels({ models, clientId: CLIENT_ID });

/** The folders the scoring container sees below azureml-models (mount paths), and AZUREML_MODEL_DIR. */
function layout(objects: readonly KubeObject[], deployment?: string) {
  const d = (objects as readonly Obj[]).find((o) => o.kind === 'Deployment' && (deployment === undefined || o.metadata.name === deployment))!;
  const c = d.spec.template.spec.containers[0];
  const dirs = c.volumeMounts.map((m: Obj) => m.mountPath).filter((p: string) => p.startsWith(`${MODELS_ROOT}/`));
  return { modelDir: c.env.find((e: Obj) => e.name === 'AZUREML_MODEL_DIR').value as string, dirs: dirs as string[] };
}

/**
 * The model ids azmlinfsrv derives from AZUREML_MODEL_DIR over this layout: a folder
 * whose last part is a number is one model (`<parent>:<folder>`); otherwise each
 * `<name>/<version>` below it, every version read as a whole number.
 */
function serverModelIds(modelDir: string, dirs: string[]): string[] {
  if (/^\d+$/.test(path.posix.basename(modelDir))) return [`${path.posix.basename(path.posix.dirname(modelDir))}:${path.posix.basename(modelDir)}`];
  return dirs.map((d) => path.posix.relative(modelDir, d).split('/')).map(([name, version]) => {
    expect(String(Number.parseInt(version, 10))).toBe(version);
    return `${name}:${version}`;
  });
}

describe.each([true, false])('blobfuseEnabled %s', (blobfuseEnabled) => {
  test('one model: AZUREML_MODEL_DIR is azureml-models/<name>/<version>, the server reports <name>:<version>', () => {
    const plan = planWebservice({ name: 'fraud', namespace: 'ml', image: IMAGE, blobfuseEnabled, model: source([FRAUD]) });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const { modelDir, dirs } = layout(plan.objects);
    expect(modelDir).toBe(`${MODELS_ROOT}/fraud/3`);
    expect(dirs).toEqual([`${MODELS_ROOT}/fraud/3`]);
    expect(serverModelIds(modelDir, dirs)).toEqual(['fraud:3']);
  });

  test('several models (two versions of one): AZUREML_MODEL_DIR is azureml-models, the server lists every name:version', () => {
    const plan = planWebservice({ name: 'fraud', namespace: 'ml', image: IMAGE, blobfuseEnabled, model: source([FRAUD, FRAUD_4, SCALER]) });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const { modelDir, dirs } = layout(plan.objects);
    expect(modelDir).toBe(MODELS_ROOT);
    expect(serverModelIds(modelDir, dirs)).toEqual(['fraud:3', 'fraud:4', 'scaler.pkl:1']);
    // Model.get_model_path('fraud') without a version takes the highest version folder: both are there.
    expect(dirs.filter((d) => d.startsWith(`${MODELS_ROOT}/fraud/`))).toHaveLength(2);
  });

  test('endpoint versions each get their own models and PVs', () => {
    const props: AksEndpointProps = {
      name: 'churn',
      namespace: 'ml',
      versions: [
        { versionName: 'control', image: IMAGE, isDefault: true, trafficPercentile: 60, blobfuseEnabled, model: source([FRAUD]) },
        { versionName: 'treatment', image: IMAGE, trafficPercentile: 40, blobfuseEnabled, model: source([FRAUD_4, SCALER]) },
      ],
    };
    const plan = planEndpoint(props);
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    const deployments = (plan.objects as Obj[]).filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(deployments).toHaveLength(2);
    expect(layout(plan.objects, deployments[0]).modelDir).toBe(`${MODELS_ROOT}/fraud/3`);
    expect(layout(plan.objects, deployments[1]).modelDir).toBe(MODELS_ROOT);
    const pvs = (plan.objects as Obj[]).filter((o) => o.kind === 'PersistentVolume');
    expect(pvs).toHaveLength(blobfuseEnabled ? 3 : 0);
    for (const pv of pvs) {
      const pvc = (plan.objects as Obj[]).find((o) => o.kind === 'PersistentVolumeClaim' && o.spec.volumeName === pv.metadata.name)!;
      expect(pv.spec.claimRef).toEqual({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'ml', name: pvc.metadata.name });
    }
    expect(new Set(pvs.map((pv) => pv.metadata.name)).size).toBe(pvs.length);
  });
});

describe('object names', () => {
  test('model names that differ only in case or punctuation get distinct PV and claim names', () => {
    const plan = planWebservice({
      name: 'fraud',
      namespace: 'ml',
      image: IMAGE,
      model: source([
        { name: 'Model_A', version: 1, blobUrl: FRAUD.blobUrl },
        { name: 'model-a', version: 1, blobUrl: FRAUD_4.blobUrl },
      ]),
    });
    const names = (plan.objects as Obj[]).filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name);
    expect(names[1]).toBe('fraud-model-model-a-1');
    expect(names[0]).toMatch(/^fraud-model-model-a-1-[a-z0-9]{7}$/);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(63);
  });

  test('a 255-character model name still gives valid names', () => {
    const plan = planWebservice({ name: 'fraud', namespace: 'ml', image: IMAGE, model: source([{ name: `m${'x'.repeat(254)}`, version: 12, blobUrl: FRAUD.blobUrl }]) });
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
    expect(layout(plan.objects).modelDir).toBe(`${MODELS_ROOT}/m${'x'.repeat(254)}/12`);
  });
});

describe('validation', () => {
  const problems = (models: unknown, extra: Record<string, unknown> = {}) => {
    try {
      planWebservice({ name: 'fraud', image: IMAGE, model: ModelSource.fromRegisteredModels({ models, clientId: CLIENT_ID, ...extra } as any) });
    } catch (e) {
      expect(ConfigurationError.isConfigurationError(e)).toBe(true);
      return (e as ConfigurationError).problems;
    }
    return [];
  };

  test('v1 name rule: letters, digits, "-", "." and "_", starting with a letter or digit, at most 255', () => {
    for (const ok of ['a', 'sklearn_regression_model1.pkl', 'A-b.c_d', `m${'x'.repeat(254)}`]) expect(problems([{ ...FRAUD, name: ok }])).toEqual([]);
    for (const bad of ['', '_a', '.a', 'a b', 'a/b', `m${'x'.repeat(255)}`, 7]) {
      expect(problems([{ ...FRAUD, name: bad }])).toEqual([expect.stringMatching(/^model\.models\[0\]\.name must be a registered model name as v1 allowed it/)]);
    }
  });

  test('versions are whole numbers from 1', () => {
    for (const bad of [0, -1, 1.5, '3', NaN]) expect(problems([{ ...FRAUD, version: bad }])).toEqual([expect.stringMatching(/^model\.models\[0\]\.version must be/)]);
  });

  test('blob URLs: https, a blob endpoint, a container, a folder of plain names, no query', () => {
    const ok = ['https://mlws4821.blob.core.windows.net/azureml', 'https://mlws4821.blob.core.windows.net/azureml/', 'https://mlws4821.blob.core.windows.net/azureml/a/b-c/d_e.f/'];
    for (const blobUrl of ok) expect(problems([{ ...FRAUD, blobUrl }])).toEqual([]);
    const bad = [
      'http://mlws4821.blob.core.windows.net/azureml/a',
      'https://mlws4821.dfs.core.windows.net/azureml/a',
      'https://ML.blob.core.windows.net/azureml/a',
      'https://mlws4821.blob.core.windows.net/Azureml/a',
      'https://mlws4821.blob.core.windows.net/azureml//a',
      'https://mlws4821.blob.core.windows.net/azureml/a/../b',
      'https://mlws4821.blob.core.windows.net/azureml/a%20b',
      'https://mlws4821.blob.core.windows.net/azureml/a;rm',
      'azureml://datastores/workspaceblobstore/paths/a',
    ];
    for (const blobUrl of bad) expect(problems([{ ...FRAUD, blobUrl }])).toEqual([expect.stringMatching(/^model\.models\[0\]\.blobUrl must be a blob folder URL/)]);
  });

  test('a model twice, an empty list, an unknown field, a bad identity: all in one error', () => {
    expect(problems([FRAUD, FRAUD_4, { ...FRAUD, blobUrl: SCALER.blobUrl }])).toEqual([expect.stringMatching(/^model\.models\[2\] is listed twice \(also models\[0\]\)/)]);
    expect(problems([])).toEqual([expect.stringMatching(/^model\.models must list at least one/)]);
    expect(problems('fraud:3')).toEqual([expect.stringMatching(/^model\.models must list at least one/)]);
    expect(problems([{ ...FRAUD, path: 'x' }, null], { clientId: 'abc', downloaderImage: 'Not An Image' })).toEqual([
      expect.stringMatching(/^model\.models\[0\]\.path is not a registered model field/),
      expect.stringMatching(/^model\.models\[1\] must be \{ name, version, blobUrl \}/),
      expect.stringMatching(/^model\.clientId must be the client id/),
      expect.stringMatching(/^model\.downloaderImage must be a container image reference/),
    ]);
  });

  test('the factory copies the list: changing it afterwards changes nothing', () => {
    const models = [{ ...FRAUD }];
    const m = ModelSource.fromRegisteredModels({ models, clientId: CLIENT_ID });
    models.push(FRAUD_4);
    models[0].version = 9;
    expect(m.modelDir).toBe(`${MODELS_ROOT}/fraud/3`);
    expect(layout(planWebservice({ name: 'fraud', namespace: 'ml', image: IMAGE, model: m }).objects).dirs).toEqual([`${MODELS_ROOT}/fraud/3`]);
  });
});
