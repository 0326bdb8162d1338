/**
 * An Azure ML v1 `AksEndpoint`: one scoring endpoint with 1 to 6 versions behind it,
 * each a full web service configuration with a share of the traffic, for controlled
 * roll-outs and A/B tests. Validated and resolved once here, turned into Kubernetes
 * objects by `planEndpoint`.
 *
 * The rules (v1 behaviour, plus what v1 forgot to check):
 * - 1 to 6 versions; version names follow the service-name rule and are unique;
 * - each `trafficPercentile` is a whole number from 0 to 100 (unset: 0), and the sum
 *   never exceeds 100;
 * - exactly one default version: the one marked `isDefault`, else the first; two marked
 *   is an error. The default version takes the traffic no version claims, so the
 *   weights always add up to 100;
 * - at most one `VersionType.CONTROL` version (unset: treatment);
 * - auth, keys, App Insights and the namespace belong to the endpoint (one key pair for
 *   all versions) and cannot be set per version.
 */
import { AppInsights, defaultAppInsightsSource, validateAppInsights } from '../webservice/app-insights';
import { AuthKeys } from '../webservice/auth-keys';
import { checkEndpointIdentities } from '../identity/service-identity';
import { Autoscaler, AutoscalerKind, validateAutoscaler } from '../webservice/autoscaler';
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { ResolvedGatewayRef, resolveGatewayRef } from '../gateway/gateway-ref';
import { GatewayServingProps, ResolvedTokenAuth, resolveTokenAuth, validateServingProps } from '../gateway/serving';
import { joinName } from '../kube';
import { mergeRecords } from '../merge';
import { checkBoolean, checkServiceName, isPlainObject } from '../validation';
import {
  ResolvedScoringContainer,
  ScoringContainerProps,
  applyScoringContainerDefaults,
  autoscalerWarnings,
  validateKeySource,
  validateScoringContainer,
} from '../webservice/resolve';
import {
  AksWebserviceDeployConfiguration,
  ResolvedDeployConfiguration,
  V1_PARAMETER_NAMES,
  applyDeployConfigurationDefaults,
  validateDeployConfiguration,
} from '../webservice/deploy-configuration';
import { ResolvedScoringNetwork, ScoringNetworkProps, resolveScoringNetwork, validateScoringNetwork } from '../webservice/network-policy';
import { PodSecurityProps, checkKubernetesVersion, podSecurityVersionOf } from '../pod-security';

/** The type of an endpoint version (v1 `version_type`). */
export const VersionType = {
  /** The version the treatments are compared against (at most one per endpoint). */
  CONTROL: 'Control',
  /** A version under test. */
  TREATMENT: 'Treatment',
} as const;
export type VersionType = (typeof VersionType)[keyof typeof VersionType];

/** The most versions behind one endpoint (the documented v1 limit). */
export const MAX_ENDPOINT_VERSIONS = 6;

/** Deploy-configuration props the endpoint owns for all its versions. */
export const ENDPOINT_OWNED_PROPS = ['authEnabled', 'tokenAuthEnabled', 'primaryKey', 'secondaryKey', 'enableAppInsights', 'namespace'] as const;
export type EndpointOwnedProp = (typeof ENDPOINT_OWNED_PROPS)[number];

/** Other props that only exist on the endpoint (rejected on a version, for untyped callers). */
const ENDPOINT_ONLY_PROPS = ['keys', 'appInsights', 'gateway', 'entraTenantId', 'entraAudience', 'entraTokenVersions', 'createNamespace', 'name', 'versions'] as const;
/** The network and Pod Security props: the endpoint's, for all versions (rejected on a version). */
const ENDPOINT_NETWORK_PROPS = ['allowHealthCheckPods', 'restrictEgress', 'allowInstanceMetadata', 'kubernetesVersion'] as const;

