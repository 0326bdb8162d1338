/**
 * The workload identity of one service: found in its props (the blob model's and the
 * Key Vault keys'), checked (one identity per ServiceAccount), and planned.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject } from '../kube';
import { AuthKeys, AuthKeysSource } from '../webservice/auth-keys';
import { ModelSource, ModelSourceKind } from '../webservice/model-source';
import {
  EngineWorkloadIdentity,
  IdentityBinding,
  ServiceIdentity,
  WorkloadIdentity,
  WorkloadIdentityDescription,
  WorkloadIdentitySource,
  planServiceIdentity,
  validateKeyVaultRef,
  validateWorkloadIdentity,
} from './workload-identity';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Checks the identity of a blob model (`clientId` or `identity`), at `c` (the model's collector). */
export function validateBlobIdentity(c: ProblemCollector, blob: { clientId?: unknown; identity?: unknown }): void {
  if (blob.identity !== undefined && blob.clientId !== undefined) {
    c.add('clientId', blob.clientId, 'cannot be combined with identity; give one (WorkloadIdentity.fromClientId(clientId) is the same as clientId)');
  } else if (blob.identity !== undefined) {
    validateWorkloadIdentity(c, 'identity', blob.identity);
  } else if (typeof blob.clientId !== 'string' || !GUID.test(blob.clientId)) {
    c.add('clientId', blob.clientId, 'must be the client id (a GUID) of the managed identity that reads the blobs (or give identity: WorkloadIdentity.create({ ... }))');
  }
}

/** Checks `identity` and `keyVault` of a Key Vault key source, at `c` (the keys' collector). */
export function validateKeyVaultIdentity(c: ProblemCollector, keys: AuthKeys): void {
  const o = keys.options;
  if (o.identity === undefined) {
    if (o.keyVault !== undefined) c.add('keyVault', o.keyVault, 'has no effect without identity: the store reads the vault with its own credentials; give identity, or leave keyVault out');
    return;
  }
  validateWorkloadIdentity(c, 'identity', o.identity);
  validateKeyVaultRef(c, 'keyVault', o.keyVault);
  if (o.secretStore?.kind !== 'SecretStore') {
    c.add('secretStore.kind', o.secretStore?.kind, 'must be "SecretStore" with identity: the library creates the store in the service\'s namespace, reading the vault as the service\'s ServiceAccount');
  }
}

/** The identity a service's ServiceAccount is (the blob model's, else the Key Vault keys'). */
export function serviceIdentityOf(model: ModelSource | undefined, keys: AuthKeys | undefined): WorkloadIdentity | undefined {
  const blob = model?.kind === ModelSourceKind.BLOB ? model.options.blob : undefined;
  if (blob?.identity instanceof WorkloadIdentity) return blob.identity;
  if (blob && typeof blob.clientId === 'string') return WorkloadIdentity.fromClientId(blob.clientId);
  if (keys?.source === AuthKeysSource.KEY_VAULT && keys.options.identity instanceof WorkloadIdentity) return keys.options.identity;
  return undefined;
}

/**
 * One ServiceAccount has one identity: the blob model's and the Key Vault keys' must
 * be the same object when both are given.
 */
export function checkOneIdentity(c: ProblemCollector, props: { model?: unknown; keys?: unknown }): void {
  const model = props.model instanceof ModelSource && props.model.kind === ModelSourceKind.BLOB ? props.model.options.blob : undefined;
  const keys = props.keys instanceof AuthKeys && props.keys.source === AuthKeysSource.KEY_VAULT ? props.keys.options.identity : undefined;
  if (!model || keys === undefined) return;
  // Existing identities are the same when their client ids are; created ones only when they are one object.
  const existingId = (v: unknown) =>
    typeof v === 'string' ? v : v instanceof WorkloadIdentity && v.source === WorkloadIdentitySource.EXISTING ? v.options.clientId : undefined;
  const modelIdentity: unknown = model.identity ?? model.clientId;
  const same = modelIdentity === keys || (existingId(modelIdentity) !== undefined && existingId(modelIdentity) === existingId(keys));
  if (!same) {
    c.add('keys.identity', keys, 'must be the identity of the model (model.identity or model.clientId): the service has one ServiceAccount, annotated with one identity; pass the same WorkloadIdentity to both');
  }
}

