import {
  AksClusterConfigProps,
  CLUSTER_DEFAULTS,
  ClusterPurpose,
  LoadBalancerType,
  VmSize,
  describeNodePool,
  resolveClusterConfig,
} from '../../../src/core/cluster';
import { ConfigurationError } from '../../../src/core/errors';

function problemsOf(props: AksClusterConfigProps | Record<string, unknown>): string[] {
  try {
    resolveClusterConfig(props as AksClusterConfigProps);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as ConfigurationError).problems;
  }
}

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE-secret\n-----END PRIVATE KEY-----\n';
const VNET = {
  vnetName: 'ml-vnet',
  vnetResourceGroupName: 'network-rg',
  subnetName: 'aks-nodes',
  serviceCidr: '10.0.0.0/16',
  dnsServiceIp: '10.0.0.10',
  dockerBridgeCidr: '172.17.0.1/16'.replace('0.1/16', '0.0/16'),
} as const;

describe('defaults (v1 provisioning_configuration)', () => {
  const { config, warnings } = resolveClusterConfig({ name: 'ml-aks' });

  test('3 × Standard_D3_v2, FastProd, public IP', () => {
    expect(config.clusterPurpose).toBe(ClusterPurpose.FAST_PROD);
    expect(config.clusterPurpose).toBe('FastProd');
    expect(config.agentCount).toBe(3);
    expect(config.vmSize.name).toBe('Standard_D3_v2');
    expect(config.vmSize.vcpus).toBe(4);
    expect(config.totalVcpus).toBe(12);
    expect(config.loadBalancerType).toBe(LoadBalancerType.PUBLIC_IP);
    expect(config.loadBalancerType).toBe('PublicIp');
    expect(config.loadBalancerSubnet).toBeUndefined();
    expect(config.mode).toBe('provision');
    expect(config.maxPodsPerNode).toBe(110);
    expect(config.tls).toBeUndefined();
    expect(config.vnet).toBeUndefined();
    expect(config.gpuPool).toBeUndefined();
    expect(config.explicitlySet).toEqual(['name']);
    expect(warnings).toEqual([]);
  });

  test('one system pool of agentCount × vmSize', () => {
    expect(config.nodePools).toHaveLength(1);
    expect(config.systemPool).toMatchObject({ name: 'agentpool', mode: 'System', nodeCount: 3, taints: [] });
    expect(config.systemPool.vmSize.name).toBe('Standard_D3_v2');
    expect(describeNodePool(config.systemPool)).toBe('3 × Standard_D3_v2 (4 vCPUs, 14 GiB)');
  });

  test('enum values are the v1 / REST strings', () => {
    expect(ClusterPurpose.DEV_TEST).toBe('DevTest');
    expect(ClusterPurpose.DENSE_PROD).toBe('DenseProd');
    expect(LoadBalancerType.INTERNAL_LOAD_BALANCER).toBe('InternalLoadBalancer');
  });
});

