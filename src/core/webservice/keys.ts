/**
 * The key Secrets of a service or endpoint. Every entry of a key Secret is an
 * accepted key (entry name = client id: `primary`, `secondary`), which is the layout
 * Envoy Gateway's API-key authentication reads.
 */
import { AuthKeys, AuthKeysSource } from './auth-keys';
import { KubeObject } from '../kube';
import type { ControllerFloor } from '../gateway/implementation';
import type { EngineAppInsightsComponent } from './app-insights';
import type { EngineWorkloadIdentity } from '../identity/workload-identity';

export const ESO_API_VERSION = 'external-secrets.io/v1';
export const ESO_GENERATOR_API_VERSION = 'generators.external-secrets.io/v1alpha1';

/** The component name of the External Secrets Operator in {@link ControllerFloor}s. */
export const EXTERNAL_SECRETS_COMPONENT = 'external-secrets';

/**
 * The External Secrets Operator version that first honours a field the key objects use,
 * with what happens below it. Source: external-secrets/external-secrets
 * `apis/externalsecrets/v1/externalsecret_types.go` and
 * `pkg/controllers/externalsecret/externalsecret_controller.go` at each release tag
 * (reviewed at v2.9.0, 378bdb622ed9712ef4a58370f6a17af033b7d343).
 */
export const EXTERNAL_SECRETS_FIELD_FLOORS = {
  /**
   * `spec.target.creationPolicy: CreateOrMerge` (added in v2.8.0, 40b04db4543fe3a6e6bab90447cb018a5871c25d):
   * the Secret has no ownerReference (it survives the ExternalSecret) and is re-created
   * when deleted while the ExternalSecret exists.
   */
  creationPolicyCreateOrMerge: {
    version: '2.8.0',
    reason:
      'External Secrets before 2.8.0 has no creationPolicy CreateOrMerge: the API server rejects the ExternalSecret ' +
      '(CRD enum), no key Secret is written and the gateway refuses every call to the service',
  },
  /** `spec.refreshPolicy: CreatedOnce` (added in v0.16.0, with the v1 API). */
  refreshPolicyCreatedOnce: {
    version: '0.16.0',
    reason: 'External Secrets before 0.16.0 serves no external-secrets.io/v1 API and has no refreshPolicy',
  },
} as const;

export interface KeyObjectsInput {
  /** The owner's name (service or endpoint); objects are named after it. */
  readonly ownerName: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly keys: AuthKeys;
  readonly primaryKey?: string;
  readonly secondaryKey?: string;
  /** See {@link EnginePlanOptions.generatedKeys}. */
  readonly generatedKeys?: EngineGeneratedKeys;
}

/** Key values a deployment engine generated itself (or its placeholders for them). */
export interface EngineGeneratedKeys {
  readonly primary: string;
  readonly secondary: string;
}

/**
 * Options an engine (not the user) passes to the plan functions: facts about the
 * deployment that the props may not say.
 */
export interface EnginePlanOptions {
  /**
   * The namespace objects land in when the props set none (the cdk8s chart's
   * namespace; in Pulumi, the Kubernetes provider's, which the components cannot read
   * and take from their `defaultNamespace` arg). Needed by the concurrency autoscaler,
   * whose gateway metrics are keyed by namespace, used to select the gateway's proxies,
   * and in the names of cluster-wide objects built from the namespace (the blob model's
   * PersistentVolume, `<namespace>-<service>-model`).
   * @default - unknown ("default" in those names)
   */
  readonly defaultNamespace?: string;
  /**
   * Keys the engine generates itself (e.g. Pulumi `RandomPassword`s, as placeholder
   * strings the engine substitutes), used instead of the External Secrets Password
   * generator for the keys that `AuthKeys.generated()` would generate: they go, with
   * any key given as `primaryKey`/`secondaryKey`, into the one Secret `<name>-keys`.
   * Ignored for keys from `AuthKeys.fromSecret()`/`fromKeyVault()` or given explicitly.
   * @default - the cluster generates them (External Secrets)
   */
  readonly generatedKeys?: EngineGeneratedKeys;
  /**
   * The instrumentation key and connection string of an Application Insights
   * component the engine creates itself (e.g. an azure-native `Component`, as
   * placeholder strings the engine substitutes), for `AppInsights.createComponent()`:
   * they go into the Secret `<name>-app-insights`, which the containers read. The
   * plan's `appInsightsComponent` describes the component to create.
   * @default - the Azure Service Operator creates it (an `insights.azure.com` Component exporting to a ConfigMap)
   */
  readonly appInsightsComponent?: EngineAppInsightsComponent;
  /**
   * The client and tenant ids of a workload identity the engine creates itself (e.g.
   * an azure-native `UserAssignedIdentity`, as placeholder strings the engine
   * substitutes), for `WorkloadIdentity.create()`: they annotate the ServiceAccount.
   * The plan's `workloadIdentity` describes the identity to create.
   * @default - the Azure Service Operator creates it (`managedidentity.azure.com` objects)
   */
  readonly workloadIdentity?: EngineWorkloadIdentity;
}

export interface KeyObjects {
  readonly objects: KubeObject[];
  /** Names of the Secrets whose entries are the accepted keys. */
  readonly secretNames: string[];
}

/** The entry names of the two keys in the key Secrets. */
export const PRIMARY_KEY_ENTRY = 'primary';
export const SECONDARY_KEY_ENTRY = 'secondary';

function meta(name: string, input: KeyObjectsInput) {
  return {
    name,
    ...(input.namespace ? { namespace: input.namespace } : {}),
    labels: { ...input.labels },
  };
}

