/**
 * Where a registered model's files are, looked up in its Azure ML workspace with
 * azure-native: the model version's `modelUri` (`machinelearningservices.getModelVersion`),
 * and, for a datastore URI, the datastore's storage account and container
 * (`machinelearningservices.getDatastore`).
 *
 * Models registered with SDK v1 are listed by the workspace's model versions API
 * ("Models created from v1 can be used in v2": Microsoft's upgrade guide,
 * `articles/machine-learning/how-to-migrate-from-v1.md`); the v1 Model Management API
 * (`/modelmanagement/v1.0/.../models`) has no ARM resource, so azure-native cannot read it.
 */
import type * as machinelearningservices from '@pulumi/azure-native/machinelearningservices';
import type { RegisteredModel } from '../core/webservice/model-source';
import { AZURE_NATIVE_INSTALL, AZURE_NATIVE_PACKAGE } from './cluster-azure-native';

/** Which registered model to look up. */
export interface LookupRegisteredModelArgs {
  /** The resource group of the Azure ML workspace. */
  readonly resourceGroupName: string;
  /** The Azure ML workspace the model is registered in. */
  readonly workspaceName: string;
  /** The registered name (v1 `Model.name`). */
  readonly name: string;
  /** The registered version (v1 `Model.version`). */
  readonly version: number;
}

/** The two azure-native functions the lookup calls. */
interface RegisteredModelLookupFunctions {
  readonly getModelVersion: typeof machinelearningservices.getModelVersion;
  readonly getDatastore: typeof machinelearningservices.getDatastore;
}

function loadMachineLearningServices(): RegisteredModelLookupFunctions {
  try {
    return require('@pulumi/azure-native/machinelearningservices');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes(AZURE_NATIVE_PACKAGE)) throw e;
    throw new Error(`lookupRegisteredModel needs the package ${AZURE_NATIVE_PACKAGE}, which is not installed: run \`${AZURE_NATIVE_INSTALL}\`.`);
  }
}

const DATASTORE_URI = /^azureml:\/\/(?:subscriptions\/([^/]+)\/resource[Gg]roups\/([^/]+)\/(?:providers\/Microsoft\.MachineLearningServices\/)?workspaces\/([^/]+)\/)?datastores\/([^/]+)\/paths\/(.+)$/;
const BLOB_URI = /^https:\/\/([a-z0-9]{3,24})\.blob\.core\.windows\.net\/([^/?#]+)\/([^?#]+)$/;

/**
 * The folder of a model's files: the parent of the registered file or folder, which v1
 * put under `azureml-models/<name>/<version>/` by its last name.
 */
function parentFolder(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash);
}

function blobFolderUrl(account: string, container: string, folder: string): string {
  return `https://${account}.blob.core.windows.net/${container}${folder ? `/${folder}` : ''}`;
}

/**
 * Looks up where a registered model's files are, for `ModelSource.fromRegisteredModels`:
 *
 * ```ts
 * const fraud = await lookupRegisteredModel({ resourceGroupName: 'ml-rg', workspaceName: 'ml-ws', name: 'fraud', version: 3 });
 * new AksWebservice('fraud', { image, model: ModelSource.fromRegisteredModels({ models: [fraud], clientId }) });
 * ```
 *
 * The model version's `modelUri` names the registered file or folder (a datastore path,
 * `azureml://…/datastores/<datastore>/paths/<path>`, or a blob URL); the model's
 * `blobUrl` is its parent folder, so the file or folder appears under
 * `azureml-models/<name>/<version>/` by its own name, as v1 laid it out. Everything else
 * in that folder appears there too. A URI of another kind (a job output, an MLflow
 * `runs:/` URI) or a datastore that is not Blob Storage in the public cloud is refused
 * with an Error naming it: give that model's `blobUrl` yourself.
 *
 * The lookup runs when the program runs (`pulumi preview` and `up`), with the
 * credentials of the azure-native provider; the identity that reads the blobs at run
 * time is `clientId`'s.
 */
export async function lookupRegisteredModel(args: LookupRegisteredModelArgs): Promise<RegisteredModel> {
  const functions = loadMachineLearningServices();
  const id = `registered model ${args.name}:${args.version} of workspace ${args.workspaceName}`;
  const mv = await functions.getModelVersion({
    resourceGroupName: args.resourceGroupName,
    workspaceName: args.workspaceName,
    name: args.name,
    version: String(args.version),
  });
  const uri = mv.properties?.modelUri;
  if (typeof uri !== 'string' || uri === '') throw new Error(`${id}: the workspace lists no modelUri for it; give its blobUrl yourself.`);
  const blob = BLOB_URI.exec(uri);
  if (blob) return { name: args.name, version: args.version, blobUrl: blobFolderUrl(blob[1]!, blob[2]!, parentFolder(blob[3]!)) };
  const ds = DATASTORE_URI.exec(uri);
  if (!ds) {
    throw new Error(
      `${id}: its modelUri "${uri}" is not a datastore path (azureml://…/datastores/<name>/paths/<path>) or a blob URL; ` +
        'find the blob folder that holds its files and give its blobUrl yourself.',
    );
  }
  const store = await functions.getDatastore({
    resourceGroupName: ds[2] ?? args.resourceGroupName,
    workspaceName: ds[3] ?? args.workspaceName,
    name: ds[4]!,
  });
  const p = store.properties as { datastoreType?: string; accountName?: string; containerName?: string; endpoint?: string };
  if (p?.datastoreType !== 'AzureBlob' || !p.accountName || !p.containerName) {
    throw new Error(`${id}: its datastore "${ds[4]}" is of type ${String(p?.datastoreType)}, not AzureBlob; give its blobUrl yourself.`);
  }
  if (p.endpoint && p.endpoint !== 'core.windows.net') {
    throw new Error(`${id}: its datastore "${ds[4]}" is in another cloud (endpoint ${p.endpoint}); only Blob Storage at core.windows.net is mounted.`);
  }
  return { name: args.name, version: args.version, blobUrl: blobFolderUrl(p.accountName, p.containerName, parentFolder(ds[5]!)) };
}