/** One version of an endpoint: a full web service configuration plus its traffic settings. */
export interface AksEndpointVersionProps extends Omit<AksWebserviceDeployConfiguration, EndpointOwnedProp>, ScoringContainerProps {
  /**
   * The version name: 3 to 32 characters, lowercase letters, digits and "-", starting
   * with a letter (the v1 service-name rule); unique within the endpoint.
   * v1: `version_name`.
   */
  readonly versionName: string;
  /**
   * The percentage of the endpoint's traffic this version takes (a whole number, 0 to
   * 100). The default version also takes what no version claims. v1: `traffic_percentile`.
   * @default 0
   */
  readonly trafficPercentile?: number;
  /**
   * Whether this is the default version (exactly one; the first when none is marked).
   * v1: `is_default`.
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Control or treatment (at most one control). v1: `version_type`.
   * @default VersionType.TREATMENT
   */
  readonly versionType?: VersionType;
  /**
   * What scales this version when autoscaling is on.
   * @default Autoscaler.cpu()
   */
  readonly autoscaler?: Autoscaler;
}

/** The props of an endpoint, engine-independent. */
export interface AksEndpointProps extends GatewayServingProps, ScoringNetworkProps, PodSecurityProps {
  /** The endpoint name (the v1 service-name rule); the scoring path is `/api/v1/service/<name>/score`. */
  readonly name: string;
  /**
   * The Kubernetes namespace of every version. v1: `namespace`.
   * @default - none: the chart's (cdk8s) or the provider's (Pulumi) namespace
   */
  readonly namespace?: string;
  /**
   * Key auth for the endpoint (one key pair for all versions). v1: `auth_enabled`.
   * @default true (false when `tokenAuthEnabled` is true)
   */
  readonly authEnabled?: boolean;
  /**
   * Microsoft Entra ID token auth (needs `entraTenantId` and `entraAudience`).
   * v1: `token_auth_enabled`.
   * @default false
   */
  readonly tokenAuthEnabled?: boolean;
  /**
   * Where the two keys come from.
   * @default AuthKeys.generated()
   */
  readonly keys?: AuthKeys;
  /** The primary key (written into the manifests, with a warning). v1: `primary_key`. */
  readonly primaryKey?: string;
  /** The secondary key. v1: `secondary_key`. */
  readonly secondaryKey?: string;
  /**
   * Application Insights telemetry for every version. v1: `enable_app_insights`.
   * @default false
   */
  readonly enableAppInsights?: boolean;
  /**
   * Where every version reads the Application Insights instrumentation key and
   * connection string from, when `enableAppInsights` is true (one component for the
   * endpoint; a created one is named after the endpoint).
   * @default AppInsights.fromSecret() (the Secret `app-insights`, entries `instrumentation-key` and `connection-string`)
   */
  readonly appInsights?: AppInsights;
  /**
   * Create the Namespace object when `namespace` is set.
   * @default true
   */
  readonly createNamespace?: boolean;
  /** The versions: 1 to 6. v1: `create_version` / `AksEndpoint.deploy_configuration`. */
  readonly versions: AksEndpointVersionProps[];
}

/** A version with every default applied. */
export interface ResolvedEndpointVersion extends ResolvedDeployConfiguration, ResolvedScoringContainer {
  readonly versionName: string;
  /** The Kubernetes name of the version's objects: `joinName([endpoint, version])`. */
  readonly kubernetesName: string;
  /** The percentile as given (0 when unset). */
  readonly trafficPercentile: number;
  /** The share of the endpoint's traffic in percent: the percentile, plus the unclaimed rest for the default version. */
  readonly weight: number;
  readonly isDefault: boolean;
  readonly versionType: VersionType;
  readonly autoscaler: Autoscaler;
}

