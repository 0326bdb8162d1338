/** The purpose check of an attached cluster's actual node pools (v1: done by the service on attach). */
import { ConfigurationWarning } from '../errors';
import { ClusterPurpose, PRODUCTION_MIN_NODES, PRODUCTION_MIN_VCPUS, PRODUCTION_PURPOSES, ResolvedClusterConfig } from './props';
import { VmSize } from './vm-sizes';

/** A node pool of an existing cluster, as the AKS API reports it. */
export interface ExistingNodePool {
  readonly name?: string;
  readonly mode?: string;
  readonly count?: number;
  readonly vmSize?: string;
}

/**
 * Checks an attached cluster's actual node pools against its purpose, as the v1
 * service did on attach: production purposes need at least 3 nodes and 12 vCPUs
 * in total (problems). Declared `agentCount`/`vmSize` that differ from the
 * actual system pool, and sizes missing from the catalog, are warnings.
 */
export function checkExistingClusterPools(
  config: ResolvedClusterConfig,
  pools: readonly ExistingNodePool[],
): { problems: string[]; warnings: ConfigurationWarning[] } {
  const problems: string[] = [];
  const warnings: ConfigurationWarning[] = [];
  const where = config.attach?.resourceId ?? `${config.attach?.resourceGroup ?? '?'}/${config.attach?.clusterName ?? '?'}`;
  if (!Array.isArray(pools) || pools.length === 0) {
    warnings.push({ id: 'aks-ml:cluster:existingPoolsUnknown', prop: 'agentCount', message: `the AKS API reported no agent pools for ${where}; the purpose was checked with the declared agentCount and vmSize only.` });
    return { problems, warnings };
  }
  let nodes = 0;
  let vcpus = 0;
  const unknown: string[] = [];
  for (const p of pools) {
    const count = typeof p.count === 'number' && Number.isFinite(p.count) ? p.count : 0;
    nodes += count;
    const size = VmSize.tryOf(p.vmSize);
    if (size) vcpus += count * size.vcpus;
    else if (count > 0) unknown.push(`${p.name ?? '?'} (${p.vmSize ?? 'no size'})`);
  }
  const system = pools.find((p) => typeof p.mode === 'string' && p.mode.toLowerCase() === 'system') ?? pools[0];
  const declared = `${config.agentCount} × ${config.vmSize.name}`;
  const actual = `${system.count ?? '?'} × ${system.vmSize ?? '?'}`;
  if (system.count !== config.agentCount || (system.vmSize ?? '').toLowerCase() !== config.vmSize.name.toLowerCase()) {
    warnings.push({
      id: 'aks-ml:cluster:existingPoolDiffers',
      prop: 'agentCount',
      message: `the declared agent pool (${declared}) differs from the existing system pool ${system.name ?? ''} of ${where} (${actual}); the capacity checks use the declared one: update agentCount and vmSize.`,
    });
  }
  if (unknown.length > 0) {
    warnings.push({ id: 'aks-ml:cluster:existingPoolSizeUnknown', prop: 'vmSize', message: `the catalog does not know the size of pool(s) ${unknown.join(', ')} of ${where}; their vCPUs are not counted in the purpose check.` });
  }
  if (PRODUCTION_PURPOSES.includes(config.clusterPurpose)) {
    if (unknown.length === 0 && vcpus < PRODUCTION_MIN_VCPUS) {
      problems.push(
        `The existing cluster ${where} has ${nodes} nodes with ${vcpus} vCPUs in total; ${config.clusterPurpose} needs at least ${PRODUCTION_MIN_VCPUS} ` +
          `(v1: "The number of nodes multiplied by the virtual machine's number of cores (vCPUs) must be greater than or equal to ${PRODUCTION_MIN_VCPUS}"): ` +
          `scale the cluster or attach it with clusterPurpose "${ClusterPurpose.DEV_TEST}".`,
      );
    }
    if (nodes < PRODUCTION_MIN_NODES) {
      problems.push(
        `The existing cluster ${where} has ${nodes} node${nodes === 1 ? '' : 's'}; at least ${PRODUCTION_MIN_NODES} are required for ${config.clusterPurpose} ` +
          `(v1: "At least ${PRODUCTION_MIN_NODES} machine(s) are required for cluster with purpose '${config.clusterPurpose}'"): ` +
          `scale the cluster or attach it with clusterPurpose "${ClusterPurpose.DEV_TEST}".`,
      );
    }
  }
  return { problems, warnings };
}
