import { readFileSync } from 'fs';
import { join } from 'path';
import { EXAMPLE_INFERENCE_IMAGE, isValidImageReference } from '../../../src/core/v1';
import { inferenceConfigToContainer, loadInferenceConfig, planWebservice } from 'aks-ml-constructs';
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
        prop: 'schemaFile',
        message: 'is an old image-configuration key (a schema file for the service); ignored (the v1 CLI ignored it too).',
      },
      {
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
        prop: 'baseImageRegistry.password',
        message:
          'is not kept: give the cluster pull access to the registry instead (attach the registry to AKS, or an image ' +
          'pull secret), and keep registry passwords out of config files.',
      },
      {
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
      { prop: 'condaFiles', message: 'unknown key, ignored (v1 ignored it too). Did you mean "condaFile"?' },
      { prop: 'sourceDir', message: 'unknown key, ignored (v1 ignored it too). Did you mean "sourceDirectory"?' },
      { prop: 'enableGPU', message: 'unknown key, ignored (v1 ignored it too). Did you mean "enableGpu"?' },
    ]);
    const q = loadInferenceConfig({ entryScript: 'score.py', enableGpu: 'False', cudaVersion: '11.0' });
    expect(q.enableGpu).toBe(false);
    expect(q.warnings).toEqual([
      { prop: 'enableGpu', message: 'the string "False" was read as false; write it without quotes.' },
      { prop: 'cudaVersion', message: 'has no effect without enableGpu: true (v1 ignored it too).' },
    ]);
  });

  test('the docs spelling extraDockerFileSteps is accepted, noting the v1 CLI read extraDockerfileSteps', () => {
    const r = loadInferenceConfig({ entryScript: 'score.py', extraDockerFileSteps: 'steps.txt' });
    expect(r.extraDockerFileSteps).toBe('steps.txt');
    expect(r.warnings).toEqual([
      {
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

describe('inferenceConfigToContainer', () => {
  test('variables the library sets itself are left out (with a warning), so the result spreads into props', () => {
    const ct = inferenceConfigToContainer(
      {
        entryScript: 'score.py',
        environment: { environmentVariables: { WORKER_COUNT: '8', AZUREML_ENTRY_SCRIPT: 'other.py', KEEP_ME: 'yes' } },
      },
      { image: 'contosoml.azurecr.io/fraud-scoring:3' },
    );
    expect(ct.env).toEqual({ KEEP_ME: 'yes' });
    expect(ct.warnings).toEqual([
      { prop: 'environment.environmentVariables.WORKER_COUNT', message: 'is ignored: aks-ml-constructs sets WORKER_COUNT itself (from replicaMaxConcurrentRequests).' },
      { prop: 'environment.environmentVariables.AZUREML_ENTRY_SCRIPT', message: 'is replaced by the entry script "score.py".' },
    ]);
    // Spreading the container into web service props passes the core's env rules.
    const plan = planWebservice({ name: 'fraud-scoring', image: ct.image, entryScript: ct.entryScript, env: ct.env });
    expect(plan.config.env).toEqual({ KEEP_ME: 'yes' });
  });

  test('an explicit image: the entry script is relative to sourceDirectory (AZUREML_ENTRY_SCRIPT)', () => {
    const ic = loadInferenceConfig(fixture('docs.json'));
    const ct = inferenceConfigToContainer(ic, { image: 'contosoml.azurecr.io/fraud-scoring:3' });
    expect(ct.image).toBe('contosoml.azurecr.io/fraud-scoring:3');
    expect(ct.entryScript).toBe('x/y/score.py');
    expect(ct.env).toEqual({});
    expect(ct.warnings).toEqual([
      {
        prop: 'image',
        message:
          'v1 built condaFile "env/myenv.yml", sourceDirectory "C:/abc" into its image; this library does not build ' +
          'images, so "contosoml.azurecr.io/fraud-scoring:3" must already contain the dependencies, and the source ' +
          "directory's files in /var/azureml-app (AML_APP_ROOT), where AZUREML_ENTRY_SCRIPT points.",
      },
    ]);
  });

  test('no image, only condaFile/sourceDirectory: building is out of scope, pass --image', () => {
    const ic = loadInferenceConfig(fixture('template.yml'));
    expect(configurationErrorOf(() => inferenceConfigToContainer(ic)).problems).toEqual([
      'no image to run: v1 built one from condaFile "conda_dependencies.yml" with its image builder. Building an image ' +
        'from condaFile/sourceDirectory is out of scope for this library: build and push an image (for example FROM ' +
        `${EXAMPLE_INFERENCE_IMAGE}, a prebuilt Azure ML inference image, with your conda dependencies installed and the ` +
        'source directory copied to /var/azureml-app), then pass it with --image (option image).',
    ]);
  });

  test('baseImage with spaces is not an image reference: the error says so', () => {
    const ic = loadInferenceConfig(fixture('base-image-spaces.json'));
    expect(configurationErrorOf(() => inferenceConfigToContainer(ic)).problems).toEqual([
      'baseImage is not a valid image reference: it contains spaces (without the spaces it would read ' +
        '"mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:20220601.v1"); pass the image to run with --image (option ' +
        'image); received "mcr.microsoft.com/azureml/openmpi 4.1.0-ubuntu 20.04:20220601.v1".',
    ]);
    const ct = inferenceConfigToContainer(ic, { image: 'contosoml.azurecr.io/sales:1' });
    expect(ct.image).toBe('contosoml.azurecr.io/sales:1');
    expect(ct.entryScript).toBe('SalesScoring.py');
    expect(ct.warnings.map((w) => w.prop)).toEqual(['baseImage', 'image']);
  });

  test('baseImage is prefixed with the registry address and run as the image, with a warning', () => {
    const ic = loadInferenceConfig(fixture('base-image-registry.yml'));
    const ct = inferenceConfigToContainer(ic);
    expect(ct.image).toBe('contosoml.azurecr.io/scoring/claims-inference:2024.1');
    expect(ct.entryScript).toBe('src/score.py');
    expect(ct.env).toEqual({});
    expect(ct.warnings[0]).toEqual({
      prop: 'baseImage',
      message:
        '"contosoml.azurecr.io/scoring/claims-inference:2024.1" is run as the service image. v1 only built on it ' +
        '(adding the conda environment, the Azure ML inference server and the source directory), so it must already ' +
        'contain all of them.',
    });
    // An address already in the image is not added twice.
    expect(
      inferenceConfigToContainer({ entryScript: 'score.py', baseImage: 'contosoml.azurecr.io/a:1', baseImageRegistry: { address: 'contosoml.azurecr.io' } }).image,
    ).toBe('contosoml.azurecr.io/a:1');
  });

  test('an inline environment: its docker base image and its environment variables', () => {
    const ic = loadInferenceConfig(fixture('inline-environment.json'));
    const ct = inferenceConfigToContainer(ic);
    expect(ct.image).toBe('mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04');
    expect(ct.entryScript).toBe('score.py');
    expect(ct.env).toEqual({ MODEL_NAME: 'iris', BATCH_SIZE: '32' });
    expect(ct.warnings[0].prop).toBe('environment.docker.baseImage');
    expect(ct.warnings[0].message).toContain(
      `this Azure ML base image does not contain the inference server: build an image from it, or from ${EXAMPLE_INFERENCE_IMAGE}, and pass it as image.`,
    );
  });

  test('entry script paths: normalised, basename without sourceDirectory, errors for absolute and missing', () => {
    expect(inferenceConfigToContainer({ entryScript: '.\\scoring\\score.py', sourceDirectory: '.' }, { image: 'a/b:1' }).entryScript).toBe(
      'scoring/score.py',
    );
    const noDir = inferenceConfigToContainer({ entryScript: 'code/scoring/score.py' }, { image: 'a/b:1' });
    expect(noDir.entryScript).toBe('score.py');
    expect(noDir.warnings).toEqual([
      { prop: 'entryScript', message: 'has no sourceDirectory: v1 copied only the script into the image, so it runs as "score.py".' },
    ]);
    const prefixed = inferenceConfigToContainer({ entryScript: 'code/scoring/score.py', sourceDirectory: 'code/scoring' }, { image: 'a/b:1' });
    expect(prefixed.entryScript).toBe('code/scoring/score.py');
    expect(prefixed.warnings[0].message).toBe(
      'starts with sourceDirectory "code/scoring": v1 read entryScript relative to sourceDirectory, so it points to ' +
        '"code/scoring/code/scoring/score.py". If you meant "score.py", remove the prefix.',
    );
    expect(configurationErrorOf(() => inferenceConfigToContainer({ entryScript: '/app/score.py' }, { image: 'not an image' })).problems).toEqual([
      'image is not a valid image reference: it contains spaces; received "not an image".',
      'entryScript must be a path relative to sourceDirectory, not an absolute path; received "/app/score.py".',
    ]);
    expect(configurationErrorOf(() => inferenceConfigToContainer({}, { image: 'a/b:1' })).problems).toEqual([
      'entryScript is required: the scoring script with init() and run(), relative to sourceDirectory; received undefined.',
    ]);
    expect(configurationErrorOf(() => inferenceConfigToContainer({ entryScript: '../score.py', sourceDirectory: 'src' }, { image: 'a/b:1' })).problems).toEqual([
      'entryScript must be a file inside sourceDirectory; received "../score.py".',
    ]);
  });

  test('isValidImageReference', () => {
    for (const ok of [
      'nginx',
      'nginx:1.25',
      'contosoml.azurecr.io/scoring/claims:2024.1',
      'localhost:5000/a/b',
      'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest',
      `a/b@sha256:${'0'.repeat(64)}`,
    ]) {
      expect(isValidImageReference(ok)).toBe(true);
    }
    for (const bad of ['', 'Nginx', 'a b', 'a/b:', 'mcr.microsoft.com/azureml/openmpi 4.1.0-ubuntu 20.04:20220601.v1', 'a//b']) {
      expect(isValidImageReference(bad)).toBe(false);
    }
  });
});