/** An endpoint with every default applied. */
export interface ResolvedEndpoint {
  readonly name: string;
  readonly namespace?: string;
  readonly authEnabled: boolean;
  readonly tokenAuthEnabled: boolean;
  readonly keys: AuthKeys;
  readonly primaryKey?: string;
  readonly secondaryKey?: string;
  readonly enableAppInsights: boolean;
  /** The endpoint's App Insights source (each version's entries are in its `appInsights`). */
  readonly appInsights: AppInsights;
  readonly createNamespace: boolean;
  readonly gateway: ResolvedGatewayRef;
  readonly tokenAuth?: ResolvedTokenAuth;
  /** The NetworkPolicy settings of every version's pods. */
  readonly network: ResolvedScoringNetwork;
  /** The Pod Security `enforce-version` of the Namespace the endpoint creates (`v1.N`). */
  readonly podSecurityVersion: string;
  /** In the order given. */
  readonly versions: readonly ResolvedEndpointVersion[];
  /** The default version's name. */
  readonly defaultVersion: string;
}

function prefixWarnings(prefix: string, warnings: ConfigurationWarning[]): ConfigurationWarning[] {
  return warnings.map((w) => ({ ...w, prop: `${prefix}${w.prop}` }));
}

/**
 * Validates an endpoint and applies every default. Throws one ConfigurationError
 * listing every problem (with paths such as `versions[2].cpuCores`); returns the
 * resolved endpoint and the warnings.
 */
