/**
 * Where the model files come from. The scoring container finds them at
 * `AZUREML_MODEL_DIR`, as with Azure ML v1.
 */

import type { WorkloadIdentity } from '../identity/workload-identity';

/** Default model directory inside the container (the Azure ML inference images' path). */
export const DEFAULT_MODEL_DIR = '/var/azureml-app/azureml-models';

export interface BlobModelOptions {
  /** The storage account name. */
  readonly storageAccount: string;
  /** The blob container that holds the model. */
  readonly container: string;
  /**
   * The folder (blob prefix) of the model inside the container.
   * @default - the whole container
   */
  readonly path?: string;
  /**
   * The client id of an existing user-assigned managed identity that may read the
   * blobs (Azure Workload Identity): the same as `identity:
   * WorkloadIdentity.fromClientId(clientId)`: the Blob CSI volume's `clientID`, or,
   * when the model is downloaded, the service account's `azure.workload.identity/client-id`.
   * Give `clientId` or `identity`.
   * @default - the client id of `identity`
   */
  readonly clientId?: string;
  /**
   * The identity that reads the blobs: `WorkloadIdentity.create({ ... })` has the
   * library create it, its federated credential and its Storage Blob Data Reader
   * assignment on the container; `WorkloadIdentity.fromClientId(id)` names an existing
   * one. Give `clientId` or `identity`.
   * @default - WorkloadIdentity.fromClientId(clientId)
   */
  readonly identity?: WorkloadIdentity;
  /**
   * The resource group of the storage account (needed by the Blob CSI driver when the
   * account is not in the cluster's node resource group, and by a created identity's
   * role assignment, whose scope is the container).
   * @default - the cluster's node resource group (required with WorkloadIdentity.create())
   */
  readonly resourceGroup?: string;
  /**
   * The image of the init container that downloads the model when
   * `blobfuseEnabled` is false (it needs the Azure CLI).
   * @default 'mcr.microsoft.com/azure-cli:2.67.0'
   */
  readonly downloaderImage?: string;
}

/** A model registered in an Azure ML workspace (v1 `Model`), and where its files are. */
export interface RegisteredModel {
  /**
   * The registered name (v1 `Model.name`): 1 to 255 letters, digits, "-", "." and "_",
   * starting with a letter or digit.
   */
  readonly name: string;
  /** The registered version (v1 `Model.version`): a whole number from 1. */
  readonly version: number;
  /**
   * The folder that holds the model's files, as a blob URL:
   * `https://<account>.blob.core.windows.net/<container>/<folder>`. Its content
   * appears under `/var/azureml-app/azureml-models/<name>/<version>/`, as v1 laid it
   * out: for a model registered from `model.pkl`, the folder that holds `model.pkl`.
   * In Pulumi, `lookupRegisteredModel` finds it in the workspace.
   */
  readonly blobUrl: string;
}

export interface RegisteredModelsOptions {
  /** The models, each mounted (or downloaded) under `azureml-models/<name>/<version>/`. */
  readonly models: readonly RegisteredModel[];
  /**
   * The client id of the user-assigned managed identity that may read the blobs
   * (Azure Workload Identity), as for `fromBlobStorage`.
   */
  readonly clientId: string;
  /**
   * The resource group of the storage accounts (needed by the Blob CSI driver when an
   * account is not in the cluster's node resource group).
   * @default - the cluster's node resource group
   */
  readonly resourceGroup?: string;
  /**
   * The image of the init container that downloads the models when
   * `blobfuseEnabled` is false (it needs the Azure CLI).
   * @default 'mcr.microsoft.com/azure-cli:2.67.0'
   */
  readonly downloaderImage?: string;
}

/** A registered model's blob URL, split. */
export interface ModelBlobLocation {
  readonly storageAccount: string;
  readonly container: string;
  /** The folder inside the container, without leading or trailing "/" ("" for the whole container). */
  readonly folder: string;
}

/** v1's model name rule (azureml-core `_model_management/_util.py`, `model_name_validation`). */
export const MODEL_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-._]{0,254}$/;

const BLOB_URL = /^https:\/\/([a-z0-9]{3,24})\.blob\.core\.windows\.net\/([^/]+)(?:\/(.*))?$/;
const CONTAINER_NAME = /^[a-z0-9](?!.*--)[-a-z0-9]{1,61}[a-z0-9]$/;
/** Folder characters the Blob CSI driver and blobfuse2 take in `--subdirectory` (and a shell word needs no quoting for). */
const FOLDER_SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * Splits a registered model's blob URL, or says what is wrong with it (the rule,
 * for a problem line).
 */
