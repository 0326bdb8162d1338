/**
 * Application Insights for the scoring containers (v1 `enable_app_insights`): where
 * the instrumentation key and the connection string come from, the objects that
 * bring them into the namespace, and the environment the inference server reads.
 *
 * What the Azure ML inference HTTP server (azmlinfsrv 1.0.0 to 1.5.1) reads: telemetry
 * is on only when `AML_APP_INSIGHTS_ENABLED` is exactly "true" AND
 * `AML_APP_INSIGHTS_KEY` is an instrumentation key (a GUID); its launcher turns the
 * flag off otherwise. No version reads a connection string itself:
 * `APPLICATIONINSIGHTS_CONNECTION_STRING` is read by the exporter libraries
 * (OpenCensus up to 1.4.x, OpenTelemetry from 1.5.0) for the ingestion endpoint only.
 * So the container gets both, from the same source, and never as a literal value.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject } from '../kube';
import { checkString, isPlainObject } from '../validation';
import { RESOURCE_GROUP_NAME_PATTERN, SUBSCRIPTION_ID_PATTERN, checkAzureTags } from '../cluster/azure';
import { asoObjectName } from '../cluster/aso';
import { DEFAULT_SECRET_STORE_KIND, SecretStoreRef, clusterSecretStoreWarning } from './auth-keys';
import { ESO_API_VERSION } from './keys';
import type { ResolvedDeployConfiguration } from './deploy-configuration';

/** The environment variables of App Insights. */
export const APP_INSIGHTS_ENABLED_ENV = 'AML_APP_INSIGHTS_ENABLED';
export const APP_INSIGHTS_KEY_ENV = 'AML_APP_INSIGHTS_KEY';
export const APP_INSIGHTS_CONNECTION_STRING_ENV = 'APPLICATIONINSIGHTS_CONNECTION_STRING';

/** The App Insights variables the library sets, and the prop that sets each (`env` may not override them). */
export const APP_INSIGHTS_RESERVED_ENV: Readonly<Record<string, string>> = {
  [APP_INSIGHTS_ENABLED_ENV]: 'enableAppInsights',
  [APP_INSIGHTS_KEY_ENV]: 'appInsights',
  [APP_INSIGHTS_CONNECTION_STRING_ENV]: 'appInsights',
};

/** The default Secret of `AppInsights.fromSecret()` and its entries. */
export const DEFAULT_APP_INSIGHTS_SECRET = 'app-insights';
export const INSTRUMENTATION_KEY_ENTRY = 'instrumentation-key';
export const CONNECTION_STRING_ENTRY = 'connection-string';

/**
 * The Azure Service Operator CRD of the component (`insights.azure.com`, ARM API
 * 2020-02-02, Microsoft.Insights/components): the version whose `operatorSpec.configMaps`
 * exports `instrumentationKey` and `connectionString` (ConfigMapDestination).
 */
export const ASO_INSIGHTS_API_VERSION = 'insights.azure.com/v1api20200202';

/** The retention periods Application Insights accepts, in days. */
export const APP_INSIGHTS_RETENTION_DAYS = [30, 60, 90, 120, 180, 270, 365, 550, 730] as const;

/** The kinds of App Insights source, for code that inspects an {@link AppInsights}. */
export enum AppInsightsSource {
  /** An existing Secret with the instrumentation key and the connection string. */
  EXISTING_SECRET = 'existing-secret',
  /** Azure Key Vault through an External Secrets store. */
  KEY_VAULT = 'key-vault',
  /** An Application Insights component the library creates. */
  CREATED_COMPONENT = 'created-component',
}

export interface AppInsightsSecretOptions {
  /**
   * The Secret, in the service's namespace.
   * @default 'app-insights'
   */
  readonly secretName?: string;
  /**
   * The entry holding the instrumentation key (a GUID): `AML_APP_INSIGHTS_KEY`.
   * @default 'instrumentation-key'
   */
  readonly instrumentationKeyEntry?: string;
  /**
   * The entry holding the connection string: `APPLICATIONINSIGHTS_CONNECTION_STRING`
   * (the exporters take the ingestion endpoint from it).
   * @default 'connection-string'
   */
  readonly connectionStringEntry?: string;
}

