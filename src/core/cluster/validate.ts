/**
 * The rules of the cluster, non-throwing: {@link validateClusterConfig} adds every
 * problem to a collector and returns the warnings. The v1 all-or-none rules and the
 * purpose rules that the Azure ML service used to check on creation (FastProd:
 * agent_count × vCPUs >= 12 and at least 3 nodes) are checked here before anything
 * is deployed; with `engine`, so are the options of that engine (Azure Service
 * Operator objects or azure-native resources) that sit in the same props.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { checkNumber, checkString, isPlainObject, v1Given } from '../validation';
import { asoClusterWarnings, validateAsoClusterOptions } from './aso';
import { azureClusterWarnings } from './azure';
import { validateAzureNativeClusterOptions } from './azure-native';
import { buildSystemPool, validateGpuPool, validateVmSize } from './node-pools';
import {
  AksClusterConfigProps,
  CLUSTER_CONFIG_PROPS,
  CLUSTER_DEFAULTS,
  ClusterPurpose,
  DEV_TEST_RECOMMENDED_VCPUS,
  AKS_CLUSTER_NAME_PATTERN,
  LoadBalancerType,
  PRODUCTION_MIN_NODES,
  PRODUCTION_MIN_VCPUS,
  PRODUCTION_PURPOSES,
  ResolvedClusterConfig,
  VNET_PROPS,
} from './props';
import {
  AZURE_RESOURCE_ID_PATTERN,
  CLUSTER_SKUS,
  KUBERNETES_VERSION_PATTERN,
  MAX_NODES_PER_POOL,
  RESOURCE_GROUP_PATTERN,
  SUBNET_NAME_PATTERN,
  checkPattern,
  enumValue,
  label,
  plural,
} from './rules';
import { ClusterTlsContent, validateTls } from './tls';
import { VmSize } from './vm-sizes';
import { validateVnet } from './vnet';
import { existingClusterNetworkPolicyWarnings, validateClusterNetworkPolicy } from './network-policy';

/** The engines whose cluster options the core checks. */
export type ClusterEngine = 'aso' | 'azure-native';

/** What {@link validateClusterConfig} checks besides the cluster model. */
export interface ValidateClusterConfigOptions {
  /**
   * Also check the options of this engine, which sit in the same props object:
   * `aso` — the Azure Service Operator options (`AsoClusterOptions`: resource group,
   * subscription, namespace, tags, DNS prefix, kubeconfig Secret, features), what the
   * configuration needs from them (a location, a subscription for the node subnet),
   * and unknown props; `azure-native` — the azure-native options
   * (`AzureNativeClusterOptions`: resource group, tags, DNS prefix, subscription,
   * workspace registration, features, provider namespace), the PEM files of a
   * registered cluster with TLS, and unknown props. Each adds its warnings.
   * @default - the cluster model only
   */
  readonly engine?: ClusterEngine;
  /**
   * azure-native: tells a value that is resolved later (a Pulumi Output or a promise)
   * and stands for a string, where the options accept one.
   * @default - no deferred values
   */
  readonly isDeferred?: (value: unknown) => boolean;
}

/** What one pass over the props found. */
export interface ClusterConfigExamination {
  /** The configuration with every default applied, when the cluster model is valid. */
  readonly config?: ResolvedClusterConfig;
  readonly warnings: ConfigurationWarning[];
  /** The certificate and key contents (azure-native, a registered cluster with cname TLS). */
  readonly tlsContent?: ClusterTlsContent;
}

/**
 * Checks the cluster props: adds every problem to `c` (never throws) and returns
 * the warnings (settings that are accepted but worth a second look). With
 * `options.engine`, also checks that engine's options in the same props.
 */
export function validateClusterConfig(
  c: ProblemCollector,
  props: AksClusterConfigProps,
  options: ValidateClusterConfigOptions = {},
): ConfigurationWarning[] {
  return examineClusterConfig(c, props, options).warnings;
}

/**
 * {@link validateClusterConfig}, also returning what it resolved on the way (the
 * configuration when the cluster model is valid, the TLS contents). For the
 * resolve and plan functions of the cluster folder.
 */
export function examineClusterConfig(
  c: ProblemCollector,
  props: AksClusterConfigProps,
  options: ValidateClusterConfigOptions = {},
): ClusterConfigExamination {
  const warnings: ConfigurationWarning[] = [];
  const config = validateClusterModel(c, warnings, props);
  let tlsContent: ClusterTlsContent | undefined;
  if (options.engine === 'aso') {
    validateAsoClusterOptions(c, config, props as never);
    if (config) warnings.push(...azureClusterWarnings(config), ...asoClusterWarnings(config));
  } else if (options.engine === 'azure-native') {
    if (isPlainObject(props)) {
      tlsContent = validateAzureNativeClusterOptions(c, config, props as never, options.isDeferred);
    }
    if (config) warnings.push(...azureClusterWarnings(config), ...azureNativeWarnings(config, props));
  }
  // The engine of an attached cluster: azure-native reads it from the AKS API at update
  // time; the others can only go by what the props state.
  if (config && options.engine !== 'azure-native') warnings.push(...existingClusterNetworkPolicyWarnings(config));
  return { ...(config ? { config } : {}), warnings, ...(tlsContent ? { tlsContent } : {}) };
}

