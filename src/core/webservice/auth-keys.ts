/**
 * Where the two auth keys of a service (or endpoint) come from. Keys never appear
 * in synthesized YAML unless the user passes them explicitly.
 */
import type { ConfigurationWarning } from '../errors';

import type { KeyVaultRef, WorkloadIdentity } from '../identity/workload-identity';

/** The store kind a Key Vault reference has when it names none: a namespaced SecretStore. */
export const DEFAULT_SECRET_STORE_KIND = 'SecretStore';

/** A SecretStore or ClusterSecretStore of the External Secrets Operator. */
export interface SecretStoreRef {
  /** The store's name. */
  readonly name: string;
  /**
   * `SecretStore` (namespaced: only ExternalSecrets of its own namespace can read
   * through it) or `ClusterSecretStore` (any namespace can, unless its
   * `spec.conditions` restrict the namespaces; choosing it warns).
   * @default 'SecretStore'
   */
  readonly kind?: 'SecretStore' | 'ClusterSecretStore';
}

export interface KeyVaultKeysOptions {
  /** The External Secrets store that reads the Azure Key Vault (provider `azurekv`). */
  readonly secretStore: SecretStoreRef;
  /** The Key Vault secret that holds the primary key. */
  readonly primaryKeySecretName: string;
  /** The Key Vault secret that holds the secondary key. */
  readonly secondaryKeySecretName: string;
  /**
   * How often External Secrets re-reads the vault (a Go duration).
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * The identity that reads the vault: the library then creates `secretStore` (a
   * namespaced SecretStore, provider azurekv, authType WorkloadIdentity, the
   * service's ServiceAccount) and, for `WorkloadIdentity.create()`, the Key Vault
   * Secrets User assignment on the vault. Needs `keyVault`.
   * @default - none: `secretStore` exists and reads the vault with its own credentials
   */
  readonly identity?: WorkloadIdentity;
  /**
   * The vault, with `identity`.
   * @default - none
   */
  readonly keyVault?: KeyVaultRef;
}

export interface GeneratedKeysOptions {
  /**
   * Length of each generated key.
   * @default 32
   */
  readonly length?: number;
}

/** The kinds of key source, for code that inspects an {@link AuthKeys}. */
export enum AuthKeysSource {
  /** Generated inside the cluster by the External Secrets Password generator. */
  GENERATED = 'generated',
  /** An existing Secret with entries `primary` and `secondary`. */
  EXISTING_SECRET = 'existing-secret',
  /** Azure Key Vault through an External Secrets store. */
  KEY_VAULT = 'key-vault',
}

/**
 * Where the primary and secondary keys come from. Use the static factories.
 *
 * Whatever the source, the gateway reads the keys from Kubernetes Secrets whose
 * entries are exactly the accepted keys (entry name = client id). Each key can be
 * regenerated on its own.
 */
export class AuthKeys {
  /**
   * Keys generated inside the cluster (External Secrets Operator `Password`
   * generator), one ExternalSecret per key so that each can be regenerated alone.
   * Each key is generated once (`refreshPolicy: CreatedOnce`) into an immutable Secret
   * without an ownerReference (`creationPolicy: CreateOrMerge`, External Secrets
   * 2.8.0 or later): deleting or re-creating the ExternalSecret keeps the key.
   * To regenerate one key, delete its Secret (`aks-ml regenerate-key <name> --key primary`
   * prints the commands). Nothing secret is written to the manifests. This is the default.
   */
  public static generated(options: GeneratedKeysOptions = {}): AuthKeys {
    return new AuthKeys(AuthKeysSource.GENERATED, { length: options.length ?? 32 });
  }

  /**
   * Keys held in an existing Secret (created by you, Sealed Secrets, SOPS, ...) in
   * the service's namespace. Its entries `primary` and `secondary` are the keys; it
   * must hold no other entries, since every entry is accepted as a key.
   */
  public static fromSecret(secretName: string): AuthKeys {
    return new AuthKeys(AuthKeysSource.EXISTING_SECRET, { secretName });
  }

  /**
   * Keys kept in Azure Key Vault, synced into the cluster by External Secrets (every
   * `refreshInterval`) into the Secret `<name>-keys`, which outlives its ExternalSecret
   * (`creationPolicy: CreateOrMerge`, External Secrets 2.8.0 or later).
   */
  public static fromKeyVault(options: KeyVaultKeysOptions): AuthKeys {
    return new AuthKeys(AuthKeysSource.KEY_VAULT, {
      secretStore: { name: options.secretStore.name, kind: options.secretStore.kind ?? DEFAULT_SECRET_STORE_KIND },
      primaryKeySecretName: options.primaryKeySecretName,
      secondaryKeySecretName: options.secondaryKeySecretName,
      refreshInterval: options.refreshInterval ?? '1h',
      ...(options.identity !== undefined ? { identity: options.identity } : {}),
      ...(options.keyVault !== undefined ? { keyVault: { ...options.keyVault } } : {}),
    });
  }

  private constructor(
    /** Where the keys come from. */
    public readonly source: AuthKeysSource,
    /** The source's settings. */
    public readonly options: {
      readonly length?: number;
      readonly secretName?: string;
      readonly secretStore?: Required<SecretStoreRef>;
      readonly primaryKeySecretName?: string;
      readonly secondaryKeySecretName?: string;
      readonly refreshInterval?: string;
      readonly identity?: WorkloadIdentity;
      readonly keyVault?: KeyVaultRef;
    },
  ) {}
}

/**
 * The warning for a Key Vault source read through a `ClusterSecretStore`: any namespace
 * can read the vault through it unless its `spec.conditions` restrict the namespaces.
 */
export function clusterSecretStoreWarning(prop: string, id: string, what: string = 'these keys', owner: string = "the service's"): ConfigurationWarning {
  return {
    id,
    prop,
    message:
      `is "ClusterSecretStore": an ExternalSecret in any namespace can read the vault through it (and so ${what}) unless the ` +
      `store's spec.conditions list the namespaces allowed; prefer a SecretStore in ${owner} namespace (the default), or set spec.conditions.`,
  };
}
