/**
 * The props of `AksMlPlatform`: which in-cluster components to install, at which
 * versions, and how the GitOps objects are written. Every prop is optional:
 * `{ cluster }` installs what that cluster needs, `{}` what any cluster needs.
 */
import { ResolvedClusterConfig } from '../cluster/props';
import { ChartSource, PlatformComponentName } from './components';

/** The settings of one Helm-installed component. */
export interface PlatformComponentProps {
  /**
   * The chart version (semver; a leading "v" is accepted). Below the component's
   * floor it is a ConfigurationError naming the floor and why.
   * @default - the tested version (docs/runtime-contract.md)
   */
  readonly version?: string;
  /**
   * The namespace to install into.
   * @default - the chart's usual namespace (envoy-gateway-system, external-secrets, nvidia-device-plugin, keda, cert-manager)
   */
  readonly namespace?: string;
  /**
   * Chart values merged over the platform's (maps merge key by key, lists and scalars replace).
   * @default - none
   */
  readonly values?: Record<string, unknown>;
}

/** Envoy Gateway's settings. */
export interface PlatformEnvoyGatewayProps extends PlatformComponentProps {
  /**
   * Install the CRDs the chart bundles (Envoy Gateway's and the Gateway API
   * experimental channel, v1.6.1 in chart v1.9.0: `crds.enabled`). Turn it off only
   * when the cluster provider manages compatible Gateway API CRDs and you install
   * Envoy Gateway's CRDs yourself.
   * @default true
   */
  readonly installCrds?: boolean;
}

/** Where the Envoy proxies' metrics are scraped for the concurrency autoscaler. */
export enum EnvoyMetricsSource {
  /**
   * A PodMonitor of the Prometheus the concurrency autoscalers of the same app query:
   * Azure Monitor managed Prometheus (`azmonitoring.coreos.com/v1`) when their
   * `prometheusServerAddress` is an Azure Monitor workspace, the Prometheus Operator
   * (`monitoring.coreos.com/v1`) otherwise; nothing when no service scales on concurrency.
   */
  AUTO = 'auto',
  /** A Prometheus Operator PodMonitor (`monitoring.coreos.com/v1`). */
  PROMETHEUS_OPERATOR = 'prometheusOperator',
  /** An Azure Monitor managed Prometheus PodMonitor (`azmonitoring.coreos.com/v1`, read by ama-metrics). */
  AZURE_MANAGED_PROMETHEUS = 'azureManagedPrometheus',
  /** No scraping: the concurrency autoscalers of the app get no metrics (a warning says so). */
  NONE = 'none',
}

/** The scraping of the Envoy proxies. */
export interface PlatformEnvoyMetricsProps {
  /**
   * Which Prometheus scrapes the proxies.
   * @default EnvoyMetricsSource.AUTO
   */
  readonly source?: EnvoyMetricsSource;
  /**
   * Labels of the PodMonitor, for a Prometheus whose `podMonitorSelector` needs them
   * (kube-prometheus-stack: `release: <release name>`).
   * @default - none
   */
  readonly podMonitorLabels?: Record<string, string>;
}

/** How the cdk8s construct writes the installs. */
export enum GitOpsFlavour {
  /** Flux: HelmRepository / OCIRepository (source.toolkit.fluxcd.io/v1) and HelmRelease (helm.toolkit.fluxcd.io/v2). */
  FLUX = 'flux',
  /** Argo CD: one Application (argoproj.io/v1alpha1) per chart, ordered by sync waves. */
  ARGO_CD = 'argocd',
}

/**
 * What the platform reads of the cluster it lands on. The adapters build it from the
 * library's `AksCluster`; code of your own can pass it for another cluster.
 */
export interface PlatformClusterInput {
  /** The resolved cluster configuration (the GPU pool, attach or provision). */
  readonly config: ResolvedClusterConfig;
  /** The AKS features, when known (`keda`: the KEDA add-on; `managedPrometheus`: Azure Monitor metrics). */
  readonly features?: { readonly keda?: boolean; readonly managedPrometheus?: boolean };
  /**
   * The ManagedCluster spec (ASO or azure-native field names, which are ARM's), read for
   * `workloadAutoScalerProfile.keda.enabled` and `azureMonitorProfile.metrics.enabled`.
   */
  readonly managedClusterSpec?: Record<string, unknown>;
}