describe('purpose rules', () => {
  test('FastProd: 2 × Standard_D3_v2 breaks both minimums, with numbers and the fix', () => {
    expect(problemsOf({ name: 'a', agentCount: 2 })).toEqual([
      'Standard_D3_v2 has 4 vCPUs; 2 nodes give 8, FastProd needs at least 12: use agentCount >= 3 or a larger size ' +
        '(v1: "The number of nodes multiplied by the virtual machine\'s number of cores (vCPUs) must be greater than or equal to 12").',
      'At least 3 nodes are required for FastProd; agentCount (v1: agent_count) is 2: use agentCount >= 3, ' +
        'or clusterPurpose "DevTest" for a cluster that does not serve production traffic.',
    ]);
  });

  test('FastProd: 3 nodes of a 2-vCPU size give 6; the fix names the node count that reaches 12', () => {
    expect(problemsOf({ name: 'a', vmSize: 'Standard_DS2_v2' })).toEqual([
      'Standard_DS2_v2 has 2 vCPUs; 3 nodes give 6, FastProd needs at least 12: use agentCount >= 6 or a larger size ' +
        '(v1: "The number of nodes multiplied by the virtual machine\'s number of cores (vCPUs) must be greater than or equal to 12").',
    ]);
    expect(problemsOf({ name: 'a', vmSize: 'Standard_DS2_v2', agentCount: 6 })).toEqual([]);
  });

  test('FastProd: enough vCPUs but fewer than 3 nodes is still an error', () => {
    expect(problemsOf({ name: 'a', vmSize: 'Standard_D16s_v5', agentCount: 1 })).toEqual([
      'At least 3 nodes are required for FastProd; agentCount (v1: agent_count) is 1: use agentCount >= 3, ' +
        'or clusterPurpose "DevTest" for a cluster that does not serve production traffic.',
    ]);
  });

  test('FastProd: exactly 3 × 4 vCPUs passes; constrained sizes count ACTIVE vCPUs', () => {
    expect(problemsOf({ name: 'a', vmSize: 'Standard_D4s_v5', agentCount: 3 })).toEqual([]);
    // E8-4s_v5 has 4 active vCPUs: 3 nodes give 12 (not 24).
    expect(resolveClusterConfig({ name: 'a', vmSize: 'Standard_E8-4s_v5' }).config.totalVcpus).toBe(12);
    expect(problemsOf({ name: 'a', vmSize: 'Standard_E4-2s_v5' })[0]).toMatch(
      /^Standard_E4-2s_v5 has 2 vCPUs; 3 nodes give 6, FastProd needs at least 12: use agentCount >= 6 or a larger size/,
    );
  });

  test('DenseProd has the same minimums, named in the message', () => {
    expect(problemsOf({ name: 'a', clusterPurpose: ClusterPurpose.DENSE_PROD, agentCount: 2 })).toEqual([
      'Standard_D3_v2 has 4 vCPUs; 2 nodes give 8, DenseProd needs at least 12: use agentCount >= 3 or a larger size ' +
        '(v1: "The number of nodes multiplied by the virtual machine\'s number of cores (vCPUs) must be greater than or equal to 12").',
      'At least 3 nodes are required for DenseProd; agentCount (v1: agent_count) is 2: use agentCount >= 3, ' +
        'or clusterPurpose "DevTest" for a cluster that does not serve production traffic.',
    ]);
    expect(resolveClusterConfig({ name: 'a', clusterPurpose: ClusterPurpose.DENSE_PROD }).config.agentCount).toBe(3);
  });

  test('DevTest: 1 node by default, no minimums', () => {
    const { config, warnings } = resolveClusterConfig({ name: 'a', clusterPurpose: ClusterPurpose.DEV_TEST });
    expect(config.agentCount).toBe(1);
    expect(config.totalVcpus).toBe(4);
    expect(warnings).toEqual([]);
    expect(problemsOf({ name: 'a', clusterPurpose: ClusterPurpose.DEV_TEST, vmSize: 'Standard_B2s' })).toEqual([]);
  });

  test('DevTest: fewer than 2 vCPUs in total is a warning, not an error', () => {
    const { config, warnings } = resolveClusterConfig({ name: 'a', clusterPurpose: ClusterPurpose.DEV_TEST, vmSize: 'Standard_B1s' });
    expect(config.totalVcpus).toBe(1);
    expect(warnings).toEqual([
      {
        id: 'aks-ml:cluster:devTestBelowRecommendedVcpus',
        prop: 'vmSize',
        message:
          'Standard_B1s has 1 vCPU; 1 node gives 1, and Azure ML recommends at least 2 vCPUs for a DevTest cluster: use a larger size or more nodes.',
      },
    ]);
    // Two such nodes reach the recommendation.
    expect(resolveClusterConfig({ name: 'a', clusterPurpose: ClusterPurpose.DEV_TEST, vmSize: 'Standard_B1s', agentCount: 2 }).warnings).toEqual([]);
  });

  test('purpose strings are matched case-insensitively; unknown purposes are errors', () => {
    expect(resolveClusterConfig({ name: 'a', clusterPurpose: 'devtest' as ClusterPurpose }).config.clusterPurpose).toBe('DevTest');
    expect(problemsOf({ name: 'a', clusterPurpose: 'Prod' })).toEqual([
      'clusterPurpose (v1: cluster_purpose) must be one of "DevTest", "FastProd", "DenseProd"; received "Prod".',
    ]);
  });
});

