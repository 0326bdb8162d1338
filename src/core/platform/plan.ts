/**
 * The plan of `AksMlPlatform`: one Helm release per component (the same chart,
 * version and values in both engines), the namespaces they install into, the
 * GitOps objects that install them (Flux or Argo CD, for cdk8s) and the PodMonitor
 * that has the Envoy proxies scraped for the concurrency autoscaler. Pure.
 */
import { ConfigurationWarning } from '../errors';
import { KubeObject } from '../kube';
import { MANAGED_BY } from '../metadata';
import { PlatformComponentName } from './components';
import { EnvoyMetricsSource, GitOpsFlavour, PlatformProps, ResolvedPlatform, ResolvedPlatformComponent } from './props';
import { resolvePlatform } from './resolve';

export const FLUX_SOURCE_API_VERSION = 'source.toolkit.fluxcd.io/v1';
export const FLUX_HELM_API_VERSION = 'helm.toolkit.fluxcd.io/v2';
export const ARGO_CD_API_VERSION = 'argoproj.io/v1alpha1';
export const PROMETHEUS_OPERATOR_API_VERSION = 'monitoring.coreos.com/v1';
export const AZURE_MANAGED_PROMETHEUS_API_VERSION = 'azmonitoring.coreos.com/v1';
/** The media type of a Helm chart layer in an OCI artifact (what Flux's OCIRepository must copy). */
export const HELM_CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
/** The Argo CD annotation that orders the Applications of one sync. */
export const ARGO_CD_SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** The Envoy Gateway proxy pod labels (internal/infrastructure/kubernetes/proxy/resource.go). */
export const ENVOY_PROXY_POD_LABELS = { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy' } as const;
/** The Envoy proxy's stats port name and path (bootstrap: EnvoyStatsPort 19001, /stats/prometheus). */
export const ENVOY_METRICS_PORT_NAME = 'metrics';
export const ENVOY_METRICS_PATH = '/stats/prometheus';
/** The name of the PodMonitor of the Envoy proxies. */
export const ENVOY_POD_MONITOR_NAME = 'aks-ml-envoy-proxies';

/** Where the concurrency autoscaler's Prometheus lives, read from its query address. */
export type EnvoyMetricsFlavour = EnvoyMetricsSource.PROMETHEUS_OPERATOR | EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS;

/** An Azure Monitor workspace's Prometheus query endpoint (`https://<name>.<region>.prometheus.monitor.azure.com`). */
export function isAzureMonitorPrometheus(address: string): boolean {
  try {
    return /\.prometheus\.monitor\.azure\.(com|us|cn)$/.test(new URL(address).hostname);
  } catch {
    return false;
  }
}

/** The PodMonitor flavour that feeds the Prometheus at `address`. */
export function metricsFlavourOf(address: string): EnvoyMetricsFlavour {
  return isAzureMonitorPrometheus(address) ? EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS : EnvoyMetricsSource.PROMETHEUS_OPERATOR;
}

/**
 * The flavours of PodMonitor the platform emits: the explicit source, or (auto) one per
 * kind of Prometheus the concurrency autoscalers of the app query.
 */
export function envoyMetricsFlavours(config: ResolvedPlatform, prometheusAddresses: readonly string[]): EnvoyMetricsFlavour[] {
  const s = config.envoyMetrics.source;
  if (s === EnvoyMetricsSource.NONE) return [];
  if (s !== EnvoyMetricsSource.AUTO) return [s];
  const set = new Set(prometheusAddresses.map(metricsFlavourOf));
  const all: EnvoyMetricsFlavour[] = [EnvoyMetricsSource.PROMETHEUS_OPERATOR, EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS];
  return all.filter((f) => set.has(f));
}

function labels(component?: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/part-of': 'aks-ml-platform',
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  };
}

/**
 * The PodMonitor that has the Envoy proxies of Envoy Gateway scraped: every proxy
 * pod (`app.kubernetes.io/name: envoy`, `app.kubernetes.io/component: proxy`) in the
 * controller namespace, port `metrics` (19001), path `/stats/prometheus`, where
 * `envoy_cluster_upstream_rq_active` and `_pending_active` come from.
 */
