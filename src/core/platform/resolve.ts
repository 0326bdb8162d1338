/**
 * validate → resolve for `AksMlPlatform`: which components, at which versions
 * (each checked against its floor), with which chart values.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { CLUSTER_DEFAULTS } from '../cluster/props';
import { checkBoolean, checkNamespace, checkString, checkStringMap, isPlainObject } from '../validation';
import {
  CERT_MANAGER_CHART,
  CHART_VERSION_PATTERN,
  ENVOY_GATEWAY_CHART,
  EXTERNAL_SECRETS_CHART,
  KEDA_CHART,
  NVIDIA_DEVICE_PLUGIN_CHART,
  PlatformComponentSpec,
  bareVersion,
  chartVersionOf,
  compareVersions,
} from './components';
import {
  EnvoyMetricsSource,
  GitOpsFlavour,
  PlatformClusterInput,
  PlatformComponentProps,
  PlatformProps,
  ResolvedPlatform,
  ResolvedPlatformComponent,
} from './props';

/** Flux's duration pattern (the `interval` fields of its CRDs). */
export const FLUX_DURATION_PATTERN = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** The toleration the chart has by default, kept when the platform sets its own list (lists replace). */
const DEVICE_PLUGIN_DEFAULT_TOLERATIONS = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
];

/** A Kubernetes taint `key=value:Effect` (or `key:Effect`) as a toleration. */
export function tolerationOf(taint: string): Record<string, string> {
  const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(taint);
  if (!m) throw new Error(`not a taint: ${taint}`);
  return m[2] !== undefined
    ? { key: m[1], operator: 'Equal', value: m[2], effect: m[3] }
    : { key: m[1], operator: 'Exists', effect: m[3] };
}

/** Merges `over` into `base`: maps key by key, lists and scalars replaced (Helm's rule for values). */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!over) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeValues(b, v) : v;
  }
  return out;
}

function readPath(o: unknown, path: readonly string[]): unknown {
  let v: unknown = o;
  for (const p of path) {
    if (!isPlainObject(v)) return undefined;
    v = v[p];
  }
  return v;
}

/** What the platform knows of the cluster: the GPU pool, the KEDA add-on, managed Prometheus. */
export function platformClusterFacts(input: PlatformClusterInput | undefined): ResolvedPlatform['cluster'] {
  if (!input) return { hasGpuPool: false };
  const spec = input.managedClusterSpec;
  const attached = input.config.mode === 'attach';
  const keda = attached ? undefined : (input.features?.keda ?? (readPath(spec, ['workloadAutoScalerProfile', 'keda', 'enabled']) as boolean | undefined));
  const prom = attached
    ? undefined
    : (input.features?.managedPrometheus ?? (readPath(spec, ['azureMonitorProfile', 'metrics', 'enabled']) as boolean | undefined));
  return {
    name: input.config.name,
    hasGpuPool: input.config.gpuPool !== undefined,
    ...(typeof keda === 'boolean' ? { kedaAddon: keda } : {}),
    ...(typeof prom === 'boolean' ? { managedPrometheus: prom } : {}),
  };
}