describe('VM size resolution', () => {
  test('case-insensitive catalog names resolve to the canonical size', () => {
    expect(resolveClusterConfig({ name: 'a', vmSize: 'standard_ds3_v2' }).config.vmSize.name).toBe('Standard_DS3_v2');
  });

  // Issue 13: a size the catalog does not know gets its vCPUs from Azure's naming convention (so the
  // purpose rules apply), with a warning that memory/GPU capacity checks need explicit values. Such a
  // size was refused here before; a name that does not follow the convention still is.
  test('an unknown size without overrides: vCPUs from the name, with a warning; a name off the convention is refused', () => {
    const { config, warnings } = resolveClusterConfig({ name: 'a', vmSize: 'Standard_Q8_v9' });
    expect(config.vmSize).toMatchObject({ name: 'Standard_Q8_v9', vcpus: 8, gpus: 0, isCustom: true, memoryUnknown: true });
    expect(config.totalVcpus).toBe(24);
    expect(warnings).toContainEqual({
      id: 'aks-ml:cluster:vmSizeFromName',
      prop: 'vmSize',
      message:
        'Standard_Q8_v9 is not in the built-in catalog: 8 vCPUs are read from the name (family Q, 8 vCPUs, v9), so the purpose rules apply; ' +
        'memory (memoryGiBPerNode) and GPUs (gpusPerNode) cannot be read from a name: the capacity checks of them need the values from ' +
        'https://learn.microsoft.com/azure/virtual-machines/sizes/overview.',
    });
    // The purpose rules apply to the vCPUs read from the name.
    expect(problemsOf({ name: 'a', vmSize: 'Standard_Q2_v9' })[0]).toMatch(/^Standard_Q2_v9 has 2 vCPUs; 3 nodes give 6, FastProd needs at least 12/);
    // Constrained sizes: the active vCPUs.
    expect(resolveClusterConfig({ name: 'a', vmSize: 'Standard_X32-8ds_v9' }).config.vmSize.vcpus).toBe(8);
    // Old families whose names do not state the vCPUs, and names off the convention, still need the values.
    const problems = problemsOf({ name: 'a', vmSize: 'Standard_D9_v2' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^vmSize \(v1: vm_size\) is not in the built-in VM size catalog/);
    expect(problems[0]).toContain('set vcpusPerNode and memoryGiBPerNode');
    expect(problems[0]).toContain('(missing: vcpusPerNode and memoryGiBPerNode); received "Standard_D9_v2".');
  });

  test('one override: the other comes from the name (vCPUs) or stays unknown (memory), with the warning', () => {
    const withVcpus = resolveClusterConfig({ name: 'a', vmSize: 'Standard_Q8_v9', vcpusPerNode: 4, agentCount: 3, clusterPurpose: ClusterPurpose.DEV_TEST });
    expect(withVcpus.config.vmSize.vcpus).toBe(4);
    expect(withVcpus.warnings.find((w) => w.id === 'aks-ml:cluster:vmSizeFromName')?.message).toContain('vcpusPerNode 4 is used');
    const withMemory = resolveClusterConfig({ name: 'a', vmSize: 'Standard_Q8_v9', memoryGiBPerNode: 32 });
    expect(withMemory.config.vmSize).toMatchObject({ vcpus: 8, memoryGiB: 32 });
    expect(problemsOf({ name: 'a', vmSize: 'Standard_Foo', memoryGiBPerNode: 32 })[0]).toContain('(missing: vcpusPerNode)');
  });

  test('an unknown size with both overrides is used as given', () => {
    const { config, warnings } = resolveClusterConfig({ name: 'a', vmSize: 'Standard_Q8_v9', vcpusPerNode: 8, memoryGiBPerNode: 32 });
    expect(config.vmSize).toMatchObject({ name: 'Standard_Q8_v9', vcpus: 8, memoryGiB: 32, gpus: 0, isCustom: true });
    expect(config.totalVcpus).toBe(24);
    expect(warnings).toEqual([]);
  });

  test('the purpose rules use the overrides', () => {
    expect(problemsOf({ name: 'a', vmSize: 'Standard_Q2_v9', vcpusPerNode: 2, memoryGiBPerNode: 8 })[0]).toMatch(
      /^Standard_Q2_v9 has 2 vCPUs; 3 nodes give 6, FastProd needs at least 12/,
    );
  });

  test('overriding a catalog size warns when the numbers differ', () => {
    const { config, warnings } = resolveClusterConfig({ name: 'a', vmSize: 'Standard_D3_v2', vcpusPerNode: 8 });
    expect(config.vmSize.vcpus).toBe(8);
    expect(config.vmSize.memoryGiB).toBe(14);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].prop).toBe('vmSize');
    expect(warnings[0].message).toContain('vcpusPerNode 8 (catalog: 4) replace the catalog values for Standard_D3_v2');
    expect(resolveClusterConfig({ name: 'a', vmSize: 'Standard_D3_v2', vcpusPerNode: 4 }).warnings).toEqual([]);
  });

  test('a VmSize object is accepted', () => {
    const size = VmSize.custom({ name: 'Standard_Custom', vcpus: 16, memoryGiB: 64 });
    expect(resolveClusterConfig({ name: 'a', vmSize: size }).config.vmSize).toBe(size);
  });

  test('hostile overrides and sizes are problems', () => {
    expect(problemsOf({ name: 'a', vmSize: 'Standard_Q', vcpusPerNode: NaN, memoryGiBPerNode: -1 })).toEqual([
      'vcpusPerNode must be a finite number; received NaN.',
      'memoryGiBPerNode must be greater than zero; received -1.',
    ]);
    expect(problemsOf({ name: 'a', vmSize: 42 })).toEqual(['vmSize (v1: vm_size) must be a string; received 42.']);
    expect(problemsOf({ name: 'a', vmSize: 'Standard D3 v2' })[0]).toContain('must be an Azure VM size name');
  });
});