export interface AppInsightsKeyVaultOptions {
  /** The External Secrets store that reads the Azure Key Vault (provider `azurekv`). */
  readonly secretStore: SecretStoreRef;
  /** The Key Vault secret holding the component's connection string. */
  readonly connectionStringSecretName: string;
  /**
   * The Key Vault secret holding the instrumentation key.
   * @default - taken from the connection string's `InstrumentationKey` (External Secrets template)
   */
  readonly instrumentationKeySecretName?: string;
  /**
   * How often External Secrets re-reads the vault (a Go duration).
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

export interface AppInsightsComponentOptions {
  /** The Azure resource group of the component (it must exist). */
  readonly resourceGroupName: string;
  /** The Azure region, e.g. "westeurope". */
  readonly location: string;
  /**
   * The component's name in Azure (unique in the resource group).
   * @default - the service (or endpoint) name
   */
  readonly componentName?: string;
  /**
   * The ARM id of the Log Analytics workspace the telemetry is stored in
   * (`/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…`);
   * with it the component is workspace-based (ingestion mode LogAnalytics).
   * @default - none: Azure chooses (classic components can no longer be created)
   */
  readonly workspaceResourceId?: string;
  /**
   * How long the data is kept, in days (30, 60, 90, 120, 180, 270, 365, 550 or 730).
   * @default - the Azure default (90)
   */
  readonly retentionInDays?: number;
  /**
   * Azure tags of the component.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * The Azure subscription id. Used by the Azure Service Operator (cdk8s) only: with
   * it, the component's owner is the resource group's ARM id; without it, the ASO
   * `ResourceGroup` object named after `resourceGroupName` in the service's namespace.
   * @default - none
   */
  readonly subscriptionId?: string;
}

/**
 * Where the Application Insights settings of a service (or endpoint) come from,
 * when `enableAppInsights` is on. Use the static factories.
 *
 * Whatever the source, the scoring container reads `AML_APP_INSIGHTS_KEY` (the
 * instrumentation key, which the inference server requires) and
 * `APPLICATIONINSIGHTS_CONNECTION_STRING` (the ingestion endpoint) from a Secret or
 * ConfigMap entry: no value is written into the manifests.
 */
export class AppInsights {
  /**
   * An existing Secret in the service's namespace (created by you, Sealed Secrets,
   * SOPS, ...) with the instrumentation key and the connection string of the
   * component. This is the default: `AppInsights.fromSecret()` reads the Secret
   * `app-insights`, entries `instrumentation-key` and `connection-string`.
   */
  public static fromSecret(options: AppInsightsSecretOptions = {}): AppInsights {
    return new AppInsights(AppInsightsSource.EXISTING_SECRET, {
      secretName: options.secretName ?? DEFAULT_APP_INSIGHTS_SECRET,
      instrumentationKeyEntry: options.instrumentationKeyEntry ?? INSTRUMENTATION_KEY_ENTRY,
      connectionStringEntry: options.connectionStringEntry ?? CONNECTION_STRING_ENTRY,
    });
  }

  /**
   * The connection string (and optionally the instrumentation key) kept in Azure Key
   * Vault, synced by External Secrets into the Secret `<name>-app-insights`. Without
   * `instrumentationKeySecretName`, the key is taken from the connection string's
   * `InstrumentationKey` by the ExternalSecret's template (the sync fails, visibly on
   * the ExternalSecret, when the connection string has none).
   */
  public static fromKeyVault(options: AppInsightsKeyVaultOptions): AppInsights {
    const store = (isPlainObject(options) ? options.secretStore : undefined) as SecretStoreRef | undefined;
    return new AppInsights(AppInsightsSource.KEY_VAULT, {
      secretStore: { name: store?.name as string, kind: store?.kind ?? DEFAULT_SECRET_STORE_KIND },
      connectionStringSecretName: options?.connectionStringSecretName,
      ...(options?.instrumentationKeySecretName !== undefined ? { instrumentationKeySecretName: options.instrumentationKeySecretName } : {}),
      refreshInterval: options?.refreshInterval ?? '1h',
    });
  }