export function buildEnvoyPodMonitor(config: ResolvedPlatform, flavour: EnvoyMetricsFlavour): KubeObject {
  return {
    apiVersion: flavour === EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS ? AZURE_MANAGED_PROMETHEUS_API_VERSION : PROMETHEUS_OPERATOR_API_VERSION,
    kind: 'PodMonitor',
    metadata: {
      name: ENVOY_POD_MONITOR_NAME,
      namespace: config.envoyGatewayNamespace,
      labels: { ...labels('envoy-metrics'), ...config.envoyMetrics.podMonitorLabels },
    },
    spec: {
      selector: { matchLabels: { ...ENVOY_PROXY_POD_LABELS } },
      namespaceSelector: { matchNames: [config.envoyGatewayNamespace] },
      podMetricsEndpoints: [{ port: ENVOY_METRICS_PORT_NAME, path: ENVOY_METRICS_PATH, interval: '15s' }],
    },
  };
}

const POD_SECURITY_ORDER = ['restricted', 'baseline', 'privileged'] as const;

/**
 * The Namespaces the components install into (one each, shared ones once), in install
 * order, each enforcing the strictest Pod Security Standard its components meet (the
 * least strict of them when several share one).
 */
export function platformNamespaces(config: ResolvedPlatform): KubeObject[] {
  const levels = new Map<string, number>();
  for (const c of config.components) levels.set(c.namespace, Math.max(levels.get(c.namespace) ?? 0, POD_SECURITY_ORDER.indexOf(c.podSecurity)));
  return [...levels].map(([name, level]) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...labels(),
        'pod-security.kubernetes.io/enforce': POD_SECURITY_ORDER[level],
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  }));
}

/**
 * A component as a Helm release, the same in both engines: the Flux HelmRelease and
 * the Argo CD Application of cdk8s, the `helm.v3.Release` of Pulumi.
 */
export interface PlatformRelease {
  readonly component: PlatformComponentName;
  readonly releaseName: string;
  readonly namespace: string;
  /** `oci://…/<chart>` for an OCI chart, else the chart name (with `repo`). */
  readonly chart: string;
  /** The Helm repository URL (undefined for an OCI chart). */
  readonly repo?: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
  readonly dependsOn: readonly PlatformComponentName[];
}

/** The Helm release of a component. */
export function releaseOf(c: ResolvedPlatformComponent): PlatformRelease {
  return {
    component: c.name,
    releaseName: c.releaseName,
    namespace: c.namespace,
    chart: c.source.kind === 'oci' ? c.source.url : c.source.chart,
    ...(c.source.kind === 'helm' ? { repo: c.source.repoUrl } : {}),
    version: c.chartVersion,
    values: c.values,
    dependsOn: [...c.dependsOn],
  };
}

// --- Flux ------------------------------------------------------------------------------

/**
 * The Flux objects of the components: a source per chart (an OCIRepository for an OCI
 * chart, a HelmRepository otherwise) and a HelmRelease that installs it into the
 * component's namespace, CRDs created and replaced on install and upgrade, with
 * `dependsOn` on the releases it needs.
 */
export function fluxObjects(config: ResolvedPlatform): KubeObject[] {
  const ns = config.gitOpsNamespace;
  const out: KubeObject[] = [];
  for (const c of config.components) {
    const meta = { name: c.name, namespace: ns, labels: labels(c.name) };
    let chartSpec: Record<string, unknown>;
    if (c.source.kind === 'oci') {
      out.push({
        apiVersion: FLUX_SOURCE_API_VERSION,
        kind: 'OCIRepository',
        metadata: meta,
        spec: {
          interval: config.interval,
          url: c.source.url,
          ref: { tag: c.chartVersion },
          layerSelector: { mediaType: HELM_CHART_LAYER_MEDIA_TYPE, operation: 'copy' },
        },
      });
      chartSpec = { chartRef: { kind: 'OCIRepository', name: c.name, namespace: ns } };
    } else {
      out.push({ apiVersion: FLUX_SOURCE_API_VERSION, kind: 'HelmRepository', metadata: meta, spec: { interval: config.interval, url: c.source.repoUrl } });
      chartSpec = {
        chart: {
          spec: { chart: c.source.chart, version: c.chartVersion, sourceRef: { kind: 'HelmRepository', name: c.name, namespace: ns }, interval: config.interval },
        },
      };
    }
    out.push({
      apiVersion: FLUX_HELM_API_VERSION,
      kind: 'HelmRelease',
      metadata: meta,
      spec: {
        interval: config.interval,
        releaseName: c.releaseName,
        targetNamespace: c.namespace,
        storageNamespace: c.namespace,
        ...chartSpec,
        install: { crds: 'CreateReplace', remediation: { retries: 3 } },
        upgrade: { crds: 'CreateReplace', remediation: { retries: 3 } },
        ...(c.dependsOn.length > 0 ? { dependsOn: c.dependsOn.map((d) => ({ name: d, namespace: ns })) } : {}),
        values: c.values,
      },
    });
  }
  return out;
}

