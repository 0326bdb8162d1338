import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as pulumi from '@pulumi/pulumi';
import { SUBSCRIPTION_ID, collectProgramErrors, installMocks, kubeconfigFor, ofType, oneOf, settled, valueOf } from './aks-cluster-mocks';

const mocks = installMocks();

// Imported after the mocks, as a Pulumi program would be.
import { AksClusterConfigProps, Autoscaler, ClusterPurpose, ConfigurationError, LoadBalancerType, resolveDeployConfiguration, validateClusterConfig } from 'aks-ml-constructs';
import { GPU_TOLERATION } from '../../src/core/webservice/workload';
import { AksCluster, AksClusterArgs, AksEndpoint, AksMlGateway, AksWebservice } from 'aks-ml-constructs/pulumi';
import { ProblemCollector } from '../../src/core/errors';
import { configurationErrorOf } from '../support/errors';

const MC = 'azure-native:containerservice:ManagedCluster';
const POOL = 'azure-native:containerservice:AgentPool';
const RG = 'azure-native:resources:ResourceGroup';
const COMPUTE = 'azure-native:machinelearningservices:Compute';
const K8S = 'pulumi:providers:kubernetes';
const base: AksClusterArgs = { name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-rg' };
let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;

async function create(args: AksClusterArgs, name = unique('c')): Promise<AksCluster> {
  const cluster = new AksCluster(name, args);
  await valueOf(cluster.kubeconfig);
  await settled([cluster, cluster.provider, ...[cluster.managedCluster, cluster.gpuAgentPool, cluster.resourceGroup, cluster.compute].filter((r): r is NonNullable<typeof r> => r !== undefined)]);
  return cluster;
}


beforeEach(() => mocks.reset());

describe('Pulumi AksCluster: every rule surfaces before any resource is registered', () => {
  const cases: [string, Partial<AksClusterArgs & AksClusterConfigProps>, RegExp][] = [
    ['FastProd below 12 vCPUs (v1 text)', { agentCount: 3, vmSize: 'Standard_D2_v2' }, /must be greater than or equal to 12/],
    ['FastProd with 2 nodes', { agentCount: 2, vmSize: 'Standard_D16s_v5' }, /At least 3 nodes are required for FastProd/],
    ['DenseProd with 1 node', { clusterPurpose: ClusterPurpose.DENSE_PROD, agentCount: 1 }, /At least 3 nodes are required for DenseProd/],
    ['an unknown purpose', { clusterPurpose: 'Prod' as ClusterPurpose }, /clusterPurpose \(v1: cluster_purpose\) must be one of/],
    ['an unknown VM size', { vmSize: 'Standard_Foo9' }, /vmSize \(v1: vm_size\)/],
    ['a GPU pool without GPUs', { gpuPool: { vmSize: 'Standard_D4s_v5', nodeCount: 1 } }, /gpuPool.vmSize must be a GPU size/],
    ['half the TLS settings', { sslCname: 'ml.contoso.com' }, /TLS settings are incomplete/],
    ['half the network settings', { vnetName: 'vnet' }, /Virtual network settings are incomplete/],
    ['no resource group', { resourceGroupName: undefined }, /A new cluster needs a resource group/],
    ['a bad resource group', { resourceGroupName: 'rg.' }, /resourceGroupName must be 1 to 90/],
    ['a bad DNS prefix', { dnsPrefix: 'a_b' }, /dnsPrefix must be 1 to 54/],
    ['a bad subscription id', { subscriptionId: 'sub' }, /subscriptionId must be a subscription id/],
    ['bad tags', { tags: { 'a<b': 'c' } }, /tags name must be 1 to 512 characters/],
    ['a workspace without a name', { workspace: {} as never }, /workspace.workspaceName is required/],
    ['an unknown prop', { nodeCount: 3 } as never, /nodeCount is not a known prop of AksCluster/],
    ['provisioning props on an attached cluster', { resourceId: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/x`, location: undefined, keda: false }, /resourceGroupName, keda apply only when provisioning/],
  ];
  test.each(cases)('%s', async (_title, change, message) => {
    const err = configurationErrorOf(() => new AksCluster(unique('bad'), { ...base, ...change } as AksClusterArgs));
    expect(err.message).toMatch(/^Invalid configuration for AksCluster "ml-prod"/);
    expect(err.message).toMatch(message);
    await new Promise((r) => setImmediate(r));
    expect(mocks.resources).toEqual([]);
    expect(mocks.calls).toEqual([]);
  });

  test('core and Pulumi problems come in one error', () => {
    const err = configurationErrorOf(() => new AksCluster('bad', { ...base, agentCount: 1, dnsPrefix: '-' }));
    expect(err.problems.join('\n')).toMatch(/FastProd needs at least 12/);
    expect(err.problems.join('\n')).toMatch(/dnsPrefix must be/);
  });

  test('the component owns no rule: its error is the core\'s (validateClusterConfig with engine "azure-native"), every problem once', async () => {
    const args = { ...base, agentCount: 1, vmSize: 'Standard_Foo9', dnsPrefix: '-', subscriptionId: 'sub', nodeCount: 3, workspace: {} } as unknown as AksClusterArgs;
    const c = new ProblemCollector();
    validateClusterConfig(c, args as AksClusterArgs & { name: string }, { engine: 'azure-native' });
    const err = configurationErrorOf(() => new AksCluster(unique('own'), args));
    expect(c.problems.length).toBeGreaterThanOrEqual(5);
    expect(err.problems).toEqual(c.problems);
    expect(new Set(err.problems).size).toBe(err.problems.length);
    await new Promise((r) => setImmediate(r));
    expect(mocks.resources).toEqual([]);
  });
});

describe('Pulumi AksCluster: the managed cluster', () => {
  test('defaults: FastProd, 3 × Standard_D3_v2 system pool, identity, OIDC, workload identity, Blob CSI, KEDA', async () => {
    const cluster = await create(base, 'ml');
    const mc = oneOf(mocks, MC);
    expect(mc.name).toBe('ml-aks');
    expect(mc.inputs).toMatchObject({
      resourceGroupName: 'ml-rg',
      resourceName: 'ml-prod',
      location: 'westeurope',
      dnsPrefix: 'ml-prod',
      identity: { type: 'SystemAssigned' },
      enableRBAC: true,
      agentPoolProfiles: [{ name: 'agentpool', mode: 'System', count: 3, vmSize: 'Standard_D3_v2', osType: 'Linux', type: 'VirtualMachineScaleSets', maxPods: 110 }],
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      storageProfile: { blobCSIDriver: { enabled: true } },
      workloadAutoScalerProfile: { keda: { enabled: true } },
    });
    expect(mc.inputs.networkProfile).toMatchObject({ loadBalancerSku: 'standard', networkPlugin: 'azure', networkPluginMode: 'overlay' });
    expect(mc.inputs.agentPoolProfiles[0].vnetSubnetID).toBeUndefined();
    expect(mc.inputs.sku).toBeUndefined();
    expect(ofType(mocks, RG)).toEqual([]);
    expect(ofType(mocks, POOL)).toEqual([]);
    expect(mc.parent).toBe(await valueOf(cluster.urn));
    expect(cluster.config.clusterPurpose).toBe(ClusterPurpose.FAST_PROD);
    expect(await valueOf(cluster.clusterName)).toBe('ml-prod');
    expect(await valueOf(cluster.resourceGroupName)).toBe('ml-rg');
    expect(await valueOf(cluster.clusterId)).toBe(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/ml-rg/providers/Microsoft.ContainerService/managedClusters/ml-prod`);
    expect(await valueOf(cluster.oidcIssuerUrl)).toMatch(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\//);
    expect(cluster.features).toEqual({ oidcIssuer: true, workloadIdentity: true, keda: true, blobCsiDriver: true });
  });

  test('DevTest defaults to 1 node; agentCount, vmSize, version, SKU, max pods and features are passed on', async () => {
    await create({ ...base, clusterPurpose: ClusterPurpose.DEV_TEST });
    expect(oneOf(mocks, MC).inputs.agentPoolProfiles[0]).toMatchObject({ count: 1, vmSize: 'Standard_D3_v2' });
    mocks.reset();
    await create({ ...base, agentCount: 5, vmSize: 'Standard_D8s_v5', kubernetesVersion: '1.30', clusterSku: 'Standard', maxPodsPerNode: 60, keda: false, blobCsiDriver: false, dnsPrefix: 'mlp', tags: { env: 'prod' } });
    const inputs = oneOf(mocks, MC).inputs;
    expect(inputs.agentPoolProfiles[0]).toMatchObject({ count: 5, vmSize: 'Standard_D8s_v5', maxPods: 60 });
    expect(inputs).toMatchObject({
      kubernetesVersion: '1.30', sku: { name: 'Base', tier: 'Standard' }, dnsPrefix: 'mlp', tags: { env: 'prod' },
      storageProfile: { blobCSIDriver: { enabled: false } }, workloadAutoScalerProfile: { keda: { enabled: false } },
    });
  });

  test('createResourceGroup: a ResourceGroup in the location, the cluster in it', async () => {
    const cluster = await create({ ...base, resourceGroupName: undefined, createResourceGroup: true, tags: { team: 'ml' } }, 'rgc');
    const rg = oneOf(mocks, RG);
    expect(rg.name).toBe('rgc-rg');
    expect(rg.inputs).toEqual({ resourceGroupName: 'ml-prod-rg', location: 'westeurope', tags: { team: 'ml' } });
    expect(rg.parent).toBe(await valueOf(cluster.urn));
    expect(oneOf(mocks, MC).inputs.resourceGroupName).toBe('ml-prod-rg');
    expect(await valueOf(cluster.resourceGroupName)).toBe('ml-prod-rg');
  });

  test('the GPU pool: an AgentPool in mode User, tainted like GPU_TOLERATION, autoscaled', async () => {
    const cluster = await create({ ...base, kubernetesVersion: '1.30', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, minCount: 0, maxCount: 4 } }, 'gpu');
    const pool = oneOf(mocks, POOL);
    expect(pool.name).toBe('gpu-gpu');
    expect(pool.parent).toBe(await valueOf(cluster.urn));
    expect(pool.inputs).toEqual({
      resourceGroupName: 'ml-rg',
      resourceName: 'ml-prod',
      agentPoolName: 'gpu',
      mode: 'User',
      count: 1,
      vmSize: 'Standard_NC6s_v3',
      osType: 'Linux',
      type: 'VirtualMachineScaleSets',
      maxPods: 110,
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 4,
      nodeTaints: ['sku=gpu:NoSchedule'],
      nodeLabels: { sku: 'gpu' },
      orchestratorVersion: '1.30',
    });
    expect(pool.inputs.nodeTaints[0]).toBe(`${GPU_TOLERATION.key}=${GPU_TOLERATION.value}:${GPU_TOLERATION.effect}`);
  });

  test('virtual network: node subnet id from the given subscription, service CIDR, DNS service IP', async () => {
    const vnet = { vnetName: 'ml-vnet', vnetResourceGroupName: 'net-rg', subnetName: 'aks-subnet', serviceCidr: '10.2.0.0/16', dnsServiceIp: '10.2.0.10', dockerBridgeCidr: '172.17.0.0/16' };
    const sub = '99999999-1111-2222-3333-444444444444';
    const cluster = await create({ ...base, ...vnet, subscriptionId: sub, gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } });
    const subnet = `/subscriptions/${sub}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/aks-subnet`;
    const mc = oneOf(mocks, MC).inputs;
    expect(mc.networkProfile).toMatchObject({ networkPlugin: 'azure', networkPluginMode: 'overlay', serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.10', loadBalancerSku: 'standard' });
    expect(mc.networkProfile.dockerBridgeCidr).toBeUndefined();
    expect(mc.agentPoolProfiles[0].vnetSubnetID).toBe(subnet);
    expect(oneOf(mocks, POOL).inputs.vnetSubnetID).toBe(subnet);
    expect(mocks.calls.map((c) => c.token)).not.toContain('azure-native:authorization:getClientConfig');
    expect(cluster.warnings.join('\n')).toMatch(/dockerBridgeCidr: 172\.17\.0\.0\/16 is not sent to AKS/);
  });

  test('virtual network without subscriptionId: the provider\'s subscription', async () => {
    await create({ ...base, vnetName: 'ml-vnet', vnetResourceGroupName: 'net-rg', subnetName: 'aks-subnet', serviceCidr: '10.2.0.0/16', dnsServiceIp: '10.2.0.10', dockerBridgeCidr: '172.17.0.0/16' });
    expect(mocks.calls.map((c) => c.token)).toContain('azure-native:authorization:getClientConfig');
    expect(oneOf(mocks, MC).inputs.agentPoolProfiles[0].vnetSubnetID).toBe(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/aks-subnet`);
  });

  test('load balancer: the annotations of the scoring Service', async () => {
    const internal = await create({ ...base, loadBalancerType: LoadBalancerType.INTERNAL_LOAD_BALANCER, loadBalancerSubnet: 'lb-subnet' });
    expect(internal.loadBalancerServiceAnnotations).toEqual({
      'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
      'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'lb-subnet',
    });
    expect((await create(base)).loadBalancerServiceAnnotations).toEqual({});
  });
});

describe('Pulumi AksCluster: kubeconfig and provider', () => {
  test('the kubeconfig is the decoded user credential, a secret; the provider uses it', async () => {
    const cluster = await create(base, 'kc');
    expect(await valueOf(cluster.kubeconfig)).toBe(kubeconfigFor('ml-prod'));
    expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
    expect(mocks.calls).toContainEqual({ token: 'azure-native:containerservice:listManagedClusterUserCredentials', inputs: { resourceGroupName: 'ml-rg', resourceName: 'ml-prod' } });
    const provider = oneOf(mocks, K8S);
    expect(provider.name).toBe('kc-k8s');
    expect(provider.parent).toBe(await valueOf(cluster.urn));
    // Serialized as a secret: the engine keeps it encrypted in the state.
    expect(provider.inputs.kubeconfig).toEqual({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: kubeconfigFor('ml-prod') });
  });

  test('services deployed with the provider are placed on the cluster', async () => {
    const cluster = await create(base, 'prov');
    const ws = new AksWebservice('fraud-prov', { name: 'fraud', namespace: 'ml', image: 'myacr.azurecr.io/fraud:1' }, { provider: cluster.provider });
    await settled([ws, ...ws.resources]);
    const providerRef = `${await valueOf(cluster.provider.urn)}::${await valueOf(cluster.provider.id)}`;
    const deployment = mocks.resources.find((r) => r.type === 'kubernetes:apps/v1:Deployment')!;
    expect(deployment.provider).toBe(providerRef);
  });
});

describe('Pulumi AksCluster: attaching an existing cluster', () => {
  const resourceId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/prod-rg/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
  afterEach(() => {
    mocks.options = {};
  });

  test('by resource id: no cluster is created, the credentials are looked up, the purpose holds', async () => {
    const cluster = AksCluster.fromExisting('att', { resourceId }, { clusterPurpose: ClusterPurpose.FAST_PROD, agentCount: 3, vmSize: 'Standard_D3_v2' });
    expect(await valueOf(cluster.kubeconfig)).toBe(kubeconfigFor('aks-prod'));
    await settled([cluster, cluster.provider]);
    expect(ofType(mocks, MC)).toEqual([]);
    expect(ofType(mocks, RG)).toEqual([]);
    expect(cluster.config).toMatchObject({ mode: 'attach', name: 'aks-prod', attach: { resourceId } });
    expect(await valueOf(cluster.clusterId)).toBe(resourceId);
    expect(await valueOf(cluster.clusterName)).toBe('aks-prod');
    expect(await valueOf(cluster.resourceGroupName)).toBe('prod-rg');
    expect(mocks.calls.map((c) => [c.token, c.inputs])).toEqual(expect.arrayContaining([
      ['azure-native:containerservice:getManagedCluster', { resourceGroupName: 'prod-rg', resourceName: 'aks-prod' }],
      ['azure-native:containerservice:listManagedClusterUserCredentials', { resourceGroupName: 'prod-rg', resourceName: 'aks-prod' }],
    ]));
  });

  test('by resource group and name', async () => {
    const cluster = AksCluster.fromExisting('att2', { resourceGroupName: 'prod-rg', clusterName: 'aks-prod' }, { name: 'prod-compute', clusterPurpose: ClusterPurpose.DEV_TEST });
    await valueOf(cluster.kubeconfig);
    await settled([cluster, cluster.provider]);
    expect(cluster.config).toMatchObject({ mode: 'attach', name: 'prod-compute', agentCount: 1, attach: { resourceGroup: 'prod-rg', clusterName: 'aks-prod' } });
    expect(await valueOf(cluster.clusterId)).toBe(resourceId);
  });

  test('the declared nodes must satisfy the purpose before anything is registered', async () => {
    const err = configurationErrorOf(() => AksCluster.fromExisting('att3', { resourceId }, { agentCount: 2 }));
    expect(err.message).toMatch(/At least 3 nodes are required for FastProd/);
    await new Promise((r) => setImmediate(r));
    expect(mocks.resources).toEqual([]);
  });

  test('the actual node pools must satisfy the purpose too: the update fails', async () => {
    mocks.options = { existingPools: [{ name: 'agentpool', mode: 'System', count: 2, vmSize: 'Standard_D3_v2' }] };
    let cluster: AksCluster | undefined;
    const errors = await collectProgramErrors(async () => {
      cluster = AksCluster.fromExisting('att4', { resourceId }, { agentCount: 3 });
      await expect(valueOf(cluster.kubeconfig)).rejects.toThrow(/The existing cluster .*aks-prod has 2 nodes; at least 3 are required for FastProd/);
    });
    // The update fails with the purpose problems, and nothing reaches the cluster.
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(String((e as Error).message)).toMatch(/The existing cluster .*aks-prod has 2 nodes with 8 vCPUs in total; FastProd needs at least 12/);
    expect(cluster!.warnings).toEqual([]);
  });

  test('declared sizes that differ from the actual pool are warned about; a GPU pool is described, not created', async () => {
    mocks.options = { existingPools: [{ name: 'sys', mode: 'System', count: 4, vmSize: 'Standard_D4s_v5' }, { name: 'gpu', mode: 'User', count: 1, vmSize: 'Standard_NC6s_v3' }] };
    const cluster = AksCluster.fromExisting('att5', { resourceId }, { gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } });
    await valueOf(cluster.kubeconfig);
    await settled([cluster, cluster.provider]);
    expect(ofType(mocks, POOL)).toEqual([]);
    expect(cluster.config.gpuPool?.vmSize.name).toBe('Standard_NC6s_v3');
  });

  test('fromExisting refuses a mixed reference', () => {
    expect(() => AksCluster.fromExisting('att6', { resourceId, clusterName: 'x' } as never)).toThrow(/fromExisting takes \{ resourceId \} or \{ resourceGroupName, clusterName \}/);
  });
});

describe('Pulumi AksCluster: registration in an Azure ML workspace', () => {
  test('an AKS compute with the cluster purpose, the load balancer and the cluster id', async () => {
    const cluster = await create({
      ...base,
      clusterPurpose: ClusterPurpose.DEV_TEST,
      loadBalancerType: LoadBalancerType.INTERNAL_LOAD_BALANCER,
      tags: { env: 'dev' },
      gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 },
      workspace: { workspaceName: 'mlw', resourceGroupName: 'ml-ws-rg', computeName: 'aks-dev', description: 'dev inference' },
    }, 'reg');
    const compute = oneOf(mocks, COMPUTE);
    expect(compute.name).toBe('reg-compute');
    expect(compute.parent).toBe(await valueOf(cluster.urn));
    expect(compute.inputs).toEqual({
      resourceGroupName: 'ml-ws-rg',
      workspaceName: 'mlw',
      computeName: 'aks-dev',
      location: 'westeurope',
      tags: { env: 'dev' },
      properties: {
        computeType: 'AKS',
        resourceId: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/ml-rg/providers/Microsoft.ContainerService/managedClusters/ml-prod`,
        description: 'dev inference',
        properties: { clusterPurpose: 'DevTest', loadBalancerType: 'InternalLoadBalancer', loadBalancerSubnet: 'aks-subnet' },
      },
    });
    expect(cluster.computeName).toBe('aks-dev');
  });

  test('TLS with a certificate and key from PEM files: status Enabled, the key a secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aksml-tls-'));
    try {
      const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
      const key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
      writeFileSync(join(dir, 'cert.pem'), cert);
      writeFileSync(join(dir, 'key.pem'), key);
      const cluster = await create({
        ...base,
        sslCname: 'ml.contoso.com',
        sslCertPemFile: join(dir, 'cert.pem'),
        sslKeyPemFile: join(dir, 'key.pem'),
        workspace: { workspaceName: 'mlw' },
      }, 'tls');
      // The key makes the whole properties object a secret in the state.
      const properties = oneOf(mocks, COMPUTE).inputs.properties;
      expect(properties['4dabf18193072939515e22adb298388d']).toBe('1b47061264138c4ac30d75fd1eb44270');
      const ssl = properties.value.properties.sslConfiguration;
      expect(ssl.status).toBe('Enabled');
      expect(ssl.cname).toBe('ml.contoso.com');
      expect(ssl.cert).toBe(cert);
      expect(ssl.key).toBe(key);
      expect(await pulumi.isSecret(cluster.compute!.properties)).toBe(true);
      expect(JSON.stringify(cluster.config)).not.toContain('PRIVATE KEY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreadable PEM file is a problem before anything is registered', async () => {
    const err = configurationErrorOf(() => new AksCluster('tlsbad', { ...base, sslCname: 'ml.contoso.com', sslCertPemFile: '/nonexistent/cert.pem', sslKeyPemFile: '/nonexistent/key.pem', workspace: { workspaceName: 'mlw' } }));
    expect(err.problems).toEqual([
      'sslCertPemFile (v1: ssl_cert_pem_file) must be a readable file (ENOENT); received "/nonexistent/cert.pem".',
      'sslKeyPemFile (v1: ssl_key_pem_file) must be a readable file (ENOENT); received "/nonexistent/key.pem".',
    ]);
    await new Promise((r) => setImmediate(r));
    expect(mocks.resources).toEqual([]);
  });

  test('a leaf domain label: a Microsoft-issued certificate (status Auto)', async () => {
    await create({ ...base, leafDomainLabel: 'mlprod', overwriteExistingDomain: true, workspace: { workspaceName: 'mlw' } });
    expect(oneOf(mocks, COMPUTE).inputs.properties.properties.sslConfiguration).toEqual({ status: 'Auto', leafDomainLabel: 'mlprod', overwriteExistingDomain: true });
  });

  test('TLS without a workspace is warned about', async () => {
    const cluster = await create({ ...base, leafDomainLabel: 'mlprod' });
    expect(cluster.warnings.join('\n')).toMatch(/leafDomainLabel: TLS is configured on the Azure ML inference router of a registered cluster/);
    expect(ofType(mocks, COMPUTE)).toEqual([]);
  });

  test('an attached cluster is registered with its resource id', async () => {
    const resourceId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/prod-rg/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
    const cluster = AksCluster.fromExisting('attreg', { resourceId }, { workspace: { workspaceName: 'mlw', resourceGroupName: 'ws-rg' } });
    await settled([cluster, cluster.compute!]);
    expect(oneOf(mocks, COMPUTE).inputs).toMatchObject({
      workspaceName: 'mlw', resourceGroupName: 'ws-rg', computeName: 'aks-prod',
      properties: { computeType: 'AKS', resourceId, properties: { clusterPurpose: 'FastProd', loadBalancerType: 'PublicIp' } },
    });
  });
});