export interface WebserviceIdentityInput {
  readonly ownerName: string;
  readonly namespace?: string;
  readonly effectiveNamespace?: string;
  readonly labels: Record<string, string>;
  readonly model: ModelSource;
  readonly blobfuseEnabled: boolean;
  readonly keys?: AuthKeys;
  /** Whether the keys are read from the vault (key auth on, not every key given explicitly). */
  readonly keysFromVault: boolean;
  readonly engine?: EngineWorkloadIdentity;
  readonly esoApiVersion: string;
}

/** The planned identity of a service, or nothing when the service has none. */
export interface PlannedServiceIdentity {
  readonly objects: KubeObject[];
  readonly warnings: ConfigurationWarning[];
  readonly binding?: IdentityBinding;
  readonly description?: WorkloadIdentityDescription;
}

/** Plans the identity of a web service (or an endpoint version), whose ServiceAccount is named `ownerName`. */
export function planWebserviceIdentity(input: WebserviceIdentityInput, subject: string): PlannedServiceIdentity {
  const vaultKeys = input.keys?.source === AuthKeysSource.KEY_VAULT && input.keys.options.identity !== undefined && input.keysFromVault ? input.keys : undefined;
  const identity = serviceIdentityOf(input.model, vaultKeys);
  if (!identity) return { objects: [], warnings: [] };
  const blob = input.model.kind === ModelSourceKind.BLOB ? input.model.options.blob! : undefined;
  const planned: ServiceIdentity = planServiceIdentity(
    {
      ownerName: input.ownerName,
      ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
      ...(input.effectiveNamespace !== undefined ? { effectiveNamespace: input.effectiveNamespace } : {}),
      serviceAccountName: input.ownerName,
      labels: input.labels,
      identity,
      ...(blob ? { blob: { storageAccount: blob.storageAccount, container: blob.container, ...(blob.resourceGroup !== undefined ? { resourceGroup: blob.resourceGroup } : {}), blobfuse: input.blobfuseEnabled } } : {}),
      ...(vaultKeys ? { keyVaultStore: { name: vaultKeys.options.secretStore!.name, vault: vaultKeys.options.keyVault! } } : {}),
      ...(input.engine ? { engine: input.engine } : {}),
      esoApiVersion: input.esoApiVersion,
    },
    subject,
  );
  return { objects: planned.objects, warnings: planned.warnings, binding: planned.binding, ...(planned.description ? { description: planned.description } : {}) };
}

/**
 * An endpoint's versions name existing identities only, and its Key Vault keys use a
 * store of their own: each version has its own ServiceAccount and the keys belong to
 * the endpoint, so there is no one ServiceAccount the library could create an
 * identity (or a Key Vault store) for.
 */
export function checkEndpointIdentities(c: ProblemCollector, props: { keys?: unknown; versions?: unknown }): void {
  if (props.keys instanceof AuthKeys && props.keys.source === AuthKeysSource.KEY_VAULT && props.keys.options.identity !== undefined) {
    c.add('keys.identity', props.keys.options.identity, 'is not supported on an endpoint (its keys belong to no one ServiceAccount): give secretStore, a store that reads the vault with its own credentials');
  }
  if (!Array.isArray(props.versions)) return;
  props.versions.forEach((v: unknown, i) => {
    const model = (v as { model?: unknown } | null)?.model;
    const identity = model instanceof ModelSource && model.kind === ModelSourceKind.BLOB ? model.options.blob?.identity : undefined;
    if (identity instanceof WorkloadIdentity && identity.source === WorkloadIdentitySource.CREATED) {
      c.add(`versions[${i}].model.identity`, identity, 'must be WorkloadIdentity.fromClientId() on an endpoint version: create the identity with a web service or outside the library');
    }
  });
}
