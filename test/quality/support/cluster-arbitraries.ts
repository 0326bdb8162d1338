/**
 * fast-check generators for cluster props (resolveClusterConfig, the cdk8s AksCluster):
 * valid configurations of every shape (DevTest/production, catalog and custom sizes,
 * TLS, virtual network, GPU pool, attach), and the kinds of each prop for hostile values.
 */
import fc from 'fast-check';
import { ClusterPurpose, LoadBalancerType, VmSize } from 'aks-ml-constructs';
import { anyText, nonBlankText } from './arbitraries';

const SIZES = VmSize.knownSizes().map((n) => VmSize.of(n));
const GPU_SIZES = SIZES.filter((s) => s.gpus >= 1);

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

const clusterName = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_-]{0,20}[A-Za-z0-9])?$/);
const resourceGroup = fc.stringMatching(/^[-\w.()]{0,20}[-\w()]$/);
const guid = fc.uuid();
const pem = (kind: string) => fc.base64String({ minLength: 4, maxLength: 200 }).map((b) => `-----BEGIN ${kind}-----\n${b}\n-----END ${kind}-----\n`);
const hostname = fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/), { minLength: 2, maxLength: 4 }).map((l) => l.join('.'));

/** A size from the catalog or a custom one, with an agent count the purpose accepts. */
const nodes = fc.oneof(
  fc.record({
    purpose: fc.constantFrom<string | undefined>(undefined, ClusterPurpose.FAST_PROD, ClusterPurpose.DENSE_PROD, 'fastprod', 'DENSEPROD'),
    size: fc.constantFrom(...SIZES),
    extra: fc.integer({ min: 0, max: 20 }),
    byName: fc.boolean(),
  }).map(({ purpose, size, extra, byName }) => ({
    ...(purpose !== undefined ? { clusterPurpose: purpose } : {}),
    vmSize: byName ? size.name : size,
    agentCount: Math.min(1000, Math.max(3, Math.ceil(12 / size.vcpus)) + extra),
  })),
  fc.record({
    size: fc.constantFrom(...SIZES),
    agentCount: optional(fc.integer({ min: 1, max: 1000 })),
    purpose: fc.constantFrom(ClusterPurpose.DEV_TEST, 'devtest', 'DevTest'),
  }).map(({ size, agentCount, purpose }) => ({ clusterPurpose: purpose, vmSize: size.name, ...(agentCount !== undefined ? { agentCount } : {}) })),
  fc.record({
    name: fc.stringMatching(/^Custom_[A-Za-z0-9]{1,10}$/),
    vcpus: fc.integer({ min: 1, max: 416 }),
    memoryGiB: fc.double({ min: 0.5, max: 12_000, noNaN: true }),
  }).map(({ name, vcpus, memoryGiB }) => ({
    clusterPurpose: ClusterPurpose.DEV_TEST,
    vmSize: name,
    vcpusPerNode: vcpus,
    memoryGiBPerNode: memoryGiB,
    agentCount: 1,
  })),
);

/** TLS: none, CNAME + certificate + key (files or PEM), or a leaf domain label. */
const tls = fc.oneof(
  fc.constant({}),
  fc.record({
    sslCname: hostname,
    cert: fc.oneof(fc.constant('cert.pem').map((f) => ({ sslCertPemFile: f })), pem('CERTIFICATE').map((c) => ({ sslCert: c }))),
    key: fc.oneof(fc.constant('key.pem').map((f) => ({ sslKeyPemFile: f })), pem('RSA PRIVATE KEY').map((k) => ({ sslKey: k }))),
  }).map(({ sslCname, cert, key }) => ({ sslCname, ...cert, ...key })),
  fc.record({ leafDomainLabel: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/), overwriteExistingDomain: optional(fc.boolean()) }, { requiredKeys: ['leafDomainLabel'] }),
);

/** All six network settings: a service range, a DNS IP inside it (not its first two), a bridge range apart. */
const vnet = fc.record({
  vnetName: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}[A-Za-z0-9_]$/),
  vnetResourceGroupName: resourceGroup,
  subnetName: fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9_])?$/),
  second: fc.integer({ min: 0, max: 255 }),
  prefix: fc.integer({ min: 16, max: 28 }),
  dnsOffset: fc.integer({ min: 2, max: 13 }),
}).map(({ vnetName, vnetResourceGroupName, subnetName, second, prefix, dnsOffset }) => {
  const size = 2 ** (32 - prefix);
  const base = (10 * 2 ** 24) + (second * 2 ** 16);
  const ip = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
  return {
    vnetName,
    vnetResourceGroupName,
    subnetName,
    serviceCidr: `${ip(base)}/${prefix}`,
    dnsServiceIp: ip(base + Math.min(dnsOffset, size - 1)),
    dockerBridgeCidr: '172.17.0.0/16',
  };
});

