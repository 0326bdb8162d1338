import { readFileSync } from 'fs';
import { join } from 'path';
import { ConfigurationError, loadInferenceConfig } from 'aks-ml-constructs';
import { configurationErrorOf } from '../../support/errors';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/v1/inference', name), 'utf8');

const withoutWarnings = <T extends { warnings: unknown }>(r: T): Omit<T, 'warnings'> => {
  const { warnings: _w, ...rest } = r;
  return rest;
};

describe('loadInferenceConfig', () => {
  test('the docs example: JSON with a trailing comma is read as YAML, as PyYAML read it', () => {
    const r = loadInferenceConfig(fixture('docs.json'));
    expect(withoutWarnings(r)).toEqual({
      entryScript: 'x/y/score.py',
      runtime: 'python',
      condaFile: 'env/myenv.yml',
      sourceDirectory: 'C:/abc',
      format: 'yaml',
    });
    expect(r.warnings).toEqual([]);
  });

  test('the YAML template: blank values are null, and null leaves a setting unset', () => {
    const r = loadInferenceConfig(fixture('template.yml'));
    expect(withoutWarnings(r)).toEqual({
      entryScript: 'score.py',
      runtime: 'python',
      condaFile: 'conda_dependencies.yml',
      enableGpu: false,
      format: 'yaml',
    });
    expect(r.warnings).toEqual([]);
  });

  test('JSON saved as .yml, with CRLF and no final newline, and the old key "dependencies": null', () => {
    const text = fixture('json-in-yml.yml').replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    expect(text.endsWith('}')).toBe(true);
    const r = loadInferenceConfig(text, { source: 'inference_config.yml' });
    expect(withoutWarnings(r)).toEqual({
      entryScript: 'score.py',
      runtime: 'python',
      condaFile: 'conda_dependencies.yml',
      enableGpu: false,
      format: 'json',
    });
    expect(r.warnings).toEqual([]);
  });

  test('old image-configuration keys with values are ignored with a warning', () => {
    const r = loadInferenceConfig(fixture('old-dependencies.yml'));
    expect(r.entryScript).toBe('score.py');
    expect(r.warnings).toEqual([
      {
        id: 'aks-ml:v1:retiredKey',
        prop: 'schemaFile',
        message: 'is an old image-configuration key (a schema file for the service); ignored (the v1 CLI ignored it too).',
      },
      {
        id: 'aks-ml:v1:retiredKey',
        prop: 'dependencies',
        message:
          'is the old image-configuration key for extra files to copy into the image; ignored (the v1 CLI ignored it ' +
          'too): put the files in sourceDirectory, and in the image you deploy.',
      },
    ]);
  });

  test('an inline environment object (with a trailing comma) is kept', () => {
    const r = loadInferenceConfig(fixture('inline-environment.json'));
    expect(r.format).toBe('yaml');
    expect(r.entryScript).toBe('score.py');
    expect(r.sourceDirectory).toBe('./code/deploy');
    expect(r.environment).toMatchObject({
      name: 'iris-env',
      docker: { baseImage: 'mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04' },
      environmentVariables: { MODEL_NAME: 'iris', BATCH_SIZE: 32 },
    });
    expect((r.environment as any).python.condaDependencies.dependencies).toEqual([
      'python=3.8.2',
      { pip: ['azureml-defaults==1.40.0', 'inference-schema'] },
      'scikit-learn=0.22.2',
    ]);
  });

  test('registry, GPU and CUDA settings: the password is not kept, GPU notes are warnings', () => {
    const r = loadInferenceConfig(fixture('base-image-registry.yml'));
    expect(withoutWarnings(r)).toEqual({
      entryScript: 'src/score.py',
      runtime: 'Python',
      sourceDirectory: './scoring',
      baseImage: 'scoring/claims-inference:2024.1',
      baseImageRegistry: { address: 'https://contosoml.azurecr.io/', username: 'contosoml' },
      enableGpu: true,
      cudaVersion: '10.0',
      description: 'Claims scoring image',
      format: 'yaml',
    });
    expect(r.warnings).toEqual([
      {
        id: 'aks-ml:v1:registryPasswordDropped',
        prop: 'baseImageRegistry.password',
        message:
          'is not kept: give the cluster pull access to the registry instead (attach the registry to AKS, or an image ' +
          'pull secret), and keep registry passwords out of config files.',
      },
      {
        id: 'aks-ml:v1:gpuBaseImageNotBuilt',
        prop: 'enableGpu',
        message:
          'made v1 build on a CUDA base image (CUDA 10.0). Here the image you deploy must contain the CUDA libraries ' +
          'itself, and GPUs are requested with gpuCores in the deployment config.',
      },
    ]);
  });

  test('unknown keys warn with the nearest known key; quoted booleans are coerced', () => {
    const r = loadInferenceConfig(fixture('typo-keys.yml'));
    expect(withoutWarnings(r)).toEqual({ entryScript: 'score.py', runtime: 'python', format: 'yaml' });
    expect(r.warnings).toEqual([
      { id: 'aks-ml:v1:unknownKey', prop: 'condaFiles', message: 'unknown key, ignored (v1 ignored it too). Did you mean "condaFile"?' },
      { id: 'aks-ml:v1:unknownKey', prop: 'sourceDir', message: 'unknown key, ignored (v1 ignored it too). Did you mean "sourceDirectory"?' },
      { id: 'aks-ml:v1:unknownKey', prop: 'enableGPU', message: 'unknown key, ignored (v1 ignored it too). Did you mean "enableGpu"?' },
    ]);
    const q = loadInferenceConfig({ entryScript: 'score.py', enableGpu: 'False', cudaVersion: '11.0' });
    expect(q.enableGpu).toBe(false);
    expect(q.warnings).toEqual([
      { id: 'aks-ml:v1:valueCoerced', prop: 'enableGpu', message: 'the string "False" was read as false; write it without quotes.' },
      { id: 'aks-ml:v1:cudaVersionWithoutGpu', prop: 'cudaVersion', message: 'has no effect without enableGpu: true (v1 ignored it too).' },
    ]);
  });

  test('the docs spelling extraDockerFileSteps is accepted, noting the v1 CLI read extraDockerfileSteps', () => {
    const r = loadInferenceConfig({ entryScript: 'score.py', extraDockerFileSteps: 'steps.txt' });
    expect(r.extraDockerFileSteps).toBe('steps.txt');
    expect(r.warnings).toEqual([
      {
        id: 'aks-ml:v1:extraDockerFileStepsIgnored',
        prop: 'extraDockerFileSteps',
        message: 'is spelled as in the v1 docs; the v1 CLI only read "extraDockerfileSteps" (lower-case f), so v1 ignored it.',
      },
    ]);
    expect(loadInferenceConfig({ extraDockerfileSteps: 'steps.txt' }).extraDockerFileSteps).toBe('steps.txt');
  });

  test('a docstring before the YAML fails clearly', () => {
    expect(configurationErrorOf(() => loadInferenceConfig(fixture('docstring.yml'), { source: 'inferenceConfig.yml' })).message).toBe(
      'Invalid configuration for inference config "inferenceConfig.yml": 1 problem\n' +
        '  - line 1, column 1: the file starts with a Python docstring ("""..."""), which is not YAML; PyYAML, and so ' +
        'the v1 CLI, could not read it either. Turn the docstring into comment lines starting with "#" (or delete it), ' +
        'then load the file again.',
    );
  });

  test('type problems are reported together; a deployment config is recognised', () => {
    expect(configurationErrorOf(() => loadInferenceConfig({ entryScript: ['score.py'], runtime: 'r', enableGpu: 'sometimes', environment: 'env' })).problems).toEqual([
      'entryScript must be a string; received ["score.py"].',
      'enableGpu must be true or false; received "sometimes".',
      'environment must be an Azure ML Environment definition (an object); received "env".',
      'runtime must be "python" (v1 also knew "spark-py"); received "r".',
    ]);
    expect(configurationErrorOf(() => loadInferenceConfig('computeType: AKS\nauthEnabled: True\n')).problems).toEqual([
      'this looks like a deployment config (it has "computeType", "authEnabled"), not an inference config; load it with loadDeploymentConfig.',
    ]);
  });
});

describe('loadInferenceConfig: a wrong-format message never hides the real problems (issue 13)', () => {
  test('a deployment config loaded as an inference config: the format and the type problems together', () => {
    let error: ConfigurationError | undefined;
    try {
      loadInferenceConfig({ computeType: 'AKS', enableGpu: 'maybe' });
    } catch (e) {
      error = e as ConfigurationError;
    }
    expect(error?.problems).toEqual([
      'this looks like a deployment config (it has "computeType"), not an inference config; load it with loadDeploymentConfig.',
      'enableGpu must be true or false; received "maybe".',
    ]);
  });

  test('duplicate keys warn (the last one wins)', () => {
    const r = loadInferenceConfig('entryScript: a.py\nentryScript: score.py\n');
    expect(r.entryScript).toBe('score.py');
    expect(r.warnings.map((w) => [w.id, w.prop])).toEqual([['aks-ml:v1:duplicateKey', 'entryScript']]);
  });
});
