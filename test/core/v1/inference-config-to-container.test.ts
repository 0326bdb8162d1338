import { readFileSync } from 'fs';
import { join } from 'path';
import { EXAMPLE_INFERENCE_IMAGE } from '../../../src/core/v1';
import { inferenceConfigToContainer, loadInferenceConfig, planWebservice } from 'aks-ml-constructs';
import { configurationErrorOf } from '../../support/errors';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/v1/inference', name), 'utf8');

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
      { id: 'aks-ml:v1:reservedVariableIgnored', prop: 'environment.environmentVariables.WORKER_COUNT', message: 'is ignored: aks-ml-constructs sets WORKER_COUNT itself (from replicaMaxConcurrentRequests).' },
      { id: 'aks-ml:v1:entryScriptVariableReplaced', prop: 'environment.environmentVariables.AZUREML_ENTRY_SCRIPT', message: 'is replaced by the entry script "score.py".' },
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
        id: 'aks-ml:v1:imageNotBuilt',
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
      id: 'aks-ml:v1:baseImageRunAsService',
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
      { id: 'aks-ml:v1:entryScriptWithoutSourceDirectory', prop: 'entryScript', message: 'has no sourceDirectory: v1 copied only the script into the image, so it runs as "score.py".' },
    ]);
    const prefixed = inferenceConfigToContainer({ entryScript: 'code/scoring/score.py', sourceDirectory: 'code/scoring' }, { image: 'a/b:1' });
    expect(prefixed.entryScript).toBe('code/scoring/score.py');
    expect(prefixed.warnings[0].message).toBe(
      'starts with sourceDirectory "code/scoring": v1 read entryScript relative to sourceDirectory, so it points to ' +
        '"code/scoring/code/scoring/score.py". If you meant "score.py", remove the prefix.',
    );
    // An absolute entry script is refused with a sourceDirectory; without one, v1 copied the script
    // alone and ran its basename (a real inference config has entryScript "/scripts/score.py"; refused
    // before issue 13).
    expect(configurationErrorOf(() => inferenceConfigToContainer({ entryScript: '/app/score.py', sourceDirectory: 'src' }, { image: 'not an image' })).problems).toEqual([
      'image is not a valid image reference: it contains spaces; received "not an image".',
      'entryScript must be a path relative to sourceDirectory, not an absolute path; received "/app/score.py".',
    ]);
    const absolute = inferenceConfigToContainer({ entryScript: '/scripts/score.py' }, { image: 'a/b:1' });
    expect(absolute.entryScript).toBe('score.py');
    expect(absolute.warnings).toEqual([
      { id: 'aks-ml:v1:entryScriptWithoutSourceDirectory', prop: 'entryScript', message: 'has no sourceDirectory: v1 copied only the script into the image, so it runs as "score.py".' },
    ]);
    expect(configurationErrorOf(() => inferenceConfigToContainer({}, { image: 'a/b:1' })).problems).toEqual([
      'entryScript is required: the scoring script with init() and run(), relative to sourceDirectory; received undefined.',
    ]);
    expect(configurationErrorOf(() => inferenceConfigToContainer({ entryScript: '../score.py', sourceDirectory: 'src' }, { image: 'a/b:1' })).problems).toEqual([
      'entryScript must be a file inside sourceDirectory; received "../score.py".',
    ]);
  });
});