export function parseModelBlobUrl(url: unknown): ModelBlobLocation | { readonly problem: string } {
  const shape = 'must be a blob folder URL https://<account>.blob.core.windows.net/<container>/<folder> (the folder that holds the model\'s files)';
  if (typeof url !== 'string') return { problem: shape };
  if (url.includes('?') || url.includes('#')) return { problem: `${shape}, without a query (no SAS token: the workload identity reads the blobs)` };
  const m = BLOB_URL.exec(url);
  if (!m) return { problem: shape };
  if (!CONTAINER_NAME.test(m[2]!)) return { problem: `${shape}; "${m[2]}" is no blob container name (3 to 63 lowercase letters, digits and single "-")` };
  const folder = (m[3] ?? '').replace(/\/+$/, '');
  if (folder !== '') {
    const segments = folder.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..' || !FOLDER_SEGMENT.test(s)) || folder.length > 1024) {
      return {
        problem:
          `${shape}; its folder "${folder}" must be "/"-separated names of letters, digits, ".", "-" and "_" (no "." or ".." segment, no "%"-escapes), ` +
          'which the Blob CSI driver (blobfuse2 --subdirectory) and the download script take as they are',
      };
    }
  }
  return { storageAccount: m[1]!, container: m[2]!, folder };
}

/** Where v1 put a registered model: `/var/azureml-app/azureml-models/<name>/<version>`. */
export function registeredModelDir(name: string, version: number): string {
  return `${DEFAULT_MODEL_DIR}/${name}/${version}`;
}

/** The image that downloads a blob model when blobfuse is off. */
export const DEFAULT_DOWNLOADER_IMAGE = 'mcr.microsoft.com/azure-cli:2.67.0';

/** The kinds of model source. */
export enum ModelSourceKind {
  /** The model is part of the image. */
  IMAGE = 'image',
  /** The model is in Azure Blob Storage. */
  BLOB = 'blob',
  /** Models registered in an Azure ML workspace, laid out as v1 did. */
  REGISTERED = 'registered',
}

/** Where the model comes from. Use the static factories. */
export class ModelSource {
  /**
   * The model is baked into the image at `modelDir`.
   * @param modelDir the folder inside the image
   */
  public static inImage(modelDir: string = DEFAULT_MODEL_DIR): ModelSource {
    return new ModelSource(ModelSourceKind.IMAGE, { modelDir });
  }

  /**
   * The model is in Azure Blob Storage, read with the service's workload identity
   * (no storage keys in manifests). With `blobfuseEnabled` (the v1 default) it is
   * mounted read-only through the AKS Blob CSI driver; otherwise an init container
   * downloads it into an `emptyDir` before the server starts.
   */
  public static fromBlobStorage(options: BlobModelOptions): ModelSource {
    return new ModelSource(ModelSourceKind.BLOB, { modelDir: DEFAULT_MODEL_DIR, blob: { ...options } });
  }

  /**
   * Models registered in an Azure ML workspace, laid out as Azure ML v1 did: each under
   * `/var/azureml-app/azureml-models/<name>/<version>/`, with `AZUREML_MODEL_DIR` that
   * model's folder when there is one model and `/var/azureml-app/azureml-models` when
   * there are several (what the inference server and `Model.get_model_path` expect).
   * The blobs are read with the workload identity `clientId` (no storage keys in
   * manifests): with `blobfuseEnabled` (the v1 default) each model is a read-only Blob
   * CSI volume of its folder; otherwise an init container downloads them before the
   * server starts.
   */
  public static fromRegisteredModels(options: RegisteredModelsOptions): ModelSource {
    const models = Array.isArray(options?.models) ? options.models.map((m) => (m !== null && typeof m === 'object' ? { ...m } : m)) : options?.models;
    const one = Array.isArray(models) && models.length === 1 ? models[0] : undefined;
    const modelDir = one && typeof one.name === 'string' && typeof one.version === 'number'
      ? registeredModelDir(one.name, one.version)
      : DEFAULT_MODEL_DIR;
    return new ModelSource(ModelSourceKind.REGISTERED, { modelDir, registered: { ...options, models: models as RegisteredModel[] } });
  }

  private constructor(
    public readonly kind: ModelSourceKind,
    public readonly options: {
      readonly modelDir: string;
      readonly blob?: BlobModelOptions;
      readonly registered?: RegisteredModelsOptions;
    },
  ) {}

  /** The folder the server reads the model from (`AZUREML_MODEL_DIR`). */
  public get modelDir(): string {
    return this.options.modelDir;
  }
}
