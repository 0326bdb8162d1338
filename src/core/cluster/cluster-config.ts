/**
 * The Azure ML SDK v1 `AksCompute` cluster model: the parameters of
 * `AksCompute.provisioning_configuration` / `attach_configuration` / `enable_ssl`
 * as camelCase props with the v1 defaults, the v1 all-or-none rules, and the
 * purpose rules that the Azure ML service used to check on creation
 * (FastProd: agent_count × vCPUs >= 12 and at least 3 nodes), checked here
 * before anything is deployed.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { checkBoolean, checkNumber, checkString, isPlainObject } from '../validation';
import { VmSize, unknownVmSizeRule } from './vm-sizes';

/** What the cluster is for (v1: `AksCompute.ClusterPurpose`). */
export enum ClusterPurpose {
  /** A single node is enough; not for production traffic. v1: `DEV_TEST`. */
  DEV_TEST = 'DevTest',
  /** Production: at least 3 nodes and 12 vCPUs. The v1 default. v1: `FAST_PROD`. */
  FAST_PROD = 'FastProd',
  /** Production, densely packed (known to the REST API); same minimums as FastProd. */
  DENSE_PROD = 'DenseProd',
}

/** How the scoring endpoint is exposed (v1: `load_balancer_type`). */
export enum LoadBalancerType {
  /** A public IP address. The v1 default. */
  PUBLIC_IP = 'PublicIp',
  /** An internal load balancer in a subnet of the cluster's virtual network. */
  INTERNAL_LOAD_BALANCER = 'InternalLoadBalancer',
}

/** Purposes that carry the production minimums. */
export const PRODUCTION_PURPOSES: readonly ClusterPurpose[] = [ClusterPurpose.FAST_PROD, ClusterPurpose.DENSE_PROD];
/** Minimum total vCPUs (agentCount × vCPUs per node) for a production purpose. */
export const PRODUCTION_MIN_VCPUS = 12;
/** Minimum number of nodes for a production purpose. */
export const PRODUCTION_MIN_NODES = 3;
/** Recommended minimum total vCPUs for a DevTest cluster (a warning below it). */
export const DEV_TEST_RECOMMENDED_VCPUS = 2;
/** AKS cluster names: 1 to 63 letters, digits, '-' and '_', starting and ending with a letter or digit. */
export const AKS_CLUSTER_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

/** An optional GPU user node pool, tainted `sku=gpu:NoSchedule`. */
export interface AksGpuPoolProps {
  /** The pool's VM size: a catalog name such as `Standard_NC6s_v3`, or a {@link VmSize}. */
  readonly vmSize: string | VmSize;
  /** Nodes in the pool (0 is allowed with the cluster autoscaler). */
  readonly nodeCount: number;
  /**
   * Minimum nodes for the cluster autoscaler (set with maxCount).
   * @default - no autoscaler
   */
  readonly minCount?: number;
  /**
   * Maximum nodes for the cluster autoscaler (set with minCount).
   * @default - no autoscaler
   */
  readonly maxCount?: number;
  /**
   * The node pool name (AKS Linux pools: 1 to 12 lowercase letters and digits, starting with a letter).
   * @default "gpu"
   */
  readonly name?: string;
  /**
   * vCPUs per node, for a size the catalog does not know (or to override it).
   * @default - from the catalog
   */
  readonly vcpusPerNode?: number;
  /**
   * Memory per node in GiB, for a size the catalog does not know (or to override it).
   * @default - from the catalog
   */
  readonly memoryGiBPerNode?: number;
  /**
   * GPUs per node, for a size the catalog does not know (or to override it).
   * @default - from the catalog (0 for an unknown size)
   */
  readonly gpusPerNode?: number;
}

/**
 * The parameters of v1 `AksCompute.provisioning_configuration`,
 * `AksCompute.attach_configuration` and `AksCompute.enable_ssl`, camelCased.
 * Giving `resourceId`, or `resourceGroup` + `clusterName`, attaches an existing
 * cluster; otherwise a new cluster is described. For an attached cluster,
 * `agentCount` and `vmSize` describe the existing nodes (the purpose rules and
 * the capacity checks use them).
 */