  /**
   * An Application Insights component (kind "web") the library creates, whose
   * instrumentation key and connection string the containers read:
   *
   * - Pulumi: an `@pulumi/azure-native` `applicationinsights.Component`, its key and
   *   connection string written to the Secret `<name>-app-insights` as secret outputs;
   * - cdk8s: an Azure Service Operator `insights.azure.com` Component that exports
   *   both to the ConfigMap `<name>-app-insights` (ASO writes ConfigMaps, not Secrets,
   *   for this resource; the pods start once it exists).
   */
  public static createComponent(options: AppInsightsComponentOptions): AppInsights {
    return new AppInsights(AppInsightsSource.CREATED_COMPONENT, { ...(isPlainObject(options) ? options : {}) } as AppInsightsComponentOptions);
  }

  private constructor(
    /** Where the settings come from. */
    public readonly source: AppInsightsSource,
    /** The source's settings. */
    public readonly options: Readonly<Partial<Required<AppInsightsSecretOptions>> & Partial<AppInsightsKeyVaultOptions> & Partial<AppInsightsComponentOptions>>,
  ) {}
}

/** Where the container reads one value: a Secret or a ConfigMap entry. */
export interface AppInsightsValueRef {
  readonly from: 'Secret' | 'ConfigMap';
  readonly name: string;
  readonly key: string;
}

/** The App Insights source of a container, with the entries it reads. */
export interface ResolvedAppInsights {
  readonly source: AppInsights;
  /** `AML_APP_INSIGHTS_KEY`. */
  readonly instrumentationKey: AppInsightsValueRef;
  /** `APPLICATIONINSIGHTS_CONNECTION_STRING`. */
  readonly connectionString: AppInsightsValueRef;
}

/** The name of the objects that hold a created or synced component's settings: `<owner>-app-insights`. */
export function appInsightsObjectName(ownerName: string): string {
  return `${ownerName}-app-insights`;
}

/**
 * The entries a container reads for a source. `engineCreates`: the engine (Pulumi)
 * writes a created component's values to a Secret; otherwise ASO exports them to a ConfigMap.
 */
export function resolveAppInsights(source: AppInsights, ownerName: string, engineCreates = false): ResolvedAppInsights {
  if (source.source === AppInsightsSource.EXISTING_SECRET) {
    const o = source.options;
    return {
      source,
      instrumentationKey: { from: 'Secret', name: o.secretName!, key: o.instrumentationKeyEntry! },
      connectionString: { from: 'Secret', name: o.secretName!, key: o.connectionStringEntry! },
    };
  }
  const from = source.source === AppInsightsSource.CREATED_COMPONENT && !engineCreates ? 'ConfigMap' : 'Secret';
  const name = appInsightsObjectName(ownerName);
  return {
    source,
    instrumentationKey: { from, name, key: INSTRUMENTATION_KEY_ENTRY },
    connectionString: { from, name, key: CONNECTION_STRING_ENTRY },
  };
}

/** The source used when none is given: the deprecated `appInsightsConnectionString` mapped, else `AppInsights.fromSecret()`. */
export function defaultAppInsightsSource(legacy?: { name: string; key: string }): AppInsights {
  return legacy ? AppInsights.fromSecret({ secretName: legacy.name, connectionStringEntry: legacy.key }) : AppInsights.fromSecret();
}

function valueFrom(ref: AppInsightsValueRef): Record<string, unknown> {
  const sel = { name: ref.name, key: ref.key };
  return ref.from === 'Secret' ? { secretKeyRef: sel } : { configMapKeyRef: sel };
}

/**
 * The App Insights environment of a scoring container: nothing when App Insights is
 * off; otherwise the switch, the instrumentation key and the connection string, the
 * last two from their Secret or ConfigMap entries.
 */
export function appInsightsEnv(c: Pick<ResolvedDeployConfiguration, 'enableAppInsights'> & { readonly appInsights: ResolvedAppInsights }): Record<string, unknown>[] {
  if (!c.enableAppInsights) return [];
  return [
    { name: APP_INSIGHTS_ENABLED_ENV, value: 'true' },
    { name: APP_INSIGHTS_KEY_ENV, valueFrom: valueFrom(c.appInsights.instrumentationKey) },
    { name: APP_INSIGHTS_CONNECTION_STRING_ENV, valueFrom: valueFrom(c.appInsights.connectionString) },
  ];
}

