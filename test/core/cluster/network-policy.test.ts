/**
 * The network policy engine and monitoring of the cluster: Cilium by default,
 * Calico and Azure NPM selectable, none only by an explicit opt-out that warns;
 * the combinations AKS refuses are one ConfigurationError; an attached cluster
 * warns when its engine is unknown or none; Managed Prometheus and Container
 * Insights render the AKS fields, schema-validated against the ASO CRD subset.
 */
import { existingClusterNetworkPolicyWarnings, planAksCluster, planAzureNativeCluster, resolveClusterConfig } from '../../../src/core/cluster';
import { validateAll } from '../../support/schema';
import { configurationErrorOf } from '../../support/errors';

const base = { name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-prod-rg' };
const LAW = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mon-rg/providers/Microsoft.OperationalInsights/workspaces/ml-logs';
const ATTACH = { name: 'ml', resourceId: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks' };

function networkOf(props: Record<string, unknown>) {
  const plan = planAksCluster({ ...base, ...props } as never);
  validateAll(plan.objects);
  return { profile: (plan.managedCluster!.spec as Record<string, any>).networkProfile, spec: plan.managedCluster!.spec as Record<string, any>, warnings: plan.warnings };
}

describe('network policy engine of a new cluster', () => {
  test('default: Azure CNI Overlay with the Cilium dataplane and Cilium network policy, no warning about it', () => {
    const { profile, warnings } = networkOf({});
    expect(profile).toEqual({ loadBalancerSku: 'standard', networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: 'cilium', networkPolicy: 'cilium' });
    expect(warnings.map((w) => w.id)).toEqual([]);
  });

  test.each([
    ['calico', 'azure'],
    ['azure', 'azure'],
  ])('networkPolicy %s runs on the %s dataplane', (policy, dataplane) => {
    const { profile, warnings } = networkOf({ networkPolicy: policy });
    expect(profile).toMatchObject({ networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: dataplane, networkPolicy: policy });
    expect(warnings.some((w) => w.id === 'aks-ml:cluster:networkPolicyNotEnforced')).toBe(false);
    expect(warnings.some((w) => w.id === 'aks-ml:cluster:azureNetworkPolicyManagerRetiring')).toBe(policy === 'azure');
  });

  test('none only by explicit opt-out, with a warning that the NetworkPolicies are not enforced', () => {
    const { profile, warnings } = networkOf({ networkPolicy: 'none' });
    expect(profile).toMatchObject({ networkDataplane: 'azure', networkPolicy: 'none' });
    const w = warnings.find((x) => x.id === 'aks-ml:cluster:networkPolicyNotEnforced');
    expect(w).toMatchObject({ prop: 'networkPolicy' });
    expect(w!.message).toMatch(/not enforced/);
  });

  test('the combinations AKS refuses, and bad values, are one ConfigurationError listing each', () => {
    const err = configurationErrorOf(() => planAksCluster({ ...base, networkPolicy: 'calico', networkDataplane: 'cilium' } as never));
    expect(err.message).toMatch(/networkPolicy must be "cilium" with networkDataplane "cilium".*received "calico"/);
    const err2 = configurationErrorOf(() => planAksCluster({ ...base, networkPolicy: 'cilium', networkDataplane: 'azure' } as never));
    expect(err2.message).toMatch(/networkDataplane must be "cilium" with networkPolicy "cilium" \(AKS: Cilium network policy requires the Cilium dataplane\).*received "azure"/);
    const err3 = configurationErrorOf(() => planAksCluster({ ...base, networkDataplane: 'azure' } as never));
    expect(err3.message).toMatch(/networkDataplane/);
    const err4 = configurationErrorOf(() => planAksCluster({ ...base, networkPolicy: 'kubenet', networkDataplane: 'ebpf', managedPrometheus: 'yes', containerInsights: { logAnalyticsWorkspaceResourceId: 'x' } } as never));
    expect(err4.problems.length).toBe(4);
    expect(err4.message).toMatch(/networkPolicy.*must be one of "cilium", "azure", "calico", "none"/);
    expect(err4.message).toMatch(/networkDataplane.*must be one of "cilium", "azure"/);
    expect(err4.message).toMatch(/managedPrometheus/);
    expect(err4.message).toMatch(/containerInsights\.logAnalyticsWorkspaceResourceId.*Log Analytics workspace/);
  });

  test('both engines render the same network profile', () => {
    const aso = networkOf({ networkPolicy: 'calico' }).profile;
    const an = planAzureNativeCluster({ ...base, networkPolicy: 'calico' }).cluster!.networkProfile;
    expect(an).toEqual(aso);
  });
});

describe('monitoring of a new cluster', () => {
  test('managedPrometheus: azureMonitorProfile.metrics, with the kube-state-metrics allow-lists; a warning names the data collection objects to declare', () => {
    const { spec, warnings } = networkOf({ managedPrometheus: { metricLabelsAllowlist: 'pods=[app.kubernetes.io/name]' } });
    expect(spec.azureMonitorProfile).toEqual({ metrics: { enabled: true, kubeStateMetrics: { metricLabelsAllowlist: 'pods=[app.kubernetes.io/name]' } } });
    expect(warnings.find((w) => w.id === 'aks-ml:cluster:prometheusNeedsDataCollection')!.message).toMatch(/data collection rule.*Microsoft-PrometheusMetrics/);
    expect(networkOf({ managedPrometheus: true }).spec.azureMonitorProfile).toEqual({ metrics: { enabled: true } });
    expect(networkOf({ managedPrometheus: false }).spec.azureMonitorProfile).toBeUndefined();
    expect(networkOf({}).spec.azureMonitorProfile).toBeUndefined();
  });

  test('containerInsights: the omsagent add-on with the workspace and managed identity auth', () => {
    const { spec, warnings } = networkOf({ containerInsights: { logAnalyticsWorkspaceResourceId: LAW } });
    expect(spec.addonProfiles).toEqual({ omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: LAW, useAADAuth: 'true' } } });
    expect(warnings.some((w) => w.id === 'aks-ml:cluster:containerInsightsNeedsDataCollection')).toBe(true);
    const an = planAzureNativeCluster({ ...base, containerInsights: { logAnalyticsWorkspaceResourceId: LAW }, managedPrometheus: true }).cluster!;
    expect(an.addonProfiles).toEqual(spec.addonProfiles);
    expect(an.azureMonitorProfile).toEqual({ metrics: { enabled: true } });
  });
});