describe('Pulumi AksCluster: capacity', () => {
  test('plain configs are checked at once: a request that never fits throws', async () => {
    const cluster = await create({ ...base, clusterPurpose: ClusterPurpose.DEV_TEST });
    const huge = { name: 'huge', config: resolveDeployConfiguration({ cpuCores: 2, memoryGb: 20 }).config };
    const err = configurationErrorOf(() => cluster.assertCapacity([huge]));
    expect(err.message).toMatch(/^Invalid configuration for the capacity of AksCluster "ml-prod"/);
    expect(err.message).toMatch(/huge.memoryGb \(v1: memory_gb\) must fit the allocatable memory of one Standard_D3_v2 node/);
    const fine = { name: 'fine', config: resolveDeployConfiguration({ cpuCores: 0.5, memoryGb: 1 }).config };
    expect(cluster.assertCapacity([fine])).toEqual([]);
    expect(cluster.checkCapacity([huge])).toMatchObject({ problems: [expect.stringMatching(/huge.memoryGb/)] });
  });

  test('AksWebservice components: their plain resolvedConfig is checked synchronously, Inputs left out of it', async () => {
    const cluster = await create({ ...base, gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } });
    const ws = new AksWebservice('cap-ws', { name: 'fraud', image: 'myacr.azurecr.io/fraud:1', cpuCores: 1, memoryGb: 2 }, { provider: cluster.provider });
    const gpu = new AksWebservice('cap-gpu', {
      name: 'vision', image: pulumi.output('myacr.azurecr.io/vision:1'), env: { MODE: pulumi.output('fast') }, primaryKey: pulumi.secret('pk-1234567890'),
      cpuCores: 2, memoryGb: 8, gpuCores: 1,
    }, { provider: cluster.provider });
    // Plain values, known now; the Input-valued props (placeholders while planning) are not in it.
    expect(pulumi.Output.isInstance(gpu.resolvedConfig)).toBe(false);
    expect(gpu.resolvedConfig).toMatchObject({ name: 'vision', cpuCores: 2, memoryGb: 8, gpuCores: 1, namespace: undefined });
    for (const k of ['image', 'env', 'primaryKey', 'secondaryKey']) expect(Object.keys(gpu.resolvedConfig)).not.toContain(k);
    expect(JSON.stringify(gpu.resolvedConfig)).not.toMatch(/aksml-pulumi-input/);
    expect(cluster.assertCapacity([ws, gpu])).toEqual([]);
    const many = new AksWebservice('cap-many', { name: 'many', image: 'myacr.azurecr.io/m:1', cpuCores: 2, memoryGb: 4, numReplicas: 9 }, { provider: cluster.provider });
    const warnings = cluster.assertCapacity([many]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/The minimum replicas \(many: 9 × 2 CPU, 4 GB\)/);
    const tooBig = new AksWebservice('cap-big', { name: 'big', image: pulumi.output('myacr.azurecr.io/b:1'), cpuCores: 16, memoryGb: 4 }, { provider: cluster.provider });
    expect(cluster.checkCapacity([tooBig]).problems).toEqual([expect.stringMatching(/^big.cpuCores \(v1: cpu_cores\) must fit the allocatable CPU/)]);
    // assertCapacity throws right away (even with an Output image), not in an apply.
    const err = configurationErrorOf(() => cluster.assertCapacity([ws, tooBig]));
    expect(err.message).toMatch(/^Invalid configuration for the capacity of AksCluster "ml-prod"/);
    expect(err.problems).toEqual([expect.stringMatching(/^big.cpuCores \(v1: cpu_cores\) must fit the allocatable CPU/)]);
    // The full config (with the Inputs' values) is still an Output.
    expect(await valueOf(gpu.config)).toMatchObject({ image: 'myacr.azurecr.io/vision:1', env: { MODE: 'fast' } });
    await settled([ws, gpu, many, tooBig]);
  });

  test('AksEndpoint components: every version is a service, from the plain resolvedConfig', async () => {
    const cluster = await create({ ...base, clusterPurpose: ClusterPurpose.DEV_TEST });
    const ep = new AksEndpoint('cap-ep', {
      name: 'churn',
      namespace: 'ml',
      versions: [
        { versionName: 'control', image: 'myacr.azurecr.io/churn:1', trafficPercentile: 50, isDefault: true, cpuCores: 1, memoryGb: 2 },
        { versionName: 'treatment', image: pulumi.output('myacr.azurecr.io/churn:2'), trafficPercentile: 50, cpuCores: 6, memoryGb: 2 },
      ],
    }, { provider: cluster.provider });
    expect(ep.resolvedConfig.versions.map((v) => [v.versionName, v.cpuCores, 'image' in v])).toEqual([['control', 1, false], ['treatment', 6, false]]);
    const report = cluster.checkCapacity([ep]);
    expect(report.problems).toEqual([expect.stringMatching(/^churn\/treatment.cpuCores \(v1: cpu_cores\) must fit the allocatable CPU of one Standard_D3_v2 node/)]);
    expect(() => cluster.assertCapacity([ep])).toThrow(ConfigurationError);
    await settled([ep, ...ep.resources]);
  });

  test('a config that is an Output cannot be checked: a ConfigurationError naming it', async () => {
    const cluster = await create(base);
    const config = pulumi.output(resolveDeployConfiguration({ cpuCores: 1, memoryGb: 1 }).config);
    const err = configurationErrorOf(() => cluster.checkCapacity([{ serviceName: 'later', config } as never]));
    expect(err.problems).toEqual([expect.stringMatching(/^later.config is an Output: pass the component itself/)]);
  });
});

