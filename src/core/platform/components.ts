/**
 * The in-cluster components the serving path needs, each a Helm chart pinned to a
 * tested version, with the lowest version that honours what the library emits
 * (its floor) and where that is written upstream. docs/runtime-contract.md has the
 * same table for readers.
 *
 * For each of these charts the chart version is the controller version (Envoy
 * Gateway `v1.9.0` ships Envoy Gateway v1.9.0, and so on), so a floor on the
 * controller is checked against the chart version.
 */

/** The components of an `AksMlPlatform`. */
export type PlatformComponentName = 'envoy-gateway' | 'external-secrets' | 'nvidia-device-plugin' | 'keda' | 'cert-manager';

/** Where a chart comes from: a Helm repository (index.yaml) or an OCI registry. */
export type ChartSource =
  | { readonly kind: 'helm'; readonly repoUrl: string; readonly chart: string }
  | {
      readonly kind: 'oci';
      /** `oci://<registry>/<namespace>/<chart>` */
      readonly url: string;
      readonly chart: string;
    };

/** The lowest version of a component that enforces what the library emits. */
export interface ComponentFloor {
  /** The version (semver, without a leading "v"). */
  readonly version: string;
  /** What goes wrong below it. */
  readonly reason: string;
}

/** A component: its chart, the tested version, the floor and the upstream source. */
export interface PlatformComponentSpec {
  readonly name: PlatformComponentName;
  readonly displayName: string;
  readonly source: ChartSource;
  /** The chart version installed by default (tested). */
  readonly defaultVersion: string;
  /** Chart versions are written with a leading "v" (Envoy Gateway's OCI tags). */
  readonly versionPrefix: '' | 'v';
  readonly floor: ComponentFloor;
  /** The Helm release name. */
  readonly releaseName: string;
  /** The namespace the chart installs into. */
  readonly namespace: string;
  /** Where the chart and its defaults are read (repo, path, commit of the tested version). */
  readonly upstream: string;
  /**
   * The Pod Security Standard its namespace enforces (`pod-security.kubernetes.io/enforce`):
   * the strictest the chart's pods (at their defaults) and the pods its controller creates meet.
   */
  readonly podSecurity: 'restricted' | 'baseline' | 'privileged';
}

/** Envoy Gateway: the controller that reads the Gateway, HTTPRoute and the gateway.envoyproxy.io policies. */
export const ENVOY_GATEWAY_CHART: PlatformComponentSpec = {
  name: 'envoy-gateway',
  displayName: 'Envoy Gateway',
  source: { kind: 'oci', url: 'oci://docker.io/envoyproxy/gateway-helm', chart: 'gateway-helm' },
  defaultVersion: '1.9.0',
  versionPrefix: 'v',
  floor: {
    version: '1.9.0',
    reason:
      'the key-auth SecurityPolicy uses authorization.rules[].cel, which Envoy Gateway accepts from 1.9.0: below it ' +
      'the API server rejects the policy (or prunes the rule) while the route goes live without it',
  },
  releaseName: 'eg',
  namespace: 'envoy-gateway-system',
  upstream: 'envoyproxy/gateway charts/gateway-helm (v1.9.0, 39763b1c07ec30a5526fe70434a2cfe4181de642)',
  // The controller and certgen meet restricted (values.yaml securityContext); the Envoy proxy
  // pods it creates in this namespace are not checked against restricted here: baseline.
  podSecurity: 'baseline',
};

/** External Secrets Operator: reads ExternalSecret (external-secrets.io/v1) for Key Vault keys and App Insights. */
export const EXTERNAL_SECRETS_CHART: PlatformComponentSpec = {
  name: 'external-secrets',
  displayName: 'External Secrets Operator',
  source: { kind: 'helm', repoUrl: 'https://charts.external-secrets.io', chart: 'external-secrets' },
  defaultVersion: '2.9.0',
  versionPrefix: '',
  floor: {
    version: '2.8.0',
    reason:
      'the generated keys\' ExternalSecrets use creationPolicy CreateOrMerge (External Secrets Operator 2.8.0; the ' +
      'external-secrets.io/v1 API itself needs 0.16.0): below it the API server rejects them, so the keys never reach the gateway',
  },
  releaseName: 'external-secrets',
  namespace: 'external-secrets',
  upstream: 'external-secrets/external-secrets deploy/charts/external-secrets (2.9.0, cc5bfbc2234ace9cb0caff4ea89c435cf517b27b)',
  // values.yaml securityContext: non-root, no privilege escalation, ALL dropped, RuntimeDefault seccomp.
  podSecurity: 'restricted',
};