describe('agentCount and name', () => {
  test.each([
    [-1, 'agentCount (v1: agent_count) must be a whole number of at least 1; received -1.'],
    [2.5, 'agentCount (v1: agent_count) must be a whole number (a departure from v1, which accepted it: AKS counts whole nodes, at most 1000 per node pool; see docs/v1-departures.md); received 2.5.'],
    [NaN, 'agentCount (v1: agent_count) must be a finite number (a departure from v1, which accepted it: NaN and Infinity are no quantity Kubernetes or Azure can store; see docs/v1-departures.md); received NaN.'],
    [Infinity, 'agentCount (v1: agent_count) must be a finite number (a departure from v1, which accepted it: NaN and Infinity are no quantity Kubernetes or Azure can store; see docs/v1-departures.md); received Infinity.'],
    ['3', 'agentCount (v1: agent_count) must be a number; received "3".'],
    [1001, 'agentCount (v1: agent_count) must be at most 1000 (a departure from v1, which accepted it: AKS counts whole nodes, at most 1000 per node pool; see docs/v1-departures.md); received 1001.'],
  ])('agentCount %p', (value, message) => {
    expect(problemsOf({ name: 'a', agentCount: value })).toEqual([message]);
  });

  // v1 (AksProvisioningConfiguration.validate_configuration: `if self.agent_count and self.agent_count <= 0`)
  // took a 0 as not given: the service default applies. Refused here before issue 13.
  test.each([0, -0])('agentCount %p is not given, as in v1: the default applies', (value) => {
    expect(resolveClusterConfig({ name: 'a', agentCount: value }).config.agentCount).toBe(3);
    expect(resolveClusterConfig({ name: 'a', agentCount: value, clusterPurpose: ClusterPurpose.DEV_TEST }).config.agentCount).toBe(1);
  });

  test.each([
    [undefined, 'name is required: the compute target / AKS cluster name; received undefined.'],
    ['', 'name must not be empty; received "".'],
    ['-aks', 'name must be 1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit; received "-aks".'],
    ['aks_', 'name must be 1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit; received "aks_".'],
    ['my aks', 'name must be 1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit; received "my aks".'],
    ['a'.repeat(64), `name must be at most 63 characters long (it has 64); received "${'a'.repeat(64)}".`],
    ['b'.repeat(100), `name must be at most 63 characters long (it has 100); received "${'b'.repeat(76)}....`],
    [{}, 'name must be a string; received {}.'],
  ])('name %p', (value, message) => {
    expect(problemsOf({ name: value })).toEqual([message]);
  });

  test('valid names: 1 char, 63 chars, "-" and "_" inside', () => {
    for (const n of ['a', 'A1', 'ml_aks-01', 'x'.repeat(63)]) expect(problemsOf({ name: n })).toEqual([]);
  });

  test('props that are not an object', () => {
    expect(problemsOf(null as never)).toEqual(['props must be an object; received null.']);
    expect(problemsOf('aks' as never)).toEqual(['props must be an object; received "aks".']);
  });

  test('huge strings are problems, never crashes', () => {
    const huge = 'x'.repeat(5_000_000);
    const problems = problemsOf({ name: huge, location: huge, vmSize: huge, sslCname: huge });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const p of problems) expect(p.length).toBeLessThan(1000);
  });

  // v1: an empty location is not given (the workspace's location). Refused here before issue 13.
  test('location must be a string; "" is not given, as in v1', () => {
    expect(resolveClusterConfig({ name: 'a', location: '' }).config.location).toBeUndefined();
    expect(problemsOf({ name: 'a', location: 5 })).toEqual(['location must be a string; received 5.']);
    expect(resolveClusterConfig({ name: 'a', location: 'westeurope' }).config.location).toBe('westeurope');
  });

  test('every problem is collected into one error', () => {
    const problems = problemsOf({ name: '-', agentCount: -1, clusterPurpose: 'x', location: 5, loadBalancerType: 'x', maxPodsPerNode: 5 });
    expect(problems).toHaveLength(6);
  });
});

describe('load balancer', () => {
  test('internal load balancer defaults its subnet to "aks-subnet"', () => {
    const { config } = resolveClusterConfig({ name: 'a', loadBalancerType: LoadBalancerType.INTERNAL_LOAD_BALANCER });
    expect(config.loadBalancerType).toBe('InternalLoadBalancer');
    expect(config.loadBalancerSubnet).toBe(CLUSTER_DEFAULTS.loadBalancerSubnet);
    expect(config.loadBalancerSubnet).toBe('aks-subnet');
  });

  test('internal load balancer with a subnet', () => {
    const { config } = resolveClusterConfig({ name: 'a', loadBalancerType: LoadBalancerType.INTERNAL_LOAD_BALANCER, loadBalancerSubnet: 'ilb' });
    expect(config.loadBalancerSubnet).toBe('ilb');
  });

  test('loadBalancerSubnet only with InternalLoadBalancer', () => {
    expect(problemsOf({ name: 'a', loadBalancerSubnet: 'ilb' })).toEqual([
      'loadBalancerSubnet (v1: load_balancer_subnet) applies only with loadBalancerType "InternalLoadBalancer" ' +
        '(the load balancer type is "PublicIp", the default): set loadBalancerType to "InternalLoadBalancer" or remove loadBalancerSubnet; received "ilb".',
    ]);
    expect(problemsOf({ name: 'a', loadBalancerType: LoadBalancerType.PUBLIC_IP, loadBalancerSubnet: 'ilb' })[0]).toContain(
      '(the load balancer type is "PublicIp")',
    );
  });

  // v1 (AksAttachConfiguration.validate_configuration) compared the type case-sensitively; another
  // letter case was accepted here before issue 13.
  test('unknown load balancer types are errors; the letter case matters, as in v1', () => {
    expect(problemsOf({ name: 'a', loadBalancerType: 'Private' })).toEqual([
      'loadBalancerType (v1: load_balancer_type) must be one of "PublicIp", "InternalLoadBalancer"; received "Private".',
    ]);
    expect(problemsOf({ name: 'a', loadBalancerType: 'internalloadbalancer' as LoadBalancerType })).toEqual([
      'loadBalancerType (v1: load_balancer_type) must be one of "PublicIp", "InternalLoadBalancer"; received "internalloadbalancer".',
    ]);
    expect(resolveClusterConfig({ name: 'a', loadBalancerType: '' as LoadBalancerType }).config.loadBalancerType).toBe('PublicIp');
  });
});