function checkComponent(c: ProblemCollector, prop: string, spec: PlatformComponentSpec, value: unknown, allowBoolean: boolean): void {
  if (value === undefined || value === false || (allowBoolean && value === true)) return;
  if (!isPlainObject(value)) {
    c.add(prop, value, `must be ${allowBoolean ? 'true, false or ' : 'false or '}an object { version?, namespace?, values? }`);
    return;
  }
  const v = value as PlatformComponentProps & Record<string, unknown>;
  const known = new Set(['version', 'namespace', 'values', ...(spec === ENVOY_GATEWAY_CHART ? ['installCrds'] : [])]);
  for (const k of Object.keys(v)) if (!known.has(k)) c.add(`${prop}.${k}`, v[k], `is not a setting of ${spec.displayName} (settings: ${[...known].join(', ')})`);
  if (v.version !== undefined) {
    if (typeof v.version !== 'string' || !CHART_VERSION_PATTERN.test(v.version)) {
      c.add(`${prop}.version`, v.version, `must be a chart version such as "${chartVersionOf(spec, spec.defaultVersion)}" (semver)`);
    } else if (compareVersions(v.version, spec.floor.version) < 0) {
      c.add(
        `${prop}.version`,
        v.version,
        `must be at least ${spec.floor.version} (${spec.displayName}'s floor: ${spec.floor.reason}); the tested version is ${spec.defaultVersion}`,
      );
    }
  }
  checkNamespace(c, `${prop}.namespace`, v.namespace);
  if (v.values !== undefined && !isPlainObject(v.values)) c.add(`${prop}.values`, v.values, 'must be an object of chart values');
  if (spec === ENVOY_GATEWAY_CHART) checkBoolean(c, `${prop}.installCrds`, v.installCrds);
}

const PROPS = new Set([
  'cluster', 'envoyGateway', 'externalSecrets', 'nvidiaDevicePlugin', 'keda', 'certManager', 'envoyMetrics', 'gitOps', 'gitOpsNamespace',
  'argoCdProject', 'interval',
]);

/** Checks the props; adds every problem to `c`. */
export function validatePlatform(c: ProblemCollector, props: PlatformProps): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    return warnings;
  }
  for (const k of Object.keys(props)) if (!PROPS.has(k)) c.add(k, (props as Record<string, unknown>)[k], `is not a prop of AksMlPlatform (props: ${[...PROPS].join(', ')})`);
  if (props.cluster !== undefined && !(isPlainObject(props.cluster) && isPlainObject(props.cluster.config))) {
    c.add('cluster', props.cluster, "must be the library's AksCluster");
  }
  checkComponent(c, 'envoyGateway', ENVOY_GATEWAY_CHART, props.envoyGateway, false);
  checkComponent(c, 'externalSecrets', EXTERNAL_SECRETS_CHART, props.externalSecrets, false);
  checkComponent(c, 'nvidiaDevicePlugin', NVIDIA_DEVICE_PLUGIN_CHART, props.nvidiaDevicePlugin, true);
  checkComponent(c, 'keda', KEDA_CHART, props.keda, true);
  checkComponent(c, 'certManager', CERT_MANAGER_CHART, props.certManager, true);
  const m = props.envoyMetrics;
  if (m !== undefined) {
    if (!isPlainObject(m)) {
      c.add('envoyMetrics', m, 'must be an object { source?, podMonitorLabels? }');
    } else {
      if (m.source !== undefined && !Object.values(EnvoyMetricsSource).includes(m.source as EnvoyMetricsSource)) {
        c.add('envoyMetrics.source', m.source, `must be one of ${Object.values(EnvoyMetricsSource).map((s) => `"${s}"`).join(', ')} (EnvoyMetricsSource)`);
      }
      checkStringMap(c, 'envoyMetrics.podMonitorLabels', m.podMonitorLabels);
    }
  }
  if (props.gitOps !== undefined && !Object.values(GitOpsFlavour).includes(props.gitOps as GitOpsFlavour)) {
    c.add('gitOps', props.gitOps, 'must be "flux" or "argocd" (GitOpsFlavour)');
  }
  checkNamespace(c, 'gitOpsNamespace', props.gitOpsNamespace);
  checkString(c, 'argoCdProject', props.argoCdProject, { maxLength: 253 });
  if (props.interval !== undefined && (typeof props.interval !== 'string' || !FLUX_DURATION_PATTERN.test(props.interval))) {
    c.add('interval', props.interval, 'must be a Go duration such as "1h" or "10m" (Flux)');
  }
  const facts = isPlainObject(props.cluster) && isPlainObject(props.cluster.config) ? platformClusterFacts(props.cluster as unknown as PlatformClusterInput) : { hasGpuPool: false };
  if (props.nvidiaDevicePlugin === false && facts.hasGpuPool) {
    warnings.push({
      id: 'aks-ml:platform:devicePluginOff',
      prop: 'nvidiaDevicePlugin',
      message:
        `the cluster has a GPU pool but the NVIDIA device plugin is left out: AKS installs the driver only, so the nodes ` +
        'advertise no nvidia.com/gpu and GPU pods stay Pending unless another install provides the plugin.',
    });
  }
  if (props.keda === false && facts.kedaAddon === false) {
    warnings.push({
      id: 'aks-ml:platform:noKeda',
      prop: 'keda',
      message: 'KEDA is left out and the cluster\'s KEDA add-on is off: ScaledObjects of Autoscaler.concurrency() have no reader.',
    });
  }
  if (props.keda !== undefined && props.keda !== false && facts.kedaAddon === true) {
    warnings.push({
      id: 'aks-ml:platform:kedaTwice',
      prop: 'keda',
      message:
        'KEDA is installed on a cluster with the AKS KEDA add-on on: two operators would own the keda.sh CRDs and the ' +
        'external metrics API. Turn the add-on off (AksCluster keda: false) or leave keda unset.',
    });
  }
  const wantsCertManager = props.certManager !== undefined && props.certManager !== false;
  const egCrds = props.envoyGateway !== false && !(isPlainObject(props.envoyGateway) && props.envoyGateway.installCrds === false);
  if (wantsCertManager && !egCrds) {
    warnings.push({
      id: 'aks-ml:platform:certManagerWithoutGatewayApi',
      prop: 'certManager',
      message:
        'cert-manager is installed with Gateway API support on, but the platform installs no Gateway API CRDs ' +
        '(envoyGateway is false or installCrds is false): the cert-manager controller does not start until the ' +
        'gateway.networking.k8s.io CRDs are present. Install them before cert-manager.',
    });
  }
  return warnings;
}