/** The objects that provide the two keys, and the Secrets that will hold them. */
export function buildKeyObjects(input: KeyObjectsInput): KeyObjects {
  const objects: KubeObject[] = [];
  const secretNames: string[] = [];
  const n = input.ownerName;
  // Keys the engine generates are written like given ones (one `<n>-keys` Secret).
  const partlyGiven = input.primaryKey !== undefined || input.secondaryKey !== undefined;
  const engine = partlyGiven || input.keys.source === AuthKeysSource.GENERATED ? input.generatedKeys : undefined;
  const explicit: Array<[string, string | undefined]> = [
    [PRIMARY_KEY_ENTRY, input.primaryKey ?? engine?.primary],
    [SECONDARY_KEY_ENTRY, input.secondaryKey ?? engine?.secondary],
  ];
  const given = explicit.filter(([, v]) => v !== undefined) as Array<[string, string]>;
  if (given.length > 0) {
    const name = `${n}-keys`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(name, input),
      type: 'Opaque',
      stringData: Object.fromEntries(given),
    });
    secretNames.push(name);
  }
  const missing = explicit.filter(([, v]) => v === undefined).map(([entry]) => entry);
  if (missing.length === 0) return { objects, secretNames };

  const k = given.length > 0 ? AuthKeys.generated() : input.keys;
  switch (k.source) {
    case AuthKeysSource.EXISTING_SECRET:
      secretNames.push(k.options.secretName!);
      break;
    case AuthKeysSource.KEY_VAULT: {
      const name = `${n}-keys`;
      objects.push({
        apiVersion: ESO_API_VERSION,
        kind: 'ExternalSecret',
        metadata: meta(name, input),
        spec: {
          refreshInterval: k.options.refreshInterval,
          secretStoreRef: { name: k.options.secretStore!.name, kind: k.options.secretStore!.kind },
          // CreateOrMerge: no ownerReference, so deleting or re-creating the ExternalSecret
          // (a GitOps prune, a Pulumi replace) leaves the Secret, and the gateway, serving;
          // a deleted Secret is written again at once. deletionPolicy concerns the provider:
          // Retain keeps the Secret when the vault secrets are gone.
          target: { name, creationPolicy: 'CreateOrMerge', deletionPolicy: 'Retain' },
          data: [
            { secretKey: PRIMARY_KEY_ENTRY, remoteRef: { key: k.options.primaryKeySecretName } },
            { secretKey: SECONDARY_KEY_ENTRY, remoteRef: { key: k.options.secondaryKeySecretName } },
          ],
        },
      });
      secretNames.push(name);
      break;
    }
    case AuthKeysSource.GENERATED: {
      const generator = `${n}-key-generator`;
      objects.push({
        apiVersion: ESO_GENERATOR_API_VERSION,
        kind: 'Password',
        metadata: meta(generator, input),
        spec: {
          length: k.options.length,
          digits: Math.floor(k.options.length! / 4),
          symbols: 0,
          noUpper: false,
          allowRepeat: true,
        },
      });
      for (const entry of missing) {
        // One ExternalSecret (and one Secret) per key, so that each key can be
        // regenerated alone: delete its Secret (docs/operations.md, `aks-ml regenerate-key`).
        const name = `${n}-${entry}-key`;
        objects.push({
          apiVersion: ESO_API_VERSION,
          kind: 'ExternalSecret',
          metadata: meta(name, input),
          spec: {
            // Generate once, never again while the ExternalSecret lives: neither a
            // force-sync annotation nor a spec change draws a new key (shouldRefresh).
            refreshPolicy: 'CreatedOnce',
            // No periodic requeue (getRequeueResult); CreatedOnce ignores the interval otherwise.
            refreshInterval: '0s',
            target: {
              name,
              // No ownerReference: the key outlives its ExternalSecret; a deleted Secret
              // is generated again while the ExternalSecret exists (isSecretValid).
              creationPolicy: 'CreateOrMerge',
              // An existing Secret's data is never templated again, so a re-created
              // ExternalSecret (new status, one more generator run) adopts the key in place.
              immutable: true,
              template: { type: 'Opaque', data: { [entry]: '{{ .password }}' } },
            },
            dataFrom: [
              { sourceRef: { generatorRef: { apiVersion: ESO_GENERATOR_API_VERSION, kind: 'Password', name: generator } } },
            ],
          },
        });
        secretNames.push(name);
      }
      break;
    }
  }
  return { objects, secretNames };
}

/**
 * The External Secrets Operator versions the given key objects need, one entry per
 * field with a floor (see {@link EXTERNAL_SECRETS_FIELD_FLOORS}).
 */
export function externalSecretsFloors(objects: readonly KubeObject[]): ControllerFloor[] {
  const floors: ControllerFloor[] = [];
  for (const o of objects) {
    if (o.apiVersion !== ESO_API_VERSION || o.kind !== 'ExternalSecret') continue;
    const spec = (o as { spec?: { refreshPolicy?: string; target?: { creationPolicy?: string } } }).spec;
    const id = `ExternalSecret/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (spec?.target?.creationPolicy === 'CreateOrMerge') {
      const f = EXTERNAL_SECRETS_FIELD_FLOORS.creationPolicyCreateOrMerge;
      floors.push({ component: EXTERNAL_SECRETS_COMPONENT, version: f.version, field: `${id} spec.target.creationPolicy`, reason: f.reason });
    }
    if (spec?.refreshPolicy === 'CreatedOnce') {
      const f = EXTERNAL_SECRETS_FIELD_FLOORS.refreshPolicyCreatedOnce;
      floors.push({ component: EXTERNAL_SECRETS_COMPONENT, version: f.version, field: `${id} spec.refreshPolicy`, reason: f.reason });
    }
  }
  return floors;
}