// --- Validation -----------------------------------------------------------------------

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const KEY_VAULT_SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const LOCATION = /^[a-z][a-z0-9]{1,89}$/;
/** 1 to 260 letters, digits, "_", "-", ".", "(" and ")", not ending with ".". */
export const APP_INSIGHTS_NAME_PATTERN = /^[-\w.()]{0,259}[-\w()]$/;
const WORKSPACE_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9][-A-Za-z0-9]{2,61}[A-Za-z0-9]$/i;

/**
 * Checks the App Insights props of a service, an endpoint or an endpoint version:
 * `appInsights` (an {@link AppInsights}) and the deprecated `appInsightsConnectionString`.
 * Adds problems to `c`; returns the warnings.
 */
export function validateAppInsights(
  c: ProblemCollector,
  props: { appInsights?: unknown; appInsightsConnectionString?: unknown },
  options: {
    /** `enableAppInsights`. */
    readonly enabled: boolean;
    readonly feature: 'webservice' | 'endpoint';
    /** An endpoint version: the endpoint has its own `appInsights` (which the version's deprecated prop may not override). */
    readonly endpointHasSource?: boolean;
  },
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  const legacy = props.appInsightsConnectionString;
  if (legacy !== undefined) {
    const r = legacy as Record<string, unknown>;
    if (!isPlainObject(r) || typeof r.name !== 'string' || !K8S_NAME.test(r.name) || typeof r.key !== 'string' || !SECRET_KEY.test(r.key)) {
      c.add('appInsightsConnectionString', r, 'must be { name, key } naming a Secret and its entry');
    } else if (r.key === INSTRUMENTATION_KEY_ENTRY) {
      c.add('appInsightsConnectionString.key', r.key, `is the entry the instrumentation key is read from ("${INSTRUMENTATION_KEY_ENTRY}"); use AppInsights.fromSecret({ secretName, instrumentationKeyEntry, connectionStringEntry })`);
    }
    if (props.appInsights !== undefined || options.endpointHasSource) {
      c.add('appInsightsConnectionString', r, `cannot be combined with ${options.endpointHasSource ? "the endpoint's " : ''}appInsights; set only appInsights (AppInsights.fromSecret({ secretName, connectionStringEntry }))`);
    } else {
      warnings.push({
        id: 'aks-ml:webservice:appInsightsConnectionStringDeprecated',
        prop: 'appInsightsConnectionString',
        message:
          'is deprecated: the inference server needs the instrumentation key too (AML_APP_INSIGHTS_KEY), read here from the same Secret, ' +
          `entry "${INSTRUMENTATION_KEY_ENTRY}"; use appInsights: AppInsights.fromSecret({ secretName, instrumentationKeyEntry, connectionStringEntry }).`,
      });
    }
  }
  const a = props.appInsights;
  if (a !== undefined && !(a instanceof AppInsights)) {
    c.add('appInsights', a, 'must be made with AppInsights.fromSecret(), AppInsights.fromKeyVault() or AppInsights.createComponent()');
  } else if (a instanceof AppInsights) {
    validateSource(c.child('appInsights'), a);
  }
  const given = a !== undefined ? 'appInsights' : legacy !== undefined ? 'appInsightsConnectionString' : undefined;
  if (a instanceof AppInsights && a.source === AppInsightsSource.KEY_VAULT && (a.options as { secretStore?: SecretStoreRef }).secretStore?.kind === 'ClusterSecretStore' && options.enabled) {
    warnings.push(clusterSecretStoreWarning('appInsights.secretStore.kind', options.feature === 'endpoint' ? 'aks-ml:endpoint:clusterSecretStore' : 'aks-ml:webservice:clusterSecretStore'));
  }
  if (given !== undefined && !options.enabled) {
    const message =
      'has no effect: enableAppInsights (v1: enable_app_insights) is false, so the scoring containers get no App Insights settings' +
      `${a instanceof AppInsights && a.source === AppInsightsSource.CREATED_COMPONENT ? ' and no component is created' : ''}; set enableAppInsights: true.`;
    warnings.push(
      options.feature === 'endpoint'
        ? { id: 'aks-ml:endpoint:appInsightsWithoutEnable', prop: given, message }
        : { id: 'aks-ml:webservice:appInsightsWithoutEnable', prop: given, message },
    );
  }
  return warnings;
}