describe('Pulumi AksCluster: defaultNamespace of the provider', () => {
  const keda = () => Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus.monitoring:9090' });

  test('the provider gets the namespace, and the components using it take it as their defaultNamespace', async () => {
    const cluster = await create({ ...base, defaultNamespace: 'ml-default' }, 'dns');
    expect(cluster.defaultNamespace).toBe('ml-default');
    expect(oneOf(mocks, K8S).inputs.namespace).toBe('ml-default');
    // Without a namespace, the concurrency autoscaler needs the namespace its route lands in.
    const ws = new AksWebservice('dns-ws', { name: 'fraud', image: 'myacr.azurecr.io/fraud:1', autoscaler: keda() }, { provider: cluster.provider });
    await settled([ws, ...ws.resources]);
    const scaled = mocks.resources.find((r) => r.type === 'kubernetes:keda.sh/v1alpha1:ScaledObject')!;
    expect(scaled.inputs.metadata.namespace).toBeUndefined();
    expect(JSON.stringify(scaled.inputs.spec.triggers)).toMatch(/ml-default/);
  });

  test('without it, the same service needs defaultNamespace (a provider\'s namespace cannot be read)', async () => {
    const cluster = await create(base, 'nodns');
    const err = configurationErrorOf(() => new AksWebservice('nodns-ws', { name: 'fraud', image: 'myacr.azurecr.io/fraud:1', autoscaler: keda() }, { provider: cluster.provider }));
    expect(err.message).toMatch(/namespace is required with Autoscaler.concurrency\(\).*defaultNamespace/);
    const ws = new AksWebservice('nodns-ws2', { name: 'fraud', image: 'myacr.azurecr.io/fraud:1', autoscaler: keda(), defaultNamespace: 'mine' }, { provider: cluster.provider });
    expect(ws.kubeResources.map((r) => r.kind)).toContain('ScaledObject');
    await settled([ws, ...ws.resources]);
  });

  test('a different defaultNamespace than the provider\'s is a ConfigurationError, before anything is registered', async () => {
    const cluster = await create({ ...base, defaultNamespace: 'ml-default' }, 'dnsx');
    mocks.reset();
    const err = configurationErrorOf(() => new AksEndpoint('dnsx-ep', {
      name: 'churn', defaultNamespace: 'other', versions: [{ versionName: 'v1', image: 'myacr.azurecr.io/churn:1' }],
    }, { provider: cluster.provider }));
    expect(err.message).toMatch(/^Invalid configuration for AksEndpoint "churn"/);
    expect(err.problems).toEqual([expect.stringMatching(/defaultNamespace is "other", but the Kubernetes provider puts objects without a namespace in "ml-default"/)]);
    await new Promise((r) => setImmediate(r));
    expect(mocks.resources).toEqual([]);
  });

  test('an invalid defaultNamespace is one of the cluster\'s problems', () => {
    const err = configurationErrorOf(() => new AksCluster('badns', { ...base, defaultNamespace: 'Not_A_Namespace' }));
    expect(err.message).toMatch(/defaultNamespace/);
  });
});