/**
 * The cert-manager chart values the platform sets: the CRDs installed and kept on
 * uninstall (`crds.enabled`, `crds.keep`), and the controller configuration file
 * (`config`, kind ControllerConfiguration) with Gateway API support on, which the
 * gatewayHTTPRoute HTTP-01 solver needs.
 */
export const CERT_MANAGER_VALUES: Readonly<Record<string, unknown>> = {
  crds: { enabled: true, keep: true },
  config: {
    apiVersion: 'controller.config.cert-manager.io/v1alpha1',
    kind: 'ControllerConfiguration',
    enableGatewayAPI: true,
  },
};

function settings(value: unknown): PlatformComponentProps {
  return isPlainObject(value) ? (value as PlatformComponentProps) : {};
}

function component(
  spec: PlatformComponentSpec,
  props: PlatformComponentProps,
  values: Record<string, unknown>,
  reason: string,
): ResolvedPlatformComponent {
  const version = bareVersion(props.version ?? spec.defaultVersion);
  return {
    name: spec.name,
    displayName: spec.displayName,
    source: spec.source,
    chartVersion: chartVersionOf(spec, version),
    version,
    releaseName: spec.releaseName,
    namespace: props.namespace ?? spec.namespace,
    values: mergeValues(values, props.values),
    dependsOn: [],
    reason,
    podSecurity: spec.podSecurity,
  };
}

/** The device plugin's values: the chart's tolerations plus the GPU pool's taints, scheduled on the pool's nodes. */
export function devicePluginValues(pool: { readonly taints: readonly string[]; readonly labels: Readonly<Record<string, string>> } | undefined): Record<string, unknown> {
  const taints = pool?.taints ?? [CLUSTER_DEFAULTS.gpuTaint];
  const labels = pool && Object.keys(pool.labels).length > 0 ? pool.labels : { sku: 'gpu' };
  return {
    tolerations: [...DEVICE_PLUGIN_DEFAULT_TOLERATIONS, ...taints.map(tolerationOf)],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            // The GPU pool's nodes (the library labels them sku=gpu) ...
            { matchExpressions: Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => ({ key, operator: 'In', values: [value] })) },
            // ... or a node forced by the chart's own label.
            { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] },
          ],
        },
      },
    },
  };
}

