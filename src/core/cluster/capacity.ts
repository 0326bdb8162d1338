/**
 * Capacity checks: do the services' resource requests fit the cluster's nodes?
 *
 * A pod is scheduled against a node's ALLOCATABLE resources, which on AKS are
 * the VM's resources minus what AKS reserves for Kubernetes itself. Source:
 * "Node resource reservations in Azure Kubernetes Service (AKS)",
 * https://learn.microsoft.com/azure/aks/node-resource-reservations
 *
 * CPU (kube-reserved, millicores), the page's table:
 *   cores:    1    2    4    8   16   32   64
 *   reserved: 60  100  140  180  260  420  740
 * which is exactly: 60m for the first core, 40m for the second, 20m for each of
 * cores 3-4, and 10m for each core after the 4th. The same formula gives the
 * sizes between and beyond the table's points (e.g. 6 cores: 160m, 96 cores: 1060m).
 *
 * Memory, AKS 1.29 and later (the default model here):
 *   eviction threshold: memory.available < 100Mi
 *   kube-reserved: the lesser of 20 MB × max pods per node + 50 MB, and 25% of the
 *   VM's memory (MB read as MiB, the unit of the kubelet's flags).
 * Memory, AKS before 1.29 (chosen when kubernetesVersion < 1.29):
 *   eviction threshold: 750Mi
 *   kube-reserved: 25% of the first 4 GB, 20% of the next 4 GB, 10% of the next
 *   8 GB, 6% of the next 112 GB, 2% above 128 GB (GB read as GiB).
 *
 * Not modelled: what the node OS keeps for itself (the page says it exists but
 * gives no number), system pods (kube-system), and sidecar containers; the
 * per-node checks are therefore upper bounds, and the min-replica check is a warning.
 *
 * Requests are rounded exactly as the manifests write them: CPU to whole
 * millicores, memory to whole MB (memoryGb is in GB = 10^9 bytes, as in v1).
 */
import { ConfigurationError, ConfigurationWarning, ProblemCollector } from '../errors';
import { isPlainObject } from '../validation';
import { ResolvedDeployConfiguration } from '../webservice/deploy-configuration';
import { CLUSTER_DEFAULTS, ResolvedClusterConfig, ResolvedNodePool } from './props';
import { VmSizeSpec } from './vm-sizes';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const GB = 1e9;

/** Which AKS memory reservation rules apply. */
export enum AksReservationModel {
  /** AKS 1.29 and later: 100Mi eviction, min(20 MB × max pods + 50 MB, 25%). */
  V1_29_AND_LATER = '1.29+',
  /** AKS before 1.29: 750Mi eviction, regressive 25/20/10/6/2 %. */
  BEFORE_1_29 = 'before-1.29',
}

/** The reservation model for a Kubernetes version (unset: 1.29 and later). */
export function reservationModelFor(kubernetesVersion?: string): AksReservationModel {
  const m = typeof kubernetesVersion === 'string' ? /^(\d+)\.(\d+)/.exec(kubernetesVersion) : null;
  if (!m) return AksReservationModel.V1_29_AND_LATER;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major < 1 || (major === 1 && minor < 29) ? AksReservationModel.BEFORE_1_29 : AksReservationModel.V1_29_AND_LATER;
}

/** AKS kube-reserved CPU in millicores for a node with `vcpus` cores (see the file comment). */
export function kubeReservedCpuMillicores(vcpus: number): number {
  if (!(vcpus >= 1)) return 0;
  const n = Math.floor(vcpus);
  let reserved = 60;
  if (n >= 2) reserved += 40;
  reserved += 20 * Math.min(Math.max(n - 2, 0), 2);
  reserved += 10 * Math.max(n - 4, 0);
  return reserved;
}

/** The kubelet hard eviction threshold in bytes. */
export function evictionThresholdBytes(model: AksReservationModel): number {
  return model === AksReservationModel.BEFORE_1_29 ? 750 * MIB : 100 * MIB;
}

/** AKS kube-reserved memory in bytes for a node with `memoryBytes` of memory. */
export function kubeReservedMemoryBytes(memoryBytes: number, maxPodsPerNode: number, model: AksReservationModel): number {
  if (model === AksReservationModel.V1_29_AND_LATER) {
    return Math.min((20 * maxPodsPerNode + 50) * MIB, 0.25 * memoryBytes);
  }
  const tiers: [number, number][] = [[4, 0.25], [4, 0.2], [8, 0.1], [112, 0.06], [Infinity, 0.02]];
  let left = memoryBytes;
  let reserved = 0;
  for (const [gib, rate] of tiers) {
    const part = Math.min(left, gib * GIB);
    reserved += part * rate;
    left -= part;
    if (left <= 0) break;
  }
  return reserved;
}