describe('Pulumi AksCluster: internal load balancer on the gateway', () => {
  test('the cluster\'s annotations on the Gateway\'s infrastructure, which Envoy Gateway puts on the proxies\' Service', async () => {
    const cluster = await create({ ...base, loadBalancerType: LoadBalancerType.INTERNAL_LOAD_BALANCER, loadBalancerSubnet: 'lb-subnet' }, 'ilb');
    const gateway = new AksMlGateway('ilb-gw', {
      tls: { certificateSecretName: 'ml-tls' },
      infrastructureAnnotations: cluster.loadBalancerServiceAnnotations,
    }, { provider: cluster.provider });
    await settled([gateway, ...gateway.resources]);
    const gw = oneOf(mocks, 'kubernetes:gateway.networking.k8s.io/v1:Gateway');
    expect(gw.inputs.spec.infrastructure).toEqual({
      annotations: {
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
        'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'lb-subnet',
      },
      parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'aks-ml' },
    });
    expect(gw.provider).toBe(`${await valueOf(cluster.provider.urn)}::${await valueOf(cluster.provider.id)}`);
  });
});

// Pulumi's convention (issue 13): the cluster's name prop defaults to the resource name when it is valid.
describe('AksCluster name: the resource name by default', () => {
  test('new AksCluster("prod", {...}) without name is the cluster "prod"; an invalid resource name needs name', async () => {
    const { name: _name, ...rest } = base;
    const cluster = await create(rest, 'prod');
    expect(cluster.config.name).toBe('prod');
    const err = configurationErrorOf(() => new AksCluster('-bad', rest));
    expect(err.problems).toContain('name is required: the compute target / AKS cluster name; received undefined.');
  });
});