export interface AksClusterConfigProps {
  /** The compute target / cluster name: 1 to 63 letters, digits, '-' and '_'. */
  readonly name: string;
  /**
   * What the cluster is for. v1: `cluster_purpose`.
   * @default ClusterPurpose.FAST_PROD
   */
  readonly clusterPurpose?: ClusterPurpose;
  /**
   * Number of agent nodes. v1: `agent_count`.
   * @default 3 (1 for ClusterPurpose.DEV_TEST)
   */
  readonly agentCount?: number;
  /**
   * The agent VM size. v1: `vm_size`.
   * @default "Standard_D3_v2"
   */
  readonly vmSize?: string | VmSize;
  /**
   * vCPUs per node: required (with memoryGiBPerNode) when vmSize is not in the
   * catalog; otherwise overrides the catalog (with a warning when it differs).
   * @default - from the catalog
   */
  readonly vcpusPerNode?: number;
  /**
   * Memory per node in GiB: required (with vcpusPerNode) when vmSize is not in the catalog.
   * @default - from the catalog
   */
  readonly memoryGiBPerNode?: number;
  /**
   * GPUs per node, for a size the catalog does not know.
   * @default - from the catalog (0 for an unknown size)
   */
  readonly gpusPerNode?: number;
  /**
   * The Azure region. v1: `location`. Provisioning only.
   * @default - the workspace's location
   */
  readonly location?: string;
  /**
   * How the scoring endpoint is exposed. v1: `load_balancer_type`.
   * @default LoadBalancerType.PUBLIC_IP
   */
  readonly loadBalancerType?: LoadBalancerType;
  /**
   * The subnet of the internal load balancer. v1: `load_balancer_subnet`.
   * Only with LoadBalancerType.INTERNAL_LOAD_BALANCER.
   * @default "aks-subnet" with an internal load balancer
   */
  readonly loadBalancerSubnet?: string;
  /**
   * The CNAME for TLS, with the certificate and key. v1: `ssl_cname`.
   * @default - no TLS with your own certificate
   */
  readonly sslCname?: string;
  /**
   * Path of the PEM certificate file. v1: `ssl_cert_pem_file`. Or give sslCert.
   * @default - none
   */
  readonly sslCertPemFile?: string;
  /**
   * Path of the PEM private key file. v1: `ssl_key_pem_file`. Or give sslKey.
   * @default - none
   */
  readonly sslKeyPemFile?: string;
  /**
   * The PEM certificate itself (instead of sslCertPemFile).
   * @default - none
   */
  readonly sslCert?: string;
  /**
   * The PEM private key itself (instead of sslKeyPemFile). Never shown in messages.
   * @default - none
   */
  readonly sslKey?: string;
  /**
   * Leaf domain label for a Microsoft-issued certificate. v1: `leaf_domain_label`.
   * Excludes sslCname, certificate and key.
   * @default - none
   */
  readonly leafDomainLabel?: string;
  /**
   * Overwrite an existing leaf domain label. v1: `overwrite_existing_domain`.
   * Only with leafDomainLabel.
   * @default false
   */
  readonly overwriteExistingDomain?: boolean;
  /**
   * The virtual network. v1: `vnet_name`. All six network settings, or none.
   * @default - a network created by AKS
   */
  readonly vnetName?: string;
  /**
   * The virtual network's resource group. v1: `vnet_resourcegroup_name`.
   * @default - none
   */
  readonly vnetResourceGroupName?: string;
  /**
   * The subnet of the nodes. v1: `subnet_name`.
   * @default - none
   */
  readonly subnetName?: string;
  /**
   * The Kubernetes service address range (IPv4 CIDR). v1: `service_cidr`.
   * @default - none
   */
  readonly serviceCidr?: string;
  /**
   * The cluster DNS service IP, inside serviceCidr. v1: `dns_service_ip`.
   * @default - none
   */
  readonly dnsServiceIp?: string;
  /**
   * The Docker bridge address range (IPv4 CIDR). v1: `docker_bridge_cidr`.
   * @default - none
   */
  readonly dockerBridgeCidr?: string;
  /**
   * The AKS pricing tier: "Free", "Standard" or "Premium". Provisioning only.
   * @default - the AKS default ("Free")
   */
  readonly clusterSku?: string;
  /**
   * The Kubernetes version (`1.29` or `1.29.4`). Also selects the AKS memory
   * reservation model used by the capacity checks (before 1.29: 750Mi eviction
   * threshold and a regressive reservation).
   * @default - the AKS default (the capacity checks assume 1.29 or later)
   */
  readonly kubernetesVersion?: string;
  /**
   * Maximum pods per node (AKS: 10 to 250). Used by the memory reservation
   * formula (20 MB × maxPods + 50 MB, at most 25% of memory).
   * @default 110 (the AKS default with kubenet; Azure CNI node-subnet clusters default to 30)
   */
  readonly maxPodsPerNode?: number;
  /**
   * Attach the cluster with this ARM resource id. v1: `resource_id`.
   * @default - provision a new cluster
   */
  readonly resourceId?: string;
  /**
   * Attach the cluster in this resource group (with clusterName). v1: `resource_group`.
   * @default - provision a new cluster
   */
  readonly resourceGroup?: string;
  /**
   * Attach the cluster with this name (with resourceGroup). v1: `cluster_name`.
   * @default - provision a new cluster
   */
  readonly clusterName?: string;
  /**
   * A GPU user node pool, tainted `sku=gpu:NoSchedule`.
   * @default - no GPU pool
   */
  readonly gpuPool?: AksGpuPoolProps;
}

/** The v1 Python name of each prop that had one. */
export const V1_CLUSTER_PARAMETER_NAMES: Readonly<Partial<Record<keyof AksClusterConfigProps, string>>> = {
  name: 'name',
  clusterPurpose: 'cluster_purpose',
  agentCount: 'agent_count',
  vmSize: 'vm_size',
  location: 'location',
  loadBalancerType: 'load_balancer_type',
  loadBalancerSubnet: 'load_balancer_subnet',
  sslCname: 'ssl_cname',
  sslCertPemFile: 'ssl_cert_pem_file',
  sslKeyPemFile: 'ssl_key_pem_file',
  leafDomainLabel: 'leaf_domain_label',
  overwriteExistingDomain: 'overwrite_existing_domain',
  vnetName: 'vnet_name',
  vnetResourceGroupName: 'vnet_resourcegroup_name',
  subnetName: 'subnet_name',
  serviceCidr: 'service_cidr',
  dnsServiceIp: 'dns_service_ip',
  dockerBridgeCidr: 'docker_bridge_cidr',
  resourceId: 'resource_id',
  resourceGroup: 'resource_group',
  clusterName: 'cluster_name',
};

/** Every prop of the cluster model (engines use it to tell their own options apart). */
export const CLUSTER_CONFIG_PROPS: readonly (keyof AksClusterConfigProps)[] = [
  'name', 'clusterPurpose', 'agentCount', 'vmSize', 'vcpusPerNode', 'memoryGiBPerNode', 'gpusPerNode',
  'location', 'loadBalancerType', 'loadBalancerSubnet', 'sslCname', 'sslCertPemFile', 'sslKeyPemFile',
  'sslCert', 'sslKey', 'leafDomainLabel', 'overwriteExistingDomain', 'vnetName', 'vnetResourceGroupName',
  'subnetName', 'serviceCidr', 'dnsServiceIp', 'dockerBridgeCidr', 'clusterSku', 'kubernetesVersion',
  'maxPodsPerNode', 'resourceId', 'resourceGroup', 'clusterName', 'gpuPool',
];