describe('TLS: CNAME + certificate + key, all or none; or a leaf domain label', () => {
  test('all three with files', () => {
    const { config } = resolveClusterConfig({ name: 'a', sslCname: 'ml.contoso.com', sslCertPemFile: 'cert.pem', sslKeyPemFile: 'key.pem' });
    expect(config.tls).toEqual({ kind: 'cname', cname: 'ml.contoso.com', certPemFile: 'cert.pem', keyPemFile: 'key.pem' });
  });

  test('all three with PEM contents', () => {
    const { config } = resolveClusterConfig({ name: 'a', sslCname: 'ml.contoso.com', sslCert: CERT, sslKey: KEY });
    expect(config.tls).toEqual({ kind: 'cname', cname: 'ml.contoso.com', cert: CERT, key: KEY });
  });

  test('partial settings list what is missing', () => {
    expect(problemsOf({ name: 'a', sslCname: 'ml.contoso.com' })).toEqual([
      'TLS settings are incomplete: sslCname (v1: ssl_cname) is set but the certificate (sslCertPemFile or sslCert; v1: ssl_cert_pem_file) ' +
        'and the key (sslKeyPemFile or sslKey; v1: ssl_key_pem_file) are missing: give all three of CNAME, certificate and key, or none ' +
        '(or leafDomainLabel alone for a Microsoft-issued certificate).',
    ]);
    expect(problemsOf({ name: 'a', sslCertPemFile: 'c.pem', sslKeyPemFile: 'k.pem' })).toEqual([
      'TLS settings are incomplete: the certificate (sslCertPemFile or sslCert; v1: ssl_cert_pem_file) and the key (sslKeyPemFile or sslKey; ' +
        'v1: ssl_key_pem_file) are set but sslCname (v1: ssl_cname) is missing: give all three of CNAME, certificate and key, or none ' +
        '(or leafDomainLabel alone for a Microsoft-issued certificate).',
    ]);
  });

  test('leaf domain label alone, with overwriteExistingDomain', () => {
    expect(resolveClusterConfig({ name: 'a', leafDomainLabel: 'myml' }).config.tls).toEqual({
      kind: 'leafDomainLabel',
      leafDomainLabel: 'myml',
      overwriteExistingDomain: false,
    });
    expect(resolveClusterConfig({ name: 'a', leafDomainLabel: 'myml', overwriteExistingDomain: true }).config.tls).toMatchObject({
      overwriteExistingDomain: true,
    });
  });

  // v1's precedence (AksProvisioningConfiguration.validate_configuration): an incomplete CNAME group is
  // reported first; only a complete one is reported as combined with the leaf domain label.
  test('leaf domain label mixed with cname/cert/key is an error, in v1\'s precedence', () => {
    expect(problemsOf({ name: 'a', leafDomainLabel: 'myml', sslCname: 'ml.contoso.com', sslCertPemFile: 'c.pem', sslKeyPemFile: 'k.pem' })).toEqual([
      'leafDomainLabel (v1: leaf_domain_label) asks for a Microsoft-issued certificate and cannot be combined with sslCname (v1: ssl_cname), ' +
        'the certificate (sslCertPemFile or sslCert; v1: ssl_cert_pem_file), the key (sslKeyPemFile or sslKey; v1: ssl_key_pem_file): ' +
        'use either leafDomainLabel alone, or sslCname with your certificate and key.',
    ]);
    expect(problemsOf({ name: 'a', leafDomainLabel: 'myml', sslCname: 'ml.contoso.com' })).toEqual([
      'TLS settings are incomplete: sslCname (v1: ssl_cname) is set but the certificate (sslCertPemFile or sslCert; v1: ssl_cert_pem_file) ' +
        'and the key (sslKeyPemFile or sslKey; v1: ssl_key_pem_file) are missing: give all three of CNAME, certificate and key, or none ' +
        '(or leafDomainLabel alone for a Microsoft-issued certificate).',
    ]);
  });

  // v1 (enable_ssl(overwrite_existing_domain=...)) refused overwrite_existing_domain only with a CNAME
  // group; false (its default) or true without a leaf label was accepted. Refused here before issue 13.
  test('overwriteExistingDomain: refused with a CNAME group; without a leaf label false is not given and true warns', () => {
    expect(problemsOf({ name: 'a', sslCname: 'ml.contoso.com', sslCertPemFile: 'c.pem', sslKeyPemFile: 'k.pem', overwriteExistingDomain: true })).toEqual([
      'overwriteExistingDomain (v1: overwrite_existing_domain) applies only with leafDomainLabel (v1: leaf_domain_label), not with your own certificate (sslCname); remove it; received true.',
    ]);
    const off = resolveClusterConfig({ name: 'a', overwriteExistingDomain: false });
    expect(off.config.tls).toBeUndefined();
    expect(off.warnings.map((w) => w.id)).not.toContain('aks-ml:cluster:overwriteWithoutLeafLabel');
    const on = resolveClusterConfig({ name: 'a', overwriteExistingDomain: true });
    expect(on.config.tls).toBeUndefined();
    expect(on.warnings).toContainEqual({ id: 'aks-ml:cluster:overwriteWithoutLeafLabel', prop: 'overwriteExistingDomain', message: '(v1: overwrite_existing_domain) has no effect without leafDomainLabel (v1: leaf_domain_label); v1 ignored it too.' });
  });

  test('certificate or key given twice', () => {
    expect(
      problemsOf({ name: 'a', sslCname: 'ml.contoso.com', sslCertPemFile: 'c.pem', sslCert: CERT, sslKeyPemFile: 'k.pem' }),
    ).toEqual([
      'sslCertPemFile (v1: ssl_cert_pem_file) and sslCert are both set: give the certificate once, as a file path or as PEM content.',
    ]);
  });

  test('value checks; the key is never echoed', () => {
    const problems = problemsOf({ name: 'a', sslCname: 'not a host', sslCert: 'hello', sslKey: 'super-secret-value', leafDomainLabel: undefined });
    expect(problems).toContain('sslCname (v1: ssl_cname) must be a DNS host name such as "ml.contoso.com"; received "not a host".');
    expect(problems).toContain('sslCert must be a PEM certificate ("-----BEGIN CERTIFICATE-----"); for a file path use sslCertPemFile; received "hello".');
    expect(problems).toContain(
      'sslKey must be a PEM private key ("-----BEGIN ... PRIVATE KEY-----"); for a file path use sslKeyPemFile; received "<redacted>".',
    );
    expect(problems.join('\n')).not.toContain('super-secret-value');
    expect(problemsOf({ name: 'a', leafDomainLabel: 'My_Label' })[0]).toContain('leafDomainLabel (v1: leaf_domain_label) must be a DNS label');
  });
});