describe('Pulumi AksCluster: network policy engine and monitoring', () => {
  const resourceId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/prod-rg/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
  afterEach(() => {
    mocks.options = {};
    jest.restoreAllMocks();
  });

  test('a new cluster: Cilium dataplane and policy by default; Calico selectable; monitoring rendered', async () => {
    await create(base, 'np1');
    expect(oneOf(mocks, MC).inputs.networkProfile).toMatchObject({ loadBalancerSku: 'standard', networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: 'cilium', networkPolicy: 'cilium' });
    mocks.reset();
    const law = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/mon/providers/Microsoft.OperationalInsights/workspaces/logs`;
    await create({ ...base, networkPolicy: 'calico', managedPrometheus: true, containerInsights: { logAnalyticsWorkspaceResourceId: law } }, 'np2');
    const mc = oneOf(mocks, MC).inputs;
    expect(mc.networkProfile).toMatchObject({ networkDataplane: 'azure', networkPolicy: 'calico' });
    expect(mc.azureMonitorProfile).toEqual({ metrics: { enabled: true } });
    expect(mc.addonProfiles).toEqual({ omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: law, useAADAuth: 'true' } } });
  });

  test('an attached cluster whose AKS API reports no network policy warns at update time', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn');
    mocks.options = { existingNetworkProfile: {} };
    const cluster = AksCluster.fromExisting('np3', { resourceId }, { networkPolicy: 'cilium' });
    await valueOf(cluster.kubeconfig);
    await settled([cluster, cluster.provider]);
    const texts = warn.mock.calls.map((c) => String(c[0]));
    expect(texts.some((t) => /aks-ml:cluster:networkPolicyNotEnforced/.test(t))).toBe(true);
    expect(texts.some((t) => /aks-ml:cluster:networkPolicyDiffers/.test(t))).toBe(true);
    // Nothing is warned at construction: the engine reads the actual value.
    expect(cluster.warnings.join('\n')).not.toMatch(/networkPolicyUnknown/);
  });

  test('an attached cluster running Cilium: no warning', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn');
    const cluster = AksCluster.fromExisting('np4', { resourceId });
    await valueOf(cluster.kubeconfig);
    await settled([cluster, cluster.provider]);
    expect(warn.mock.calls.map((c) => String(c[0])).filter((t) => /networkPolicy/.test(t))).toEqual([]);
  });
});
