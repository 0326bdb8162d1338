/**
 * fromV1ServiceDocument: the field names of azureml-core (AksWebservice._initialize,
 * AksEndpoint._initialize, serialize()) and of the REST specs, read into props; nulls
 * and missing keys are the v1 default; every problem at once, with its JSON path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigurationError, fromV1ServiceDocument, ModelSource, planWebservice, v1ServiceDockerfile } from 'aks-ml-constructs';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'v1', 'service');
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');
const armBody = () => JSON.parse(read('arm-2021-07-01-get.json')).responses['200'].body;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (ConfigurationError.isConfigurationError(e)) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigurationError');
}

describe('fromV1ServiceDocument', () => {
  test('nulls and missing keys are the v1 defaults: a minimal AKS service plans like the v1 defaults', () => {
    const conv = fromV1ServiceDocument({ name: 'tiny', computeType: 'AKS', imageDetails: { imageLocation: 'r.azurecr.io/tiny:1' }, scoringTimeoutMs: null, autoScaler: null, kvTags: null });
    const svc = conv.services[0];
    if (svc.kind !== 'webservice') throw new Error('web service expected');
    expect(svc.props).toEqual({ name: 'tiny', image: 'r.azurecr.io/tiny:1' });
    expect(planWebservice(svc.props).objects).toEqual(planWebservice({ name: 'tiny', image: 'r.azurecr.io/tiny:1' }).objects);
    expect(conv.warnings).toEqual([]);
  });

  test('the ARM envelope is removed; props paths name properties.*', () => {
    const conv = fromV1ServiceDocument(armBody(), { image: 'r.azurecr.io/s:1' });
    expect(conv.documentKind).toBe('arm');
    const svc = conv.services[0];
    if (svc.kind !== 'webservice') throw new Error('web service expected');
    expect(svc.name).toBe('service123');
    expect(svc.sources).toMatchObject({ cpuCores: 'properties.containerResourceRequirements.cpu', timeoutSeconds: 'properties.livenessProbeRequirements.timeoutSeconds', entryScript: 'properties.environmentImageRequest.driverProgram' });
    expect(svc.environment).toMatchObject({ name: 'AzureML-Scikit-learn-0.20.3', version: '3', driverProgram: 'score.py', baseImage: 'mcr.microsoft.com/azureml/base:openmpi3.1.2-ubuntu16.04', assets: ['aml://artifact/LocalUpload/200518T200218a1a8c0af/score.py'] });
    expect(conv.warnings.map((w) => w.id)).toEqual(['aks-ml:v1:registeredModelWithoutLocation']);
  });

  test('model locations: the options of ModelSource.fromRegisteredModels', () => {
    const url = 'https://mlstorage.blob.core.windows.net/azureml/LocalUpload/200518T200218a1a8c0af/sklearn_regression_model1.pkl';
    const conv = fromV1ServiceDocument(armBody(), { image: 'r.azurecr.io/s:1', models: { 'sklearn_regression_model1.pkl:2': url }, modelClientId: '00000000-0000-0000-0000-000000000002' });
    const svc = conv.services[0];
    if (svc.kind !== 'webservice') throw new Error('web service expected');
    expect(svc.registeredModels).toEqual({ models: [{ name: 'sklearn_regression_model1.pkl', version: 2, blobUrl: url }], clientId: '00000000-0000-0000-0000-000000000002' });
    expect(conv.warnings.map((w) => w.id)).not.toContain('aks-ml:v1:registeredModelWithoutLocation');
    if (typeof (ModelSource as unknown as Record<string, unknown>).fromRegisteredModels === 'function') {
      expect(svc.props.model?.modelDir).toBe('/var/azureml-app/azureml-models/sklearn_regression_model1.pkl/2');
    } else {
      expect(conv.warnings.map((w) => w.id)).toContain('aks-ml:v1:registeredModelsUnsupported');
    }
    // Without the client id: a problem.
    expect(problemsOf(() => fromV1ServiceDocument(armBody(), { image: 'r.azurecr.io/s:1', models: { 'sklearn_regression_model1.pkl:2': url } }))).toEqual([
      expect.stringContaining('properties.models: the model locations need the client id'),
    ]);
  });

  test('serialize() aliases: tags for kvTags, versionType for type; an endpoint as a versions map', () => {
    const doc = {
      name: 'ep', computeType: 'AKSENDPOINT', workspaceName: 'ws', tags: { a: '1' }, authEnabled: false, aadAuthEnabled: false,
      versions: {
        blue: { name: 'blue', imageDetails: { imageLocation: 'r.azurecr.io/ep:blue' }, trafficPercentile: 70, isDefault: true, versionType: 'Control', tags: { b: '2' } },
        green: { name: 'green', imageDetails: { imageLocation: 'r.azurecr.io/ep:green' }, trafficPercentile: 30, versionType: 'Treatment', authEnabled: true },
      },
    };
    const conv = fromV1ServiceDocument(doc);
    expect(conv.documentKind).toBe('serialize');
    const ep = conv.services[0];
    if (ep.kind !== 'endpoint') throw new Error('endpoint expected');
    expect(ep.props.authEnabled).toBe(false);
    expect(ep.props.versions.map((v) => [v.versionName, v.versionType, v.trafficPercentile, v.tags])).toEqual([
      ['blue', 'Control', 70, { a: '1', b: '2' }],
      ['green', 'Treatment', 30, { a: '1' }],
    ]);
    // A version that disagrees with the endpoint on an endpoint setting: the endpoint's is kept.
    expect(conv.warnings).toEqual([expect.objectContaining({ id: 'aks-ml:v1:versionSettingOfEndpoint', prop: 'versions.green.authEnabled' })]);
  });

  test('what cannot take effect warns: not Healthy, Event Hubs, FPGA, another scoring path', () => {
    const conv = fromV1ServiceDocument({
      name: 'w', computeType: 'AKS', state: 'Failed', imageDetails: { imageLocation: 'r.azurecr.io/w:1' },
      dataCollection: { eventHubEnabled: true, storageEnabled: false }, containerResourceRequirements: { cpu: 1, memoryInGB: 1, fpga: 1 },
      scoringUri: 'http://1.2.3.4/api/v1/service/other/score',
    });
    expect(conv.warnings.map((w) => [w.id, w.prop])).toEqual([
      ['aks-ml:v1:fpgaNotSupported', 'containerResourceRequirements.fpga'],
      ['aks-ml:v1:eventHubCollectionLost', 'dataCollection.eventHubEnabled'],
      ['aks-ml:v1:serviceNotHealthy', 'state'],
      ['aks-ml:v1:scoringPathChanged', 'scoringUri'],
    ]);
  });

  test('the image digest of serialize() pins the image', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const conv = fromV1ServiceDocument({ name: 'p', computeType: 'AKS', imageDigest: digest, imageDetails: { imageLocation: 'r.azurecr.io/p:1' } });
    expect(conv.services[0].kind === 'webservice' && conv.services[0].props.image).toBe(`r.azurecr.io/p:1@${digest}`);
  });

  test('every problem at once, each with its JSON path; YAML is read too', () => {
    const yaml = [
      '- name: a',
      '  computeType: ACI',
      '- name: b',
      '  computeType: AKS',
      '  containerResourceRequirements: { cpu: lots }',
      '- name: c',
      '  computeType: AKSENDPOINT',
      '  variants:',
      '    - { name: c1, type: Sometimes, imageDetails: { imageLocation: "r.azurecr.io/c:1" } }',
    ].join('\n');
    expect(problemsOf(() => fromV1ServiceDocument(yaml, { source: 'list.yml' }))).toEqual([
      expect.stringMatching(/^\[0\]\.computeType: "a" is "ACI"/),
      '[1].containerResourceRequirements.cpu: must be a number; received "lots".',
      expect.stringMatching(/^\[1\]\.imageDetails\.imageLocation: web service "b" has no image/),
      '[2].variants[0].type: must be "Control" or "Treatment"; received "Sometimes".',
    ]);
    expect(problemsOf(() => fromV1ServiceDocument([]))).toEqual(['the document lists no services (an empty list).']);
    expect(problemsOf(() => fromV1ServiceDocument({ name: 'e', computeType: 'AKSENDPOINT' }))).toEqual([expect.stringContaining('versions: endpoint "e" has no versions')]);
  });
});

describe('v1ServiceDockerfile', () => {
  test('user-managed dependencies: no conda environment, a warning; invalid variable names left out', () => {
    const d = v1ServiceDockerfile({ userManagedDependencies: true, environmentVariables: { OK_1: 'a b', 'bad-name': 'x' }, assets: [] }, { name: 's' });
    expect(d.files.map((f) => f.name)).toEqual(['Dockerfile']);
    expect(d.files[0].content).toContain('ENV OK_1="a b"');
    expect(d.files[0].content).not.toContain('bad-name');
    expect(d.warnings.map((w) => w.id)).toEqual(['aks-ml:v1:userManagedDependencies', 'aks-ml:v1:environmentVariableName']);
  });
});