/** The NVIDIA device plugin: advertises `nvidia.com/gpu` on the GPU nodes (AKS installs the driver only). */
export const NVIDIA_DEVICE_PLUGIN_CHART: PlatformComponentSpec = {
  name: 'nvidia-device-plugin',
  displayName: 'NVIDIA device plugin',
  source: { kind: 'helm', repoUrl: 'https://nvidia.github.io/k8s-device-plugin', chart: 'nvidia-device-plugin' },
  defaultVersion: '0.20.0',
  versionPrefix: '',
  floor: {
    version: '0.15.0',
    reason:
      'the platform replaces the chart\'s node affinity, which from 0.15.0 requires Node Feature Discovery labels ' +
      'AKS nodes do not carry; tolerations and affinity are chart values of that layout (tested with 0.20.0)',
  },
  releaseName: 'nvidia-device-plugin',
  namespace: 'nvidia-device-plugin',
  upstream: 'NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin (v0.20.0, 1b826acc6af3079d8923bac395c3124b8861a9a6)',
  // The plugin mounts the kubelet's device-plugins directory (hostPath): privileged.
  podSecurity: 'privileged',
};

/** KEDA: reads the ScaledObjects of the concurrency autoscaler when the AKS KEDA add-on is off. */
export const KEDA_CHART: PlatformComponentSpec = {
  name: 'keda',
  displayName: 'KEDA',
  source: { kind: 'helm', repoUrl: 'https://kedacore.github.io/charts', chart: 'keda' },
  defaultVersion: '2.20.2',
  versionPrefix: '',
  floor: {
    version: '2.9.0',
    reason:
      'the ScaledObject sets triggers[].name, triggers[].metricType and ' +
      'advanced.horizontalPodAutoscalerConfig.behavior, which the keda.sh/v1alpha1 CRD has in KEDA 2.9.0 ' +
      '(the oldest release checked)',
  },
  releaseName: 'keda',
  namespace: 'keda',
  upstream: 'kedacore/charts keda (v2.20.2, cbb9bb8ce0809dc9048f72302f7c09765d66ed56)',
  // values.yaml: "KEDA is secure by default" (non-root, ALL dropped, RuntimeDefault seccomp).
  podSecurity: 'restricted',
};

/**
 * cert-manager: reads the `Certificate` and the ACME `ClusterIssuer` (HTTP-01 through a
 * Gateway API HTTPRoute, `gatewayHTTPRoute`) of `GatewayTls.fromLeafDomainLabel`.
 * The chart is published as an OCI artifact (the install docs use
 * `oci://quay.io/jetstack/charts/cert-manager`; charts.jetstack.io is the older HTTP
 * repository) and its tags carry the leading "v".
 */
export const CERT_MANAGER_CHART: PlatformComponentSpec = {
  name: 'cert-manager',
  displayName: 'cert-manager',
  source: { kind: 'oci', url: 'oci://quay.io/jetstack/charts/cert-manager', chart: 'cert-manager' },
  defaultVersion: '1.21.1',
  versionPrefix: 'v',
  floor: {
    version: '1.15.0',
    reason:
      'the ClusterIssuer solves HTTP-01 with gatewayHTTPRoute, which cert-manager runs from 1.15.0 (Gateway API support ' +
      'in beta, turned on by the enableGatewayAPI field of the controller configuration the platform sets; the chart\'s ' +
      'crds.enabled and crds.keep are from 1.15.0 too): below it the challenge gets no HTTPRoute and the certificate is never issued',
  },
  releaseName: 'cert-manager',
  namespace: 'cert-manager',
  upstream: 'cert-manager/cert-manager deploy/charts/cert-manager (v1.21.1, 24e33194fb39488eff2bbf10c6dc640f407cad44)',
  // values.yaml: runAsNonRoot, RuntimeDefault seccomp, no privilege escalation, ALL dropped (controller,
  // webhook, cainjector, startupapicheck); the ACME solver pods run in the Certificate's namespace.
  podSecurity: 'restricted',
};

/** Every component, in install order. */
export const PLATFORM_COMPONENTS: readonly PlatformComponentSpec[] = [
  ENVOY_GATEWAY_CHART,
  EXTERNAL_SECRETS_CHART,
  NVIDIA_DEVICE_PLUGIN_CHART,
  KEDA_CHART,
  CERT_MANAGER_CHART,
];

/** The component of a name. */
export function componentSpec(name: PlatformComponentName): PlatformComponentSpec {
  return PLATFORM_COMPONENTS.find((c) => c.name === name)!;
}

// --- Versions ----------------------------------------------------------------------

/** `1.9.0`, `v1.9.0`, `1.10.0-rc.1` (semver; build metadata refused). */
export const CHART_VERSION_PATTERN = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;

/** The parts of a version, or undefined when it is not semver. */
export function parseVersion(v: string): { major: number; minor: number; patch: number; pre?: string } | undefined {
  const m = CHART_VERSION_PATTERN.exec(v);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), ...(m[4] !== undefined ? { pre: m[4] } : {}) };
}

/**
 * Compares two semver versions (a leading "v" ignored): negative when `a < b`.
 * A pre-release is lower than its release (`1.9.0-rc.1 < 1.9.0`).
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not a semver version: ${!x ? a : b}`);
  const d = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (d !== 0) return d;
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The version without a leading "v". */
export function bareVersion(v: string): string {
  return v.startsWith('v') ? v.slice(1) : v;
}

/** The version as the chart's registry tags it (Envoy Gateway: `v1.9.0`). */
export function chartVersionOf(spec: PlatformComponentSpec, version: string): string {
  return `${spec.versionPrefix}${bareVersion(version)}`;
}
