/**
 * validateClusterConfig: the non-throwing rules of the cluster (the model, and the
 * options of an engine given by `engine`), which resolveClusterConfig and both
 * engines' plans share.
 */
import {
  AksClusterConfigProps,
  ClusterPurpose,
  resolveClusterConfig,
  validateClusterConfig,
  ValidateClusterConfigOptions,
} from '../../../src/core/cluster';
import { ConfigurationError, ProblemCollector } from '../../../src/core/errors';
import { configurationErrorOf } from '../../support/errors';

const SUB = '00000000-1111-2222-3333-444444444444';

function validate(props: unknown, options?: ValidateClusterConfigOptions) {
  const c = new ProblemCollector();
  const warnings = validateClusterConfig(c, props as AksClusterConfigProps, options);
  return { problems: [...c.problems], warnings };
}

describe('validateClusterConfig collects every problem and never throws', () => {
  const bad = {
    name: '-bad-',
    clusterPurpose: ClusterPurpose.FAST_PROD,
    agentCount: 1,
    vmSize: 'Standard_D2_v2',
    sslCname: 'ml.contoso.com',
    vnetName: 'vnet',
    gpuPool: { vmSize: 'Standard_D4s_v5', nodeCount: 1 },
  };

  test('every problem of the model, in the order resolveClusterConfig reports them', () => {
    const { problems } = validate(bad);
    expect(problems.length).toBeGreaterThanOrEqual(6);
    expect(problems.join('\n')).toMatch(/^name must be 1 to 63 letters/m);
    expect(problems.join('\n')).toMatch(/FastProd needs at least 12/);
    expect(problems.join('\n')).toMatch(/At least 3 nodes are required for FastProd/);
    expect(problems.join('\n')).toMatch(/TLS settings are incomplete/);
    expect(problems.join('\n')).toMatch(/Virtual network settings are incomplete/);
    expect(problems.join('\n')).toMatch(/gpuPool.vmSize must be a GPU size/);
    const err = configurationErrorOf(() => resolveClusterConfig(bad));
    expect(err.problems).toEqual(problems);
    expect(err.message).toMatch(/^Invalid configuration for the AKS cluster configuration/);
  });

  test.each([null, undefined, 'aks', 42, [], () => 1])('a props value of %p is a problem, not an exception', (value) => {
    const { problems, warnings } = validate(value);
    expect(problems).toEqual([expect.stringMatching(/^props must be an object; received /)]);
    expect(warnings).toEqual([]);
  });

  test('problems land in the collector it is given, after the ones already there', () => {
    const c = new ProblemCollector();
    c.addRaw('an earlier problem');
    validateClusterConfig(c, { name: 'ok', agentCount: -1 });
    expect(c.problems[0]).toBe('an earlier problem');
    expect(c.problems.slice(1)).toEqual([expect.stringMatching(/^agentCount \(v1: agent_count\) must be a whole number of at least 1; received -1\./)]);
  });

  test('valid props: no problem, and the warnings of settings worth a second look', () => {
    const { problems, warnings } = validate({ name: 'dev', clusterPurpose: ClusterPurpose.DEV_TEST, vmSize: 'Standard_B1s' });
    expect(problems).toEqual([]);
    expect(warnings.map((w) => w.prop)).toEqual(['vmSize']);
    expect(warnings[0].message).toMatch(/recommends at least 2 vCPUs/);
    expect(resolveClusterConfig({ name: 'dev', clusterPurpose: ClusterPurpose.DEV_TEST, vmSize: 'Standard_B1s' }).warnings).toEqual(warnings);
  });

  test('without an engine, engine options are not the model\'s business', () => {
    expect(validate({ name: 'ml', location: 'westeurope', resourceGroupName: 'rg.', dnsPrefix: '-' }).problems).toEqual([]);
  });
});