describe('virtual network: all six settings or none', () => {
  test('all six', () => {
    const { config } = resolveClusterConfig({ name: 'a', ...VNET });
    expect(config.vnet).toEqual(VNET);
  });

  test('partial settings list which are set and which are missing', () => {
    expect(problemsOf({ name: 'a', vnetName: 'ml-vnet', subnetName: 'aks-nodes' })).toEqual([
      'Virtual network settings are incomplete: vnetName (v1: vnet_name), subnetName (v1: subnet_name) are set but ' +
        'vnetResourceGroupName (v1: vnet_resourcegroup_name), serviceCidr (v1: service_cidr), dnsServiceIp (v1: dns_service_ip), ' +
        'dockerBridgeCidr (v1: docker_bridge_cidr) are missing: give all six network settings or none.',
    ]);
    const { dockerBridgeCidr: _omit, ...five } = VNET;
    void _omit;
    expect(problemsOf({ name: 'a', ...five })).toEqual([
      'Virtual network settings are incomplete: vnetName (v1: vnet_name), vnetResourceGroupName (v1: vnet_resourcegroup_name), ' +
        'subnetName (v1: subnet_name), serviceCidr (v1: service_cidr), dnsServiceIp (v1: dns_service_ip) are set but ' +
        'dockerBridgeCidr (v1: docker_bridge_cidr) is missing: give all six network settings or none.',
    ]);
  });

  test.each([
    [{ serviceCidr: '10.0.0.0' }, 'serviceCidr (v1: service_cidr) must be an IPv4 range in CIDR notation, e.g. "10.0.0.0/16"; received "10.0.0.0".'],
    [{ serviceCidr: '10.0.0.0/33' }, 'serviceCidr (v1: service_cidr) must be an IPv4 range in CIDR notation, e.g. "10.0.0.0/16"; received "10.0.0.0/33".'],
    [{ serviceCidr: '10.0.256.0/24' }, 'serviceCidr (v1: service_cidr) must be an IPv4 range in CIDR notation, e.g. "10.0.0.0/16"; received "10.0.256.0/24".'],
    [{ serviceCidr: '10.0.1.0/16', dnsServiceIp: '10.0.1.10' }, 'serviceCidr (v1: service_cidr) must start at a network address: did you mean "10.0.0.0/16"?; received "10.0.1.0/16".'],
    [{ dnsServiceIp: '10.0.0' }, 'dnsServiceIp (v1: dns_service_ip) must be an IPv4 address, e.g. "10.0.0.10"; received "10.0.0".'],
    [{ dnsServiceIp: '010.0.0.10' }, 'dnsServiceIp (v1: dns_service_ip) must be an IPv4 address, e.g. "10.0.0.10"; received "010.0.0.10".'],
    [{ dnsServiceIp: '10.1.0.10' }, 'dnsServiceIp (v1: dns_service_ip) must be inside serviceCidr 10.0.0.0/16; received "10.1.0.10".'],
    [
      { dnsServiceIp: '10.0.0.1' },
      'dnsServiceIp (v1: dns_service_ip) must not be the network address or the first address of serviceCidr 10.0.0.0/16 ' +
        "(the first one is the Kubernetes API service's); use e.g. 10.0.0.10; received \"10.0.0.1\".",
    ],
    [{ dockerBridgeCidr: '10.0.128.0/17' }, 'dockerBridgeCidr (v1: docker_bridge_cidr) must not overlap serviceCidr 10.0.0.0/16; received "10.0.128.0/17".'],
    [{ vnetName: 'v' }, 'vnetName (v1: vnet_name) must be 2 to 64 letters, digits, "_", "-" and ".", starting with a letter or digit and ending with a letter, digit or "_"; received "v".'],
    [{ vnetResourceGroupName: 'rg.' }, 'vnetResourceGroupName (v1: vnet_resourcegroup_name) must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."; received "rg.".'],
    [{ serviceCidr: NaN }, 'serviceCidr (v1: service_cidr) must be a string; received NaN.'],
  ])('%p', (override, message) => {
    expect(problemsOf({ name: 'a', ...VNET, ...override })).toEqual([message]);
  });
});