function azureNativeWarnings(config: ResolvedClusterConfig, props: unknown): ConfigurationWarning[] {
  if (!config.tls || (props as Record<string, unknown>).workspace !== undefined) return [];
  return [{
    id: 'aks-ml:cluster:tlsWithoutWorkspace',
    prop: config.tls.kind === 'cname' ? 'sslCname' : 'leafDomainLabel',
    message: 'TLS is configured on the Azure ML inference router of a registered cluster: set workspace to register the cluster, or give it to the gateway (AksMlGateway tls.certificate GatewayTls.fromV1Cluster(cluster.config, ...)).',
  }];
}

/** The v1 settings that v1 tested by truthiness (`if self.x`): "" and 0 are "not given". */
const V1_TRUTHY_SETTINGS = [
  'clusterPurpose', 'agentCount', 'vmSize', 'location', 'loadBalancerType', 'loadBalancerSubnet',
  'sslCname', 'sslCertPemFile', 'sslKeyPemFile', 'sslCert', 'sslKey', 'leafDomainLabel', 'overwriteExistingDomain',
  'vnetName', 'vnetResourceGroupName', 'subnetName', 'serviceCidr', 'dnsServiceIp', 'dockerBridgeCidr',
  'resourceId', 'resourceGroup', 'clusterName',
] as const;

/** The props without the v1 settings that v1's rule does not count as given ("", 0, a false overwrite). */
function withoutFalsyV1Settings(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p };
  for (const k of V1_TRUTHY_SETTINGS) {
    if (out[k] === undefined) continue;
    const notGiven = k === 'overwriteExistingDomain' ? out[k] === false : !v1Given(out[k], k === 'agentCount' ? 'number' : 'string');
    if (notGiven) delete out[k];
  }
  return out;
}

/** The rules of the v1 cluster model; returns the resolved configuration when they hold. */
function validateClusterModel(c: ProblemCollector, warnings: ConfigurationWarning[], props: AksClusterConfigProps): ResolvedClusterConfig | undefined {
  const before = c.problems.length;
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    return undefined;
  }
  // v1's "given" (Python truthiness): AksProvisioningConfiguration.validate_configuration and
  // AksAttachConfiguration.validate_configuration test each setting with `if self.x`, so a ""
  // or a 0 is not given: the default applies and it does not count in an all-or-none group.
  const p = withoutFalsyV1Settings(props as unknown as Record<string, unknown>);

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
      if (v !== p.clusterPurpose) {
        // v1 sent the value to the service as written; here it is read case-insensitively, and says so.
        warnings.push({ id: 'aks-ml:cluster:purposeLetterCase', prop: 'clusterPurpose', message: `(v1: cluster_purpose) ${JSON.stringify(p.clusterPurpose)} is read as "${v}"; write "${v}" (v1 passed the value on as written).` });
      }
    }
  }
  const production = PRODUCTION_PURPOSES.includes(purpose);

  // Nodes.
  const agentCountOk = checkNumber(c, label('agentCount'), p.agentCount, {
    atLeast: 1, atMost: MAX_NODES_PER_POOL, integer: true, boundText: 'must be a whole number of at least 1',
    departure: 'AKS counts whole nodes, at most 1000 per node pool',
  });
  const agentCount = agentCountOk && p.agentCount !== undefined
    ? (p.agentCount as number)
    : production ? CLUSTER_DEFAULTS.agentCountProduction : CLUSTER_DEFAULTS.agentCountDevTest;
  const vmSize = validateVmSize(
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
        id: 'aks-ml:cluster:devTestBelowRecommendedVcpus',
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
    // v1 applied no name rule to the attach arguments: a name Azure cannot have only warns
    // (the attach then finds no cluster); a value that is no string is still refused.
    checkString(c, label('resourceGroup'), p.resourceGroup);
    checkString(c, label('clusterName'), p.clusterName);
    for (const [k, pattern, rule] of [
      ['resourceGroup', RESOURCE_GROUP_PATTERN, '1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."'],
      ['clusterName', AKS_CLUSTER_NAME_PATTERN, '1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit'],
    ] as const) {
      const v = p[k];
      if (typeof v === 'string' && v.length > 0 && !(pattern.test(v) && v.length <= (k === 'clusterName' ? 63 : 90))) {
        warnings.push({ id: 'aks-ml:cluster:attachNameNotAzure', prop: k, message: `(v1: ${k === 'clusterName' ? 'cluster_name' : 'resource_group'}) ${JSON.stringify(v)} is not a name Azure gives (${rule}): no cluster can be found by it.` });
      }
    }
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
    // v1 (AksAttachConfiguration.validate_configuration) compares the value case-sensitively.
    const v = Object.values(LoadBalancerType).find((x) => x === p.loadBalancerType);
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
  const tls = validateTls(c, p, warnings);

  // Virtual network: all six or none.
  const vnet = validateVnet(c, p);

  // GPU pool.
  const gpuPool = validateGpuPool(c, warnings, p.gpuPool);

  // Network policy engine, dataplane, monitoring.
  const network = validateClusterNetworkPolicy(c, warnings, p, attaching);

  if (c.problems.length > before) return undefined;

  const explicitlySet = CLUSTER_CONFIG_PROPS.filter((k) => p[k] !== undefined);
  const size = vmSize as VmSize;
  const systemPool = buildSystemPool(agentCount, size);
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
    network: network ?? {},
    explicitlySet,
  };
  return config;
}