/**
 * Checks the props and applies every default: throws one ConfigurationError listing
 * every problem (a version below a floor names the floor and why).
 */
export function resolvePlatform(props: PlatformProps = {}, subject = 'AksMlPlatform'): { config: ResolvedPlatform; warnings: ConfigurationWarning[] } {
  const c = new ProblemCollector();
  const warnings = validatePlatform(c, props);
  c.throwIfAny(subject, warnings);
  const cluster = platformClusterFacts(props.cluster);
  const components: ResolvedPlatformComponent[] = [];
  if (props.envoyGateway !== false) {
    const eg = settings(props.envoyGateway) as { installCrds?: boolean } & PlatformComponentProps;
    components.push(component(ENVOY_GATEWAY_CHART, eg, { crds: { enabled: eg.installCrds ?? true } },
      'reads the Gateway, the HTTPRoutes and the SecurityPolicy / BackendTrafficPolicy / ClientTrafficPolicy of the serving path'));
  }
  if (props.externalSecrets !== false) {
    components.push(component(EXTERNAL_SECRETS_CHART, settings(props.externalSecrets), { installCRDs: true },
      'reads the ExternalSecrets of AuthKeys.fromKeyVault and AppInsights from Key Vault'));
  }
  const wantsPlugin = props.nvidiaDevicePlugin === undefined ? cluster.hasGpuPool : props.nvidiaDevicePlugin !== false;
  if (wantsPlugin) {
    components.push(component(NVIDIA_DEVICE_PLUGIN_CHART, settings(props.nvidiaDevicePlugin), devicePluginValues(props.cluster?.config.gpuPool),
      'advertises nvidia.com/gpu on the GPU nodes (AKS installs the NVIDIA driver, not the device plugin)'));
  }
  const wantsKeda = props.keda === undefined ? cluster.kedaAddon !== true : props.keda !== false;
  if (wantsKeda) {
    components.push(component(KEDA_CHART, settings(props.keda), { crds: { install: true } },
      'reads the ScaledObjects of Autoscaler.concurrency() (the AKS KEDA add-on is off or not known)'));
  }
  if (props.certManager !== undefined && props.certManager !== false) {
    const cm = component(CERT_MANAGER_CHART, settings(props.certManager), JSON.parse(JSON.stringify(CERT_MANAGER_VALUES)) as Record<string, unknown>,
      'reads the Certificate and the ACME ClusterIssuer (gatewayHTTPRoute solver) of GatewayTls.fromLeafDomainLabel');
    // With Gateway API support on, the controller needs the gateway.networking.k8s.io CRDs Envoy Gateway's chart installs.
    const egComponent = components.find((x) => x.name === 'envoy-gateway');
    components.push(egComponent ? { ...cm, dependsOn: ['envoy-gateway'] } : cm);
  }
  const eg = components.find((x) => x.name === 'envoy-gateway');
  return {
    config: {
      components,
      cluster,
      envoyMetrics: {
        source: props.envoyMetrics?.source ?? EnvoyMetricsSource.AUTO,
        podMonitorLabels: { ...(props.envoyMetrics?.podMonitorLabels ?? {}) },
      },
      envoyGatewayNamespace: eg?.namespace ?? ENVOY_GATEWAY_CHART.namespace,
      gitOps: props.gitOps ?? GitOpsFlavour.FLUX,
      gitOpsNamespace: props.gitOpsNamespace ?? ((props.gitOps ?? GitOpsFlavour.FLUX) === GitOpsFlavour.FLUX ? 'flux-system' : 'argocd'),
      argoCdProject: props.argoCdProject ?? 'default',
      interval: props.interval ?? '1h',
    },
    warnings,
  };
}
