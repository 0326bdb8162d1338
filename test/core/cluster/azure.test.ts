/** The engine-free Azure helpers both AksCluster engines share (src/core/cluster/azure.ts, aml-compute.ts, existing.ts, aso.ts, plan.ts). */
import {
  AKS_DNS_PREFIX_PATTERN,
  ClusterPurpose,
  amlAksComputeProperties,
  asoObjectName,
  assertClusterConfig,
  planAsoCluster,
  validateAsoClusterOptions,
  checkExistingClusterPools,
  defaultDnsPrefix,
  parseAksResourceId,
  subnetResourceId,
} from '../../../src/core/cluster';
import { ProblemCollector } from '../../../src/core/errors';

const SUB = '00000000-1111-2222-3333-444444444444';
const resourceId = `/subscriptions/${SUB}/resourceGroups/prod-rg/providers/Microsoft.ContainerService/managedClusters/aks-prod`;

describe('Azure helpers', () => {
  test('resource ids', () => {
    expect(parseAksResourceId(resourceId)).toEqual({ subscriptionId: SUB, resourceGroupName: 'prod-rg', clusterName: 'aks-prod' });
    expect(() => parseAksResourceId('/subscriptions/x')).toThrow(/not an AKS resource id/);
    expect(subnetResourceId(SUB, { vnetName: 'v1', vnetResourceGroupName: 'net', subnetName: 's', serviceCidr: '', dnsServiceIp: '', dockerBridgeCidr: '' }))
      .toBe(`/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v1/subnets/s`);
  });

  test('DNS prefixes and Kubernetes names derived from Azure names', () => {
    expect(defaultDnsPrefix('ml_prod')).toBe('ml-prod');
    const long = `a${'b'.repeat(52)}_-_x`;
    const prefix = defaultDnsPrefix(long);
    expect(prefix.length).toBeLessThanOrEqual(54);
    expect(prefix).toMatch(AKS_DNS_PREFIX_PATTERN);
    expect(asoObjectName('ML_Prod.RG(1)')).toBe('ml-prod-rg-1');
    expect(asoObjectName('___')).toBe('x');
  });

  test('the v1 compute properties of a registration', () => {
    const cname = assertClusterConfig({ name: 'c', sslCname: 'ml.contoso.com', sslCert: '-----BEGIN CERTIFICATE-----\nx', sslKey: '-----BEGIN PRIVATE KEY-----\ny' });
    expect(() => amlAksComputeProperties(cname)).toThrow(/contents are required/);
    expect(amlAksComputeProperties(cname, { cert: 'C', key: 'K' })).toEqual({
      clusterPurpose: 'FastProd', loadBalancerType: 'PublicIp', sslConfiguration: { status: 'Enabled', cname: 'ml.contoso.com', cert: 'C', key: 'K' },
    });
    expect(amlAksComputeProperties(assertClusterConfig({ name: 'c' }))).toEqual({ clusterPurpose: 'FastProd', loadBalancerType: 'PublicIp' });
  });

  test('attached clusters: actual pools against the purpose', () => {
    const fast = assertClusterConfig({ name: 'c', resourceId });
    expect(checkExistingClusterPools(fast, [{ name: 'agentpool', mode: 'System', count: 3, vmSize: 'Standard_D3_v2' }])).toEqual({ problems: [], warnings: [] });
    // Nodes of every pool count (v1: nodes × cores of the cluster).
    const split = checkExistingClusterPools(fast, [
      { name: 'sys', mode: 'System', count: 2, vmSize: 'Standard_D3_v2' },
      { name: 'user', mode: 'User', count: 1, vmSize: 'Standard_D4s_v5' },
    ]);
    expect(split.problems).toEqual([]);
    expect(split.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/declared agent pool \(3 × Standard_D3_v2\) differs from the existing system pool sys .* \(2 × Standard_D3_v2\)/)]);
    const small = checkExistingClusterPools(fast, [{ name: 'agentpool', mode: 'System', count: 3, vmSize: 'Standard_D2_v2' }]);
    expect(small.problems).toEqual([expect.stringMatching(/has 3 nodes with 6 vCPUs in total; FastProd needs at least 12/)]);
    const unknown = checkExistingClusterPools(fast, [{ name: 'agentpool', mode: 'System', count: 3, vmSize: 'Standard_Z9' }]);
    expect(unknown.problems).toEqual([]);
    expect(unknown.warnings.map((w) => w.prop)).toEqual(['agentCount', 'vmSize']);
    expect(checkExistingClusterPools(fast, []).warnings[0].message).toMatch(/reported no agent pools/);
    const dev = assertClusterConfig({ name: 'c', resourceId, clusterPurpose: ClusterPurpose.DEV_TEST });
    expect(checkExistingClusterPools(dev, [{ name: 'agentpool', mode: 'System', count: 1, vmSize: 'Standard_D3_v2' }]).problems).toEqual([]);
  });

  test('ASO: attached clusters emit nothing; options must be an object', () => {
    expect(planAsoCluster(assertClusterConfig({ name: 'c', resourceId }), { resourceGroupName: 'rg' }).objects).toEqual([]);
    const c = new ProblemCollector();
    validateAsoClusterOptions(c, undefined, null as never);
    expect(c.problems).toEqual(['options must be an object; received null.']);
  });
});
