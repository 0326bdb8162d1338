/**
 * The engine-neutral ManagedCluster description (buildAksManagedCluster) and its two
 * renderings: the Azure Service Operator objects (planAksCluster) and the
 * azure-native args (planAzureNativeCluster + azureNative*Args) carry the same
 * pools, network profile, identity and add-ons.
 */
import {
  AksManagedClusterDescription,
  ResolvedClusterConfig,
  azureNativeAgentPoolArgs,
  azureNativeComputeArgs,
  azureNativeManagedClusterArgs,
  buildAksManagedCluster,
  planAksCluster,
  planAzureNativeCluster,
  resolveAksClusterFeatures,
  resolveClusterConfig,
  subnetResourceId,
} from '../../../src/core/cluster';
import { validateAll } from '../../support/schema';
import { configurationErrorOf } from '../../support/errors';

const SUB = '00000000-1111-2222-3333-444444444444';
const VNET = { vnetName: 'ml-vnet', vnetResourceGroupName: 'net-rg', subnetName: 'aks-nodes', serviceCidr: '10.2.0.0/16', dnsServiceIp: '10.2.0.10', dockerBridgeCidr: '172.17.0.0/16' };
const MODEL = {
  name: 'ml-prod',
  location: 'westeurope',
  agentCount: 4,
  vmSize: 'Standard_D8s_v5',
  maxPodsPerNode: 60,
  kubernetesVersion: '1.30',
  clusterSku: 'Standard',
  ...VNET,
  gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, minCount: 0, maxCount: 3 },
};
const OPTIONS = { dnsPrefix: 'mlp', tags: { env: 'prod' }, keda: false, subscriptionId: SUB };

