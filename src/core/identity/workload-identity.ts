/**
 * Azure Workload Identity for the scoring pods and for the External Secrets store of
 * a service's Key Vault keys: which user-assigned managed identity the service's
 * ServiceAccount is, and (for an identity the library creates) the identity itself,
 * its federated identity credential and its role assignments.
 *
 * Who reads what at run time:
 * - the Azure Workload Identity webhook (AKS add-on) reads the ServiceAccount's
 *   `azure.workload.identity/client-id` (and `tenant-id`) annotations and injects
 *   `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and the projected token into pods labelled
 *   `azure.workload.identity/use: "true"`, leaving an `AZURE_CLIENT_ID` the container
 *   already declares as it is (pkg/webhook/webhook.go, addEnvironmentVariables);
 * - Entra ID exchanges the token (issuer = the cluster's OIDC issuer, subject
 *   `system:serviceaccount:<namespace>:<name>`, audience `api://AzureADTokenExchange`)
 *   only when the identity has a federated credential with exactly these;
 * - the Blob CSI driver reads `clientID` from the PersistentVolume's volumeAttributes;
 * - External Secrets (azurekv, authType WorkloadIdentity, serviceAccountRef) takes the
 *   client id from the ServiceAccount annotation or from `authSecretRef.clientId`,
 *   never both (providers/v1/azure/keyvault/keyvault.go, authorizerForWorkloadIdentity).
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject } from '../kube';
import { isPlainObject } from '../validation';
import { RESOURCE_GROUP_NAME_PATTERN, SUBSCRIPTION_ID_PATTERN, checkAzureTags } from '../cluster/azure';
import {
  BUILT_IN_ROLES,
  blobContainerId,
  keyVaultId,
  resourceGroupId,
  roleAssignmentName,
  roleDefinitionId,
  userAssignedIdentityId,
} from './azure-ids';

/**
 * The Azure Service Operator CRD version of UserAssignedIdentity and
 * FederatedIdentityCredential (ARM Microsoft.ManagedIdentity 2023-01-31): the
 * version with `issuerFromConfig` on the credential and `operatorSpec.configMaps` /
 * `operatorSpec.secrets` (clientId, principalId, tenantId) on the identity.
 */
export const ASO_MANAGED_IDENTITY_API_VERSION = 'managedidentity.azure.com/v1api20230131';
/** The ASO RoleAssignment CRD version (ARM Microsoft.Authorization 2022-04-01), with `principalIdFromConfig`. */
export const ASO_AUTHORIZATION_API_VERSION = 'authorization.azure.com/v1api20220401';
/** The audience Entra ID accepts in a workload identity token exchange. */
export const WORKLOAD_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';
/** The ServiceAccount annotations the workload identity webhook and External Secrets read. */
export const CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
export const TENANT_ID_ANNOTATION = 'azure.workload.identity/tenant-id';
/** The pod label the workload identity webhook mutates. */
export const USE_WORKLOAD_IDENTITY_LABEL = 'azure.workload.identity/use';
/** The entries ASO writes for a created identity (ConfigMap `principalId`; Secret `clientId`, `tenantId`). */
export const PRINCIPAL_ID_ENTRY = 'principalId';
export const CLIENT_ID_ENTRY = 'clientId';
export const TENANT_ID_ENTRY = 'tenantId';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const LOCATION = /^[a-z][a-z0-9]{1,89}$/;
/** A user-assigned identity's name: 3 to 128 letters, digits, "-" and "_", starting with a letter or digit. */
export const USER_ASSIGNED_IDENTITY_NAME_PATTERN = /^[a-zA-Z0-9][-\w]{2,127}$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const ISSUER_URL = /^https:\/\/[^\s]+$/;
/** A Key Vault name: 3 to 24 letters, digits and "-", starting with a letter, not ending with "-", no "--". */
export const KEY_VAULT_NAME_PATTERN = /^[a-zA-Z](?!.*--)[-a-zA-Z0-9]{1,22}[a-zA-Z0-9]$/;