/** What one node offers to pods. */
export interface NodeAllocatable {
  readonly model: AksReservationModel;
  /** Allocatable CPU in millicores. */
  readonly cpuMillicores: number;
  /** Allocatable memory in bytes. */
  readonly memoryBytes: number;
  /** GPUs (whole devices are what Kubernetes schedules). */
  readonly gpus: number;
  readonly reservedCpuMillicores: number;
  readonly reservedMemoryBytes: number;
  readonly evictionThresholdBytes: number;
}

/** Allocatable resources of one node of this size. */
export function nodeAllocatable(
  vmSize: VmSizeSpec,
  options: { readonly maxPodsPerNode?: number; readonly kubernetesVersion?: string } = {},
): NodeAllocatable {
  const model = reservationModelFor(options.kubernetesVersion);
  const maxPods = options.maxPodsPerNode ?? CLUSTER_DEFAULTS.maxPodsPerNode;
  const memory = vmSize.memoryGiB * GIB;
  const reservedCpu = kubeReservedCpuMillicores(vmSize.vcpus);
  // A size not in the catalog without memoryGiBPerNode: its memory is unknown (Infinity),
  // so memory never limits placement (its warning, vmSizeFromName, says so).
  const known = Number.isFinite(memory);
  const reservedMem = known ? kubeReservedMemoryBytes(memory, maxPods, model) : 0;
  const eviction = known ? evictionThresholdBytes(model) : 0;
  return {
    model,
    cpuMillicores: Math.max(0, vmSize.vcpus * 1000 - reservedCpu),
    memoryBytes: Math.max(0, memory - reservedMem - eviction),
    gpus: vmSize.gpus,
    reservedCpuMillicores: reservedCpu,
    reservedMemoryBytes: reservedMem,
    evictionThresholdBytes: eviction,
  };
}

/** A service to place on the cluster. */
export interface CapacityService {
  /** The service (or endpoint version) name, used in messages. */
  readonly name: string;
  /** Its deploy configuration with defaults applied. */
  readonly config: ResolvedDeployConfiguration;
}

/** The outcome of {@link checkCapacity}. */
export interface CapacityReport {
  /** Requests that can never be scheduled (one replica does not fit any node it may use). */
  readonly problems: string[];
  /** Minimum replicas that do not all fit at once. */
  readonly warnings: ConfigurationWarning[];
}

interface Demand {
  readonly service: string;
  readonly cpu: number;
  readonly mem: number;
  readonly gpus: number;
  readonly minReplicas: number;
}

function fmt(n: number): string {
  return String(Number(n.toFixed(2)));
}

function cores(millicores: number): string {
  return fmt(millicores / 1000);
}

function gb(bytes: number): string {
  return fmt(bytes / GB);
}

function memText(bytes: number): string {
  if (bytes >= GIB) return `${fmt(bytes / GIB)} GiB`;
  return `${fmt(bytes / MIB)}Mi`;
}

/** Nodes the pool can reach: maxCount with the cluster autoscaler, nodeCount otherwise. */
function reachableNodes(pool: ResolvedNodePool): number {
  return pool.maxCount ?? pool.nodeCount;
}

/**
 * Checks the services against the cluster: every replica must fit one node's
 * allocatable resources (a problem otherwise), services with `gpuCores` need a
 * pool whose size has that many whole GPUs per node (a problem otherwise), and
 * the minimum replicas of all services should fit the nodes together (a warning
 * otherwise, with the numbers). GPU services are placed on the GPU pool (they
 * tolerate its `sku=gpu:NoSchedule` taint), the others on the agent pool.
 */
