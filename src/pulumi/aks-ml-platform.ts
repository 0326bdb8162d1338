import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ConfigurationError, ConfigurationWarning } from '../core/errors';
import { GatewayImplementation } from '../core/gateway/implementation';
import { KubeObject } from '../core/kube';
import { checkServiceOnPlatform, servicePlatformNeeds } from '../core/platform/checks';
import { AZURE_MANAGED_PROMETHEUS_API_VERSION, EnvoyMetricsFlavour, PlatformRelease, buildEnvoyPodMonitor, envoyMetricsFlavours, planPlatform } from '../core/platform/plan';
import { EnvoyMetricsSource, PlatformClusterInput, PlatformProps, ResolvedPlatform } from '../core/platform/props';
import { AksCluster } from './aks-cluster';
import { WarningArgs, acknowledgedIds, logWarnings } from './component-support';
import { KubeResource, createKubeResources, kubernetesProviderOf } from './kube-resources';

/**
 * The args of {@link AksMlPlatform}: the core platform props without the GitOps
 * settings (Pulumi installs with Helm releases), with the library's `AksCluster` as
 * `cluster`.
 */
export interface AksMlPlatformArgs extends Omit<PlatformProps, 'cluster' | 'gitOps' | 'gitOpsNamespace' | 'argoCdProject' | 'interval'>, WarningArgs {
  /**
   * The cluster the platform is installed on: its GPU pool turns the NVIDIA device
   * plugin on, its KEDA add-on turns KEDA off, and its `provider` installs the charts
   * (unless the options give one).
   * @default - no cluster known: Envoy Gateway, External Secrets and KEDA, no device plugin
   */
  readonly cluster?: AksCluster | PlatformClusterInput;
}

interface ServiceEntry {
  readonly subject: string;
  readonly objects: readonly KubeObject[];
  readonly implementation?: GatewayImplementation;
}

/** The default Kubernetes provider's key in the registry. */
const DEFAULT_PROVIDER = {};
/**
 * The platforms and services of the program (one stack), by Kubernetes provider: a
 * service lands on the platform installed through the same provider (the same cluster).
 */
const registry = new WeakMap<object, { platforms: AksMlPlatform[]; services: ServiceEntry[] }>();

function entryOf(provider: pulumi.ProviderResource | undefined): { platforms: AksMlPlatform[]; services: ServiceEntry[] } {
  const key = provider ?? DEFAULT_PROVIDER;
  let e = registry.get(key);
  if (!e) registry.set(key, (e = { platforms: [], services: [] }));
  return e;
}

function clusterInput(cluster: AksCluster | PlatformClusterInput | undefined): PlatformClusterInput | undefined {
  if (cluster === undefined) return undefined;
  if (cluster instanceof AksCluster) return { config: cluster.config, features: { keda: cluster.features.keda } };
  return cluster;
}

/**
 * The in-cluster components the serving path needs, each a `@pulumi/kubernetes`
 * `helm.v3.Release` at a tested version checked against its floor — Envoy Gateway
 * (with the CRDs it bundles), External Secrets Operator, the NVIDIA device plugin
 * when the cluster has a GPU pool, KEDA unless the AKS KEDA add-on is on — plus their
 * Namespaces and the PodMonitor of the Envoy proxies for the concurrency autoscalers
 * of the stack. The chart, version and values of each release are those of the
 * cdk8s construct's HelmReleases.
 *
 * `helm.v3.Release` (not `helm.v4.Chart`): it installs with Helm itself, as Flux's
 * helm-controller does (hooks, release history, `helm list` shows it), as one
 * resource per chart, and waits until the chart's workloads are ready, so a
 * `dependsOn` on the platform means the controllers are running.
 *
 * Services and endpoints deployed through the same Kubernetes provider check the
 * platform (whichever is declared first): a gateway policy that needs a newer Envoy
 * Gateway is a ConfigurationError; a concurrency autoscaler without metrics, or a GPU
 * service without device plugin, warns. Give services `dependsOn: [platform]` so the
 * CRDs exist before their objects.
 *
 * @example
 * const platform = new AksMlPlatform('platform', { cluster });
 * new AksWebservice('fraud', { name: 'fraud', image }, { provider: cluster.provider, dependsOn: [platform] });
 */
