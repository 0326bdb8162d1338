/**
 * The network policy engine of the cluster and its monitoring add-ons: the rules
 * AKS applies to the combinations of network plugin, dataplane and network policy,
 * the warning when NetworkPolicies are not enforced (opted out, or an attached
 * cluster whose engine is unknown), and Managed Prometheus / Container Insights.
 *
 * AKS (the reader of `networkProfile`, API 2025-08-01): `networkPolicy` is
 * `none` when not set, so a cluster that does not name an engine enforces no
 * NetworkPolicy at all; `cilium` requires `networkDataplane: cilium`
 * (the API's description of the enum value); with the Cilium dataplane Cilium is
 * the policy engine, so Azure NPM and Calico are refused with it. Every cluster
 * of this library uses Azure CNI Overlay (`networkPlugin: azure`,
 * `networkPluginMode: overlay`), on which Cilium, Calico and Azure NPM are all
 * accepted. Internal to the cluster folder except the types.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { isPlainObject } from '../validation';

/** The engine that enforces Kubernetes NetworkPolicies (`networkProfile.networkPolicy`). */
export type NetworkPolicyEngine = 'cilium' | 'azure' | 'calico' | 'none';
/** The pod networking dataplane (`networkProfile.networkDataplane`). */
export type NetworkDataplane = 'cilium' | 'azure';

export const NETWORK_POLICY_ENGINES: readonly NetworkPolicyEngine[] = ['cilium', 'azure', 'calico', 'none'];
export const NETWORK_DATAPLANES: readonly NetworkDataplane[] = ['cilium', 'azure'];

/** Managed Prometheus (`azureMonitorProfile.metrics`). */
export interface ManagedPrometheusProps {
  /**
   * Extra Kubernetes labels kube-state-metrics exports, e.g. `pods=[app.kubernetes.io/name]`
   * (`azureMonitorProfile.metrics.kubeStateMetrics.metricLabelsAllowlist`).
   * @default - the AKS default (none)
   */
  readonly metricLabelsAllowlist?: string;
  /**
   * Kubernetes annotations kube-state-metrics exports
   * (`azureMonitorProfile.metrics.kubeStateMetrics.metricAnnotationsAllowList`).
   * @default - the AKS default (none)
   */
  readonly metricAnnotationsAllowList?: string;
}

/** Container Insights (the AKS `omsagent` monitoring add-on). */
export interface ContainerInsightsProps {
  /**
   * The ARM id of the Log Analytics workspace the add-on sends logs to
   * (`addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID`).
   */
  readonly logAnalyticsWorkspaceResourceId: string;
}

/** The network and monitoring settings with their defaults applied. */
export interface ResolvedClusterNetworkPolicy {
  /**
   * The NetworkPolicy engine: the one AKS is told to run (a new cluster), or the one
   * the user states an attached cluster runs; undefined when an attached cluster's is unknown.
   */
  readonly networkPolicy?: NetworkPolicyEngine;
  /** The dataplane of a new cluster. */
  readonly networkDataplane?: NetworkDataplane;
  /** Managed Prometheus of a new cluster. */
  readonly managedPrometheus?: ManagedPrometheusProps;
  /** Container Insights of a new cluster. */
  readonly containerInsights?: ContainerInsightsProps;
}

const LOG_ANALYTICS_WORKSPACE_ID =
  /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/i;

/** The warning id when NetworkPolicies are not enforced. */
export const NETWORK_POLICY_NOT_ENFORCED = 'aks-ml:cluster:networkPolicyNotEnforced';
/** The warning id when an attached cluster's engine is unknown. */
export const NETWORK_POLICY_UNKNOWN = 'aks-ml:cluster:networkPolicyUnknown';

const NOT_ENFORCED_TEXT =
  'every NetworkPolicy the services and endpoints emit (the one that keeps in-cluster callers off the scoring pods, past key and token auth) is accepted by the API server and not enforced';

/**
 * Checks `networkPolicy`, `networkDataplane`, `managedPrometheus` and
 * `containerInsights`; adds the problems to `c`, the warnings to `warnings`, and
 * returns the resolved settings when they are valid.
 */
