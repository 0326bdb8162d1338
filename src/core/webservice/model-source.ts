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
   * WorkloadIdentity.fromClientId(clientId)`. The service account of the service is
   * annotated with it. Give `clientId` or `identity`.
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

/** The image that downloads a blob model when blobfuse is off. */
export const DEFAULT_DOWNLOADER_IMAGE = 'mcr.microsoft.com/azure-cli:2.67.0';

/** The kinds of model source. */
export enum ModelSourceKind {
  /** The model is part of the image. */
  IMAGE = 'image',
  /** The model is in Azure Blob Storage. */
  BLOB = 'blob',
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

  private constructor(
    public readonly kind: ModelSourceKind,
    public readonly options: { readonly modelDir: string; readonly blob?: BlobModelOptions },
  ) {}

  /** The folder the server reads the model from (`AZUREML_MODEL_DIR`). */
  public get modelDir(): string {
    return this.options.modelDir;
  }
}
