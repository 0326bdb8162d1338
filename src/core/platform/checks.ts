/**
 * Services check the platform they land on: the objects a web service or endpoint
 * emits need controllers at some versions (the gateway implementation's floors,
 * External Secrets for external-secrets.io/v1), KEDA and Envoy metrics for the
 * concurrency autoscaler, and the NVIDIA device plugin for GPUs. Pure: the adapters
 * find the platform (cdk8s: in the construct tree; Pulumi: the `platform` arg or the
 * stack's platforms) and report what this returns.
 */
import { ConfigurationWarning } from '../errors';
import { ENVOY_GATEWAY_COMPONENT, EnvoyGateway } from '../gateway/envoy-gateway';
import { ControllerFloor, GatewayImplementation } from '../gateway/implementation';
import { KubeObject } from '../kube';
import { externalSecretsFloors } from '../webservice/keys';
import { CERT_MANAGER_CHART, EXTERNAL_SECRETS_CHART, compareVersions } from './components';
import { EnvoyMetricsFlavour, envoyMetricsFlavours, metricsFlavourOf } from './plan';
import { EnvoyMetricsSource, ResolvedPlatform } from './props';

/** What a service's objects ask of the platform. */
export interface ServicePlatformNeeds {
  /** The controller versions the objects need. */
  readonly floors: ControllerFloor[];
  /** The `prometheusServerAddress` of each concurrency autoscaler (ScaledObject prometheus trigger). */
  readonly prometheusAddresses: string[];
  /** The names of the Deployments that request `nvidia.com/gpu`. */
  readonly gpuDeployments: string[];
  /** The names of the ScaledObjects. */
  readonly scaledObjects: string[];
}

/**
 * The floors of objects the library emits outside the gateway implementation (External
 * Secrets): the v1 API, and the fields of the key ExternalSecrets (`CreateOrMerge` needs
 * 2.8.0, `CreatedOnce` 0.16.0; see {@link externalSecretsFloors}).
 */