/** The engine-free props of the platform (the adapters take the library's AksCluster for `cluster`). */
export interface PlatformProps {
  /**
   * The cluster the platform is installed on: it decides the defaults (the device
   * plugin when it has a GPU pool, KEDA when its KEDA add-on is off).
   * @default - no cluster known: Envoy Gateway, External Secrets and KEDA, no device plugin
   */
  readonly cluster?: PlatformClusterInput;
  /**
   * Envoy Gateway (`false` to leave it out, when another install provides it).
   * @default - installed at the tested version
   */
  readonly envoyGateway?: PlatformEnvoyGatewayProps | false;
  /**
   * External Secrets Operator (`false` to leave it out).
   * @default - installed at the tested version
   */
  readonly externalSecrets?: PlatformComponentProps | false;
  /**
   * The NVIDIA device plugin, tolerating the GPU pool's taint (`true` or settings to
   * install it without a known GPU pool, `false` to leave it out).
   * @default - installed when the cluster has a GPU pool
   */
  readonly nvidiaDevicePlugin?: PlatformComponentProps | boolean;
  /**
   * KEDA (`true` or settings to install it, `false` to leave it out).
   * @default - installed unless the cluster is declared with the AKS KEDA add-on on
   */
  readonly keda?: PlatformComponentProps | boolean;
  /**
   * cert-manager, with its CRDs and Gateway API support on (`true` or settings to install
   * it, `false` to leave it out). It reads the Certificate and ACME ClusterIssuer of
   * `GatewayTls.fromLeafDomainLabel`; an AksMlGateway that emits them on a platform
   * without cert-manager warns (`aks-ml:platform:componentLeftOut`).
   * @default false
   */
  readonly certManager?: PlatformComponentProps | boolean;
  /**
   * The scraping of the Envoy proxies for `Autoscaler.concurrency()`.
   * @default { source: EnvoyMetricsSource.AUTO }
   */
  readonly envoyMetrics?: PlatformEnvoyMetricsProps;
  /**
   * How the cdk8s construct writes the installs (the Pulumi component installs with Helm releases).
   * @default GitOpsFlavour.FLUX
   */
  readonly gitOps?: GitOpsFlavour;
  /**
   * The namespace of the Flux sources and HelmReleases, or of the Argo CD Applications.
   * @default "flux-system" (Flux), "argocd" (Argo CD)
   */
  readonly gitOpsNamespace?: string;
  /**
   * The Argo CD project of the Applications.
   * @default "default"
   */
  readonly argoCdProject?: string;
  /**
   * How often Flux reconciles the sources and releases (a Go duration, e.g. "1h").
   * @default "1h"
   */
  readonly interval?: string;
}

/** A component with every default applied. */
export interface ResolvedPlatformComponent {
  readonly name: PlatformComponentName;
  readonly displayName: string;
  readonly source: ChartSource;
  /** The chart version as its registry tags it (`v1.9.0` for Envoy Gateway). */
  readonly chartVersion: string;
  /** The version without "v", compared with floors. */
  readonly version: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** The chart values the platform sets, with the user's merged over them. */
  readonly values: Record<string, unknown>;
  /** Components whose release must be ready first. */
  readonly dependsOn: readonly PlatformComponentName[];
  /** Why it is installed (for messages and docs). */
  readonly reason: string;
  /** The Pod Security Standard its namespace enforces. */
  readonly podSecurity: 'restricted' | 'baseline' | 'privileged';
}

/** The scraping with defaults applied. */
export interface ResolvedEnvoyMetrics {
  readonly source: EnvoyMetricsSource;
  readonly podMonitorLabels: Readonly<Record<string, string>>;
}

/** The platform configuration with every default applied. */
export interface ResolvedPlatform {
  /** The installed components, in install order. */
  readonly components: readonly ResolvedPlatformComponent[];
  /** What is known of the cluster. */
  readonly cluster: {
    readonly name?: string;
    readonly hasGpuPool: boolean;
    /** The AKS KEDA add-on: undefined when unknown (no cluster, or an attached one). */
    readonly kedaAddon?: boolean;
    readonly managedPrometheus?: boolean;
  };
  readonly envoyMetrics: ResolvedEnvoyMetrics;
  /** The namespace of Envoy Gateway's controller (and of the proxies, in its default mode). */
  readonly envoyGatewayNamespace: string;
  readonly gitOps: GitOpsFlavour;
  readonly gitOpsNamespace: string;
  readonly argoCdProject: string;
  readonly interval: string;
}