/** Where the Azure Service Operator exported a cluster's OIDC issuer URL (the cdk8s `AksCluster`). */
export interface OidcIssuerConfigMapRef {
  /** The ConfigMap's name. */
  readonly name: string;
  /** The entry holding the issuer URL. */
  readonly key: string;
  /**
   * The ConfigMap's namespace (the cluster's ASO objects'), when known: ASO reads
   * `issuerFromConfig` from the credential's own namespace only.
   * @default - unknown
   */
  readonly namespace?: string;
}

/**
 * A cluster whose OIDC issuer the federated credential trusts: the `AksCluster` of
 * either engine (cdk8s: `oidcIssuerConfigMap`, exported by ASO; Pulumi:
 * `oidcIssuerUrl`, an Output).
 */
export interface OidcIssuerSource {
  /** The issuer URL (a string, or an engine value such as a Pulumi Output). */
  readonly oidcIssuerUrl?: unknown;
  /** Where ASO exports the issuer URL. */
  readonly oidcIssuerConfigMap?: OidcIssuerConfigMapRef;
}

export interface ExistingWorkloadIdentityOptions {
  /**
   * The Entra tenant id of the identity: the ServiceAccount gets the
   * `azure.workload.identity/tenant-id` annotation. Required when the library creates
   * the External Secrets store of `AuthKeys.fromKeyVault({ identity })` (External
   * Secrets reads the tenant from that annotation).
   * @default - none: the webhook injects the cluster's tenant into the pods
   */
  readonly tenantId?: string;
}

export interface CreateWorkloadIdentityOptions {
  /** The Azure subscription id of the identity (and of the storage account / vault it is granted). */
  readonly subscriptionId: string;
  /** The resource group the identity is created in (it must exist). */
  readonly resourceGroupName: string;
  /** The Azure region of the identity, e.g. "westeurope". */
  readonly location: string;
  /**
   * The identity's name in Azure (3 to 128 letters, digits, "-" and "_").
   * @default "<namespace>-<service>"
   */
  readonly identityName?: string;
  /**
   * The cluster whose OIDC issuer the federated credential trusts: the `AksCluster`
   * of the same engine (cdk8s: ASO exports the issuer to a ConfigMap the credential
   * reads; Pulumi: its `oidcIssuerUrl` output).
   * @default - none: give `oidcIssuerUrl`
   */
  readonly cluster?: OidcIssuerSource;
  /**
   * The cluster's OIDC issuer URL (`az aks show --query oidcIssuerProfile.issuerUrl`),
   * for a cluster not declared in the same app. Takes precedence over `cluster`.
   * @default - the issuer of `cluster`
   */
  readonly oidcIssuerUrl?: string;
  /**
   * The client id of the identity once it exists (ASO writes it to the Secret
   * `<service>-identity`, entry `clientId`). Needed by cdk8s for a blob model mounted
   * with blobfuse: the Blob CSI driver reads the client id from the PersistentVolume,
   * which cannot refer to a Secret. Pulumi knows it from the created identity.
   * @default - unknown until ASO creates the identity
   */
  readonly clientId?: string;
  /**
   * Azure tags of the identity.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** The kinds of workload identity, for code that inspects a {@link WorkloadIdentity}. */
export enum WorkloadIdentitySource {
  /** An existing identity, by client id: nothing is created. */
  EXISTING = 'existing',
  /** An identity the library creates, with its federated credential and role assignments. */
  CREATED = 'created',
}

/** The settings of a {@link WorkloadIdentity}. */
export interface WorkloadIdentitySettings {
  readonly clientId?: string;
  readonly tenantId?: string;
  readonly subscriptionId?: string;
  readonly resourceGroupName?: string;
  readonly location?: string;
  readonly identityName?: string;
  /** The issuer URL (from `oidcIssuerUrl`, else the cluster's; a string or an engine value). */
  readonly oidcIssuerUrl?: unknown;
  /** The cluster's issuer ConfigMap (when no URL is given). */
  readonly oidcIssuerConfigMap?: OidcIssuerConfigMapRef;
  /** Whether a `cluster` was given. */
  readonly hasCluster?: boolean;
  readonly tags?: Record<string, string>;
}

/**
 * The Azure identity a service's pods (and the External Secrets store of its Key
 * Vault keys) act as, through Azure Workload Identity. Use the static factories and
 * pass it to `ModelSource.fromBlobStorage({ identity })` and
 * `AuthKeys.fromKeyVault({ identity, keyVault })`; one service has one identity.
 */
export class WorkloadIdentity {
  /**
   * An existing user-assigned identity (or app registration), by client id: the
   * ServiceAccount is annotated with it; the identity, its federated credential
   * (subject `system:serviceaccount:<namespace>:<service>`) and its role assignments
   * are yours to create.
   */
  public static fromClientId(clientId: string, options: ExistingWorkloadIdentityOptions = {}): WorkloadIdentity {
    const o = isPlainObject(options) ? options : {};
    return new WorkloadIdentity(WorkloadIdentitySource.EXISTING, {
      clientId,
      ...(o.tenantId !== undefined ? { tenantId: o.tenantId as string } : {}),
    });
  }