/** The six v1 virtual-network settings, all required together. */
export const VNET_PROPS = [
  'vnetName',
  'vnetResourceGroupName',
  'subnetName',
  'serviceCidr',
  'dnsServiceIp',
  'dockerBridgeCidr',
] as const;

/** The v1 defaults of the cluster. */
export const CLUSTER_DEFAULTS = {
  clusterPurpose: ClusterPurpose.FAST_PROD,
  agentCountProduction: 3,
  agentCountDevTest: 1,
  vmSize: 'Standard_D3_v2',
  loadBalancerType: LoadBalancerType.PUBLIC_IP,
  loadBalancerSubnet: 'aks-subnet',
  maxPodsPerNode: 110,
  gpuPoolName: 'gpu',
  gpuTaint: 'sku=gpu:NoSchedule',
  systemPoolName: 'agentpool',
} as const;

/** A node pool with every default applied. */
export interface ResolvedNodePool {
  /** The AKS agent pool name. */
  readonly name: string;
  /** `System` for the agent pool, `User` for the GPU pool. */
  readonly mode: 'System' | 'User';
  readonly vmSize: VmSize;
  readonly nodeCount: number;
  readonly minCount?: number;
  readonly maxCount?: number;
  /** Node taints, e.g. `sku=gpu:NoSchedule`. */
  readonly taints: readonly string[];
  /** Node labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** TLS with your own certificate (v1 `ssl_cname` + cert + key). */
export interface ResolvedCnameTls {
  readonly kind: 'cname';
  readonly cname: string;
  readonly certPemFile?: string;
  readonly keyPemFile?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** TLS with a Microsoft-issued certificate (v1 `leaf_domain_label`). */
export interface ResolvedLeafDomainTls {
  readonly kind: 'leafDomainLabel';
  readonly leafDomainLabel: string;
  readonly overwriteExistingDomain: boolean;
}

/** The six network settings, all present. */
export interface ResolvedVnetSettings {
  readonly vnetName: string;
  readonly vnetResourceGroupName: string;
  readonly subnetName: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  readonly dockerBridgeCidr: string;
}

/** The cluster configuration with every default applied. */
export interface ResolvedClusterConfig {
  /** `provision` a new cluster or `attach` an existing one. */
  readonly mode: 'provision' | 'attach';
  readonly name: string;
  readonly clusterPurpose: ClusterPurpose;
  readonly agentCount: number;
  readonly vmSize: VmSize;
  /** agentCount × vCPUs of vmSize. */
  readonly totalVcpus: number;
  readonly location?: string;
  readonly loadBalancerType: LoadBalancerType;
  /** Set with an internal load balancer. */
  readonly loadBalancerSubnet?: string;
  readonly tls?: ResolvedCnameTls | ResolvedLeafDomainTls;
  readonly vnet?: ResolvedVnetSettings;
  /** "Free", "Standard" or "Premium" when given. */
  readonly clusterSku?: string;
  readonly kubernetesVersion?: string;
  readonly maxPodsPerNode: number;
  /** Set when attaching. */
  readonly attach?: { readonly resourceId?: string; readonly resourceGroup?: string; readonly clusterName?: string };
  /** The agent (system) pool: agentCount × vmSize. */
  readonly systemPool: ResolvedNodePool;
  readonly gpuPool?: ResolvedNodePool;
  /** Every pool, the system pool first. */
  readonly nodePools: readonly ResolvedNodePool[];
  /** The props the user set explicitly. */
  readonly explicitlySet: readonly (keyof AksClusterConfigProps)[];
}

function label(prop: string): string {
  const v1 = (V1_CLUSTER_PARAMETER_NAMES as Record<string, string | undefined>)[prop];
  return v1 && v1 !== prop ? `${prop} (v1: ${v1})` : prop;
}

// --- IPv4 helpers ------------------------------------------------------------

function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

interface Cidr {
  readonly base: number;
  readonly prefix: number;
  readonly size: number;
}

function parseCidr(s: string): Cidr | undefined {
  const m = /^([0-9.]{7,15})\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const base = parseIpv4(m[1]);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32 || (m[2].length > 1 && m[2].startsWith('0'))) return undefined;
  return { base, prefix, size: 2 ** (32 - prefix) };
}

function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function checkCidr(c: ProblemCollector, prop: string, value: unknown): Cidr | undefined {
  if (!checkString(c, label(prop), value, { maxLength: 64 })) return undefined;
  const cidr = parseCidr(value as string);
  if (!cidr) {
    c.add(label(prop), value, 'must be an IPv4 range in CIDR notation, e.g. "10.0.0.0/16"');
    return undefined;
  }
  if (cidr.base % cidr.size !== 0) {
    const network = cidr.base - (cidr.base % cidr.size);
    c.add(label(prop), value, `must start at a network address: did you mean "${formatIpv4(network)}/${cidr.prefix}"?`);
    return undefined;
  }
  return cidr;
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

// --- Name rules ----------------------------------------------------------------

const AZURE_RESOURCE_ID_PATTERN =
  /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.ContainerService\/managedClusters\/[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/i;
/** Resource group names: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending in '.'. */
const RESOURCE_GROUP_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;
/** Virtual network names: 2-64 chars, start with a letter or digit, end with a letter, digit or '_'. */
const VNET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$/;
/** Subnet names: 1-80 chars, start with a letter or digit, end with a letter, digit or '_'. */
const SUBNET_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
/** DNS host names (the TLS CNAME). */
const HOSTNAME_PATTERN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** DNS label (the leaf domain label). */
const DNS_LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** AKS Linux node pool names. */
const NODE_POOL_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;
const KUBERNETES_VERSION_PATTERN = /^(\d{1,3})\.(\d{1,3})(?:\.(\d{1,4}))?$/;
const VM_SIZE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const CLUSTER_SKUS = ['Free', 'Standard', 'Premium'];
/** AKS: at most 1000 nodes per node pool. */
const MAX_NODES_PER_POOL = 1000;

function checkPattern(c: ProblemCollector, prop: string, value: unknown, pattern: RegExp, rule: string, maxLength = 256): boolean {
  if (value === undefined) return true;
  if (!checkString(c, label(prop), value, { maxLength })) return false;
  if (!pattern.test(value as string)) {
    c.add(label(prop), value, rule);
    return false;
  }
  return true;
}

/** Matches a string against an enum's values, case-insensitively. */
function enumValue<T extends string>(values: readonly T[], value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  return values.find((v) => v.toLowerCase() === value.toLowerCase());
}

// --- VM size resolution --------------------------------------------------------

interface SizeOverrides {
  readonly vcpus: unknown;
  readonly memoryGiB: unknown;
  readonly gpus: unknown;
}

/**
 * Resolves a pool's VM size: catalog name, VmSize object, or unknown name +
 * explicit overrides. Adds problems to `c`; returns undefined when it cannot.
 */
function resolveVmSize(
  c: ProblemCollector,
  warnings: ConfigurationWarning[],
  prop: string,
  overrideProps: { vcpus: string; memoryGiB: string; gpus: string },
  value: unknown,
  overrides: SizeOverrides,
): VmSize | undefined {
  const vOk = checkNumber(c, overrideProps.vcpus, overrides.vcpus, { atLeast: 1, integer: true, boundText: 'must be a whole number of at least 1' });
  const mOk = checkNumber(c, overrideProps.memoryGiB, overrides.memoryGiB, { greaterThan: 0, boundText: 'must be greater than zero' });
  const gOk = checkNumber(c, overrideProps.gpus, overrides.gpus, { atLeast: 0, boundText: 'must be greater than or equal to zero' });
  const shown = prop === 'vmSize' ? label('vmSize') : prop;
  let base: VmSize | undefined;
  let name: string;
  if (value instanceof VmSize) {
    base = value;
    name = value.name;
  } else {
    if (!checkString(c, shown, value, { maxLength: 128 })) return undefined;
    if (!VM_SIZE_NAME_PATTERN.test(value as string)) {
      c.add(shown, value, 'must be an Azure VM size name such as "Standard_D3_v2" (letters, digits, "_", "-" and ".")');
      return undefined;
    }
    name = value as string;
    base = VmSize.tryOf(name);
  }
  if (!vOk || !mOk || !gOk) return undefined;
  const vcpus = overrides.vcpus as number | undefined;
  const mem = overrides.memoryGiB as number | undefined;
  const gpus = overrides.gpus as number | undefined;
  if (!base) {
    if (vcpus === undefined || mem === undefined) {
      const missing = [vcpus === undefined ? overrideProps.vcpus : undefined, mem === undefined ? overrideProps.memoryGiB : undefined]
        .filter((x): x is string => x !== undefined)
        .join(' and ');
      c.add(shown, name, `${unknownVmSizeRule()} (missing: ${missing})`);
      return undefined;
    }
    return VmSize.custom({ name, vcpus, memoryGiB: mem, gpus: gpus ?? 0 });
  }
  if (vcpus === undefined && mem === undefined && gpus === undefined) return base;
  const differs: string[] = [];
  if (vcpus !== undefined && vcpus !== base.vcpus) differs.push(`${overrideProps.vcpus} ${vcpus} (catalog: ${base.vcpus})`);
  if (mem !== undefined && mem !== base.memoryGiB) differs.push(`${overrideProps.memoryGiB} ${mem} (catalog: ${base.memoryGiB})`);
  if (gpus !== undefined && gpus !== base.gpus) differs.push(`${overrideProps.gpus} ${gpus} (catalog: ${base.gpusText})`);
  if (differs.length > 0) {
    warnings.push({
      prop: overrideProps.vcpus.replace(/vcpusPerNode$/, 'vmSize'),
      message:
        `${differs.join(', ')} replace the catalog values for ${base.name}` +
        `${base.source ? ` (${base.source})` : ''}; remove the override unless the catalog is wrong.`,
    });
  }
  return VmSize.custom({
    name: base.name,
    vcpus: vcpus ?? base.vcpus,
    memoryGiB: mem ?? base.memoryGiB,
    gpus: gpus ?? base.gpus,
    ...(base.gpuType !== undefined ? { gpuType: base.gpuType } : {}),
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// --- Validation and resolution -----------------------------------------------------

/**
 * Validates and resolves a cluster configuration. Throws one
 * {@link ConfigurationError} listing every problem; returns the configuration
 * with every default applied and the warnings (settings that are accepted but
 * worth a second look).
 */
export function resolveClusterConfig(props: AksClusterConfigProps): {
  config: ResolvedClusterConfig;
  warnings: ConfigurationWarning[];
} {
  const c = new ProblemCollector();
  const warnings: ConfigurationWarning[] = [];
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    c.throwIfAny('the AKS cluster configuration');
  }
  const p = props as unknown as Record<string, unknown>;

  // Name.
  if (p.name === undefined) {
    c.add('name', p.name, 'is required: the compute target / AKS cluster name');
  } else {
    checkPattern(c, 'name', p.name, AKS_CLUSTER_NAME_PATTERN,
      'must be 1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit', 63);
  }

  // Purpose.
  let purpose: ClusterPurpose = CLUSTER_DEFAULTS.clusterPurpose;
  if (p.clusterPurpose !== undefined) {
    const v = enumValue(Object.values(ClusterPurpose), p.clusterPurpose);
    if (v === undefined) {
      c.add(label('clusterPurpose'), p.clusterPurpose, `must be one of ${Object.values(ClusterPurpose).map((x) => `"${x}"`).join(', ')}`);
    } else {
      purpose = v;
    }
  }
  const production = PRODUCTION_PURPOSES.includes(purpose);

  // Nodes.
  const agentCountOk = checkNumber(c, label('agentCount'), p.agentCount, {
    atLeast: 1, atMost: MAX_NODES_PER_POOL, integer: true, boundText: 'must be a whole number of at least 1',
  });
  const agentCount = agentCountOk && p.agentCount !== undefined
    ? (p.agentCount as number)
    : production ? CLUSTER_DEFAULTS.agentCountProduction : CLUSTER_DEFAULTS.agentCountDevTest;
  const vmSize = resolveVmSize(
    c, warnings, 'vmSize',
    { vcpus: 'vcpusPerNode', memoryGiB: 'memoryGiBPerNode', gpus: 'gpusPerNode' },
    p.vmSize === undefined ? CLUSTER_DEFAULTS.vmSize : p.vmSize,
    { vcpus: p.vcpusPerNode, memoryGiB: p.memoryGiBPerNode, gpus: p.gpusPerNode },
  );

  // Purpose rules (v1: checked by the service at creation; here before deployment).
  if (agentCountOk && vmSize) {
    const total = agentCount * vmSize.vcpus;
    if (production) {
      if (total < PRODUCTION_MIN_VCPUS) {
        const needed = Math.max(PRODUCTION_MIN_NODES, Math.ceil(PRODUCTION_MIN_VCPUS / vmSize.vcpus));
        c.addRaw(
          `${vmSize.name} has ${plural(vmSize.vcpus, 'vCPU')}; ${plural(agentCount, 'node')} ${agentCount === 1 ? 'gives' : 'give'} ${total}, ` +
            `${purpose} needs at least ${PRODUCTION_MIN_VCPUS}: use agentCount >= ${needed} or a larger size ` +
            `(v1: "The number of nodes multiplied by the virtual machine's number of cores (vCPUs) must be greater than or equal to ${PRODUCTION_MIN_VCPUS}").`,
        );
      }
      if (agentCount < PRODUCTION_MIN_NODES) {
        c.addRaw(
          `At least ${PRODUCTION_MIN_NODES} nodes are required for ${purpose}; agentCount (v1: agent_count) is ${agentCount}: ` +
            `use agentCount >= ${PRODUCTION_MIN_NODES}, or clusterPurpose "${ClusterPurpose.DEV_TEST}" for a cluster that does not serve production traffic.`,
        );
      }
    } else if (total < DEV_TEST_RECOMMENDED_VCPUS) {
      warnings.push({
        prop: 'vmSize',
        message:
          `${vmSize.name} has ${plural(vmSize.vcpus, 'vCPU')}; ${plural(agentCount, 'node')} ${agentCount === 1 ? 'gives' : 'give'} ${total}, ` +
          `and Azure ML recommends at least ${DEV_TEST_RECOMMENDED_VCPUS} vCPUs for a ${ClusterPurpose.DEV_TEST} cluster: ` +
          'use a larger size or more nodes.',
      });
    }
  }

  // Attach or provision.
  const attachProps = ['resourceId', 'resourceGroup', 'clusterName'].filter((k) => p[k] !== undefined);
  const attaching = attachProps.length > 0;
  if (p.resourceId !== undefined) {
    checkPattern(c, 'resourceId', p.resourceId, AZURE_RESOURCE_ID_PATTERN,
      'must be an AKS resource id: /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<name>', 1024);
    if (p.resourceGroup !== undefined || p.clusterName !== undefined) {
      c.addRaw(
        'resourceId (v1: resource_id) and resourceGroup/clusterName (v1: resource_group/cluster_name) are both set: ' +
          'attach a cluster by its resource id or by resource group + cluster name, not both.',
      );
    }
  } else if (attaching) {
    checkPattern(c, 'resourceGroup', p.resourceGroup, RESOURCE_GROUP_PATTERN,
      'must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."', 90);
    checkPattern(c, 'clusterName', p.clusterName, AKS_CLUSTER_NAME_PATTERN,
      'must be 1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit', 63);
    const missing = (['resourceGroup', 'clusterName'] as const).filter((k) => p[k] === undefined);
    if (missing.length > 0) {
      c.addRaw(
        `To attach a cluster by name, give both resourceGroup (v1: resource_group) and clusterName (v1: cluster_name); ` +
          `${missing.map(label).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing (or give resourceId instead).`,
      );
    }
  }
  if (attaching) {
    const provisionOnly = (['location', 'clusterSku', ...VNET_PROPS] as const).filter((k) => p[k] !== undefined);
    if (provisionOnly.length > 0) {
      c.addRaw(
        `${provisionOnly.map(label).join(', ')} ${provisionOnly.length === 1 ? 'applies' : 'apply'} only when provisioning a new cluster, ` +
          `but ${attachProps.join(' and ')} attach${attachProps.length === 1 ? 'es' : ''} an existing one: remove ${provisionOnly.length === 1 ? 'it' : 'them'}.`,
      );
    }
  }

  // Location, SKU, version, pods.
  checkString(c, label('location'), p.location, { maxLength: 64 });
  let clusterSku: string | undefined;
  if (p.clusterSku !== undefined) {
    clusterSku = enumValue(CLUSTER_SKUS, p.clusterSku);
    if (clusterSku === undefined) c.add('clusterSku', p.clusterSku, `must be one of ${CLUSTER_SKUS.map((x) => `"${x}"`).join(', ')}`);
  }
  checkPattern(c, 'kubernetesVersion', p.kubernetesVersion, KUBERNETES_VERSION_PATTERN,
    'must be a Kubernetes version such as "1.29" or "1.29.4"', 32);
  const maxPodsOk = checkNumber(c, 'maxPodsPerNode', p.maxPodsPerNode, {
    atLeast: 10, atMost: 250, integer: true, boundText: 'must be a whole number from 10 to 250 (the AKS range)',
  });

  // Load balancer.
  let lbType: LoadBalancerType = CLUSTER_DEFAULTS.loadBalancerType;
  let lbTypeOk = true;
  if (p.loadBalancerType !== undefined) {
    const v = enumValue(Object.values(LoadBalancerType), p.loadBalancerType);
    if (v === undefined) {
      lbTypeOk = false;
      c.add(label('loadBalancerType'), p.loadBalancerType, `must be one of ${Object.values(LoadBalancerType).map((x) => `"${x}"`).join(', ')}`);
    } else {
      lbType = v;
    }
  }
  if (p.loadBalancerSubnet !== undefined) {
    const subnetOk = checkPattern(c, 'loadBalancerSubnet', p.loadBalancerSubnet, SUBNET_NAME_PATTERN,
      'must be a subnet name: 1 to 80 letters, digits, "_", "-" and ".", starting with a letter or digit and ending with a letter, digit or "_"', 80);
    if (subnetOk && lbTypeOk && lbType !== LoadBalancerType.INTERNAL_LOAD_BALANCER) {
      c.add(label('loadBalancerSubnet'), p.loadBalancerSubnet,
        `applies only with loadBalancerType "${LoadBalancerType.INTERNAL_LOAD_BALANCER}" (the load balancer type is "${lbType}"${p.loadBalancerType === undefined ? ', the default' : ''}): set loadBalancerType to "${LoadBalancerType.INTERNAL_LOAD_BALANCER}" or remove loadBalancerSubnet`);
    }
  }

  // TLS: cname + certificate + key, all or none; or a leaf domain label alone.
  const tls = resolveTls(c, p);

  // Virtual network: all six or none.
  const vnet = resolveVnet(c, p);

  // GPU pool.
  const gpuPool = resolveGpuPool(c, warnings, p.gpuPool);

  c.throwIfAny('the AKS cluster configuration');

  const explicitlySet = CLUSTER_CONFIG_PROPS.filter((k) => p[k] !== undefined);
  const size = vmSize as VmSize;
  const systemPool: ResolvedNodePool = {
    name: CLUSTER_DEFAULTS.systemPoolName,
    mode: 'System',
    vmSize: size,
    nodeCount: agentCount,
    taints: [],
    labels: {},
  };
  const config: ResolvedClusterConfig = {
    mode: attaching ? 'attach' : 'provision',
    name: p.name as string,
    clusterPurpose: purpose,
    agentCount,
    vmSize: size,
    totalVcpus: agentCount * size.vcpus,
    ...(p.location !== undefined ? { location: p.location as string } : {}),
    loadBalancerType: lbType,
    ...(lbType === LoadBalancerType.INTERNAL_LOAD_BALANCER
      ? { loadBalancerSubnet: (p.loadBalancerSubnet as string | undefined) ?? CLUSTER_DEFAULTS.loadBalancerSubnet }
      : {}),
    ...(tls ? { tls } : {}),
    ...(vnet ? { vnet } : {}),
    ...(clusterSku !== undefined ? { clusterSku } : {}),
    ...(p.kubernetesVersion !== undefined ? { kubernetesVersion: p.kubernetesVersion as string } : {}),
    maxPodsPerNode: maxPodsOk && p.maxPodsPerNode !== undefined ? (p.maxPodsPerNode as number) : CLUSTER_DEFAULTS.maxPodsPerNode,
    ...(attaching
      ? {
        attach: {
          ...(p.resourceId !== undefined ? { resourceId: p.resourceId as string } : {}),
          ...(p.resourceGroup !== undefined ? { resourceGroup: p.resourceGroup as string } : {}),
          ...(p.clusterName !== undefined ? { clusterName: p.clusterName as string } : {}),
        },
      }
      : {}),
    systemPool,
    ...(gpuPool ? { gpuPool } : {}),
    nodePools: gpuPool ? [systemPool, gpuPool] : [systemPool],
    explicitlySet,
  };
  return { config, warnings };
}

function resolveTls(c: ProblemCollector, p: Record<string, unknown>): ResolvedCnameTls | ResolvedLeafDomainTls | undefined {
  const before = c.problems.length;
  checkPattern(c, 'sslCname', p.sslCname, HOSTNAME_PATTERN, 'must be a DNS host name such as "ml.contoso.com"', 253);
  checkString(c, label('sslCertPemFile'), p.sslCertPemFile, { maxLength: 4096 });
  checkString(c, label('sslKeyPemFile'), p.sslKeyPemFile, { maxLength: 4096 });
  if (checkString(c, 'sslCert', p.sslCert, { maxLength: 1_000_000 }) && typeof p.sslCert === 'string' && !p.sslCert.includes('-----BEGIN CERTIFICATE-----')) {
    c.add('sslCert', p.sslCert, 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----"); for a file path use sslCertPemFile');
  }
  if (p.sslKey !== undefined) {
    if (typeof p.sslKey !== 'string' || p.sslKey.length > 1_000_000 || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(p.sslKey)) {
      c.add('sslKey', '<redacted>', 'must be a PEM private key ("-----BEGIN ... PRIVATE KEY-----"); for a file path use sslKeyPemFile');
    }
  }
  checkPattern(c, 'leafDomainLabel', p.leafDomainLabel, DNS_LABEL_PATTERN,
    'must be a DNS label: 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit', 63);
  checkBoolean(c, 'overwriteExistingDomain', p.overwriteExistingDomain, 'overwrite_existing_domain');

  if (p.sslCertPemFile !== undefined && p.sslCert !== undefined) {
    c.addRaw('sslCertPemFile (v1: ssl_cert_pem_file) and sslCert are both set: give the certificate once, as a file path or as PEM content.');
  }
  if (p.sslKeyPemFile !== undefined && p.sslKey !== undefined) {
    c.addRaw('sslKeyPemFile (v1: ssl_key_pem_file) and sslKey are both set: give the key once, as a file path or as PEM content.');
  }
  const parts = [
    { name: 'sslCname (v1: ssl_cname)', set: p.sslCname !== undefined },
    { name: 'the certificate (sslCertPemFile or sslCert; v1: ssl_cert_pem_file)', set: p.sslCertPemFile !== undefined || p.sslCert !== undefined },
    { name: 'the key (sslKeyPemFile or sslKey; v1: ssl_key_pem_file)', set: p.sslKeyPemFile !== undefined || p.sslKey !== undefined },
  ];
  const set = parts.filter((x) => x.set);
  const leaf = p.leafDomainLabel !== undefined;
  if (leaf && set.length > 0) {
    c.addRaw(
      `leafDomainLabel (v1: leaf_domain_label) asks for a Microsoft-issued certificate and cannot be combined with ${set.map((x) => x.name).join(', ')}: ` +
        'use either leafDomainLabel alone, or sslCname with your certificate and key.',
    );
  } else if (set.length > 0 && set.length < parts.length) {
    const missing = parts.filter((x) => !x.set);
    c.addRaw(
      `TLS settings are incomplete: ${set.map((x) => x.name).join(' and ')} ${set.length === 1 ? 'is' : 'are'} set but ` +
        `${missing.map((x) => x.name).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: ` +
        'give all three of CNAME, certificate and key, or none (or leafDomainLabel alone for a Microsoft-issued certificate).',
    );
  }
  if (p.overwriteExistingDomain !== undefined && !leaf) {
    c.add(label('overwriteExistingDomain'), p.overwriteExistingDomain, 'applies only with leafDomainLabel (v1: leaf_domain_label); remove it or set leafDomainLabel');
  }
  if (c.problems.length > before) return undefined;
  if (leaf) {
    return {
      kind: 'leafDomainLabel',
      leafDomainLabel: p.leafDomainLabel as string,
      overwriteExistingDomain: (p.overwriteExistingDomain as boolean | undefined) ?? false,
    };
  }
  if (set.length === parts.length) {
    return {
      kind: 'cname',
      cname: p.sslCname as string,
      ...(p.sslCertPemFile !== undefined ? { certPemFile: p.sslCertPemFile as string } : {}),
      ...(p.sslKeyPemFile !== undefined ? { keyPemFile: p.sslKeyPemFile as string } : {}),
      ...(p.sslCert !== undefined ? { cert: p.sslCert as string } : {}),
      ...(p.sslKey !== undefined ? { key: p.sslKey as string } : {}),
    };
  }
  return undefined;
}

function resolveVnet(c: ProblemCollector, p: Record<string, unknown>): ResolvedVnetSettings | undefined {
  const set = VNET_PROPS.filter((k) => p[k] !== undefined);
  if (set.length === 0) return undefined;
  const before = c.problems.length;
  if (set.length < VNET_PROPS.length) {
    const missing = VNET_PROPS.filter((k) => p[k] === undefined);
    c.addRaw(
      `Virtual network settings are incomplete: ${set.map(label).join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ` +
        `${missing.map(label).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: give all six network settings or none.`,
    );
  }
  checkPattern(c, 'vnetName', p.vnetName, VNET_NAME_PATTERN,
    'must be 2 to 64 letters, digits, "_", "-" and ".", starting with a letter or digit and ending with a letter, digit or "_"', 64);
  checkPattern(c, 'vnetResourceGroupName', p.vnetResourceGroupName, RESOURCE_GROUP_PATTERN,
    'must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."', 90);
  checkPattern(c, 'subnetName', p.subnetName, SUBNET_NAME_PATTERN,
    'must be 1 to 80 letters, digits, "_", "-" and ".", starting with a letter or digit and ending with a letter, digit or "_"', 80);
  const service = p.serviceCidr !== undefined ? checkCidr(c, 'serviceCidr', p.serviceCidr) : undefined;
  const bridge = p.dockerBridgeCidr !== undefined ? checkCidr(c, 'dockerBridgeCidr', p.dockerBridgeCidr) : undefined;
  let dns: number | undefined;
  if (p.dnsServiceIp !== undefined && checkString(c, label('dnsServiceIp'), p.dnsServiceIp, { maxLength: 64 })) {
    dns = parseIpv4(p.dnsServiceIp as string);
    if (dns === undefined) c.add(label('dnsServiceIp'), p.dnsServiceIp, 'must be an IPv4 address, e.g. "10.0.0.10"');
  }
  if (service && dns !== undefined) {
    if (dns < service.base || dns >= service.base + service.size) {
      c.add(label('dnsServiceIp'), p.dnsServiceIp, `must be inside serviceCidr ${p.serviceCidr as string}`);
    } else if (dns - service.base <= 1) {
      c.add(label('dnsServiceIp'), p.dnsServiceIp,
        `must not be the network address or the first address of serviceCidr ${p.serviceCidr as string} (the first one is the Kubernetes API service's); use e.g. ${formatIpv4(service.base + 10)}`);
    }
  }
  if (service && bridge && overlaps(service, bridge)) {
    c.add(label('dockerBridgeCidr'), p.dockerBridgeCidr, `must not overlap serviceCidr ${p.serviceCidr as string}`);
  }
  if (c.problems.length > before) return undefined;
  return {
    vnetName: p.vnetName as string,
    vnetResourceGroupName: p.vnetResourceGroupName as string,
    subnetName: p.subnetName as string,
    serviceCidr: p.serviceCidr as string,
    dnsServiceIp: p.dnsServiceIp as string,
    dockerBridgeCidr: p.dockerBridgeCidr as string,
  };
}

function resolveGpuPool(c: ProblemCollector, warnings: ConfigurationWarning[], value: unknown): ResolvedNodePool | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    c.add('gpuPool', value, 'must be an object { vmSize, nodeCount, minCount?, maxCount? }');
    return undefined;
  }
  const before = c.problems.length;
  const g = value;
  const name = g.name ?? CLUSTER_DEFAULTS.gpuPoolName;
  if (g.name !== undefined) {
    checkPattern(c, 'gpuPool.name', g.name, NODE_POOL_NAME_PATTERN,
      'must be 1 to 12 lowercase letters and digits, starting with a letter (AKS Linux node pool names)', 12);
    if (typeof g.name === 'string' && g.name === CLUSTER_DEFAULTS.systemPoolName) {
      c.add('gpuPool.name', g.name, `must differ from the agent pool's name "${CLUSTER_DEFAULTS.systemPoolName}"`);
    }
  }
  let size: VmSize | undefined;
  if (g.vmSize === undefined) {
    c.add('gpuPool.vmSize', g.vmSize, 'is required: a GPU VM size such as "Standard_NC6s_v3"');
  } else {
    size = resolveVmSize(
      c, warnings, 'gpuPool.vmSize',
      { vcpus: 'gpuPool.vcpusPerNode', memoryGiB: 'gpuPool.memoryGiBPerNode', gpus: 'gpuPool.gpusPerNode' },
      g.vmSize,
      { vcpus: g.vcpusPerNode, memoryGiB: g.memoryGiBPerNode, gpus: g.gpusPerNode },
    );
    if (size && size.gpus < 1) {
      c.add('gpuPool.vmSize', size.name,
        size.gpus === 0
          ? 'must be a GPU size; it has no GPUs (set gpuPool.gpusPerNode if the catalog is wrong)'
          : `must have at least one whole GPU per node; it has ${size.gpusText} of a GPU, and Kubernetes schedules whole GPUs (nvidia.com/gpu)`);
    }
  }
  const countOk = g.nodeCount === undefined
    ? (c.add('gpuPool.nodeCount', g.nodeCount, 'is required'), false)
    : checkNumber(c, 'gpuPool.nodeCount', g.nodeCount, { atLeast: 0, atMost: MAX_NODES_PER_POOL, integer: true, boundText: 'must be a whole number of at least 0' });
  const minOk = checkNumber(c, 'gpuPool.minCount', g.minCount, { atLeast: 0, atMost: MAX_NODES_PER_POOL, integer: true, boundText: 'must be a whole number of at least 0' });
  const maxOk = checkNumber(c, 'gpuPool.maxCount', g.maxCount, { atLeast: 1, atMost: MAX_NODES_PER_POOL, integer: true, boundText: 'must be a whole number of at least 1' });
  if ((g.minCount === undefined) !== (g.maxCount === undefined)) {
    c.addRaw(`gpuPool.minCount and gpuPool.maxCount turn on the cluster autoscaler together: ${g.minCount === undefined ? 'minCount' : 'maxCount'} is missing.`);
  } else if (minOk && maxOk && countOk && g.minCount !== undefined) {
    const min = g.minCount as number;
    const max = g.maxCount as number;
    const count = g.nodeCount as number;
    if (min > max) c.addRaw(`gpuPool.minCount (${min}) is greater than gpuPool.maxCount (${max}).`);
    else if (count < min || count > max) c.add('gpuPool.nodeCount', count, `must be between minCount ${min} and maxCount ${max}`);
  }
  if (countOk && g.nodeCount === 0 && g.maxCount === undefined) {
    c.add('gpuPool.nodeCount', 0, 'must be at least 1 without the cluster autoscaler (set minCount and maxCount to scale from zero)');
  }
  if (c.problems.length > before || !size) return undefined;
  return {
    name: name as string,
    mode: 'User',
    vmSize: size,
    nodeCount: g.nodeCount as number,
    ...(g.minCount !== undefined ? { minCount: g.minCount as number, maxCount: g.maxCount as number } : {}),
    taints: [CLUSTER_DEFAULTS.gpuTaint],
    labels: { sku: 'gpu' },
  };
}

/** Describes a pool for messages, e.g. `3 × Standard_D3_v2 (4 vCPUs, 14 GiB)`. */
export function describeNodePool(pool: ResolvedNodePool): string {
  const s = pool.vmSize;
  const gpu = s.gpus > 0 ? `, ${s.gpusText} GPU${s.gpus > 1 ? 's' : ''}` : '';
  return `${pool.nodeCount} × ${s.name} (${plural(s.vcpus, 'vCPU')}, ${s.memoryGiB} GiB${gpu})`;
}

/** Convenience: throws if invalid, otherwise returns only the resolved configuration. */
export function assertClusterConfig(props: AksClusterConfigProps): ResolvedClusterConfig {
  return resolveClusterConfig(props).config;
}