export function checkCapacity(cluster: ResolvedClusterConfig, services: readonly CapacityService[]): CapacityReport {
  const c = new ProblemCollector();
  const warnings: ConfigurationWarning[] = [];
  if (!isPlainObject(cluster) || !isPlainObject((cluster as unknown as Record<string, unknown>).systemPool)) {
    c.add('cluster', cluster, 'must be a resolved cluster configuration (from resolveClusterConfig)');
    return { problems: [...c.problems], warnings };
  }
  if (!Array.isArray(services)) {
    c.add('services', services, 'must be an array of { name, config }');
    return { problems: [...c.problems], warnings };
  }
  const pools = cluster.nodePools.length > 0 ? cluster.nodePools : [cluster.systemPool];
  const allocatable = new Map<ResolvedNodePool, NodeAllocatable>(
    pools.map((pool) => [pool, nodeAllocatable(pool.vmSize, { maxPodsPerNode: cluster.maxPodsPerNode, kubernetesVersion: cluster.kubernetesVersion })]),
  );
  const demands = new Map<ResolvedNodePool, Demand[]>();

  services.forEach((svc, i) => {
    const raw = svc as unknown as Record<string, unknown> | undefined;
    const name = isPlainObject(raw) && typeof raw.name === 'string' && raw.name.length > 0 && raw.name.length <= 253 ? raw.name : `services[${i}]`;
    const cfg = isPlainObject(raw) ? raw.config : undefined;
    if (!isPlainObject(cfg) || !isResolvedResources(cfg)) {
      c.add(`${name}.config`, cfg, 'must be a resolved deploy configuration (from resolveDeployConfiguration) with finite cpuCores > 0, memoryGb > 0 and gpuCores >= 0');
      return;
    }
    const config = cfg as unknown as ResolvedDeployConfiguration;
    const cpu = Math.max(1, Math.round(config.cpuCores * 1000));
    const mem = Math.max(1, Math.round(config.memoryGb * 1000)) * 1e6;
    const gpus = config.gpuCores;
    const minReplicas = config.autoscaleEnabled ? config.autoscaleMinReplicas : (config.numReplicas ?? 1);

    let pool: ResolvedNodePool | undefined = cluster.systemPool;
    if (gpus > 0) {
      const gpuPools = [...(cluster.gpuPool ? [cluster.gpuPool] : []), ...pools.filter((p) => p !== cluster.gpuPool && p.vmSize.gpus > 0)];
      pool = gpuPools.find((p) => Math.floor(p.vmSize.gpus) >= gpus);
      if (gpuPools.length === 0) {
        c.add(`${name}.gpuCores (v1: gpu_cores)`, gpus,
          `needs a GPU node pool: set gpuPool with a GPU vmSize such as "Standard_NC6s_v3" (the agent pool's ${cluster.systemPool.vmSize.name} has no GPUs)`);
      } else if (!pool) {
        const best = gpuPools.reduce((a, b) => (b.vmSize.gpus > a.vmSize.gpus ? b : a));
        const whole = Math.floor(best.vmSize.gpus);
        c.add(`${name}.gpuCores (v1: gpu_cores)`, gpus,
          `must be at most ${whole}, the whole GPUs per node of the ${best.name} pool (${best.vmSize.name} has ` +
            (best.vmSize.gpus % 1 !== 0
              ? `${best.vmSize.gpusText} of a GPU; Kubernetes schedules whole GPUs (nvidia.com/gpu)`
              : `${best.vmSize.gpus} GPU${best.vmSize.gpus === 1 ? '' : 's'}`) +
            '): use a size with more GPUs per node or lower gpuCores');
      }
    }
    if (!pool) return;
    const alloc = allocatable.get(pool) as NodeAllocatable;
    const size = pool.vmSize;
    let fits = true;
    if (cpu > alloc.cpuMillicores) {
      fits = false;
      c.add(`${name}.cpuCores (v1: cpu_cores)`, config.cpuCores,
        `must fit the allocatable CPU of one ${size.name} node of the ${pool.name} pool: ${cores(alloc.cpuMillicores)} cores ` +
          `(${size.vcpus} vCPUs minus ${alloc.reservedCpuMillicores}m kube-reserved); lower cpuCores or use a larger vmSize`);
    }
    if (mem > alloc.memoryBytes) {
      fits = false;
      c.add(`${name}.memoryGb (v1: memory_gb)`, config.memoryGb,
        `must fit the allocatable memory of one ${size.name} node of the ${pool.name} pool: ${gb(alloc.memoryBytes)} GB ` +
          `(${size.memoryGiB} GiB = ${gb(size.memoryGiB * GIB)} GB, minus ${memText(alloc.reservedMemoryBytes)} kube-reserved and ` +
          `${memText(alloc.evictionThresholdBytes)} eviction threshold, AKS ${alloc.model}); lower memoryGb or use a larger vmSize`);
    }
    if (fits) {
      const list = demands.get(pool) ?? [];
      list.push({ service: name, cpu, mem, gpus, minReplicas });
      demands.set(pool, list);
    }
  });

  for (const [pool, list] of demands) {
    const w = minReplicasWarning(pool, allocatable.get(pool) as NodeAllocatable, list);
    if (w) warnings.push(w);
  }
  return { problems: [...c.problems], warnings };
}

/**
 * Like {@link checkCapacity}, but throws one {@link ConfigurationError} listing
 * every problem. Returns the warnings.
 */