  /**
   * A user-assigned identity the library creates for the service, with a federated
   * identity credential for the service's ServiceAccount (issuer = the cluster's OIDC
   * issuer, audience `api://AzureADTokenExchange`) and the role assignments the
   * service needs: Storage Blob Data Reader on the model's blob container, Key Vault
   * Secrets User on the keys' vault.
   *
   * - cdk8s: Azure Service Operator objects (`managedidentity.azure.com`
   *   UserAssignedIdentity and FederatedIdentityCredential, `authorization.azure.com`
   *   RoleAssignment) in the service's namespace; ASO writes the identity's principal
   *   id to the ConfigMap `<service>-identity` and its client and tenant ids to the
   *   Secret `<service>-identity`.
   * - Pulumi: `@pulumi/azure-native` `managedidentity.UserAssignedIdentity`,
   *   `managedidentity.FederatedIdentityCredential` and `authorization.RoleAssignment`,
   *   children of the service.
   */
  public static create(options: CreateWorkloadIdentityOptions): WorkloadIdentity {
    const o = (isPlainObject(options) ? options : {}) as Partial<CreateWorkloadIdentityOptions>;
    const cluster = o.cluster as OidcIssuerSource | undefined;
    const issuerUrl = o.oidcIssuerUrl !== undefined ? o.oidcIssuerUrl : cluster?.oidcIssuerUrl;
    const configMap = o.oidcIssuerUrl === undefined && cluster?.oidcIssuerUrl === undefined ? cluster?.oidcIssuerConfigMap : undefined;
    return new WorkloadIdentity(WorkloadIdentitySource.CREATED, {
      ...(o.clientId !== undefined ? { clientId: o.clientId } : {}),
      subscriptionId: o.subscriptionId,
      resourceGroupName: o.resourceGroupName,
      location: o.location,
      ...(o.identityName !== undefined ? { identityName: o.identityName } : {}),
      ...(issuerUrl !== undefined ? { oidcIssuerUrl: issuerUrl } : {}),
      ...(configMap !== undefined ? { oidcIssuerConfigMap: { ...configMap } } : {}),
      hasCluster: cluster !== undefined,
      ...(o.tags !== undefined ? { tags: { ...o.tags } } : {}),
    });
  }

