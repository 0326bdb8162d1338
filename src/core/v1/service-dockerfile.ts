/**
 * The Dockerfile of the image v1 built for an environment-based service: an Azure ML
 * inference base image, the conda environment, the environment variables and the
 * source files, laid out as v1 laid them out (`/var/azureml-app`).
 */
import { stringify } from 'yaml';
import type { ConfigurationWarning } from '../errors';
import type { V1ServiceEnvironment } from './service-document';

/**
 * The Azure ML inference base image the Dockerfile starts from, pinned (a tag Azure
 * ML itself wrote into the Dockerfiles it generated). It runs the inference server
 * under runit as `dockeruser`, with the app root `/var/azureml-app`.
 */
export const INFERENCE_BASE_IMAGE = 'mcr.microsoft.com/azureml/minimal-ubuntu20.04-py38-cpu-inference:20230518.v1';

/** Options of {@link v1ServiceDockerfile}. */
export interface V1ServiceDockerfileOptions {
  /** The service (or version) name, for the comments. */
  readonly name: string;
  /**
   * The folder, next to the Dockerfile, holding the source files (v1's source directory).
   * @default 'source'
   */
  readonly sourceDir?: string;
  /**
   * The base image.
   * @default INFERENCE_BASE_IMAGE
   */
  readonly baseImage?: string;
  /** Where the environment came from (a file name), for the comments. */
  readonly source?: string;
}

/** The files {@link v1ServiceDockerfile} makes. */
export interface V1ServiceDockerfile {
  /** The files to write next to each other: `Dockerfile`, and `conda_dependencies.yml` when there is a conda environment. */
  readonly files: Array<{ readonly name: string; readonly content: string }>;
  /** Things to check before building (no inference server in the dependencies, a base image that was not an inference image...). */
  readonly warnings: ConfigurationWarning[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function dockerQuote(v: string): string {
  return JSON.stringify(v).replace(/\$/g, '\\$');
}

/** Whether the conda specification installs the Azure ML inference server. */
function hasInferenceServer(conda: Record<string, unknown>): boolean {
  const text = JSON.stringify(conda);
  return /azureml-inference-server-http|azureml-defaults/.test(text);
}

/**
 * The Dockerfile (and conda file) of the image v1 built from a service's environment.
 * The source files are not in the service document (only their `aml://` URLs): put
 * them in `sourceDir` before building.
 */
export function v1ServiceDockerfile(environment: V1ServiceEnvironment, options: V1ServiceDockerfileOptions): V1ServiceDockerfile {
  const warnings: ConfigurationWarning[] = [];
  const sourceDir = options.sourceDir ?? 'source';
  const base = options.baseImage ?? INFERENCE_BASE_IMAGE;
  const lines: string[] = [
    `# The image Azure ML v1 built for ${JSON.stringify(options.name)}${environment.name ? ` (environment ${environment.name}${environment.version ? `:${environment.version}` : ''})` : ''}${options.source ? `, from ${options.source}` : ''}.`,
    '# Build it with ACR Tasks: az acr build --registry <registry> --image <repository>:<tag> .',
    `ARG BASE_IMAGE=${base}`,
    'FROM ${BASE_IMAGE}',
    '',
  ];
  const files: Array<{ name: string; content: string }> = [];
  const conda = environment.condaDependencies;
  if (conda && !environment.userManagedDependencies) {
    const envName = typeof conda.name === 'string' && /^[\w.-]+$/.test(conda.name) ? conda.name : 'v1-environment';
    files.push({ name: 'conda_dependencies.yml', content: stringify(conda, { lineWidth: 0 }) });
    lines.push(
      '# The conda environment of the v1 environment (python.condaDependencies), first on PATH as in v1 images.',
      `ENV AZUREML_CONDA_ENVIRONMENT_PATH=/azureml-envs/${envName}`,
      'USER root',
      'COPY conda_dependencies.yml /tmp/conda_dependencies.yml',
      'RUN conda env create -p $AZUREML_CONDA_ENVIRONMENT_PATH -f /tmp/conda_dependencies.yml -q && \\',
      '    rm /tmp/conda_dependencies.yml && conda clean -a -y',
      'ENV PATH=$AZUREML_CONDA_ENVIRONMENT_PATH/bin:$PATH',
      'ENV LD_LIBRARY_PATH=$AZUREML_CONDA_ENVIRONMENT_PATH/lib:$LD_LIBRARY_PATH',
      '',
    );
    if (!hasInferenceServer(conda)) {
      warnings.push({
        id: 'aks-ml:v1:condaWithoutInferenceServer',
        prop: 'environment.python.condaDependencies',
        message: 'installs neither azureml-inference-server-http nor azureml-defaults: the image\'s server runs from this environment, so add azureml-inference-server-http to its pip dependencies.',
      });
    }
  } else {
    lines.push('USER root', '');
    if (environment.userManagedDependencies) {
      warnings.push({
        id: 'aks-ml:v1:userManagedDependencies',
        prop: 'environment.python.userManagedDependencies',
        message: 'is true: v1 built no conda environment and ran the base image\'s Python; install your dependencies in the image yourself.',
      });
    }
  }
  if (environment.baseImage && !/inference/.test(environment.baseImage)) {
    warnings.push({
      id: 'aks-ml:v1:baseImageReplaced',
      prop: 'environment.docker.baseImage',
      message: `${JSON.stringify(environment.baseImage)} is a training base image (v1 added its inference stack on top); the Dockerfile starts from ${base}, which has the inference server.`,
    });
  }
  const env = Object.entries(environment.environmentVariables).filter(([k]) => ENV_NAME.test(k));
  for (const [k] of Object.entries(environment.environmentVariables).filter(([x]) => !ENV_NAME.test(x))) {
    warnings.push({ id: 'aks-ml:v1:environmentVariableName', prop: `environment.environmentVariables.${k}`, message: 'is not a valid variable name for ENV; left out of the Dockerfile.' });
  }
  if (env.length > 0) {
    lines.push('# environment.environmentVariables (the manifests set them too).');
    for (const [k, v] of env) lines.push(`ENV ${k}=${dockerQuote(v)}`);
    lines.push('');
  }
  lines.push(
    `# The source files v1 copied into the image (put them in ${sourceDir}/${environment.assets.length > 0 ? `: ${environment.assets.map((a) => a.replace(/^.*\//, '')).join(', ')}` : ''}).`,
    `COPY ${sourceDir}/ /var/azureml-app/`,
    ...(environment.driverProgram ? [`ENV AZUREML_ENTRY_SCRIPT=${dockerQuote(environment.driverProgram.replace(/^\.?\//, ''))}`] : []),
    'USER dockeruser',
    '',
  );
  files.unshift({ name: 'Dockerfile', content: lines.join('\n') });
  return { files, warnings };
}