export function assertCapacity(cluster: ResolvedClusterConfig, services: readonly CapacityService[]): ConfigurationWarning[] {
  const report = checkCapacity(cluster, services);
  if (report.problems.length > 0) throw new ConfigurationError('the cluster capacity', report.problems);
  return report.warnings;
}

function isResolvedResources(cfg: Record<string, unknown>): boolean {
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const replicasOk = cfg.autoscaleEnabled === true
    ? finite(cfg.autoscaleMinReplicas) && (cfg.autoscaleMinReplicas as number) >= 0
    : cfg.numReplicas === undefined || (finite(cfg.numReplicas) && (cfg.numReplicas as number) >= 0);
  return (
    finite(cfg.cpuCores) && (cfg.cpuCores as number) > 0 &&
    finite(cfg.memoryGb) && (cfg.memoryGb as number) > 0 &&
    finite(cfg.gpuCores) && (cfg.gpuCores as number) >= 0 &&
    typeof cfg.autoscaleEnabled === 'boolean' && replicasOk
  );
}

/** First-fit-decreasing placement of the minimum replicas on the pool's nodes. */
function minReplicasWarning(pool: ResolvedNodePool, alloc: NodeAllocatable, list: readonly Demand[]): ConfigurationWarning | undefined {
  const nodes = reachableNodes(pool);
  const count = (d: Demand) => Math.max(0, Math.ceil(Math.min(d.minReplicas, 100_000)));
  const total = list.reduce((s, d) => s + count(d), 0);
  if (total === 0) return undefined;
  const bins = Array.from({ length: Math.min(nodes, 100_000) }, () => ({
    cpu: alloc.cpuMillicores,
    mem: alloc.memoryBytes,
    gpus: Math.floor(alloc.gpus),
  }));
  const weight = (d: Demand) => Math.max(d.cpu / Math.max(alloc.cpuMillicores, 1), d.mem / Math.max(alloc.memoryBytes, 1));
  // First fit, one service's identical replicas at a time: once a node cannot take
  // another replica of a service it never will, so each node is filled with as many
  // as fit (replicas x nodes would be quadratic: 100 000 replicas on 1000 nodes).
  let unplaced = 0;
  for (const d of [...list].sort((a, b) => weight(b) - weight(a))) {
    let left = count(d);
    for (const bin of bins) {
      if (left === 0) break;
      const fit = Math.min(
        Math.floor(bin.cpu / d.cpu),
        Math.floor(bin.mem / d.mem),
        d.gpus > 0 ? Math.floor(bin.gpus / d.gpus) : Infinity,
      );
      const take = Math.max(0, Math.min(fit, left));
      bin.cpu -= take * d.cpu;
      bin.mem -= take * d.mem;
      bin.gpus -= take * d.gpus;
      left -= take;
    }
    unplaced += left;
  }
  if (unplaced === 0) return undefined;
  const needCpu = list.reduce((s, d) => s + count(d) * d.cpu, 0);
  const needMem = list.reduce((s, d) => s + count(d) * d.mem, 0);
  const needGpu = list.reduce((s, d) => s + count(d) * d.gpus, 0);
  const perService = list.map((d) => `${d.service}: ${d.minReplicas} × ${cores(d.cpu)} CPU, ${gb(d.mem)} GB${d.gpus > 0 ? `, ${d.gpus} GPU` : ''}`).join('; ');
  const autoscale = pool.maxCount !== undefined ? ` (maxCount ${pool.maxCount} with the cluster autoscaler)` : '';
  const countProp = pool.mode === 'System' ? 'agentCount' : `gpuPool.${pool.maxCount !== undefined ? 'maxCount' : 'nodeCount'}`;
  return {
    id: 'aks-ml:cluster:minimumReplicasDoNotFit',
    prop: 'services',
    message:
      `The minimum replicas (${perService}) need ${cores(needCpu)} CPU cores, ${gb(needMem)} GB` +
      `${needGpu > 0 ? ` and ${needGpu} GPUs` : ''} on the ${pool.name} pool, which has ${nodes} × ${pool.vmSize.name}${autoscale} with ` +
      `${cores(alloc.cpuMillicores * nodes)} cores and ${gb(alloc.memoryBytes * nodes)} GB allocatable in total` +
      `${needGpu > 0 ? ` and ${Math.floor(alloc.gpus) * nodes} GPUs` : ''}; ${unplaced} of ${total} replicas ${unplaced === 1 ? 'does not fit and stays' : 'do not fit and stay'} Pending: ` +
      `raise ${countProp}, use a larger size or lower the requests (system pods also use some of this).`,
  };
}