const gpuPool = fc.record({
  size: fc.constantFrom(...GPU_SIZES),
  nodeCount: fc.integer({ min: 0, max: 10 }),
  autoscale: fc.option(fc.record({ min: fc.integer({ min: 0, max: 5 }), span: fc.integer({ min: 0, max: 20 }) }), { nil: undefined }),
  name: optional(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/).filter((n) => n !== 'agentpool')),
}).map(({ size, nodeCount, autoscale, name }) => {
  if (autoscale) {
    const max = Math.max(1, autoscale.min + autoscale.span);
    const count = Math.min(max, Math.max(autoscale.min, nodeCount));
    return { vmSize: size.name, nodeCount: count, minCount: autoscale.min, maxCount: max, ...(name ? { name } : {}) };
  }
  return { vmSize: size.name, nodeCount: Math.max(1, nodeCount), ...(name ? { name } : {}) };
});

/** A new cluster or an attached one (attached: no provisioning-only settings). */
const mode = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    location: fc.constantFrom('westeurope', 'eastus2', 'swedencentral'),
    clusterSku: optional(fc.constantFrom('Free', 'Standard', 'Premium', 'standard')),
    vnet: optional(vnet),
  }, { requiredKeys: ['location'] }).map(({ vnet: v, ...rest }) => ({ ...rest, ...(v ?? {}) })) },
  { weight: 1, arbitrary: fc.oneof(
    fc.tuple(guid, resourceGroup, clusterName).map(([s, g, n]) => ({ resourceId: `/subscriptions/${s}/resourceGroups/${g}/providers/Microsoft.ContainerService/managedClusters/${n}` })),
    fc.tuple(resourceGroup, clusterName).map(([resourceGroupName, name]) => ({ resourceGroup: resourceGroupName, clusterName: name })),
  ) },
);

/** Valid cluster props (core model + ASO options), every shape. */
export const validClusterProps: fc.Arbitrary<Record<string, any>> = fc
  .tuple(
    clusterName,
    nodes,
    tls,
    mode,
    fc.record({
      loadBalancer: fc.oneof(
        fc.constant({}),
        fc.constant({ loadBalancerType: LoadBalancerType.PUBLIC_IP }),
        fc.record({ loadBalancerType: fc.constant(LoadBalancerType.INTERNAL_LOAD_BALANCER), loadBalancerSubnet: optional(fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,10}[A-Za-z0-9_])?$/)) }, { requiredKeys: ['loadBalancerType'] }),
      ),
      kubernetesVersion: optional(fc.constantFrom('1.28', '1.29', '1.30.4', '1.31.2')),
      maxPodsPerNode: optional(fc.integer({ min: 10, max: 250 })),
      gpuPool: optional(gpuPool),
    }, { requiredKeys: ['loadBalancer'] }),
    fc.record({
      resourceGroupName: resourceGroup,
      subscriptionId: optional(guid),
      namespace: optional(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/)),
      tags: optional(fc.dictionary(fc.stringMatching(/^[A-Za-z0-9 _.-]{1,20}$/), fc.string({ maxLength: 40 }), { maxKeys: 5 })),
      dnsPrefix: optional(fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?$/)),
      keda: optional(fc.boolean()),
      blobCsiDriver: optional(fc.boolean()),
      kubeconfigSecret: optional(fc.oneof(fc.constant(false as const), fc.record({ name: optional(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/)), key: optional(fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/)) }, { requiredKeys: [] }))),
    }, { requiredKeys: ['resourceGroupName'] }),
  )
  .map(([name, n, t, m, { loadBalancer, ...rest }, aso]) => {
    const props: Record<string, any> = { name, ...n, ...t, ...m, ...loadBalancer, ...rest, ...aso };
    // The virtual network needs the subscription (the subnet is referenced by its ARM id).
    if (props.vnetName !== undefined && props.subscriptionId === undefined) props.subscriptionId = '00000000-0000-0000-0000-000000000000';
    return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
  });

/** The kind of each cluster prop, for values that are always wrong. */
export const CLUSTER_PROP_KINDS: Record<string, 'number' | 'boolean' | 'string' | 'map' | 'object'> = {
  name: 'string', clusterPurpose: 'string', agentCount: 'number', vmSize: 'string', vcpusPerNode: 'number',
  memoryGiBPerNode: 'number', gpusPerNode: 'number', location: 'string', loadBalancerType: 'string',
  loadBalancerSubnet: 'string', sslCname: 'string', sslCertPemFile: 'string', sslKeyPemFile: 'string', sslCert: 'string',
  sslKey: 'string', leafDomainLabel: 'string', overwriteExistingDomain: 'boolean', vnetName: 'string',
  vnetResourceGroupName: 'string', subnetName: 'string', serviceCidr: 'string', dnsServiceIp: 'string',
  dockerBridgeCidr: 'string', clusterSku: 'string', kubernetesVersion: 'string', maxPodsPerNode: 'number',
  resourceId: 'string', resourceGroup: 'string', clusterName: 'string', gpuPool: 'object',
};

/** Text that is not valid anywhere a cluster prop wants a name (includes 10 000 characters and unicode). */
export const anyClusterText = fc.oneof(anyText, nonBlankText);