function validateSource(c: ProblemCollector, a: AppInsights): void {
  const o = a.options as Record<string, unknown>;
  switch (a.source) {
    case AppInsightsSource.EXISTING_SECRET: {
      if (typeof o.secretName !== 'string' || !K8S_NAME.test(o.secretName)) c.add('secretName', o.secretName, 'must be the name of a Secret in the service namespace');
      for (const f of ['instrumentationKeyEntry', 'connectionStringEntry'] as const) {
        if (typeof o[f] !== 'string' || !SECRET_KEY.test(o[f] as string)) c.add(f, o[f], 'must be a Secret entry name (letters, digits, "-", "_" and ".")');
      }
      if (typeof o.instrumentationKeyEntry === 'string' && o.instrumentationKeyEntry === o.connectionStringEntry) {
        c.add('connectionStringEntry', o.connectionStringEntry, 'must differ from instrumentationKeyEntry (the key is a GUID, the connection string is not)');
      }
      break;
    }
    case AppInsightsSource.KEY_VAULT: {
      const store = o.secretStore as { name?: unknown; kind?: unknown };
      if (typeof store.name !== 'string' || !K8S_NAME.test(store.name)) c.add('secretStore.name', store.name, 'must be the name of a SecretStore or ClusterSecretStore');
      if (store.kind !== 'SecretStore' && store.kind !== 'ClusterSecretStore') c.add('secretStore.kind', store.kind, 'must be "SecretStore" or "ClusterSecretStore"');
      if (typeof o.connectionStringSecretName !== 'string' || !KEY_VAULT_SECRET_NAME.test(o.connectionStringSecretName)) {
        c.add('connectionStringSecretName', o.connectionStringSecretName, 'must be a Key Vault secret name (1 to 127 letters, digits and "-")');
      }
      if (o.instrumentationKeySecretName !== undefined) {
        if (typeof o.instrumentationKeySecretName !== 'string' || !KEY_VAULT_SECRET_NAME.test(o.instrumentationKeySecretName)) {
          c.add('instrumentationKeySecretName', o.instrumentationKeySecretName, 'must be a Key Vault secret name (1 to 127 letters, digits and "-")');
        } else if (o.instrumentationKeySecretName === o.connectionStringSecretName) {
          c.add('instrumentationKeySecretName', o.instrumentationKeySecretName, 'must differ from connectionStringSecretName');
        }
      }
      if (typeof o.refreshInterval !== 'string' || !GO_DURATION.test(o.refreshInterval)) c.add('refreshInterval', o.refreshInterval, 'must be a Go duration such as "1h" or "15m"');
      break;
    }
    case AppInsightsSource.CREATED_COMPONENT: {
      if (o.resourceGroupName === undefined) c.add('resourceGroupName', undefined, 'is required: the Azure resource group of the component');
      else if (checkString(c, 'resourceGroupName', o.resourceGroupName, { maxLength: 90 }) && !RESOURCE_GROUP_NAME_PATTERN.test(o.resourceGroupName as string)) {
        c.add('resourceGroupName', o.resourceGroupName, 'must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."');
      }
      if (o.location === undefined) c.add('location', undefined, 'is required: the Azure region of the component, e.g. "westeurope"');
      else if (typeof o.location !== 'string' || !LOCATION.test(o.location)) c.add('location', o.location, 'must be an Azure region name such as "westeurope" (lowercase letters and digits)');
      if (o.componentName !== undefined && (typeof o.componentName !== 'string' || !APP_INSIGHTS_NAME_PATTERN.test(o.componentName))) {
        c.add('componentName', o.componentName, 'must be 1 to 260 letters, digits, "_", "-", ".", "(" and ")", not ending with "."');
      }
      if (o.workspaceResourceId !== undefined && (typeof o.workspaceResourceId !== 'string' || !WORKSPACE_ID.test(o.workspaceResourceId))) {
        c.add('workspaceResourceId', o.workspaceResourceId, 'must be the ARM id of a Log Analytics workspace: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>');
      }
      if (o.retentionInDays !== undefined && !(APP_INSIGHTS_RETENTION_DAYS as readonly unknown[]).includes(o.retentionInDays)) {
        c.add('retentionInDays', o.retentionInDays, `must be one of ${APP_INSIGHTS_RETENTION_DAYS.join(', ')} (the retention periods Application Insights accepts)`);
      }
      checkAzureTags(c, 'tags', o.tags);
      if (o.subscriptionId !== undefined && (typeof o.subscriptionId !== 'string' || !SUBSCRIPTION_ID_PATTERN.test(o.subscriptionId))) {
        c.add('subscriptionId', o.subscriptionId, 'must be a subscription id (a GUID such as "00000000-0000-0000-0000-000000000000")');
      }
      break;
    }
  }
}