describe('attach an existing cluster', () => {
  const ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/mycluster';

  test('by resource id', () => {
    const { config } = resolveClusterConfig({ name: 'mycompute', resourceId: ID });
    expect(config.mode).toBe('attach');
    expect(config.attach).toEqual({ resourceId: ID });
    expect(config.clusterPurpose).toBe('FastProd');
  });

  test('by resource group + cluster name (the purpose applies too)', () => {
    const { config } = resolveClusterConfig({ name: 'mycompute', resourceGroup: 'myresourcegroup', clusterName: 'mycluster' });
    expect(config.mode).toBe('attach');
    expect(config.attach).toEqual({ resourceGroup: 'myresourcegroup', clusterName: 'mycluster' });
    expect(problemsOf({ name: 'c', resourceGroup: 'rg', clusterName: 'mycluster', agentCount: 2 })).toHaveLength(2);
    expect(
      resolveClusterConfig({ name: 'c', resourceGroup: 'rg', clusterName: 'mycluster', clusterPurpose: ClusterPurpose.DEV_TEST }).config.agentCount,
    ).toBe(1);
  });

  test('resourceId XOR resourceGroup + clusterName', () => {
    expect(problemsOf({ name: 'c', resourceId: ID, resourceGroup: 'rg', clusterName: 'mycluster' })).toEqual([
      'resourceId (v1: resource_id) and resourceGroup/clusterName (v1: resource_group/cluster_name) are both set: ' +
        'attach a cluster by its resource id or by resource group + cluster name, not both.',
    ]);
  });

  test('resource group without cluster name (and the reverse)', () => {
    expect(problemsOf({ name: 'c', resourceGroup: 'rg' })).toEqual([
      'To attach a cluster by name, give both resourceGroup (v1: resource_group) and clusterName (v1: cluster_name); ' +
        'clusterName (v1: cluster_name) is missing (or give resourceId instead).',
    ]);
    expect(problemsOf({ name: 'c', clusterName: 'k' })[0]).toContain('resourceGroup (v1: resource_group) is missing');
  });

  test('malformed resource id', () => {
    expect(problemsOf({ name: 'c', resourceId: '/subscriptions/x/resourceGroups/rg' })[0]).toMatch(
      /^resourceId \(v1: resource_id\) must be an AKS resource id/,
    );
  });

  test('provisioning-only settings are errors when attaching', () => {
    expect(problemsOf({ name: 'c', resourceId: ID, location: 'westeurope', ...VNET })).toEqual([
      'location, vnetName (v1: vnet_name), vnetResourceGroupName (v1: vnet_resourcegroup_name), subnetName (v1: subnet_name), ' +
        'serviceCidr (v1: service_cidr), dnsServiceIp (v1: dns_service_ip), dockerBridgeCidr (v1: docker_bridge_cidr) apply only when ' +
        'provisioning a new cluster, but resourceId attaches an existing one: remove them.',
    ]);
  });
});

describe('other settings', () => {
  test('clusterSku, kubernetesVersion, maxPodsPerNode', () => {
    const { config } = resolveClusterConfig({ name: 'a', clusterSku: 'standard', kubernetesVersion: '1.29.4', maxPodsPerNode: 30 });
    expect(config.clusterSku).toBe('Standard');
    expect(config.kubernetesVersion).toBe('1.29.4');
    expect(config.maxPodsPerNode).toBe(30);
    expect(problemsOf({ name: 'a', clusterSku: 'Gold', kubernetesVersion: 'latest', maxPodsPerNode: 300 })).toEqual([
      'clusterSku must be one of "Free", "Standard", "Premium"; received "Gold".',
      'kubernetesVersion must be a Kubernetes version such as "1.29" or "1.29.4"; received "latest".',
      'maxPodsPerNode must be at most 250; received 300.',
    ]);
  });
});

describe('GPU pool', () => {
  test('resolved with the sku=gpu:NoSchedule taint', () => {
    const { config } = resolveClusterConfig({ name: 'a', gpuPool: { vmSize: 'standard_nc6s_v3', nodeCount: 2, minCount: 1, maxCount: 4 } });
    expect(config.gpuPool).toMatchObject({ name: 'gpu', mode: 'User', nodeCount: 2, minCount: 1, maxCount: 4, taints: ['sku=gpu:NoSchedule'] });
    expect(config.gpuPool?.vmSize.name).toBe('Standard_NC6s_v3');
    expect(config.gpuPool?.vmSize.gpus).toBe(1);
    expect(config.nodePools.map((p) => p.name)).toEqual(['agentpool', 'gpu']);
    expect(describeNodePool(config.gpuPool!)).toBe('2 × Standard_NC6s_v3 (6 vCPUs, 112 GiB, 1 GPU)');
  });

  test('a non-GPU or partial-GPU size is an error', () => {
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_D3_v2', nodeCount: 1 } })).toEqual([
      'gpuPool.vmSize must be a GPU size; it has no GPUs (set gpuPool.gpusPerNode if the catalog is wrong); received "Standard_D3_v2".',
    ]);
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NV6ads_A10_v5', nodeCount: 1 } })).toEqual([
      'gpuPool.vmSize must have at least one whole GPU per node; it has 1/6 of a GPU, and Kubernetes schedules whole GPUs (nvidia.com/gpu); received "Standard_NV6ads_A10_v5".',
    ]);
  });

  // Issue 13: vCPUs come from the name; a GPU count cannot, so an unknown GPU size needs gpusPerNode.
  test('unknown GPU sizes need overrides', () => {
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NX1', nodeCount: 1 } })).toEqual([
      'gpuPool.vmSize must be a GPU size; it has no GPUs (set gpuPool.gpusPerNode if the catalog is wrong); received "Standard_NX1".',
    ]);
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'NX1', nodeCount: 1 } })[0]).toMatch(
      /^gpuPool\.vmSize is not in the built-in VM size catalog.*\(missing: gpuPool\.vcpusPerNode and gpuPool\.memoryGiBPerNode\); received "NX1"\.$/,
    );
    const { config } = resolveClusterConfig({
      name: 'a',
      gpuPool: { vmSize: 'Standard_NX1', nodeCount: 1, vcpusPerNode: 8, memoryGiBPerNode: 64, gpusPerNode: 2 },
    });
    expect(config.gpuPool?.vmSize).toMatchObject({ vcpus: 8, memoryGiB: 64, gpus: 2 });
  });

  test('counts: min/max together, nodeCount between them', () => {
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, minCount: 1 } })).toEqual([
      'gpuPool.minCount and gpuPool.maxCount turn on the cluster autoscaler together: maxCount is missing.',
    ]);
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 5, minCount: 1, maxCount: 3 } })).toEqual([
      'gpuPool.nodeCount must be between minCount 1 and maxCount 3; received 5.',
    ]);
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 0 } })).toEqual([
      'gpuPool.nodeCount must be at least 1 without the cluster autoscaler (set minCount and maxCount to scale from zero); received 0.',
    ]);
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 0, minCount: 0, maxCount: 2 } })).toEqual([]);
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1.5 } })).toEqual([
      'gpuPool.nodeCount must be a whole number; received 1.5.',
    ]);
  });

  test('missing fields, bad names and non-objects', () => {
    expect(problemsOf({ name: 'a', gpuPool: {} })).toEqual([
      'gpuPool.vmSize is required: a GPU VM size such as "Standard_NC6s_v3"; received undefined.',
      'gpuPool.nodeCount is required; received undefined.',
    ]);
    expect(problemsOf({ name: 'a', gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, name: 'GPU-pool' } })[0]).toContain(
      'gpuPool.name must be 1 to 12 lowercase letters and digits',
    );
    expect(problemsOf({ name: 'a', gpuPool: 'Standard_NC6s_v3' })).toEqual([
      'gpuPool must be an object { vmSize, nodeCount, minCount?, maxCount? }; received "Standard_NC6s_v3".',
    ]);
  });
});