  private constructor(
    /** Existing or created. */
    public readonly source: WorkloadIdentitySource,
    /** The settings. */
    public readonly options: WorkloadIdentitySettings,
  ) {}
}

/** Checks a workload identity value (`prop` is its path). */
export function validateWorkloadIdentity(c: ProblemCollector, prop: string, value: unknown): void {
  if (!(value instanceof WorkloadIdentity)) {
    c.add(prop, value, 'must be made with WorkloadIdentity.fromClientId() or WorkloadIdentity.create()');
    return;
  }
  const ic = c.child(prop);
  const o = value.options as Record<string, unknown>;
  if (value.source === WorkloadIdentitySource.EXISTING) {
    if (typeof o.clientId !== 'string' || !GUID.test(o.clientId)) ic.add('clientId', o.clientId, 'must be the client id (a GUID) of the managed identity');
    if (o.tenantId !== undefined && (typeof o.tenantId !== 'string' || !GUID.test(o.tenantId))) ic.add('tenantId', o.tenantId, 'must be a tenant id (a GUID)');
    return;
  }
  if (typeof o.subscriptionId !== 'string' || !SUBSCRIPTION_ID_PATTERN.test(o.subscriptionId)) {
    ic.add('subscriptionId', o.subscriptionId, 'is required: the subscription id (a GUID) of the identity, which also names the scopes of its role assignments');
  }
  if (typeof o.resourceGroupName !== 'string' || !RESOURCE_GROUP_NAME_PATTERN.test(o.resourceGroupName)) {
    ic.add('resourceGroupName', o.resourceGroupName, 'is required: the resource group of the identity (1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with ".")');
  }
  if (typeof o.location !== 'string' || !LOCATION.test(o.location)) ic.add('location', o.location, 'is required: an Azure region name such as "westeurope"');
  if (o.identityName !== undefined && (typeof o.identityName !== 'string' || !USER_ASSIGNED_IDENTITY_NAME_PATTERN.test(o.identityName))) {
    ic.add('identityName', o.identityName, 'must be 3 to 128 letters, digits, "-" and "_", starting with a letter or digit');
  }
  if (o.clientId !== undefined && (typeof o.clientId !== 'string' || !GUID.test(o.clientId))) ic.add('clientId', o.clientId, 'must be the client id (a GUID) of the created identity');
  if (typeof o.oidcIssuerUrl === 'string') {
    if (!ISSUER_URL.test(o.oidcIssuerUrl)) ic.add('oidcIssuerUrl', o.oidcIssuerUrl, 'must be the cluster\'s OIDC issuer URL (https://...)');
  } else if (o.oidcIssuerUrl === undefined && o.oidcIssuerConfigMap === undefined) {
    ic.add(
      o.hasCluster ? 'cluster' : 'oidcIssuerUrl',
      undefined,
      o.hasCluster
        ? 'has no OIDC issuer the library can read (an attached cluster exports none); pass oidcIssuerUrl (az aks show --query oidcIssuerProfile.issuerUrl)'
        : 'is required (or cluster): the OIDC issuer the federated credential trusts',
    );
  }
  const cm = o.oidcIssuerConfigMap as Record<string, unknown> | undefined;
  if (cm !== undefined && (!isPlainObject(cm) || typeof cm.name !== 'string' || !K8S_NAME.test(cm.name) || typeof cm.key !== 'string' || !CONFIGMAP_KEY.test(cm.key))) {
    ic.add('cluster.oidcIssuerConfigMap', cm, 'must be { name, key } of the ConfigMap ASO exports the issuer to');
  }
  checkAzureTags(ic, 'tags', o.tags);
}

// --- Key Vault ------------------------------------------------------------------------------

/** The Key Vault of `AuthKeys.fromKeyVault({ identity, keyVault })`. */
export interface KeyVaultRef {
  /** The vault's name. */
  readonly name: string;
  /**
   * The vault's resource group: the scope of the Key Vault Secrets User assignment of
   * a created identity.
   * @default - none (required with WorkloadIdentity.create())
   */
  readonly resourceGroupName?: string;
  /**
   * The vault's subscription.
   * @default - the identity's
   */
  readonly subscriptionId?: string;
  /**
   * The vault URL External Secrets reads from.
   * @default "https://<name>.vault.azure.net" (Azure public cloud)
   */
  readonly vaultUrl?: string;
}

/** Checks `keyVault` (at `c`). */
export function validateKeyVaultRef(c: ProblemCollector, prop: string, value: unknown): void {
  if (!isPlainObject(value)) {
    c.add(prop, value, 'is required with identity: { name, resourceGroupName } of the Key Vault');
    return;
  }
  const kc = c.child(prop);
  if (typeof value.name !== 'string' || !KEY_VAULT_NAME_PATTERN.test(value.name)) kc.add('name', value.name, 'must be a Key Vault name: 3 to 24 letters, digits and "-", starting with a letter');
  if (value.resourceGroupName !== undefined && (typeof value.resourceGroupName !== 'string' || !RESOURCE_GROUP_NAME_PATTERN.test(value.resourceGroupName))) {
    kc.add('resourceGroupName', value.resourceGroupName, 'must be a resource group name');
  }
  if (value.subscriptionId !== undefined && (typeof value.subscriptionId !== 'string' || !SUBSCRIPTION_ID_PATTERN.test(value.subscriptionId))) {
    kc.add('subscriptionId', value.subscriptionId, 'must be a subscription id (a GUID)');
  }
  if (value.vaultUrl !== undefined && (typeof value.vaultUrl !== 'string' || !ISSUER_URL.test(value.vaultUrl))) kc.add('vaultUrl', value.vaultUrl, 'must be an https URL');
}

/** The URL External Secrets reads a vault at. */
export function keyVaultUrl(vault: KeyVaultRef): string {
  return vault.vaultUrl ?? `https://${vault.name}.vault.azure.net`;
}

// --- The service's identity -------------------------------------------------------------

/** Values an engine that creates the identity itself knows (or its placeholders for them). */
export interface EngineWorkloadIdentity {
  /** The created identity's client id. */
  readonly clientId: string;
  /** The created identity's tenant id. */
  readonly tenantId: string;
}

/** A role the identity is granted. */
export interface IdentityGrant {
  /** A short name, used in the object's name: `storage-blob-data-reader`, `key-vault-secrets-user`. */
  readonly key: string;
  /** The built-in role id. */
  readonly roleId: string;
  /** The scope (an ARM id). */
  readonly scope: string;
}

/** The identity to create, engine-neutral: what both the ASO objects and the azure-native args come from. */
export interface WorkloadIdentityDescription {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly identityName: string;
  /** The identity's ARM id (known before it exists). */
  readonly identityId: string;
  readonly tags?: Record<string, string>;
  readonly federatedCredential: {
    /** The credential's name (`<namespace>-<service account>`). */
    readonly name: string;
    /** The issuer: a URL (a string, or an engine value) or the ConfigMap ASO exported it to. */
    readonly issuer: { readonly url: unknown } | { readonly configMap: OidcIssuerConfigMapRef };
    readonly subject: string;
    readonly audiences: string[];
  };
  readonly roleAssignments: Array<IdentityGrant & {
    /** The assignment's name: a stable GUID. */
    readonly name: string;
    readonly roleDefinitionId: string;
  }>;
}

/** How the ServiceAccount and the pods name the identity. */
export interface IdentityBinding {
  /** The client id (a literal, or an engine placeholder): the ServiceAccount annotation, the blob PersistentVolume. */
  readonly clientId?: string;
  /** The tenant id: the ServiceAccount's tenant annotation. */
  readonly tenantId?: string;
  /** The Secret ASO writes the created identity's `clientId` and `tenantId` to, when the client id is not known. */
  readonly identitySecret?: string;
}

export interface ServiceIdentityInput {
  /** The service (or endpoint version) name: the objects are named after it. */
  readonly ownerName: string;
  /** The namespace set on the objects. */
  readonly namespace?: string;
  /** The namespace the ServiceAccount lands in (the credential's subject names it). */
  readonly effectiveNamespace?: string;
  readonly serviceAccountName: string;
  readonly labels: Record<string, string>;
  readonly identity: WorkloadIdentity;
  /** The blob model read with the identity. */
  readonly blob?: { readonly storageAccount: string; readonly container: string; readonly resourceGroup?: string; readonly blobfuse: boolean };
  /** The External Secrets store the library creates for Key Vault keys. */
  readonly keyVaultStore?: { readonly name: string; readonly vault: KeyVaultRef };
  /** Set by an engine that creates the identity itself (Pulumi). */
  readonly engine?: EngineWorkloadIdentity;
  /** ESO's API version (for the SecretStore). */
  readonly esoApiVersion: string;
}

export interface ServiceIdentity {
  /** The ASO objects of a created identity (no engine) and the Key Vault SecretStore. */
  readonly objects: KubeObject[];
  /** Settings that cannot take effect here. */
  readonly warnings: ConfigurationWarning[];
  readonly binding: IdentityBinding;
  /** The identity the engine must create (with `engine`). */
  readonly description?: WorkloadIdentityDescription;
}

/** The name of the objects ASO writes a created identity's ids to: `<owner>-identity`. */
export function identityObjectName(ownerName: string): string {
  return `${ownerName}-identity`;
}

/**
 * The identity objects of a service and how its ServiceAccount names the identity.
 * Throws a ConfigurationError (subject `subject`) when the identity cannot take
 * effect as declared.
 */
export function planServiceIdentity(input: ServiceIdentityInput, subject: string): ServiceIdentity {
  const id = input.identity;
  const o = id.options;
  const c = new ProblemCollector();
  const objects: KubeObject[] = [];
  const warnings: ConfigurationWarning[] = [];
  const meta = (name: string) => ({ name, ...(input.namespace ? { namespace: input.namespace } : {}), labels: { ...input.labels } });

  let binding: IdentityBinding;
  let description: WorkloadIdentityDescription | undefined;
  if (id.source === WorkloadIdentitySource.EXISTING) {
    binding = { clientId: o.clientId, ...(o.tenantId !== undefined ? { tenantId: o.tenantId } : {}) };
    if (input.keyVaultStore && o.tenantId === undefined) {
      c.add('keys.identity.tenantId', undefined, 'is required for the Key Vault SecretStore: External Secrets reads the tenant from the ServiceAccount annotation azure.workload.identity/tenant-id; use WorkloadIdentity.fromClientId(clientId, { tenantId })');
    }
  } else {
    const ns = input.effectiveNamespace;
    if (ns === undefined) {
      c.addRaw('namespace is required with WorkloadIdentity.create(): the federated credential\'s subject names it (system:serviceaccount:<namespace>:<name>); set namespace (or the cdk8s chart\'s; in Pulumi, defaultNamespace).');
    }
    const identityName = o.identityName ?? `${ns ?? 'default'}-${input.ownerName}`.slice(0, 128);
    const sub = o.subscriptionId!;
    const identityId = userAssignedIdentityId(sub, o.resourceGroupName!, identityName);
    const grants: IdentityGrant[] = [];
    if (input.blob) {
      if (input.blob.resourceGroup === undefined) {
        c.add('model.resourceGroup', undefined, 'is required with WorkloadIdentity.create(): the storage account\'s resource group is the scope of the Storage Blob Data Reader assignment');
      } else {
        grants.push({ key: 'storage-blob-data-reader', roleId: BUILT_IN_ROLES.storageBlobDataReader, scope: blobContainerId(sub, input.blob.resourceGroup, input.blob.storageAccount, input.blob.container) });
      }
      if (input.blob.blobfuse && o.clientId === undefined && !input.engine) {
        c.add(
          'model.identity.clientId',
          undefined,
          'is required to mount the model with blobfuse: the Blob CSI driver reads the client id from the PersistentVolume, which cannot refer to the Secret ASO writes it to; ' +
            `apply once, then pass WorkloadIdentity.create({ ..., clientId }) (kubectl get secret ${identityObjectName(input.ownerName)} -o jsonpath='{.data.clientId}' | base64 -d), or set blobfuseEnabled: false to download the model`,
        );
      }
    }
    if (input.keyVaultStore) {
      const v = input.keyVaultStore.vault;
      if (v.resourceGroupName === undefined) {
        c.add('keys.keyVault.resourceGroupName', undefined, 'is required with WorkloadIdentity.create(): the vault\'s resource group is the scope of the Key Vault Secrets User assignment');
      } else {
        grants.push({ key: 'key-vault-secrets-user', roleId: BUILT_IN_ROLES.keyVaultSecretsUser, scope: keyVaultId(v.subscriptionId ?? sub, v.resourceGroupName, v.name) });
      }
    }
    let issuer: WorkloadIdentityDescription['federatedCredential']['issuer'];
    if (o.oidcIssuerUrl !== undefined) {
      if (typeof o.oidcIssuerUrl !== 'string' && !input.engine) {
        c.add('identity.oidcIssuerUrl', o.oidcIssuerUrl, 'must be a string here: the Azure Service Operator objects are written at synthesis; pass the cdk8s AksCluster as cluster, or the issuer URL');
      }
      issuer = { url: o.oidcIssuerUrl };
    } else {
      const cm = o.oidcIssuerConfigMap!;
      if (input.engine) {
        c.add('identity.cluster', cm, 'exports its OIDC issuer through the Azure Service Operator (a cdk8s AksCluster): in Pulumi, pass the Pulumi AksCluster as cluster, or oidcIssuerUrl');
      } else if (cm.namespace !== undefined && ns !== undefined && cm.namespace !== ns) {
        c.add(
          'identity.cluster',
          `ConfigMap ${cm.namespace}/${cm.name}`,
          `is in another namespace than the service ("${ns}"): ASO reads issuerFromConfig from the credential's own namespace; pass oidcIssuerUrl, or keep the cluster's ASO objects in "${ns}"`,
        );
      }
      issuer = { configMap: { name: cm.name, key: cm.key } };
    }
    description = {
      subscriptionId: sub,
      resourceGroupName: o.resourceGroupName!,
      location: o.location!,
      identityName,
      identityId,
      ...(o.tags !== undefined && Object.keys(o.tags).length > 0 ? { tags: { ...o.tags } } : {}),
      federatedCredential: {
        name: `${ns ?? 'default'}-${input.serviceAccountName}`.replace(/[^a-zA-Z0-9-_]/g, '-').slice(0, 120),
        issuer,
        subject: `system:serviceaccount:${ns ?? 'default'}:${input.serviceAccountName}`,
        audiences: [WORKLOAD_IDENTITY_AUDIENCE],
      },
      roleAssignments: grants.map((g) => ({ ...g, name: roleAssignmentName(g.scope, identityId, g.roleId), roleDefinitionId: roleDefinitionId(subscriptionOfScope(g.scope) ?? sub, g.roleId) })),
    };
    if (input.engine) {
      if (o.clientId !== undefined) {
        warnings.push({
          id: 'aks-ml:webservice:identityClientIdUnused',
          prop: 'identity.clientId',
          message: 'has no effect here: the engine creates the identity and annotates the ServiceAccount with its client id (clientId is for the Azure Service Operator objects of cdk8s).',
        });
      }
      binding = { clientId: input.engine.clientId, tenantId: input.engine.tenantId };
    } else {
      objects.push(...buildAsoIdentityObjects(description, input.ownerName, meta));
      binding = o.clientId !== undefined ? { clientId: o.clientId } : { identitySecret: identityObjectName(input.ownerName) };
    }
  }
  c.throwIfAny(subject);

  if (input.keyVaultStore) objects.push(buildKeyVaultSecretStore(input, binding, meta(input.keyVaultStore.name)));
  return { objects, binding, warnings, ...(input.engine && description ? { description } : {}) };
}

function subscriptionOfScope(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
}

/**
 * The External Secrets SecretStore of Key Vault keys read with the service's identity:
 * provider azurekv, authType WorkloadIdentity, the service's ServiceAccount. The
 * client id comes from the ServiceAccount annotation, or (a created identity whose
 * client id is not known at synthesis) from the Secret ASO writes it to.
 */
function buildKeyVaultSecretStore(input: ServiceIdentityInput, binding: IdentityBinding, metadata: KubeObject['metadata']): KubeObject {
  const s = binding.identitySecret;
  return {
    apiVersion: input.esoApiVersion,
    kind: 'SecretStore',
    metadata,
    spec: {
      provider: {
        azurekv: {
          authType: 'WorkloadIdentity',
          vaultUrl: keyVaultUrl(input.keyVaultStore!.vault),
          serviceAccountRef: { name: input.serviceAccountName },
          ...(s !== undefined
            ? { authSecretRef: { clientId: { name: s, key: CLIENT_ID_ENTRY }, tenantId: { name: s, key: TENANT_ID_ENTRY } } }
            : {}),
        },
      },
    },
  };
}

/**
 * The ASO objects of a created identity: the UserAssignedIdentity (exporting its
 * principal id to the ConfigMap `<owner>-identity` and its client and tenant ids to
 * the Secret `<owner>-identity`), its FederatedIdentityCredential and one
 * RoleAssignment per grant (principal id from that ConfigMap).
 */
export function buildAsoIdentityObjects(
  d: WorkloadIdentityDescription,
  ownerName: string,
  meta: (name: string) => KubeObject['metadata'],
): KubeObject[] {
  const exported = identityObjectName(ownerName);
  const issuer = d.federatedCredential.issuer;
  return [
    {
      apiVersion: ASO_MANAGED_IDENTITY_API_VERSION,
      kind: 'UserAssignedIdentity',
      metadata: meta(ownerName),
      spec: {
        azureName: d.identityName,
        owner: { armId: resourceGroupId(d.subscriptionId, d.resourceGroupName) },
        location: d.location,
        ...(d.tags !== undefined ? { tags: { ...d.tags } } : {}),
        operatorSpec: {
          configMaps: { principalId: { name: exported, key: PRINCIPAL_ID_ENTRY } },
          secrets: { clientId: { name: exported, key: CLIENT_ID_ENTRY }, tenantId: { name: exported, key: TENANT_ID_ENTRY } },
        },
      },
    },
    {
      apiVersion: ASO_MANAGED_IDENTITY_API_VERSION,
      kind: 'FederatedIdentityCredential',
      metadata: meta(ownerName),
      spec: {
        azureName: d.federatedCredential.name,
        owner: { name: ownerName },
        audiences: [...d.federatedCredential.audiences],
        ...('url' in issuer ? { issuer: issuer.url as string } : { issuerFromConfig: { name: issuer.configMap.name, key: issuer.configMap.key } }),
        subject: d.federatedCredential.subject,
      },
    },
    ...d.roleAssignments.map((r) => buildAsoRoleAssignment(meta(`${ownerName}-${r.key}`), r, { principalIdFromConfig: { name: exported, key: PRINCIPAL_ID_ENTRY } })),
  ];
}

/** An ASO RoleAssignment: owner = the scope (by ARM id), name = the stable GUID, principal type ServicePrincipal. */
export function buildAsoRoleAssignment(
  metadata: KubeObject['metadata'],
  r: { readonly name: string; readonly scope: string; readonly roleDefinitionId: string },
  principal: { readonly principalId: string } | { readonly principalIdFromConfig: { readonly name: string; readonly key: string } },
): KubeObject {
  return {
    apiVersion: ASO_AUTHORIZATION_API_VERSION,
    kind: 'RoleAssignment',
    metadata,
    spec: {
      azureName: r.name,
      owner: { armId: r.scope },
      ...principal,
      // A new identity's service principal may not have replicated yet: ARM then needs the type.
      principalType: 'ServicePrincipal',
      roleDefinitionReference: { armId: r.roleDefinitionId },
    },
  };
}

/** The args of the azure-native resources of a description (issuer, principal and client values set by the engine). */
export function azureNativeIdentityArgs(d: WorkloadIdentityDescription): {
  identity: Record<string, unknown>;
  federatedCredential: Record<string, unknown>;
  roleAssignments: Array<{ key: string; args: Record<string, unknown> }>;
} {
  return {
    identity: {
      resourceGroupName: d.resourceGroupName,
      resourceName: d.identityName,
      location: d.location,
      ...(d.tags !== undefined ? { tags: { ...d.tags } } : {}),
    },
    federatedCredential: {
      resourceGroupName: d.resourceGroupName,
      resourceName: d.identityName,
      federatedIdentityCredentialResourceName: d.federatedCredential.name,
      audiences: [...d.federatedCredential.audiences],
      subject: d.federatedCredential.subject,
    },
    roleAssignments: d.roleAssignments.map((r) => ({
      key: r.key,
      args: { roleAssignmentName: r.name, scope: r.scope, roleDefinitionId: r.roleDefinitionId, principalType: 'ServicePrincipal' },
    })),
  };
}