// --- Objects ------------------------------------------------------------------------------

/** Values an engine sets itself (or its placeholders for them) for a created component. */
export interface EngineAppInsightsComponent {
  /** The component's instrumentation key. */
  readonly instrumentationKey: string;
  /** The component's connection string. */
  readonly connectionString: string;
}

/** A component to create, engine-neutral: what both the ASO object and the azure-native args come from. */
export interface AppInsightsComponentDescription {
  readonly componentName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly workspaceResourceId?: string;
  readonly retentionInDays?: number;
  readonly tags?: Record<string, string>;
  readonly subscriptionId?: string;
}

export interface AppInsightsObjectsInput {
  /** The owner's name (service or endpoint): the objects are `<owner>-app-insights`, the component's default name. */
  readonly ownerName: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly enabled: boolean;
  readonly appInsights: ResolvedAppInsights;
  /** The engine creates the component and gives these values (placeholders) for its Secret. */
  readonly engineComponent?: EngineAppInsightsComponent;
}

export interface AppInsightsObjects {
  readonly objects: KubeObject[];
  /** The entries the containers read (a created component's in a Secret when the engine creates it). */
  readonly appInsights: ResolvedAppInsights;
  /** The component the engine must create (only with `engineComponent`). */
  readonly component?: AppInsightsComponentDescription;
  readonly warnings: ConfigurationWarning[];
}

/**
 * The template that takes the instrumentation key out of a connection string
 * (External Secrets template engine v2, with its Sprig functions): the value of
 * `InstrumentationKey=<guid>`, or a failed sync when there is none.
 */
export const INSTRUMENTATION_KEY_TEMPLATE =
  '{{- $key := .connectionString | regexFind "InstrumentationKey=[0-9a-fA-F-]{36}" | trimPrefix "InstrumentationKey=" -}}' +
  '{{- if not $key }}{{ fail "the connection string has no InstrumentationKey" }}{{ end -}}' +
  '{{ $key }}';

/** The component of a `createComponent` source, with its name defaulted. */
export function describeComponent(source: AppInsights, ownerName: string): AppInsightsComponentDescription {
  const o = source.options;
  return {
    componentName: o.componentName ?? ownerName,
    resourceGroupName: o.resourceGroupName!,
    location: o.location!,
    ...(o.workspaceResourceId !== undefined ? { workspaceResourceId: o.workspaceResourceId } : {}),
    ...(o.retentionInDays !== undefined ? { retentionInDays: o.retentionInDays } : {}),
    ...(o.tags !== undefined ? { tags: { ...o.tags } } : {}),
    ...(o.subscriptionId !== undefined ? { subscriptionId: o.subscriptionId } : {}),
  };
}

/**
 * The objects that bring a source's settings into the namespace (none when App
 * Insights is off or the Secret exists): the ExternalSecret of a Key Vault source;
 * for a created component, the ASO Component, or (engine-created) the Secret with the
 * engine's values.
 */