export function resolveEndpoint(props: AksEndpointProps): { config: ResolvedEndpoint; warnings: ConfigurationWarning[] } {
  const c = new ProblemCollector();
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    c.throwIfAny('the endpoint');
  }
  const p = props as unknown as Record<string, unknown>;
  const subject = typeof props.name === 'string' && props.name.length <= 64 ? `endpoint ${JSON.stringify(props.name)}` : 'the endpoint';
  const warnings: ConfigurationWarning[] = [];

  // --- Endpoint-level props.
  checkServiceName(c, 'name', props.name);
  const endpointOwned: Record<string, unknown> = {};
  for (const k of ENDPOINT_OWNED_PROPS) if (p[k] !== undefined) endpointOwned[k] = p[k];
  // The v1 rules on the endpoint-owned props (booleans, key format, auth/token conflict, namespace).
  warnings.push(...validateDeployConfiguration(c, endpointOwned as AksWebserviceDeployConfiguration));
  warnings.push(...validateKeySource(c, props));
  checkEndpointIdentities(c, props);
  checkBoolean(c, 'createNamespace', props.createNamespace);
  warnings.push(...validateScoringNetwork(c, props, 'endpoint'));
  checkKubernetesVersion(c, 'kubernetesVersion', props.kubernetesVersion);
  const tokenAuthEnabled = props.tokenAuthEnabled === true;
  warnings.push(...validateServingProps(c, props, tokenAuthEnabled));
  const appInsightsEnabled = props.enableAppInsights === true;
  warnings.push(...validateAppInsights(c, { appInsights: props.appInsights }, { enabled: appInsightsEnabled, feature: 'endpoint' }));

  // --- Versions.
  const versions = p.versions;
  const names = new Map<string, number>();
  const defaults: number[] = [];
  const controls: number[] = [];
  let percentSum = 0;
  let percentsOk = true;
  if (!Array.isArray(versions)) {
    c.add('versions', versions, `must be a list of 1 to ${MAX_ENDPOINT_VERSIONS} versions`);
  } else {
    if (versions.length === 0 || versions.length > MAX_ENDPOINT_VERSIONS) {
      c.add('versions', `${versions.length} versions`, `must have 1 to ${MAX_ENDPOINT_VERSIONS} versions (the AksEndpoint limit)`);
    }
    versions.forEach((raw: unknown, i: number) => {
      const prefix = `versions[${i}]`;
      const vc = c.child(prefix);
      if (!isPlainObject(raw)) {
        c.add(prefix, raw, 'must be an object with a versionName and the version\'s configuration');
        return;
      }
      const v = raw as Record<string, unknown>;
      for (const k of ENDPOINT_OWNED_PROPS) {
        if (v[k] !== undefined) {
          vc.add(k, k === 'primaryKey' || k === 'secondaryKey' ? '<redacted>' : v[k], `is an endpoint setting shared by all versions${V1_PARAMETER_NAMES[k] ? ` (v1: ${V1_PARAMETER_NAMES[k]})` : ''}; set it on the endpoint, not on a version`);
        }
      }
      for (const k of ENDPOINT_NETWORK_PROPS) {
        if (v[k] !== undefined) vc.add(k, v[k], 'is an endpoint setting shared by all versions; set it on the endpoint, not on a version');
      }
      for (const k of ENDPOINT_ONLY_PROPS) {
        if (v[k] !== undefined) {
          vc.add(k, k === 'keys' ? 'AuthKeys' : k === 'appInsights' ? 'AppInsights' : v[k], k === 'name' ? 'is not a version prop; name the version with versionName' : 'is an endpoint setting; set it on the endpoint, not on a version');
        }
      }
      if (checkServiceName(vc, 'versionName', v.versionName) && typeof v.versionName === 'string') {
        const first = names.get(v.versionName);
        if (first !== undefined) {
          vc.add('versionName', v.versionName, `is already the name of versions[${first}]; version names must be unique`);
        } else {
          names.set(v.versionName, i);
        }
      }
      const t = v.trafficPercentile;
      if (t !== undefined) {
        if (typeof t !== 'number' || !Number.isFinite(t)) {
          vc.add('trafficPercentile (v1: traffic_percentile)', t, 'must be a number from 0 to 100');
          percentsOk = false;
        } else if (t < 0 || t > 100 || Object.is(t, -0)) {
          vc.add('trafficPercentile (v1: traffic_percentile)', t, 'cannot be negative or greater than 100');
          percentsOk = false;
        } else if (!Number.isInteger(t)) {
          vc.add('trafficPercentile (v1: traffic_percentile)', t, 'must be a whole number of percent (traffic is split in whole percents)');
          percentsOk = false;
        } else {
          percentSum += t;
        }
      }
      if (checkBoolean(vc, 'isDefault', v.isDefault, 'is_default') && v.isDefault === true) defaults.push(i);
      if (v.versionType !== undefined && v.versionType !== VersionType.CONTROL && v.versionType !== VersionType.TREATMENT) {
        vc.add('versionType (v1: version_type)', v.versionType, 'must be VersionType.CONTROL ("Control") or VersionType.TREATMENT ("Treatment")');
      } else if (v.versionType === VersionType.CONTROL) {
        controls.push(i);
      }
      const skip = [...ENDPOINT_OWNED_PROPS];
      warnings.push(...prefixWarnings(`${prefix}.`, validateDeployConfiguration(vc, v as AksWebserviceDeployConfiguration, { skip })));
      warnings.push(
        ...prefixWarnings(
          `${prefix}.`,
          validateScoringContainer(vc, v as unknown as ScoringContainerProps, {
            blobfuseEnabled: v.blobfuseEnabled as boolean | undefined,
            explicitBlobfuse: v.blobfuseEnabled !== undefined,
          }),
        ),
      );
      validateAutoscaler(vc, 'autoscaler', v.autoscaler);
      warnings.push(
        ...prefixWarnings(
          `${prefix}.`,
          validateAppInsights(vc, { appInsightsConnectionString: v.appInsightsConnectionString }, {
            enabled: appInsightsEnabled,
            feature: 'endpoint',
            endpointHasSource: props.appInsights !== undefined,
          }),
        ),
      );
    });
    if (percentsOk && percentSum > 100) {
      c.add(
        'versions[*].trafficPercentile (v1: traffic_percentile)',
        `a sum of ${percentSum}`,
        'must add up to at most 100 (the default version takes what the others leave)',
      );
    }
    if (defaults.length > 1) {
      c.add(
        'versions[*].isDefault (v1: is_default)',
        defaults.map((i) => versionLabel(versions[i], i)).join(', '),
        'must be true for at most one version (the endpoint has exactly one default version)',
      );
    }
    if (controls.length > 1) {
      c.add(
        'versions[*].versionType (v1: version_type)',
        controls.map((i) => versionLabel(versions[i], i)).join(', '),
        'must be VersionType.CONTROL for at most one version',
      );
    }
  }
  c.throwIfAny(subject);

  // --- Resolve.
  const vs = versions as AksEndpointVersionProps[];
  const defaultIndex = defaults.length === 1 ? defaults[0] : 0;
  const base = applyDeployConfigurationDefaults(endpointOwned as AksWebserviceDeployConfiguration);
  const claimed = vs.reduce((sum, v) => sum + (v.trafficPercentile ?? 0), 0);
  const resolvedVersions: ResolvedEndpointVersion[] = vs.map((v, i) => {
    const prefix = `versions[${i}].`;
    const merged: AksWebserviceDeployConfiguration = {
      ...(v as AksWebserviceDeployConfiguration),
      authEnabled: base.authEnabled,
      tokenAuthEnabled: base.tokenAuthEnabled,
      enableAppInsights: base.enableAppInsights,
      namespace: base.namespace,
    };
    const deploy = applyDeployConfigurationDefaults(merged);
    const autoscaler = v.autoscaler ?? Autoscaler.cpu();
    warnings.push(...autoscalerWarnings(deploy, v.autoscaler, prefix));
    if (deploy.autoscaleEnabled && autoscaler.kind === AutoscalerKind.CPU && v.autoscaleRefreshSeconds !== undefined) {
      warnings.push({
        id: 'aks-ml:endpoint:refreshSecondsUnderCpuHpa',
        prop: `${prefix}autoscaleRefreshSeconds`,
        message:
          `(v1: ${V1_PARAMETER_NAMES.autoscaleRefreshSeconds}) cannot be honoured by the CPU HorizontalPodAutoscaler, whose sync period is ` +
          'cluster-wide (--horizontal-pod-autoscaler-sync-period, 15s by default on AKS); use the concurrency autoscaler to poll at this interval.',
      });
    }
    const percent = v.trafficPercentile ?? 0;
    return mergeRecords(
      deploy,
      // Only the version's own explicit settings (the endpoint's are not the version's choice).
      { explicitlySet: deploy.explicitlySet.filter((k) => !(ENDPOINT_OWNED_PROPS as readonly string[]).includes(k)) },
      applyScoringContainerDefaults(v, { source: props.appInsights, ownerName: props.name }),
      {
        versionName: v.versionName,
        kubernetesName: joinName([props.name, v.versionName]),
        trafficPercentile: percent,
        weight: i === defaultIndex ? percent + (100 - claimed) : percent,
        isDefault: i === defaultIndex,
        versionType: v.versionType ?? VersionType.TREATMENT,
        autoscaler,
      },
    );
  });
  const config: ResolvedEndpoint = {
    name: props.name,
    ...(base.namespace !== undefined ? { namespace: base.namespace } : {}),
    authEnabled: base.authEnabled,
    tokenAuthEnabled: base.tokenAuthEnabled,
    keys: props.keys ?? AuthKeys.generated(),
    ...(props.primaryKey !== undefined ? { primaryKey: props.primaryKey } : {}),
    ...(props.secondaryKey !== undefined ? { secondaryKey: props.secondaryKey } : {}),
    enableAppInsights: base.enableAppInsights,
    appInsights: props.appInsights ?? defaultAppInsightsSource(),
    createNamespace: props.createNamespace ?? true,
    gateway: resolveGatewayRef(props.gateway),
    ...(tokenAuthEnabled ? { tokenAuth: resolveTokenAuth(props, true) } : {}),
    versions: resolvedVersions,
    defaultVersion: resolvedVersions[defaultIndex].versionName,
    network: resolveScoringNetwork(props),
    podSecurityVersion: podSecurityVersionOf(props.kubernetesVersion),
  };
  return { config, warnings };
}

function versionLabel(v: unknown, i: number): string {
  const name = isPlainObject(v) && typeof v.versionName === 'string' ? ` (${v.versionName})` : '';
  return `versions[${i}]${name}`;
}