export class AksMlPlatform extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aks-ml-constructs:index:AksMlPlatform';

  /** The configuration with every default applied. */
  public readonly config: ResolvedPlatform;
  /** The release of each component (chart, version, values), in install order. */
  public readonly releaseSpecs: PlatformRelease[];
  /** The Helm releases, in install order. */
  public readonly releases: k8s.helm.v3.Release[];
  /** The Namespaces, then the PodMonitors (those added for later services last). */
  public readonly kubeResources: KubeResource[];
  /** The warnings logged for the platform. */
  public readonly warnings: string[];
  private readonly flavours = new Set<EnvoyMetricsFlavour>();
  private readonly provider?: pulumi.ProviderResource;
  private readonly namespaceResources: pulumi.Resource[];
  private readonly resourceName: string;

  constructor(name: string, args: AksMlPlatformArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const subject = 'AksMlPlatform';
    const { acknowledgeWarnings, cluster, ...rest } = (args ?? {}) as AksMlPlatformArgs;
    const acknowledged = acknowledgedIds(acknowledgeWarnings, subject);
    const provider = kubernetesProviderOf(opts) ?? (cluster instanceof AksCluster ? cluster.provider : undefined);
    const entry = entryOf(provider);
    const addresses = entry.services.flatMap((s) => servicePlatformNeeds(s.objects, s.implementation).prometheusAddresses);
    const plan = planPlatform({ ...rest, cluster: clusterInput(cluster) } as PlatformProps, { subject, prometheusAddresses: addresses });
    // The services declared before the platform are checked now, before anything is registered.
    const checks = entry.services.map((s) => checkServiceOnPlatform(s.subject, plan.config, s.objects, s.implementation));
    const problems = checks.flatMap((c) => c.problems);
    if (problems.length > 0) throw new ConfigurationError('the services on AksMlPlatform', problems);

    super(AksMlPlatform.TYPE, name, {}, opts);
    this.config = plan.config;
    this.releaseSpecs = plan.releases;
    this.resourceName = name;
    this.provider = provider;
    this.warnings = [
      ...logWarnings(this, subject, plan.warnings, acknowledged),
      ...checks.flatMap((c, i) => logWarnings(this, entry.services[i].subject, c.warnings, acknowledged)),
    ];
    const childOpts = { parent: this, ...(provider && !kubernetesProviderOf(opts) ? { provider } : {}) };
    const namespaces = createKubeResources(plan.namespaces, { namePrefix: name, owner: subject, provider, opts: childOpts });
    this.namespaceResources = namespaces.map((n) => n.resource);
    const byComponent = new Map<string, k8s.helm.v3.Release>();
    this.releases = plan.releases.map((r) => {
      const ns = namespaces.find((n) => n.name === r.namespace)?.resource;
      const release = new k8s.helm.v3.Release(`${name}-${r.component}`, releaseArgs(r), {
        ...childOpts,
        dependsOn: [...(ns ? [ns] : []), ...r.dependsOn.map((d) => byComponent.get(d)!).filter((x) => x !== undefined)],
      });
      byComponent.set(r.component, release);
      return release;
    });
    this.kubeResources = [...namespaces];
    this.addPodMonitors(plan.metricsObjects);
    entry.platforms.push(this);
    this.registerOutputs({ releases: this.releaseSpecs.map((r) => `${r.component}@${r.version}`) });
  }

  /** Adds the PodMonitors a concurrency autoscaler of the stack needs (EnvoyMetricsSource.AUTO). @internal */
  public _scrapeFor(addresses: readonly string[]): void {
    const missing = envoyMetricsFlavours(this.config, addresses).filter((f) => !this.flavours.has(f));
    this.addPodMonitors(missing.map((f) => buildEnvoyPodMonitor(this.config, f)));
  }

  private addPodMonitors(objects: readonly KubeObject[]): void {
    if (objects.length === 0) return;
    for (const o of objects) {
      this.flavours.add(o.apiVersion === AZURE_MANAGED_PROMETHEUS_API_VERSION ? EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS : EnvoyMetricsSource.PROMETHEUS_OPERATOR);
    }
    this.kubeResources.push(...createKubeResources(objects, {
      namePrefix: this.resourceName,
      owner: 'AksMlPlatform',
      provider: this.provider,
      opts: { parent: this, dependsOn: [...this.namespaceResources, ...this.releases] },
    }));
  }

}

/** The `helm.v3.Release` args of a release: the chart, version and values of the core plan. */
export function releaseArgs(r: PlatformRelease): k8s.helm.v3.ReleaseArgs {
  return {
    name: r.releaseName,
    chart: r.chart,
    version: r.version,
    ...(r.repo ? { repositoryOpts: { repo: r.repo } } : {}),
    namespace: r.namespace,
    createNamespace: false,
    values: r.values,
    // Wait for the workloads, so that dependsOn on the platform means running controllers.
    skipAwait: false,
    timeout: 600,
  };
}

/**
 * Checks a service against the platforms on its Kubernetes provider, before the
 * service registers anything: throws one ConfigurationError listing the problems;
 * returns the warnings (to log with the service's). Also records the service, so a
 * platform declared later checks it, and has the platforms scrape the Envoy proxies
 * for its concurrency autoscaler.
 */
export function checkOnStackPlatforms(
  subject: string,
  objects: readonly KubeObject[],
  implementation: GatewayImplementation | undefined,
  opts: pulumi.ComponentResourceOptions,
): ConfigurationWarning[] {
  const entry = entryOf(kubernetesProviderOf(opts));
  entry.services.push({ subject, objects, ...(implementation ? { implementation } : {}) });
  // Without a platform on the provider (yet) there is nothing to check: a platform declared later checks the service.
  if (entry.platforms.length === 0) return [];
  const checks = entry.platforms.map((p) => checkServiceOnPlatform(subject, p.config, objects, implementation));
  const problems = checks.flatMap((c) => c.problems);
  if (problems.length > 0) {
    entry.services.pop();
    throw new ConfigurationError(subject, problems);
  }
  const addresses = servicePlatformNeeds(objects, implementation).prometheusAddresses;
  if (addresses.length > 0) for (const p of entry.platforms) p._scrapeFor(addresses);
  return checks.flatMap((c) => c.warnings);
}