describe('validateClusterConfig with engine "aso"', () => {
  test('the ASO options and what the configuration needs from them, after the model\'s problems', () => {
    const { problems } = validate({ name: 'ml', agentCount: 1, subscriptionId: 'nope', kedda: true }, { engine: 'aso' });
    expect(problems).toEqual([
      expect.stringMatching(/FastProd needs at least 12/),
      expect.stringMatching(/At least 3 nodes are required for FastProd/),
      'resourceGroupName is required: the Azure resource group of the cluster; received undefined.',
      expect.stringMatching(/^subscriptionId must be a subscription id/),
      'kedda is not a known prop; received true.',
    ]);
  });

  test('a provisioned cluster needs a location and, with a virtual network, a subscription', () => {
    const vnet = { vnetName: 'ml-vnet', vnetResourceGroupName: 'r', subnetName: 's', serviceCidr: '10.2.0.0/16', dnsServiceIp: '10.2.0.10', dockerBridgeCidr: '172.17.0.0/16' };
    const { problems } = validate({ name: 'ml', resourceGroupName: 'rg', ...vnet }, { engine: 'aso' });
    expect(problems).toEqual([
      expect.stringMatching(/^location \(v1: location\) is required with Azure Service Operator/),
      expect.stringMatching(/^subscriptionId is required with the virtual network settings/),
    ]);
    expect(validate({ name: 'ml', resourceGroupName: 'rg', location: 'westeurope', subscriptionId: SUB, ...vnet }, { engine: 'aso' }).problems).toEqual([]);
  });

  test('the warnings of the objects: the docker bridge and TLS cannot take effect', () => {
    const { problems, warnings } = validate({
      name: 'ml', location: 'westeurope', resourceGroupName: 'rg', subscriptionId: SUB,
      vnetName: 'ml-vnet', vnetResourceGroupName: 'r', subnetName: 's', serviceCidr: '10.2.0.0/16', dnsServiceIp: '10.2.0.10', dockerBridgeCidr: '172.17.0.0/16',
      leafDomainLabel: 'mlprod',
    }, { engine: 'aso' });
    expect(problems).toEqual([]);
    expect(warnings.map((w) => w.prop)).toEqual(['dockerBridgeCidr', 'leafDomainLabel']);
    expect(warnings[1].message).toMatch(/which these objects do not do: it reaches the gateway with AksMlGateway tls.certificate GatewayTls.fromV1Cluster/);
  });

  test('resolveClusterConfig with the engine: one error with the subject it is given', () => {
    const err = configurationErrorOf(() => resolveClusterConfig({ name: 'ml', agentCount: 1 }, { engine: 'aso', subject: 'AksCluster "ml"' }));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toMatch(/^Invalid configuration for AksCluster "ml": 3 problems/);
  });
});

describe('validateClusterConfig with engine "azure-native"', () => {
  const deferred = { then: () => undefined };
  const isDeferred = (v: unknown) => v === deferred;

  test('the azure-native options, after the model\'s problems', () => {
    const { problems } = validate({ name: 'ml', agentCount: 1, dnsPrefix: '-', nodeCount: 3, workspace: {} }, { engine: 'azure-native' });
    expect(problems).toEqual([
      expect.stringMatching(/FastProd needs at least 12/),
      expect.stringMatching(/At least 3 nodes are required for FastProd/),
      'nodeCount is not a known prop of AksCluster; received 3.',
      expect.stringMatching(/^dnsPrefix must be 1 to 54/),
      'workspace.workspaceName is required: the Azure ML workspace to register the cluster in; received undefined.',
    ]);
  });

  test('values the engine resolves later are accepted where a string is, only when isDeferred tells them', () => {
    const props = { name: 'ml', resourceGroupName: deferred, subscriptionId: deferred, workspace: { workspaceName: deferred } };
    expect(validate(props, { engine: 'azure-native', isDeferred }).problems).toEqual([]);
    expect(validate(props, { engine: 'azure-native' }).problems).toEqual([
      'resourceGroupName must be a string or an Output; received {}.',
      'subscriptionId must be a string or an Output; received {}.',
      'workspace.workspaceName must be a non-empty string or an Output; received {}.',
    ]);
  });

  test('a new cluster needs a resource group; an attached one takes no provisioning option', () => {
    expect(validate({ name: 'ml' }, { engine: 'azure-native' }).problems).toEqual([expect.stringMatching(/^A new cluster needs a resource group/)]);
    const resourceId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/x`;
    expect(validate({ name: 'ml', resourceId, dnsPrefix: 'x' }, { engine: 'azure-native' }).problems).toEqual([
      expect.stringMatching(/^dnsPrefix applies only when provisioning a new cluster/),
    ]);
  });

  test('TLS without a workspace registration warns; the PEM files of a registration are read and checked', () => {
    const { problems, warnings } = validate({ name: 'ml', resourceGroupName: 'rg', leafDomainLabel: 'mlprod' }, { engine: 'azure-native' });
    expect(problems).toEqual([]);
    expect(warnings).toEqual([{ id: 'aks-ml:cluster:tlsWithoutWorkspace', prop: 'leafDomainLabel', message: expect.stringMatching(/set workspace to register the cluster/) }]);
    const files = validate({
      name: 'ml', resourceGroupName: 'rg', sslCname: 'ml.contoso.com', sslCertPemFile: '/nonexistent/cert.pem', sslKeyPemFile: '/nonexistent/key.pem', workspace: { workspaceName: 'mlw' },
    }, { engine: 'azure-native' });
    expect(files.problems).toEqual([
      'sslCertPemFile (v1: ssl_cert_pem_file) must be a readable file (ENOENT); received "/nonexistent/cert.pem".',
      'sslKeyPemFile (v1: ssl_key_pem_file) must be a readable file (ENOENT); received "/nonexistent/key.pem".',
    ]);
  });
});