function without<T extends Record<string, unknown>>(o: T, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

describe('buildAksManagedCluster', () => {
  const config: ResolvedClusterConfig = resolveClusterConfig(MODEL).config;
  const features = resolveAksClusterFeatures({ keda: false });

  test('one description: pools, subnet, network, identity, OIDC, workload identity, add-ons, tags', () => {
    const d: AksManagedClusterDescription = buildAksManagedCluster(config, { features, dnsPrefix: 'mlp', tags: { env: 'prod' } });
    expect(d).toEqual({
      resourceName: 'ml-prod',
      location: 'westeurope',
      dnsPrefix: 'mlp',
      kubernetesVersion: '1.30',
      sku: { name: 'Base', tier: 'Standard' },
      identity: { type: 'SystemAssigned' },
      enableRBAC: true,
      systemPool: { name: 'agentpool', count: 4, vmSize: 'Standard_D8s_v5', mode: 'System', osType: 'Linux', type: 'VirtualMachineScaleSets', maxPods: 60 },
      userPools: [{
        name: 'gpu', count: 1, vmSize: 'Standard_NC6s_v3', mode: 'User', osType: 'Linux', type: 'VirtualMachineScaleSets', maxPods: 60,
        enableAutoScaling: true, minCount: 0, maxCount: 3, nodeTaints: ['sku=gpu:NoSchedule'], nodeLabels: { sku: 'gpu' }, orchestratorVersion: '1.30',
      }],
      nodeSubnet: config.vnet,
      networkProfile: { loadBalancerSku: 'standard', networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: 'cilium', networkPolicy: 'cilium', serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.10' },
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      storageProfile: { blobCSIDriver: { enabled: true } },
      workloadAutoScalerProfile: { keda: { enabled: false } },
      tags: { env: 'prod' },
    });
  });

  test('defaults: the DNS prefix from the name, no SKU, version, subnet, user pools or tags', () => {
    const d = buildAksManagedCluster(resolveClusterConfig({ name: 'ml_dev', location: 'westeurope' }).config, { features: resolveAksClusterFeatures({}) });
    expect(d.dnsPrefix).toBe('ml-dev');
    expect(d.userPools).toEqual([]);
    for (const k of ['sku', 'kubernetesVersion', 'nodeSubnet', 'tags'] as const) expect(d[k]).toBeUndefined();
    expect(d.systemPool).toEqual({ name: 'agentpool', count: 3, vmSize: 'Standard_D3_v2', mode: 'System', osType: 'Linux', type: 'VirtualMachineScaleSets', maxPods: 110 });
  });

  test('an attached cluster has no description', () => {
    const attached = resolveClusterConfig({ name: 'c', resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c` }).config;
    expect(() => buildAksManagedCluster(attached, { features })).toThrow(/is attached, not provisioned/);
  });
});

describe('ASO objects and azure-native args come from the same description', () => {
  const aso = planAksCluster({ ...MODEL, ...OPTIONS, resourceGroupName: 'ml-rg' });
  const native = planAzureNativeCluster({ ...MODEL, ...OPTIONS, resourceGroupName: 'ml-rg' });
  const subnetId = subnetResourceId(SUB, native.cluster!.nodeSubnet!);
  const mcArgs = azureNativeManagedClusterArgs(native.cluster!, { resourceGroupName: 'ml-rg', subnetId });
  const poolArgs = native.cluster!.userPools.map((p) => azureNativeAgentPoolArgs(native.cluster!, p, { resourceGroupName: 'ml-rg', clusterName: 'ml-prod', subnetId }));
  const mc = aso.managedCluster!.spec as Record<string, any>;

  test('the ASO objects are schema-valid', () => {
    expect(validateAll(aso.objects)).toBe(aso.objects.length);
    expect(aso.objects.map((o) => o.kind)).toEqual(['ResourceGroup', 'ManagedCluster', 'ManagedClustersAgentPool']);
  });

  test('the same system pool, network profile, identity, OIDC, workload identity and add-ons', () => {
    expect(without(mc.agentPoolProfiles[0], 'vnetSubnetReference')).toEqual(without(mcArgs.agentPoolProfiles[0], 'vnetSubnetID'));
    expect(mc.agentPoolProfiles).toHaveLength(mcArgs.agentPoolProfiles.length);
    for (const k of ['dnsPrefix', 'kubernetesVersion', 'sku', 'identity', 'enableRBAC', 'networkProfile', 'oidcIssuerProfile', 'securityProfile', 'storageProfile', 'workloadAutoScalerProfile', 'tags', 'location'] as const) {
      expect([k, mc[k]]).toEqual([k, (mcArgs as Record<string, unknown>)[k]]);
    }
    expect(mc.azureName).toBe(mcArgs.resourceName);
  });

  test('the same GPU pool, and the same node subnet on every pool', () => {
    const asoPools = aso.objects.filter((o) => o.kind === 'ManagedClustersAgentPool').map((o) => o.spec as Record<string, any>);
    expect(asoPools).toHaveLength(poolArgs.length);
    expect(without(asoPools[0], 'azureName', 'owner', 'vnetSubnetReference'))
      .toEqual(without(poolArgs[0], 'resourceGroupName', 'resourceName', 'agentPoolName', 'vnetSubnetID', 'tags'));
    expect(asoPools[0].azureName).toBe(poolArgs[0].agentPoolName);
    expect(mc.agentPoolProfiles[0].vnetSubnetReference).toEqual({ armId: subnetId });
    expect(asoPools[0].vnetSubnetReference).toEqual({ armId: subnetId });
    expect(mcArgs.agentPoolProfiles[0].vnetSubnetID).toBe(subnetId);
    expect(poolArgs[0].vnetSubnetID).toBe(subnetId);
  });

  test('the same configuration and warnings, the ASO TLS warning aside', () => {
    expect(native.config).toEqual(aso.config);
    expect(native.warnings).toEqual(aso.warnings);
    expect(native.loadBalancerServiceAnnotations).toEqual(aso.loadBalancerServiceAnnotations);
  });
});

describe('planAzureNativeCluster', () => {
  test('a resource group to create: "<name>-rg" by default, in the location, with the tags', () => {
    const plan = planAzureNativeCluster({ name: 'ml', location: 'westeurope', createResourceGroup: true, tags: { env: 'prod' } });
    expect(plan.resourceGroup).toEqual({ resourceGroupName: 'ml-rg', location: 'westeurope', tags: { env: 'prod' } });
    expect(plan.existingResourceGroupName).toBeUndefined();
    const existing = planAzureNativeCluster({ name: 'ml', resourceGroupName: 'ml-group' });
    expect(existing.resourceGroup).toBeUndefined();
    expect(existing.existingResourceGroupName).toBe('ml-group');
    // Without a location, the ManagedCluster takes the one the engine gives (the resource group's).
    expect(azureNativeManagedClusterArgs(existing.cluster!, { resourceGroupName: 'ml-group', location: 'northeurope' }).location).toBe('northeurope');
  });

  test('an attached cluster: where it is, nothing to provision', () => {
    const resourceId = `/subscriptions/${SUB}/resourceGroups/prod-rg/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
    const byId = planAzureNativeCluster({ name: 'c', resourceId });
    expect(byId.cluster).toBeUndefined();
    expect(byId.existing).toEqual({ resourceGroupName: 'prod-rg', clusterName: 'aks-prod', resourceId });
    expect(planAzureNativeCluster({ name: 'c', resourceGroup: 'rg', clusterName: 'aks' }).existing).toEqual({ resourceGroupName: 'rg', clusterName: 'aks' });
  });

  test('the registration: TLS contents for the compute, the key kept out of the configuration', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const key = '-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n';
    const plan = planAzureNativeCluster({ name: 'ml', resourceGroupName: 'rg', sslCname: 'ml.contoso.com', sslCert: cert, sslKey: key, workspace: { workspaceName: 'mlw' } });
    expect(plan.tlsContent).toEqual({ cert, key });
    expect(JSON.stringify(plan.config)).not.toContain('PRIVATE KEY');
    const args = azureNativeComputeArgs(plan.config, { workspaceName: 'mlw' }, { resourceGroupName: 'rg', resourceId: '/id', tls: plan.tlsContent });
    expect(args).toEqual({
      resourceGroupName: 'rg',
      workspaceName: 'mlw',
      computeName: 'ml',
      properties: {
        computeType: 'AKS',
        resourceId: '/id',
        properties: { clusterPurpose: 'FastProd', loadBalancerType: 'PublicIp', sslConfiguration: { status: 'Enabled', cname: 'ml.contoso.com', cert, key } },
      },
    });
  });

  test('every problem in one error with the subject it is given', () => {
    const err = configurationErrorOf(() => planAzureNativeCluster({ name: 'ml', agentCount: 1, dnsPrefix: '-' }, { subject: 'AksCluster "ml"' }));
    expect(err.message).toMatch(/^Invalid configuration for AksCluster "ml"/);
    expect(err.problems).toEqual([
      expect.stringMatching(/FastProd needs at least 12/),
      expect.stringMatching(/At least 3 nodes are required/),
      expect.stringMatching(/^dnsPrefix must be 1 to 54/),
    ]);
    // What the configuration needs from the options is checked once the model resolves.
    expect(configurationErrorOf(() => planAzureNativeCluster({ name: 'ml', agentCount: 3, dnsPrefix: '-' })).problems).toEqual([
      expect.stringMatching(/^dnsPrefix must be 1 to 54/),
      expect.stringMatching(/^A new cluster needs a resource group/),
    ]);
  });
});