export function libraryFloors(objects: readonly KubeObject[]): ControllerFloor[] {
  const out: ControllerFloor[] = [];
  for (const o of objects) {
    if (o.apiVersion === 'external-secrets.io/v1') {
      out.push({
        component: EXTERNAL_SECRETS_CHART.name,
        version: EXTERNAL_SECRETS_V1_API_FLOOR,
        field: `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name} apiVersion external-secrets.io/v1`,
        reason: 'External Secrets Operator serves external-secrets.io/v1 from 0.16.0: below it the API server has no such version and rejects the object',
      });
    }
    if (o.apiVersion === 'cert-manager.io/v1' && (o.kind === 'Certificate' || o.kind === 'ClusterIssuer')) {
      out.push({
        component: CERT_MANAGER_CHART.name,
        version: CERT_MANAGER_GATEWAY_API_FLOOR,
        field: `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
        reason:
          'cert-manager solves ACME HTTP-01 through a Gateway API HTTPRoute (gatewayHTTPRoute) from 1.15.0, with Gateway API ' +
          'support enabled: without cert-manager nothing issues the certificate and the HTTPS listener has no Secret',
      });
    }
  }
  return [...out, ...externalSecretsFloors(objects)];
}

/** The first cert-manager release with the gatewayHTTPRoute HTTP-01 solver in beta (`enableGatewayAPI` / `--enable-gateway-api`). */
const CERT_MANAGER_GATEWAY_API_FLOOR = '1.15.0';

/** The first External Secrets Operator release that serves `external-secrets.io/v1`. */
const EXTERNAL_SECRETS_V1_API_FLOOR = '0.16.0';

/** Reads what a service's objects need of the platform. */
export function servicePlatformNeeds(objects: readonly KubeObject[], implementation?: GatewayImplementation): ServicePlatformNeeds {
  const floors = [...(implementation?.floors?.(objects) ?? []), ...libraryFloors(objects)];
  const prometheusAddresses: string[] = [];
  const gpuDeployments: string[] = [];
  const scaledObjects: string[] = [];
  for (const o of objects) {
    if (o.kind === 'ScaledObject' && o.apiVersion === 'keda.sh/v1alpha1') {
      scaledObjects.push(o.metadata.name);
      const triggers = ((o.spec as { triggers?: { type?: string; metadata?: { serverAddress?: string } }[] } | undefined)?.triggers ?? []);
      for (const t of triggers) if (t.type === 'prometheus' && typeof t.metadata?.serverAddress === 'string') prometheusAddresses.push(t.metadata.serverAddress);
    }
    if (o.kind === 'Deployment' && o.apiVersion === 'apps/v1') {
      const containers = ((o.spec as any)?.template?.spec?.containers ?? []) as { resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } }[];
      const gpu = containers.some((c) => Number(c.resources?.limits?.['nvidia.com/gpu'] ?? c.resources?.requests?.['nvidia.com/gpu'] ?? 0) > 0);
      if (gpu) gpuDeployments.push(o.metadata.name);
    }
  }
  return { floors, prometheusAddresses, gpuDeployments, scaledObjects };
}

/** What a service's check against a platform found. */
export interface PlatformCheck {
  /** Each a ConfigurationError line. */
  readonly problems: string[];
  readonly warnings: ConfigurationWarning[];
}

/**
 * Checks a service's objects against the platform it lands on:
 * - a controller below the floor of a field the objects use → problem (naming the
 *   floor and why); a component the objects need and the platform leaves out → warning;
 * - a concurrency autoscaler without KEDA (left out, add-on off) → problem; without a
 *   PodMonitor for its Prometheus → warning that it will not scale;
 * - a GPU request with no device plugin → warning (no GPU pool either: a second reason).
 */
export function checkServiceOnPlatform(
  subject: string,
  platform: ResolvedPlatform,
  objects: readonly KubeObject[],
  implementation?: GatewayImplementation,
): PlatformCheck {
  const needs = servicePlatformNeeds(objects, implementation);
  const problems: string[] = [];
  const warnings: ConfigurationWarning[] = [];
  const byName = new Map(platform.components.map((c) => [c.name as string, c]));
  const seen = new Set<string>();
  for (const f of needs.floors) {
    const c = byName.get(f.component);
    if (!c) {
      const key = `missing:${f.component}`;
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push({
        id: 'aks-ml:platform:componentLeftOut',
        prop: f.component,
        message:
          `${subject} needs ${f.component} ${f.version} or later for ${f.field}, and the platform leaves it out: ` +
          'make sure another install provides it at that version' +
          (f.component === 'cert-manager' ? ' (or install it with AksMlPlatform certManager: true).' : '.'),
      });
    } else if (compareVersions(c.version, f.version) < 0) {
      problems.push(
        `${subject}: ${f.field} needs ${c.displayName} ${f.version} or later (its floor: ${f.reason}); ` +
          `the platform installs ${c.chartVersion}. Raise ${propOf(f.component)}.version to at least ${f.version}.`,
      );
    }
  }
  if (implementation instanceof EnvoyGateway && byName.has(ENVOY_GATEWAY_COMPONENT) && !implementation.gatewayNamespaceMode) {
    const ns = byName.get(ENVOY_GATEWAY_COMPONENT)!.namespace;
    if (implementation.controllerNamespace !== ns) {
      warnings.push({
        id: 'aks-ml:platform:envoyNamespaceMismatch',
        prop: 'gateway.implementation.controllerNamespace',
        message:
          `${subject}'s EnvoyGateway expects the controller (and proxies) in "${implementation.controllerNamespace}", but the ` +
          `platform installs Envoy Gateway into "${ns}": the NetworkPolicy admits no proxy. Use new EnvoyGateway({ controllerNamespace: '${ns}' }).`,
      });
    }
  }
  if (needs.scaledObjects.length > 0 && !byName.has('keda') && platform.cluster.kedaAddon === false) {
    problems.push(
      `${subject}: the ScaledObject${needs.scaledObjects.length > 1 ? 's' : ''} ${needs.scaledObjects.join(', ')} need${needs.scaledObjects.length > 1 ? '' : 's'} KEDA, ` +
        'but the platform leaves KEDA out and the cluster\'s KEDA add-on is off: nothing would read them (the API server rejects the unknown kind). ' +
        'Install KEDA (AksMlPlatform keda: true) or turn the add-on on.',
    );
  }
  if (needs.prometheusAddresses.length > 0) {
    const emitted = new Set<EnvoyMetricsFlavour>(envoyMetricsFlavours(platform, needs.prometheusAddresses));
    for (const address of [...new Set(needs.prometheusAddresses)]) {
      const flavour = metricsFlavourOf(address);
      if (emitted.has(flavour)) continue;
      warnings.push({
        id: 'aks-ml:platform:concurrencyWithoutMetrics',
        prop: 'autoscaler',
        message:
          `${subject} scales on in-flight requests queried from ${address}, but the platform has no ` +
          `${flavour === EnvoyMetricsSource.AZURE_MANAGED_PROMETHEUS ? 'Azure managed Prometheus (azmonitoring.coreos.com/v1)' : 'Prometheus Operator (monitoring.coreos.com/v1)'} ` +
          `PodMonitor for the Envoy proxies (envoyMetrics.source is "${platform.envoyMetrics.source}"): the query falls back to 0 and the ` +
          'service will not scale above its minimum replicas. Set envoyMetrics.source to "auto" or to that Prometheus.',
      });
    }
  }
  if (needs.gpuDeployments.length > 0 && !byName.has('nvidia-device-plugin')) {
    warnings.push({
      id: 'aks-ml:platform:gpuWithoutDevicePlugin',
      prop: 'gpuCores',
      message:
        `${subject} requests nvidia.com/gpu (${needs.gpuDeployments.join(', ')}), but the platform installs no NVIDIA device plugin` +
        (platform.cluster.hasGpuPool ? '' : ' and its cluster has no GPU pool') +
        ': no node advertises nvidia.com/gpu, so the pods stay Pending. ' +
        (platform.cluster.hasGpuPool ? 'Leave nvidiaDevicePlugin unset.' : 'Give the AksCluster a gpuPool (or set nvidiaDevicePlugin: true on a cluster with GPU nodes).'),
    });
  }
  return { problems, warnings };
}

function propOf(component: string): string {
  switch (component) {
    case 'envoy-gateway':
      return 'envoyGateway';
    case 'external-secrets':
      return 'externalSecrets';
    case 'nvidia-device-plugin':
      return 'nvidiaDevicePlugin';
    case 'cert-manager':
      return 'certManager';
    default:
      return component;
  }
}