// What azureml-core accepted for a cluster (AksCompute.provisioning_configuration and
// AksCompute.attach_configuration, whose validate_configuration tests every setting by truthiness:
// `if self.vnet_name or ...`, `if not self.ssl_cname or ...`): issue 13.
describe('v1 accepted it, so it is accepted (issue 13)', () => {
  test('docker_bridge_cidr "172.17.0.1/16", Microsoft\'s own v1 VNet example (the bridge\'s address)', () => {
    const { config } = resolveClusterConfig({ name: 'a', ...VNET, dockerBridgeCidr: '172.17.0.1/16' });
    expect(config.vnet?.dockerBridgeCidr).toBe('172.17.0.1/16');
    // Its range (172.17.0.0/16) is still compared with serviceCidr.
    expect(problemsOf({ name: 'a', ...VNET, serviceCidr: '172.17.0.0/16', dnsServiceIp: '172.17.0.10', dockerBridgeCidr: '172.17.0.1/16' })).toEqual([
      'dockerBridgeCidr (v1: docker_bridge_cidr) must not overlap serviceCidr 172.17.0.0/16; received "172.17.0.1/16".',
    ]);
  });

  test('"" is not given: vm_size takes the default, and "" does not count in the TLS, vnet or attach groups', () => {
    expect(resolveClusterConfig({ name: 'a', vmSize: '' }).config.vmSize.name).toBe('Standard_D3_v2');
    const tls = resolveClusterConfig({ name: 'a', sslCname: '', sslCertPemFile: '', sslKeyPemFile: '', leafDomainLabel: 'myml' });
    expect(tls.config.tls).toEqual({ kind: 'leafDomainLabel', leafDomainLabel: 'myml', overwriteExistingDomain: false });
    const vnet = resolveClusterConfig({ name: 'a', vnetName: '', vnetResourceGroupName: '', subnetName: '', serviceCidr: '', dnsServiceIp: '', dockerBridgeCidr: '' });
    expect(vnet.config.vnet).toBeUndefined();
    const attach = resolveClusterConfig({ name: 'a', resourceId: '', resourceGroup: 'rg', clusterName: 'aks' });
    expect(attach.config.attach).toEqual({ resourceGroup: 'rg', clusterName: 'aks' });
    expect(resolveClusterConfig({ name: 'a', resourceGroup: '', clusterName: '' }).config.mode).toBe('provision');
  });

  test('attach arguments get no Azure name rule (v1 had none): a name Azure cannot give warns', () => {
    const { config, warnings } = resolveClusterConfig({ name: 'a', resourceGroup: 'rg.', clusterName: 'my aks', clusterPurpose: ClusterPurpose.DEV_TEST });
    expect(config.attach).toEqual({ resourceGroup: 'rg.', clusterName: 'my aks' });
    expect(warnings.filter((w) => w.id === 'aks-ml:cluster:attachNameNotAzure').map((w) => w.prop)).toEqual(['resourceGroup', 'clusterName']);
    expect(problemsOf({ name: 'a', resourceGroup: 5, clusterName: 'aks' })).toEqual(['resourceGroup (v1: resource_group) must be a string; received 5.']);
  });

  test('cluster_purpose in another letter case is no longer rewritten silently: it warns', () => {
    const { config, warnings } = resolveClusterConfig({ name: 'a', clusterPurpose: 'devtest' as ClusterPurpose });
    expect(config.clusterPurpose).toBe('DevTest');
    expect(warnings).toContainEqual({ id: 'aks-ml:cluster:purposeLetterCase', prop: 'clusterPurpose', message: '(v1: cluster_purpose) "devtest" is read as "DevTest"; write "DevTest" (v1 passed the value on as written).' });
  });
});