export function validateClusterNetworkPolicy(
  c: ProblemCollector,
  warnings: ConfigurationWarning[],
  p: Record<string, unknown>,
  attaching: boolean,
): ResolvedClusterNetworkPolicy | undefined {
  const before = c.problems.length;
  const policy = p.networkPolicy;
  const dataplane = p.networkDataplane;
  if (policy !== undefined && !NETWORK_POLICY_ENGINES.includes(policy as NetworkPolicyEngine)) {
    c.add('networkPolicy', policy, `must be one of ${NETWORK_POLICY_ENGINES.map((x) => `"${x}"`).join(', ')}`);
  }
  if (dataplane !== undefined && !NETWORK_DATAPLANES.includes(dataplane as NetworkDataplane)) {
    c.add('networkDataplane', dataplane, `must be one of ${NETWORK_DATAPLANES.map((x) => `"${x}"`).join(', ')}`);
  }
  const mp = p.managedPrometheus;
  if (mp !== undefined && typeof mp !== 'boolean') {
    if (!isPlainObject(mp)) {
      c.add('managedPrometheus', mp, 'must be true, false or { metricLabelsAllowlist?, metricAnnotationsAllowList? }');
    } else {
      for (const [k, v] of Object.entries(mp)) {
        if (k !== 'metricLabelsAllowlist' && k !== 'metricAnnotationsAllowList') c.add(`managedPrometheus.${k}`, v, 'is not a known prop');
        else if (typeof v !== 'string' || v.length > 4096) c.add(`managedPrometheus.${k}`, v, 'must be a string such as "pods=[app.kubernetes.io/name]"');
      }
    }
  }
  const ci = p.containerInsights;
  if (ci !== undefined) {
    if (!isPlainObject(ci)) {
      c.add('containerInsights', ci, 'must be { logAnalyticsWorkspaceResourceId }');
    } else {
      for (const k of Object.keys(ci)) if (k !== 'logAnalyticsWorkspaceResourceId') c.add(`containerInsights.${k}`, ci[k], 'is not a known prop');
      const id = ci.logAnalyticsWorkspaceResourceId;
      if (typeof id !== 'string' || !LOG_ANALYTICS_WORKSPACE_ID.test(id)) {
        c.add('containerInsights.logAnalyticsWorkspaceResourceId', id,
          'must be the ARM id of a Log Analytics workspace: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>');
      }
    }
  }
  if (attaching) {
    const provisionOnly = ['networkDataplane', 'managedPrometheus', 'containerInsights'].filter((k) => p[k] !== undefined);
    if (provisionOnly.length > 0) {
      c.addRaw(
        `${provisionOnly.join(', ')} ${provisionOnly.length === 1 ? 'applies' : 'apply'} only when provisioning a new cluster ` +
          '(an attached cluster keeps its own network and monitoring): remove ' + (provisionOnly.length === 1 ? 'it' : 'them') +
          '; for an attached cluster, state the engine it runs with networkPolicy.',
      );
    }
  }
  if (c.problems.length > before) return undefined;

  if (attaching) return policy !== undefined ? { networkPolicy: policy as NetworkPolicyEngine } : {};

  const engine: NetworkPolicyEngine = (policy as NetworkPolicyEngine | undefined) ?? 'cilium';
  const plane: NetworkDataplane = (dataplane as NetworkDataplane | undefined) ?? (engine === 'cilium' ? 'cilium' : 'azure');
  if (engine === 'cilium' && plane !== 'cilium') {
    c.add('networkDataplane', dataplane,
      'must be "cilium" with networkPolicy "cilium" (AKS: Cilium network policy requires the Cilium dataplane): remove networkDataplane, or choose networkPolicy "azure" or "calico"');
  } else if (plane === 'cilium' && engine !== 'cilium') {
    c.add('networkPolicy', policy,
      'must be "cilium" with networkDataplane "cilium" (with the Cilium dataplane, Cilium enforces the NetworkPolicies; AKS accepts neither Azure NPM nor Calico beside it): ' +
        'remove networkPolicy, or set networkDataplane "azure"');
  }
  if (c.problems.length > before) return undefined;
  if (engine === 'none') {
    warnings.push({ id: NETWORK_POLICY_NOT_ENFORCED, prop: 'networkPolicy', message: `is "none": the cluster runs no network policy engine, so ${NOT_ENFORCED_TEXT}. Remove networkPolicy for Cilium (the default).` });
  } else if (engine === 'azure') {
    warnings.push({
      id: 'aks-ml:cluster:azureNetworkPolicyManagerRetiring',
      prop: 'networkPolicy',
      message: 'is "azure" (Azure Network Policy Manager): AKS is retiring it and names Cilium network policy as its replacement on Linux nodes; prefer "cilium" (the default).',
    });
  }
  const resolved: ResolvedClusterNetworkPolicy = {
    networkPolicy: engine,
    networkDataplane: plane,
    ...(mp === true ? { managedPrometheus: {} } : isPlainObject(mp) ? { managedPrometheus: { ...(mp as ManagedPrometheusProps) } } : {}),
    ...(ci !== undefined ? { containerInsights: { logAnalyticsWorkspaceResourceId: (ci as ContainerInsightsProps).logAnalyticsWorkspaceResourceId } } : {}),
  };
  if (resolved.managedPrometheus) {
    warnings.push({
      id: 'aks-ml:cluster:prometheusNeedsDataCollection',
      prop: 'managedPrometheus',
      message:
        'turns on azureMonitorProfile.metrics: AKS then runs the metrics agent (ama-metrics), but through ARM it creates neither the Azure Monitor workspace nor the ' +
        'data collection endpoint, data collection rule (stream Microsoft-PrometheusMetrics) and rule association that route the samples there (az aks update --enable-azure-monitor-metrics creates them): ' +
        'declare them beside the cluster, or no metric is stored.',
    });
  }
  if (resolved.containerInsights) {
    warnings.push({
      id: 'aks-ml:cluster:containerInsightsNeedsDataCollection',
      prop: 'containerInsights',
      message:
        'turns on the omsagent add-on with managed identity authentication (useAADAuth): AKS runs the agent (ama-logs), but through ARM it creates neither the data collection rule ' +
        '(stream Microsoft-ContainerInsights-Group-Default to the workspace) nor its association with the cluster (az aks enable-addons --addon monitoring creates them): declare them beside the cluster, or no log is stored.',
    });
  }
  return resolved;
}