export function buildAppInsightsObjects(input: AppInsightsObjectsInput): AppInsightsObjects {
  const source = input.appInsights.source;
  const warnings: ConfigurationWarning[] = [];
  if (!input.enabled || source.source === AppInsightsSource.EXISTING_SECRET) return { objects: [], appInsights: input.appInsights, warnings };
  const name = appInsightsObjectName(input.ownerName);
  const metadata = { name, ...(input.namespace ? { namespace: input.namespace } : {}), labels: { ...input.labels } };
  const o = source.options;
  if (source.source === AppInsightsSource.KEY_VAULT) {
    const ik = o.instrumentationKeySecretName;
    return {
      objects: [{
        apiVersion: ESO_API_VERSION,
        kind: 'ExternalSecret',
        metadata,
        spec: {
          refreshInterval: o.refreshInterval,
          secretStoreRef: { name: o.secretStore!.name, kind: o.secretStore!.kind },
          target: {
            name,
            creationPolicy: 'Owner',
            template: {
              engineVersion: 'v2',
              type: 'Opaque',
              data: {
                [INSTRUMENTATION_KEY_ENTRY]: ik !== undefined ? '{{ .instrumentationKey }}' : INSTRUMENTATION_KEY_TEMPLATE,
                [CONNECTION_STRING_ENTRY]: '{{ .connectionString }}',
              },
            },
          },
          data: [
            { secretKey: 'connectionString', remoteRef: { key: o.connectionStringSecretName } },
            ...(ik !== undefined ? [{ secretKey: 'instrumentationKey', remoteRef: { key: ik } }] : []),
          ],
        },
      }],
      appInsights: input.appInsights,
      warnings,
    };
  }
  const component = describeComponent(source, input.ownerName);
  if (input.engineComponent) {
    if (component.subscriptionId !== undefined) {
      warnings.push({
        id: 'aks-ml:webservice:appInsightsSubscriptionIdUnused',
        prop: 'appInsights.subscriptionId',
        message: 'has no effect here: it sets the owner of the Azure Service Operator object (cdk8s); the component is created in resourceGroupName.',
      });
    }
    return {
      objects: [{
        apiVersion: 'v1',
        kind: 'Secret',
        metadata,
        type: 'Opaque',
        stringData: {
          [INSTRUMENTATION_KEY_ENTRY]: input.engineComponent.instrumentationKey,
          [CONNECTION_STRING_ENTRY]: input.engineComponent.connectionString,
        },
      }],
      appInsights: resolveAppInsights(source, input.ownerName, true),
      component,
      warnings,
    };
  }
  return { objects: [buildAsoComponent(component, metadata)], appInsights: input.appInsights, warnings };
}

/** The ASO `insights.azure.com` Component that exports the key and the connection string to the ConfigMap `<metadata.name>`. */
export function buildAsoComponent(d: AppInsightsComponentDescription, metadata: KubeObject['metadata']): KubeObject {
  return {
    apiVersion: ASO_INSIGHTS_API_VERSION,
    kind: 'Component',
    metadata,
    spec: {
      azureName: d.componentName,
      owner: d.subscriptionId !== undefined
        ? { armId: `/subscriptions/${d.subscriptionId}/resourceGroups/${d.resourceGroupName}` }
        : { name: asoObjectName(d.resourceGroupName) },
      location: d.location,
      kind: 'web',
      Application_Type: 'web',
      ...(d.workspaceResourceId !== undefined ? { workspaceResourceReference: { armId: d.workspaceResourceId }, IngestionMode: 'LogAnalytics' } : {}),
      ...(d.retentionInDays !== undefined ? { RetentionInDays: d.retentionInDays } : {}),
      ...(d.tags !== undefined && Object.keys(d.tags).length > 0 ? { tags: { ...d.tags } } : {}),
      operatorSpec: {
        configMaps: {
          instrumentationKey: { name: metadata.name, key: INSTRUMENTATION_KEY_ENTRY },
          connectionString: { name: metadata.name, key: CONNECTION_STRING_ENTRY },
        },
      },
    },
  };
}

/** The args of the azure-native `applicationinsights.Component` for a component. */
export function azureNativeComponentArgs(d: AppInsightsComponentDescription): Record<string, unknown> {
  return {
    resourceGroupName: d.resourceGroupName,
    resourceName: d.componentName,
    location: d.location,
    kind: 'web',
    applicationType: 'web',
    ...(d.workspaceResourceId !== undefined ? { workspaceResourceId: d.workspaceResourceId, ingestionMode: 'LogAnalytics' } : {}),
    ...(d.retentionInDays !== undefined ? { retentionInDays: d.retentionInDays } : {}),
    ...(d.tags !== undefined && Object.keys(d.tags).length > 0 ? { tags: { ...d.tags } } : {}),
  };
}