describe('attached clusters', () => {
  test('an unstated engine warns that the NetworkPolicies may not be enforced; a stated one does not', () => {
    const unknown = resolveClusterConfig(ATTACH);
    expect(unknown.config.network).toEqual({});
    expect(unknown.warnings.find((w) => w.id === 'aks-ml:cluster:networkPolicyUnknown')).toMatchObject({ prop: 'networkPolicy' });
    const stated = resolveClusterConfig({ ...ATTACH, networkPolicy: 'cilium' });
    expect(stated.warnings.map((w) => w.id)).not.toContain('aks-ml:cluster:networkPolicyUnknown');
    expect(stated.config.network).toEqual({ networkPolicy: 'cilium' });
    const none = planAksCluster({ ...ATTACH, networkPolicy: 'none' } as never);
    expect(none.objects).toEqual([]);
    expect(none.warnings.map((w) => w.id)).toContain('aks-ml:cluster:networkPolicyNotEnforced');
  });

  test('dataplane and monitoring apply only to a new cluster', () => {
    const err = configurationErrorOf(() => resolveClusterConfig({ ...ATTACH, networkDataplane: 'cilium', managedPrometheus: true }));
    expect(err.message).toMatch(/networkDataplane, managedPrometheus apply only when provisioning a new cluster/);
  });

  test('what the AKS API reports decides (the Pulumi engine reads it at update time)', () => {
    const config = resolveClusterConfig({ ...ATTACH, networkPolicy: 'calico' }).config;
    expect(existingClusterNetworkPolicyWarnings(config, { networkPolicy: 'calico' })).toEqual([]);
    expect(existingClusterNetworkPolicyWarnings(config, { networkPolicy: 'cilium' }).map((w) => w.id)).toEqual(['aks-ml:cluster:networkPolicyDiffers']);
    expect(existingClusterNetworkPolicyWarnings(config, {}).map((w) => w.id)).toEqual(['aks-ml:cluster:networkPolicyNotEnforced', 'aks-ml:cluster:networkPolicyDiffers']);
    const provisioned = resolveClusterConfig({ name: 'new' }).config;
    expect(existingClusterNetworkPolicyWarnings(provisioned)).toEqual([]);
  });
});
