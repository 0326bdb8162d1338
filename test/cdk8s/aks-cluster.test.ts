import { Testing } from 'cdk8s';
import { ASO_CONTAINERSERVICE_API_VERSION, ASO_RESOURCES_API_VERSION } from '../../src/core/cluster';
import { AksClusterConfigProps, ClusterPurpose, GatewayTls, LoadBalancerType, resolveDeployConfiguration, validateClusterConfig } from 'aks-ml-constructs';
import { GPU_TOLERATION } from '../../src/core/webservice/workload';
import { AksCluster, AksClusterProps, AksEndpointConstruct, AksMlGateway, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { ProblemCollector } from '../../src/core/errors';
import { hasValidator, validateAll, validateObject } from '../support/schema';
import { newChart, one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';
import { configurationErrorOf } from '../support/errors';

const SUB = '00000000-1111-2222-3333-444444444444';
const base: AksClusterProps = { name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-prod-rg' };

function synth(props: AksClusterProps, chartProps: { namespace?: string } = {}) {
  const chart = newChart(chartProps);
  const { result: cluster, warnings } = captureWarnings(() => new AksCluster(chart, 'cluster', props));
  return { chart, cluster, warnings, objects: synthObjects(chart) };
}


describe('cdk8s AksCluster: Azure Service Operator objects', () => {
  test('defaults: FastProd, 3 × Standard_D3_v2 system pool, resource group, kubeconfig Secret', () => {
    const { objects, cluster } = synth(base);
    expect(objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`)).toEqual([
      `${ASO_RESOURCES_API_VERSION}/ResourceGroup/ml-prod-rg`,
      `${ASO_CONTAINERSERVICE_API_VERSION}/ManagedCluster/ml-prod`,
    ]);
    const rg = one(objects, 'ResourceGroup');
    expect(rg.spec).toEqual({ azureName: 'ml-prod-rg', location: 'westeurope' });
    const mc = one(objects, 'ManagedCluster');
    expect(mc.spec).toEqual({
      azureName: 'ml-prod',
      owner: { name: 'ml-prod-rg' },
      location: 'westeurope',
      dnsPrefix: 'ml-prod',
      identity: { type: 'SystemAssigned' },
      enableRBAC: true,
      agentPoolProfiles: [{ name: 'agentpool', count: 3, vmSize: 'Standard_D3_v2', mode: 'System', osType: 'Linux', type: 'VirtualMachineScaleSets', maxPods: 110 }],
      networkProfile: { loadBalancerSku: 'standard', networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: 'cilium', networkPolicy: 'cilium' },
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      storageProfile: { blobCSIDriver: { enabled: true } },
      workloadAutoScalerProfile: { keda: { enabled: true } },
      operatorSpec: {
        secrets: { userCredentials: { name: 'ml-prod-kubeconfig', key: 'kubeconfig' } },
        configMaps: { oidcIssuerProfile: { name: 'ml-prod-identity', key: 'oidcIssuerURL' } },
        configMapExpressions: [{ name: 'ml-prod-identity', key: 'kubeletObjectId', value: "self.status.identityProfile['kubeletidentity'].objectId" }],
      },
    });
    expect(mc.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'aks-ml-constructs',
      'aks-ml-constructs.io/cluster': 'ml-prod',
      'aks-ml-constructs.io/cluster-purpose': 'FastProd',
    });
    expect(cluster.config.clusterPurpose).toBe(ClusterPurpose.FAST_PROD);
    expect(cluster.kubeconfigSecret).toEqual({ name: 'ml-prod-kubeconfig', key: 'kubeconfig' });
    expect(cluster.managedCluster?.kind).toBe('ManagedCluster');
    expect(cluster.resourceGroup?.kind).toBe('ResourceGroup');
    expect(cluster.gpuAgentPool).toBeUndefined();
  });

  test('DevTest defaults to a single node', () => {
    const { objects } = synth({ ...base, clusterPurpose: ClusterPurpose.DEV_TEST });
    expect(one(objects, 'ManagedCluster').spec.agentPoolProfiles[0]).toMatchObject({ count: 1, vmSize: 'Standard_D3_v2', mode: 'System' });
  });

  test('agentCount and vmSize size the system pool', () => {
    const { objects } = synth({ ...base, agentCount: 4, vmSize: 'Standard_D8s_v5', maxPodsPerNode: 50, kubernetesVersion: '1.30', clusterSku: 'Standard' });
    const spec = one(objects, 'ManagedCluster').spec;
    expect(spec.agentPoolProfiles[0]).toMatchObject({ count: 4, vmSize: 'Standard_D8s_v5', maxPods: 50 });
    expect(spec.kubernetesVersion).toBe('1.30');
    expect(spec.sku).toEqual({ name: 'Base', tier: 'Standard' });
  });

  test('the GPU pool is a ManagedClustersAgentPool tainted like GPU_TOLERATION', () => {
    const { objects, cluster } = synth({ ...base, kubernetesVersion: '1.30', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, minCount: 0, maxCount: 3 } });
    const pool = one(objects, 'ManagedClustersAgentPool');
    expect(pool.metadata.name).toBe('ml-prod-gpu');
    expect(pool.spec).toEqual({
      azureName: 'gpu',
      owner: { name: 'ml-prod' },
      count: 1,
      vmSize: 'Standard_NC6s_v3',
      mode: 'User',
      osType: 'Linux',
      type: 'VirtualMachineScaleSets',
      maxPods: 110,
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 3,
      nodeTaints: ['sku=gpu:NoSchedule'],
      nodeLabels: { sku: 'gpu' },
      orchestratorVersion: '1.30',
    });
    expect(pool.spec.nodeTaints).toEqual([`${GPU_TOLERATION.key}=${GPU_TOLERATION.value}:${GPU_TOLERATION.effect}`]);
    expect(cluster.gpuAgentPool?.kind).toBe('ManagedClustersAgentPool');
  });

  test('virtual network: overlay in the v1 subnet (by ARM id), service CIDR and DNS service IP; docker bridge warned', () => {
    const { objects, warnings } = synth({
      ...base,
      subscriptionId: SUB,
      vnetName: 'ml-vnet',
      vnetResourceGroupName: 'net-rg',
      subnetName: 'aks-subnet',
      serviceCidr: '10.2.0.0/16',
      dnsServiceIp: '10.2.0.10',
      dockerBridgeCidr: '172.17.0.1/16'.replace('.1/', '.0/'),
      gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 },
    });
    const spec = one(objects, 'ManagedCluster').spec;
    expect(spec.networkProfile).toEqual({ loadBalancerSku: 'standard', networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: 'cilium', networkPolicy: 'cilium', serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.10' });
    const subnet = { armId: `/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/aks-subnet` };
    expect(spec.agentPoolProfiles[0].vnetSubnetReference).toEqual(subnet);
    expect(one(objects, 'ManagedClustersAgentPool').spec.vnetSubnetReference).toEqual(subnet);
    expect(warnings.join('\n')).toMatch(/dockerBridgeCidr: 172\.17\.0\.0\/16 is not sent to AKS/);
  });

  test('a service CIDR that overlaps the overlay pod range is warned about', () => {
    const { warnings } = synth({
      ...base, subscriptionId: SUB, vnetName: 'vnet', vnetResourceGroupName: 'r', subnetName: 's',
      serviceCidr: '10.244.0.0/16', dnsServiceIp: '10.244.0.10', dockerBridgeCidr: '172.17.0.0/16',
    });
    expect(warnings.join('\n')).toMatch(/serviceCidr: 10\.244\.0\.0\/16 overlaps the pod address range 10\.244\.0\.0\/16/);
  });

  test('internal load balancer: the Service annotations to use', () => {
    const { cluster } = synth({ ...base, loadBalancerType: LoadBalancerType.INTERNAL_LOAD_BALANCER });
    expect(cluster.loadBalancerServiceAnnotations).toEqual({
      'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
      'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'aks-subnet',
    });
    expect(synth(base).cluster.loadBalancerServiceAnnotations).toEqual({});
  });

  test('options: existing group by ARM id, namespace, tags, DNS prefix, features, kubeconfig Secret', () => {
    const { objects } = synth({
      ...base,
      name: 'ML_Prod',
      createResourceGroup: false,
      subscriptionId: SUB,
      namespace: 'aso',
      tags: { env: 'prod' },
      keda: false,
      blobCsiDriver: false,
      kubeconfigSecret: { name: 'kc', key: 'value' },
    });
    expect(objects.map((o) => o.kind)).toEqual(['ManagedCluster']);
    const mc = one(objects, 'ManagedCluster');
    expect(mc.metadata).toMatchObject({ name: 'ml-prod', namespace: 'aso' });
    expect(mc.spec).toMatchObject({
      azureName: 'ML_Prod',
      owner: { armId: `/subscriptions/${SUB}/resourceGroups/ml-prod-rg` },
      dnsPrefix: 'ML-Prod',
      tags: { env: 'prod' },
      storageProfile: { blobCSIDriver: { enabled: false } },
      workloadAutoScalerProfile: { keda: { enabled: false } },
      operatorSpec: expect.objectContaining({ secrets: { userCredentials: { name: 'kc', key: 'value' } } }),
    });
    const noSecret = one(synth({ ...base, kubeconfigSecret: false, dnsPrefix: 'custom' }).objects, 'ManagedCluster').spec;
    // Without the kubeconfig Secret, only the identity exports (the OIDC issuer, the kubelet identity).
    expect(Object.keys(noSecret.operatorSpec).sort()).toEqual(['configMapExpressions', 'configMaps']);
    expect(noSecret.dnsPrefix).toBe('custom');
  });

  test('an attached cluster synthesizes nothing but keeps its configuration for the capacity checks', () => {
    const { objects, cluster } = synth({ name: 'ml-prod', resourceGroup: 'rg', clusterName: 'existing', agentCount: 3, vmSize: 'Standard_D4s_v5' });
    expect(objects).toEqual([]);
    expect(cluster.config.mode).toBe('attach');
    expect(cluster.apiObjects).toEqual([]);
  });

  test('TLS settings are warned about: nothing here registers the cluster in a workspace', () => {
    const { warnings, objects } = synth({ ...base, leafDomainLabel: 'mlprod' });
    expect(warnings).toEqual([expect.stringMatching(/^AksCluster "ml-prod": leafDomainLabel: TLS is configured on the Azure ML inference router/)]);
    expect(JSON.stringify(objects)).not.toContain('mlprod');
  });

  test('every synthesized object passes the ASO validators (validateAll)', () => {
    for (const kind of ['ResourceGroup', 'ManagedCluster']) expect(hasValidator(kind === 'ResourceGroup' ? ASO_RESOURCES_API_VERSION : ASO_CONTAINERSERVICE_API_VERSION, kind)).toBe(true);
    expect(hasValidator(ASO_CONTAINERSERVICE_API_VERSION, 'ManagedClustersAgentPool')).toBe(true);
    const variants: AksClusterProps[] = [
      base,
      { ...base, clusterPurpose: ClusterPurpose.DEV_TEST, tags: { a: 'b' }, kubernetesVersion: '1.29', clusterSku: 'Premium' },
      { ...base, gpuPool: { vmSize: 'Standard_NC24ads_A100_v4', nodeCount: 0, minCount: 0, maxCount: 2, name: 'a100' } },
      {
        ...base, subscriptionId: SUB, createResourceGroup: false, namespace: 'aso', vnetName: 'vnet', vnetResourceGroupName: 'r', subnetName: 's',
        serviceCidr: '10.2.0.0/16', dnsServiceIp: '10.2.0.10', dockerBridgeCidr: '172.17.0.0/16', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 },
      },
    ];
    let n = 0;
    for (const v of variants) n += validateAll(synth(v).objects);
    expect(n).toBe(2 + 2 + 3 + 2);
  });

  test('the validators are strict: unknown fields, wrong enums and missing required fields fail', () => {
    const mc = one(synth(base).objects, 'ManagedCluster');
    const bad = (mutate: (o: any) => void) => {
      const o = JSON.parse(JSON.stringify(mc));
      mutate(o);
      return () => validateObject(o);
    };
    expect(bad(() => undefined)).not.toThrow();
    expect(bad((o) => (o.spec.agentPoolProfiles[0].vmSizes = 'x'))).toThrow(/additionalProperties|must NOT have additional properties: vmSizes/);
    expect(bad((o) => (o.spec.networkProfile.dnsServiceIp = '10.0.0.10'))).toThrow(/dnsServiceIp/);
    expect(bad((o) => (o.spec.identity.type = 'Managed'))).toThrow(/allowed values/);
    expect(bad((o) => delete o.spec.location)).toThrow(/location/);
    expect(bad((o) => delete o.spec.owner)).toThrow(/owner/);
    expect(bad((o) => (o.spec.owner = {}))).toThrow();
    expect(bad((o) => (o.spec.agentPoolProfiles[0].name = 'Agent_Pool'))).toThrow(/pattern/);
    expect(bad((o) => (o.spec.operatorSpec.secrets.userCredentials = { name: 'x' }))).toThrow(/key/);
    expect(bad((o) => (o.spec.workloadAutoScalerProfile.keda = {}))).toThrow(/enabled/);
    expect(bad((o) => (o.status = {}))).toThrow(/status/);
  });

  test('two synths are identical', () => {
    const props = { ...base, gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } };
    expect(Testing.synth(newChartWith(props))).toEqual(Testing.synth(newChartWith(props)));
  });
});

function newChartWith(props: AksClusterProps) {
  const chart = newChart();
  captureWarnings(() => new AksCluster(chart, 'cluster', props));
  return chart;
}

describe('cdk8s AksCluster: the rules surface before any object is added', () => {
  const cases: [string, Partial<AksClusterConfigProps & AksClusterProps>, RegExp][] = [
    ['FastProd below 12 vCPUs', { agentCount: 3, vmSize: 'Standard_D2_v2' }, /Standard_D2_v2 has 2 vCPUs; 3 nodes give 6, FastProd needs at least 12/],
    ['FastProd with 2 nodes', { agentCount: 2, vmSize: 'Standard_D8s_v5' }, /At least 3 nodes are required for FastProd/],
    ['DenseProd with 1 node', { clusterPurpose: ClusterPurpose.DENSE_PROD, agentCount: 1 }, /At least 3 nodes are required for DenseProd/],
    ['an unknown VM size', { vmSize: 'Standard_Foo9' }, /vmSize \(v1: vm_size\)/],
    ['half the TLS settings', { sslCname: 'ml.contoso.com' }, /TLS settings are incomplete/],
    ['half the network settings', { vnetName: 'vnet' }, /Virtual network settings are incomplete/],
    ['a GPU pool without GPUs', { gpuPool: { vmSize: 'Standard_D4s_v5', nodeCount: 1 } }, /gpuPool.vmSize must be a GPU size; it has no GPUs/],
    ['no location', { location: undefined }, /location \(v1: location\) is required with Azure Service Operator/],
    ['no resource group', { resourceGroupName: undefined }, /resourceGroupName is required/],
    ['a bad resource group', { resourceGroupName: 'rg.' }, /resourceGroupName must be 1 to 90/],
    ['a vnet without subscription', { vnetName: 'vnet', vnetResourceGroupName: 'r', subnetName: 's', serviceCidr: '10.2.0.0/16', dnsServiceIp: '10.2.0.10', dockerBridgeCidr: '172.17.0.0/16' }, /subscriptionId is required with the virtual network settings/],
    ['an owner by ARM id without subscription', { createResourceGroup: false }, /subscriptionId is required with createResourceGroup false/],
    ['a bad subscription id', { subscriptionId: 'abc' }, /subscriptionId must be a subscription id/],
    ['a bad DNS prefix', { dnsPrefix: '-x' }, /dnsPrefix must be 1 to 54/],
    ['a bad namespace', { namespace: 'Bad_NS' }, /namespace must be a Kubernetes namespace/],
    ['bad tags', { tags: { 'a/b': 'c' } as Record<string, string> }, /tags name must be 1 to 512 characters without .*received "a\/b"/],
    ['a bad kubeconfig Secret', { kubeconfigSecret: { name: 'Bad Name' } }, /kubeconfigSecret.name must be a Kubernetes Secret name/],
    ['a typo', { kedda: true } as never, /kedda is not a known prop/],
  ];
  test.each(cases)('%s', (_title, change, message) => {
    const chart = newChart();
    const err = configurationErrorOf(() => new AksCluster(chart, 'cluster', { ...base, ...change } as AksClusterProps));
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^Invalid configuration for AksCluster "ml-prod"/);
    expect(chart.node.findAll().filter((c) => c !== chart).length).toBe(0);
    expect(synthObjects(chart)).toEqual([]);
  });

  test('core and ASO problems come in one error', () => {
    const err = configurationErrorOf(() => new AksCluster(newChart(), 'c', { ...base, agentCount: 1, subscriptionId: 'nope' }));
    expect(err.problems.length).toBeGreaterThanOrEqual(3);
    expect(err.problems.join('\n')).toMatch(/FastProd needs at least 12/);
    expect(err.problems.join('\n')).toMatch(/subscriptionId must be a subscription id/);
  });

  test('the construct owns no rule: its error is the core\'s (validateClusterConfig with engine "aso"), every problem once', () => {
    const props = { ...base, agentCount: 1, vmSize: 'Standard_Foo9', subscriptionId: 'nope', kedda: true, sslCname: 'ml.contoso.com' } as AksClusterProps;
    const c = new ProblemCollector();
    validateClusterConfig(c, props, { engine: 'aso' });
    const err = configurationErrorOf(() => new AksCluster(newChart(), 'c', props));
    expect(c.problems.length).toBeGreaterThanOrEqual(4);
    expect(err.problems).toEqual(c.problems);
    expect(new Set(err.problems).size).toBe(err.problems.length);
  });
});

describe('cdk8s AksCluster: capacity', () => {
  test('services are placed with the core checks (construct or { name, config })', () => {
    const { chart, cluster } = synth({ ...base, gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1 } });
    const svc = captureWarnings(() => new AksWebserviceConstruct(chart, 'svc', { name: 'fraud', image: 'myacr.azurecr.io/fraud:1', cpuCores: 1, memoryGb: 2 })).result;
    expect(cluster.checkCapacity([svc])).toEqual({ problems: [], warnings: [] });
    const gpu = { name: 'vision', config: resolveDeployConfiguration({ cpuCores: 4, memoryGb: 16, gpuCores: 1 }).config };
    expect(cluster.assertCapacity([svc, gpu])).toEqual([]);
  });

  test('requests that never fit throw; minimum replicas that do not fit together are warnings', () => {
    const { cluster } = synth({ ...base, clusterPurpose: ClusterPurpose.DEV_TEST });
    const huge = { name: 'huge', config: resolveDeployConfiguration({ cpuCores: 8, memoryGb: 2 }).config };
    const err = configurationErrorOf(() => cluster.assertCapacity([huge]));
    expect(err.message).toMatch(/huge.cpuCores \(v1: cpu_cores\) must fit the allocatable CPU of one Standard_D3_v2 node/);
    const many = { name: 'many', config: resolveDeployConfiguration({ cpuCores: 1, memoryGb: 1, numReplicas: 5 }).config };
    const { result, warnings } = captureWarnings(() => cluster.assertCapacity([many]));
    expect(result).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/AksCluster "ml-prod" capacity: services: The minimum replicas \(many: 5 × 1 CPU/);
  });

  test('a GPU service without a GPU pool is a problem', () => {
    const { cluster } = synth(base);
    const gpu = { name: 'vision', config: resolveDeployConfiguration({ cpuCores: 1, memoryGb: 1, gpuCores: 1 }).config };
    expect(cluster.checkCapacity([gpu]).problems.join('\n')).toMatch(/needs a GPU node pool/);
  });

  test('endpoint constructs: every version is a service', () => {
    const { chart, cluster } = synth({ ...base, clusterPurpose: ClusterPurpose.DEV_TEST });
    const ep = captureWarnings(() => new AksEndpointConstruct(chart, 'churn', {
      name: 'churn',
      versions: [
        { versionName: 'control', image: 'myacr.azurecr.io/churn:1', trafficPercentile: 50, isDefault: true },
        { versionName: 'treatment', image: 'myacr.azurecr.io/churn:2', trafficPercentile: 50, memoryGb: 64 },
      ],
    })).result;
    expect(cluster.checkCapacity([ep]).problems).toEqual([expect.stringMatching(/^churn\/treatment.memoryGb \(v1: memory_gb\) must fit the allocatable memory/)]);
  });
});

describe('cdk8s AksCluster: network policy engine, monitoring, and the v1 TLS at the gateway', () => {
  test('Cilium by default; calico and an explicit none (warned) selectable; Managed Prometheus; all schema-valid', () => {
    const def = synth(base);
    expect(one(def.objects, 'ManagedCluster').spec.networkProfile).toMatchObject({ networkDataplane: 'cilium', networkPolicy: 'cilium' });
    const none = synth({ ...base, networkPolicy: 'none', managedPrometheus: true });
    const mc = one(none.objects, 'ManagedCluster');
    expect(mc.spec.networkProfile).toMatchObject({ networkDataplane: 'azure', networkPolicy: 'none' });
    expect(mc.spec.azureMonitorProfile).toEqual({ metrics: { enabled: true } });
    expect(none.warnings.join('\n')).toMatch(/aks-ml:cluster:networkPolicyNotEnforced/);
    expect(validateAll(none.objects)).toBe(none.objects.length);
  });

  test('an attached cluster with an unstated engine warns', () => {
    const { warnings, objects } = synth({ name: 'ml', resourceGroup: 'rg', clusterName: 'aks' } as AksClusterProps);
    expect(objects).toEqual([]);
    expect(warnings.join('\n')).toMatch(/aks-ml:cluster:networkPolicyUnknown/);
  });

  test('leaf_domain_label reaches the gateway in the same chart: DNS label annotation, ACME Certificate, schema-valid', () => {
    const chart = newChart();
    const { result: cluster } = captureWarnings(() => new AksCluster(chart, 'cluster', { ...base, leafDomainLabel: 'fraud-ml' }));
    captureWarnings(() => new AksMlGateway(chart, 'gateway', {
      tls: { certificate: GatewayTls.fromV1Cluster(cluster.config, { issuer: { acme: { email: 'ops@example.com' } } })! },
    }));
    const objects = synthObjects(chart);
    const gw = one(objects, 'Gateway');
    expect(gw.spec.infrastructure.annotations).toEqual({ 'service.beta.kubernetes.io/azure-dns-label-name': 'fraud-ml' });
    expect(one(objects, 'Certificate').spec.dnsNames).toEqual(['fraud-ml.westeurope.cloudapp.azure.com']);
    expect(validateAll(objects)).toBe(objects.length);
  });
});