// --- Argo CD ------------------------------------------------------------------------------

/** The sync wave of each component: one more than the highest of those it depends on. */
export function syncWaves(config: ResolvedPlatform): Map<PlatformComponentName, number> {
  const waves = new Map<PlatformComponentName, number>();
  for (const c of config.components) {
    waves.set(c.name, Math.max(0, ...c.dependsOn.map((d) => (waves.get(d) ?? 0) + 1)));
  }
  return waves;
}

/**
 * The Argo CD objects: an Application per chart (Helm source, values inline,
 * namespaces created, server-side apply for the large CRDs), ordered by sync waves;
 * for an OCI chart, the Helm OCI repository Secret Argo CD needs (no credentials).
 */
export function argoCdObjects(config: ResolvedPlatform): KubeObject[] {
  const ns = config.gitOpsNamespace;
  const waves = syncWaves(config);
  const out: KubeObject[] = [];
  for (const c of config.components) {
    let repoURL: string;
    if (c.source.kind === 'oci') {
      // Argo CD's Helm OCI form: the registry path without scheme and chart, with enableOCI.
      repoURL = c.source.url.replace(/^oci:\/\//, '').replace(new RegExp(`/${c.source.chart}$`), '');
      out.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `${c.name}-helm-oci`, namespace: ns, labels: { ...labels(c.name), 'argocd.argoproj.io/secret-type': 'repository' } },
        type: 'Opaque',
        stringData: { type: 'helm', name: `${c.name}-helm-oci`, url: repoURL, enableOCI: 'true' },
      });
    } else {
      repoURL = c.source.repoUrl;
    }
    out.push({
      apiVersion: ARGO_CD_API_VERSION,
      kind: 'Application',
      metadata: {
        name: c.name,
        namespace: ns,
        labels: labels(c.name),
        annotations: { [ARGO_CD_SYNC_WAVE_ANNOTATION]: String(waves.get(c.name) ?? 0) },
      },
      spec: {
        project: config.argoCdProject,
        source: { repoURL, chart: c.source.chart, targetRevision: c.chartVersion, helm: { releaseName: c.releaseName, valuesObject: c.values } },
        destination: { server: 'https://kubernetes.default.svc', namespace: c.namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        },
      },
    });
  }
  return out;
}

// --- The plan ------------------------------------------------------------------------------

/** Options of {@link planPlatform}. */
export interface PlanPlatformOptions {
  /** What errors name. @default "AksMlPlatform" */
  readonly subject?: string;
  /** The `prometheusServerAddress` of every concurrency autoscaler known in the app (for EnvoyMetricsSource.AUTO). */
  readonly prometheusAddresses?: readonly string[];
}

/** What {@link planPlatform} returns. */
export interface PlatformPlan {
  readonly config: ResolvedPlatform;
  readonly warnings: ConfigurationWarning[];
  /** One Helm release per component, in install order. */
  readonly releases: PlatformRelease[];
  /** The Namespaces of the components. */
  readonly namespaces: KubeObject[];
  /** The GitOps objects of the configured flavour (Flux sources + HelmReleases, or Argo CD Applications). */
  readonly gitOpsObjects: KubeObject[];
  /** The PodMonitors of the Envoy proxies. */
  readonly metricsObjects: KubeObject[];
  /** Every object cdk8s writes: namespaces, GitOps objects, PodMonitors. */
  readonly objects: KubeObject[];
}

/** Checks the props (one ConfigurationError listing every problem) and plans the platform. Pure. */
export function planPlatform(props: PlatformProps = {}, options: PlanPlatformOptions = {}): PlatformPlan {
  const { config, warnings } = resolvePlatform(props, options.subject);
  const releases = config.components.map(releaseOf);
  const namespaces = platformNamespaces(config);
  const gitOpsObjects = config.gitOps === GitOpsFlavour.ARGO_CD ? argoCdObjects(config) : fluxObjects(config);
  const metricsObjects = envoyMetricsFlavours(config, options.prometheusAddresses ?? []).map((f) => buildEnvoyPodMonitor(config, f));
  return { config, warnings, releases, namespaces, gitOpsObjects, metricsObjects, objects: [...namespaces, ...gitOpsObjects, ...metricsObjects] };
}
