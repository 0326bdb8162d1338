/**
 * The in-cluster platform of the serving path as GitOps objects (Flux or Argo CD),
 * and the check every service of the same cdk8s app makes against it.
 */
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { GatewayImplementation } from '../core/gateway/implementation';
import { KubeObject } from '../core/kube';
import { checkServiceOnPlatform, servicePlatformNeeds } from '../core/platform/checks';
import { AZURE_MANAGED_PROMETHEUS_API_VERSION, EnvoyMetricsFlavour, PlatformRelease, buildEnvoyPodMonitor, envoyMetricsFlavours, planPlatform } from '../core/platform/plan';
import { EnvoyMetricsSource, PlatformClusterInput, PlatformProps, ResolvedPlatform } from '../core/platform/props';
import { AksCluster } from './aks-cluster';
import { addApiObjects } from './objects';
import { reportWarnings } from './warnings';

/** The props of {@link AksMlPlatform}: the core platform props, with the library's `AksCluster` as `cluster`. */
export interface AksMlPlatformProps extends Omit<PlatformProps, 'cluster'> {
  /**
   * The cluster the platform is installed on: its GPU pool turns the NVIDIA device
   * plugin on (tolerating the pool's taint), its KEDA add-on turns KEDA off.
   * @default - no cluster known: Envoy Gateway, External Secrets and KEDA, no device plugin
   */
  readonly cluster?: AksCluster | PlatformClusterInput;
}

interface ServiceEntry {
  readonly subject: string;
  readonly objects: readonly KubeObject[];
  readonly implementation?: GatewayImplementation;
}

/** The platforms and the services of each app (the construct tree's root). */
const registry = new WeakMap<IConstruct, { platforms: AksMlPlatform[]; services: ServiceEntry[] }>();

function entryOf(scope: IConstruct): { platforms: AksMlPlatform[]; services: ServiceEntry[] } {
  const root = scope.node.root;
  let e = registry.get(root);
  if (!e) registry.set(root, (e = { platforms: [], services: [] }));
  return e;
}

/** The platform input of the library's AksCluster (or a plain input as given). */
function clusterInput(cluster: AksCluster | PlatformClusterInput | undefined): PlatformClusterInput | undefined {
  if (cluster === undefined) return undefined;
  if (cluster instanceof AksCluster) {
    const spec = cluster.managedCluster?.toJson()?.spec as Record<string, unknown> | undefined;
    return { config: cluster.config, ...(spec ? { managedClusterSpec: spec } : {}) };
  }
  return cluster;
}

/**
 * The in-cluster components the serving path needs, installed by Flux (default) or
 * Argo CD, each at a tested version checked against its floor:
 *
 * - Envoy Gateway (OCI chart `gateway-helm`, with the Envoy Gateway CRDs and the
 *   Gateway API experimental-channel CRDs it bundles),
 * - External Secrets Operator (chart `external-secrets`, external-secrets.io/v1),
 * - the NVIDIA device plugin when the cluster has a GPU pool, tolerating its taint,
 * - KEDA unless the cluster's AKS KEDA add-on is on,
 * - a PodMonitor of the Envoy proxies for the concurrency autoscalers of the app
 *   (Prometheus Operator, or Azure managed Prometheus for an Azure Monitor workspace).
 *
 * Flux: a HelmRepository or OCIRepository per chart and a HelmRelease per component
 * (CRDs created and replaced on install and upgrade). Argo CD (`gitOps:
 * GitOpsFlavour.ARGO_CD`): an Application per chart, ordered by sync waves.
 *
 * Every web service and endpoint of the same app checks the platform at synthesis:
 * a gateway policy that needs a newer Envoy Gateway fails the synthesis; a
 * concurrency autoscaler without metrics, or a GPU service without device plugin,
 * warns.
 *
 * @example
 * const cluster = new AksCluster(clusterChart, 'cluster', { name: 'ml-prod', resourceGroupName: 'ml-rg', location: 'westeurope' });
 * new AksMlPlatform(platformChart, 'platform', { cluster });
 */
export class AksMlPlatform extends Construct {
  /** The configuration with every default applied. */
  public readonly config: ResolvedPlatform;
  /** One Helm release per component (chart, version, values), as the Pulumi component installs them. */
  public readonly releases: PlatformRelease[];
  /** Every object, in synthesis order (the PodMonitors of services added later come last). */
  public readonly apiObjects: ApiObject[];
  /** The warnings reported for the platform. */
  public readonly warnings: string[];
  private readonly flavours = new Set<EnvoyMetricsFlavour>();

  constructor(scope: Construct, id: string, props: AksMlPlatformProps = {}) {
    const subject = 'AksMlPlatform';
    const entry = entryOf(scope);
    const addresses = entry.services.flatMap((s) => servicePlatformNeeds(s.objects, s.implementation).prometheusAddresses);
    const cluster = clusterInput(props?.cluster);
    const plan = planPlatform({ ...(props ?? {}), cluster } as PlatformProps, { subject, prometheusAddresses: addresses });
    super(scope, id);
    this.config = plan.config;
    this.releases = plan.releases;
    this.warnings = reportWarnings(this, subject, plan.warnings);
    this.apiObjects = addApiObjects(this, plan.objects);
    for (const o of plan.metricsObjects) {
      this.flavours.add(o.apiVersion === AZURE_MANAGED_PROMETHEUS_API_VERSION ? EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS : EnvoyMetricsSource.PROMETHEUS_OPERATOR);
    }
    entry.platforms.push(this);
  }

  /** Adds the PodMonitors a concurrency autoscaler of the app needs (EnvoyMetricsSource.AUTO). @internal */
  public _scrapeFor(addresses: readonly string[]): void {
    for (const f of envoyMetricsFlavours(this.config, addresses)) {
      if (this.flavours.has(f)) continue;
      this.flavours.add(f);
      this.apiObjects.push(...addApiObjects(this, [buildEnvoyPodMonitor(this.config, f)]));
    }
  }
}

/**
 * Has a service check the platforms of its app at synthesis (construct validation):
 * problems fail the synthesis, warnings are reported once. Called by the service
 * constructs with their planned objects.
 */
export function checkOnPlatform(scope: Construct, subject: string, objects: readonly KubeObject[], implementation?: GatewayImplementation): void {
  const entry = entryOf(scope);
  const service: ServiceEntry = { subject, objects, ...(implementation ? { implementation } : {}) };
  entry.services.push(service);
  if (entry.platforms.length > 0) {
    const addresses = servicePlatformNeeds(objects, implementation).prometheusAddresses;
    if (addresses.length > 0) for (const p of entry.platforms) p._scrapeFor(addresses);
  }
  let reported = false;
  scope.node.addValidation({
    validate: () => {
      if (entry.platforms.length === 0) return [];
      const problems: string[] = [];
      for (const p of entry.platforms) {
        const check = checkServiceOnPlatform(subject, p.config, objects, implementation);
        problems.push(...check.problems);
        if (!reported) reportWarnings(scope, subject, check.warnings);
      }
      reported = true;
      return problems;
    },
  });
}