/**
 * The warnings about the NetworkPolicy engine of an attached cluster: with
 * `reported` (what the AKS API reports in `networkProfile.networkPolicy`, read by
 * an engine that can: Pulumi at update time), a cluster that enforces none, and a
 * stated engine that differs; without it, a cluster whose engine is not stated
 * (unknown) or stated as `none`. Nothing for a new cluster.
 */
export function existingClusterNetworkPolicyWarnings(
  config: { readonly mode: 'provision' | 'attach'; readonly network: ResolvedClusterNetworkPolicy },
  reported?: { readonly networkPolicy?: string },
): ConfigurationWarning[] {
  if (config.mode !== 'attach') return [];
  const stated = config.network.networkPolicy;
  if (reported !== undefined) {
    const actual = reported.networkPolicy === undefined || reported.networkPolicy === '' ? 'none' : reported.networkPolicy.toLowerCase();
    const out: ConfigurationWarning[] = [];
    if (actual === 'none') {
      out.push({ id: NETWORK_POLICY_NOT_ENFORCED, prop: 'networkPolicy', message: `the AKS API reports networkProfile.networkPolicy "${reported.networkPolicy ?? 'none'}" (not set) for the attached cluster: ${NOT_ENFORCED_TEXT}. Enable an engine on the cluster (az aks update --network-policy cilium).` });
    }
    if (stated !== undefined && stated !== actual) {
      out.push({ id: 'aks-ml:cluster:networkPolicyDiffers', prop: 'networkPolicy', message: `is "${stated}", but the AKS API reports "${actual}" for the attached cluster: the cluster enforces what AKS reports; update networkPolicy.` });
    }
    return out;
  }
  if (stated === undefined) {
    return [{
      id: NETWORK_POLICY_UNKNOWN,
      prop: 'networkPolicy',
      message:
        'is not stated for the attached cluster: AKS enforces no NetworkPolicy unless the cluster was created with a network policy engine ' +
        `(networkProfile.networkPolicy; "none" when not set), and then ${NOT_ENFORCED_TEXT}. Check it ` +
        '(az aks show --query networkProfile.networkPolicy) and state it here ("cilium", "azure" or "calico"), or enable one (az aks update --network-policy cilium).',
    }];
  }
  if (stated === 'none') {
    return [{ id: NETWORK_POLICY_NOT_ENFORCED, prop: 'networkPolicy', message: `is "none" for the attached cluster: ${NOT_ENFORCED_TEXT}. Enable an engine on the cluster (az aks update --network-policy cilium).` }];
  }
  return [];
}
