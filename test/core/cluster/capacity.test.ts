import {
  AksClusterConfigProps,
  AksReservationModel,
  CapacityService,
  ClusterPurpose,
  ResolvedClusterConfig,
  VmSize,
  assertCapacity,
  checkCapacity,
  evictionThresholdBytes,
  kubeReservedCpuMillicores,
  kubeReservedMemoryBytes,
  nodeAllocatable,
  reservationModelFor,
  resolveClusterConfig,
} from '../../../src/core/cluster';
import { ConfigurationError } from '../../../src/core/errors';
import { AksWebserviceDeployConfiguration, resolveDeployConfiguration } from 'aks-ml-constructs';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

function cluster(props: Partial<AksClusterConfigProps> = {}): ResolvedClusterConfig {
  return resolveClusterConfig({ name: 'aks', ...props }).config;
}

function svc(name: string, props: AksWebserviceDeployConfiguration): CapacityService {
  return { name, config: resolveDeployConfiguration(props).config };
}

describe('AKS reservations (learn.microsoft.com/azure/aks/node-resource-reservations)', () => {
  test.each([
    // The page's table.
    [1, 60], [2, 100], [4, 140], [8, 180], [16, 260], [32, 420], [64, 740],
    // The same formula between and beyond the table's points.
    [3, 120], [6, 160], [20, 300], [96, 1060],
  ])('%d cores reserve %dm CPU', (vcpus, millicores) => {
    expect(kubeReservedCpuMillicores(vcpus)).toBe(millicores);
  });

  test('AKS 1.29+: the lesser of 20 MB × max pods + 50 MB and 25% (the page\'s examples)', () => {
    // 8 GB, 30 pods: 650 MB.
    expect(kubeReservedMemoryBytes(8 * GIB, 30, AksReservationModel.V1_29_AND_LATER)).toBe(650 * MIB);
    // 4 GB, 70 pods: 25% of 4 GB (less than 1450 MB).
    expect(kubeReservedMemoryBytes(4 * GIB, 70, AksReservationModel.V1_29_AND_LATER)).toBe(1 * GIB);
    expect(evictionThresholdBytes(AksReservationModel.V1_29_AND_LATER)).toBe(100 * MIB);
  });

  test('before AKS 1.29: regressive 25/20/10/6/2 % and a 750Mi eviction threshold (the page\'s 7 GB example)', () => {
    expect(kubeReservedMemoryBytes(7 * GIB, 110, AksReservationModel.BEFORE_1_29)).toBeCloseTo(1.6 * GIB, 0);
    expect(kubeReservedMemoryBytes(200 * GIB, 110, AksReservationModel.BEFORE_1_29)).toBeCloseTo(
      (4 * 0.25 + 4 * 0.2 + 8 * 0.1 + 112 * 0.06 + 72 * 0.02) * GIB,
      0,
    );
    expect(evictionThresholdBytes(AksReservationModel.BEFORE_1_29)).toBe(750 * MIB);
  });

  test('the model follows the Kubernetes version', () => {
    expect(reservationModelFor(undefined)).toBe(AksReservationModel.V1_29_AND_LATER);
    expect(reservationModelFor('1.29')).toBe(AksReservationModel.V1_29_AND_LATER);
    expect(reservationModelFor('1.30.2')).toBe(AksReservationModel.V1_29_AND_LATER);
    expect(reservationModelFor('1.28.9')).toBe(AksReservationModel.BEFORE_1_29);
    expect(reservationModelFor('1.9')).toBe(AksReservationModel.BEFORE_1_29);
  });

  test('allocatable of a Standard_D3_v2 node (4 vCPUs, 14 GiB, 110 pods)', () => {
    const a = nodeAllocatable(VmSize.of('Standard_D3_v2'));
    expect(a.cpuMillicores).toBe(3860);
    expect(a.reservedMemoryBytes).toBe(2250 * MIB);
    expect(a.memoryBytes).toBe(14 * GIB - 2250 * MIB - 100 * MIB);
    expect(nodeAllocatable(VmSize.of('Standard_D3_v2'), { maxPodsPerNode: 30 }).memoryBytes).toBe(14 * GIB - 650 * MIB - 100 * MIB);
  });

  test('constrained sizes: CPU from ACTIVE vCPUs, memory from the base size', () => {
    const a = nodeAllocatable(VmSize.of('Standard_E8-4s_v5'));
    expect(a.cpuMillicores).toBe(4000 - 140);
    expect(a.memoryBytes).toBe(64 * GIB - 2250 * MIB - 100 * MIB);
  });
});

describe('one replica must fit one node (errors)', () => {
  test('the v1 defaults fit the default cluster', () => {
    expect(checkCapacity(cluster(), [svc('scorer', {})])).toEqual({ problems: [], warnings: [] });
  });

  test('CPU: exactly the allocatable fits, one millicore more does not', () => {
    expect(checkCapacity(cluster(), [svc('scorer', { cpuCores: 3.86 })]).problems).toEqual([]);
    expect(checkCapacity(cluster(), [svc('scorer', { cpuCores: 3.861 })]).problems).toEqual([
      'scorer.cpuCores (v1: cpu_cores) must fit the allocatable CPU of one Standard_D3_v2 node of the agentpool pool: 3.86 cores ' +
        '(4 vCPUs minus 140m kube-reserved); lower cpuCores or use a larger vmSize; received 3.861.',
    ]);
  });

  test('CPU: a request of all 4 vCPUs of a 4-vCPU node never fits', () => {
    expect(checkCapacity(cluster(), [svc('scorer', { cpuCores: 4 })]).problems).toHaveLength(1);
  });

  test('memory: GB (10^9) requests against GiB nodes, minus reservations', () => {
    expect(checkCapacity(cluster(), [svc('scorer', { memoryGb: 12.568 })]).problems).toEqual([]);
    expect(checkCapacity(cluster(), [svc('scorer', { memoryGb: 12.569 })]).problems).toEqual([
      'scorer.memoryGb (v1: memory_gb) must fit the allocatable memory of one Standard_D3_v2 node of the agentpool pool: 12.57 GB ' +
        '(14 GiB = 15.03 GB, minus 2.2 GiB kube-reserved and 100Mi eviction threshold, AKS 1.29+); lower memoryGb or use a larger vmSize; received 12.569.',
    ]);
    // 14 GB is less than the node's 14 GiB (15.03 GB) but more than what is allocatable.
    expect(checkCapacity(cluster(), [svc('scorer', { memoryGb: 14 })]).problems).toHaveLength(1);
  });

  test('memory: clusters before 1.29 reserve more', () => {
    expect(checkCapacity(cluster({ kubernetesVersion: '1.29' }), [svc('s', { memoryGb: 12 })]).problems).toEqual([]);
    const problems = checkCapacity(cluster({ kubernetesVersion: '1.28' }), [svc('s', { memoryGb: 12 })]).problems;
    expect(problems).toEqual([
      's.memoryGb (v1: memory_gb) must fit the allocatable memory of one Standard_D3_v2 node of the agentpool pool: 11.67 GB ' +
        '(14 GiB = 15.03 GB, minus 2.4 GiB kube-reserved and 750Mi eviction threshold, AKS before-1.29); lower memoryGb or use a larger vmSize; received 12.',
    ]);
  });

  test('every service and every resource is reported', () => {
    const problems = checkCapacity(cluster(), [
      svc('a', { cpuCores: 8, memoryGb: 16 }),
      svc('b', { cpuCores: 1 }),
      svc('c', { memoryGb: 100 }),
    ]).problems;
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['a.cpuCores', 'a.memoryGb', 'c.memoryGb']);
  });
});

describe('GPU services', () => {
  test('no GPU pool: an error naming the fix', () => {
    expect(checkCapacity(cluster(), [svc('gpu', { gpuCores: 1 })]).problems).toEqual([
      'gpu.gpuCores (v1: gpu_cores) needs a GPU node pool: set gpuPool with a GPU vmSize such as "Standard_NC6s_v3" ' +
        "(the agent pool's Standard_D3_v2 has no GPUs); received 1.",
    ]);
  });

  test('the GPU pool must have as many GPUs per node as one replica asks for', () => {
    const c1 = cluster({ gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 2 } });
    expect(checkCapacity(c1, [svc('gpu', { gpuCores: 1 })])).toEqual({ problems: [], warnings: [] });
    expect(checkCapacity(c1, [svc('gpu', { gpuCores: 2 })]).problems).toEqual([
      'gpu.gpuCores (v1: gpu_cores) must be at most 1, the whole GPUs per node of the gpu pool (Standard_NC6s_v3 has 1 GPU): ' +
        'use a size with more GPUs per node or lower gpuCores; received 2.',
    ]);
    const c2 = cluster({ gpuPool: { vmSize: 'Standard_NC12s_v3', nodeCount: 1 } });
    expect(checkCapacity(c2, [svc('gpu', { gpuCores: 2 })]).problems).toEqual([]);
  });

  test('a partial GPU never satisfies a GPU request', () => {
    const c = cluster({ clusterPurpose: ClusterPurpose.DEV_TEST, vmSize: 'Standard_NV6ads_A10_v5' });
    expect(checkCapacity(c, [svc('gpu', { gpuCores: 1 })]).problems).toEqual([
      'gpu.gpuCores (v1: gpu_cores) must be at most 0, the whole GPUs per node of the agentpool pool (Standard_NV6ads_A10_v5 has 1/6 of a GPU; ' +
        'Kubernetes schedules whole GPUs (nvidia.com/gpu)): use a size with more GPUs per node or lower gpuCores; received 1.',
    ]);
  });

  test('a GPU agent pool is enough without a gpuPool', () => {
    const c = cluster({ clusterPurpose: ClusterPurpose.DEV_TEST, vmSize: 'Standard_NC6s_v3' });
    expect(checkCapacity(c, [svc('gpu', { gpuCores: 1 })]).problems).toEqual([]);
  });

  test('GPU replicas are checked against the GPU pool\'s nodes, not the agent pool\'s', () => {
    const c = cluster({ gpuPool: { vmSize: 'Standard_NC4as_T4_v3', nodeCount: 1 } });
    // NC4as_T4_v3: 4 vCPUs (3.86 allocatable); the agent pool's D3_v2 is the same, so use memory:
    // 28 GiB node would hold 20 GB, a 14 GiB D3_v2 would not.
    expect(checkCapacity(c, [svc('gpu', { gpuCores: 1, memoryGb: 20 })]).problems).toEqual([]);
    expect(checkCapacity(c, [svc('cpu', { memoryGb: 20 })]).problems[0]).toMatch(/^cpu\.memoryGb .* node of the agentpool pool/);
    expect(checkCapacity(c, [svc('gpu', { gpuCores: 1, cpuCores: 4 })]).problems[0]).toMatch(
      /^gpu\.cpuCores .* one Standard_NC4as_T4_v3 node of the gpu pool: 3\.86 cores/,
    );
  });
});

describe('minimum replicas of all services should fit (warnings)', () => {
  test('6 replicas of 2 CPU on 3 × Standard_D3_v2: one per node', () => {
    const report = checkCapacity(cluster(), [svc('svc', { cpuCores: 2, memoryGb: 4, autoscaleMinReplicas: 6 })]);
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([
      {
        id: 'aks-ml:cluster:minimumReplicasDoNotFit',
        prop: 'services',
        message:
          'The minimum replicas (svc: 6 × 2 CPU, 4 GB) need 12 CPU cores, 24 GB on the agentpool pool, which has 3 × Standard_D3_v2 with ' +
          '11.58 cores and 37.7 GB allocatable in total; 3 of 6 replicas do not fit and stay Pending: raise agentCount, use a larger size ' +
          'or lower the requests (system pods also use some of this).',
      },
    ]);
  });

  test('fragmentation: the totals fit but the replicas do not pack', () => {
    // 5 × 2 CPU = 10 cores <= 11.58 in total, but each node holds only one 2-CPU replica.
    const w = checkCapacity(cluster(), [svc('svc', { cpuCores: 2, numReplicas: 5 })]).warnings;
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('2 of 5 replicas do not fit');
  });

  test('replicas of several services add up; numReplicas counts when autoscaling is off', () => {
    const ok = checkCapacity(cluster(), [svc('a', { cpuCores: 1, numReplicas: 3 }), svc('b', { cpuCores: 1, autoscaleMinReplicas: 3 })]);
    expect(ok.warnings).toEqual([]);
    const tight = checkCapacity(cluster(), [svc('a', { cpuCores: 1, numReplicas: 6 }), svc('b', { cpuCores: 1, autoscaleMinReplicas: 6 })]);
    expect(tight.warnings).toHaveLength(1);
    expect(tight.warnings[0].message).toContain('(a: 6 × 1 CPU, 0.5 GB; b: 6 × 1 CPU, 0.5 GB)');
    expect(tight.warnings[0].message).toContain('3 of 12 replicas do not fit');
  });

  test('the GPU pool counts GPUs and may grow to maxCount', () => {
    const c = cluster({ gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, minCount: 1, maxCount: 3 } });
    expect(checkCapacity(c, [svc('gpu', { gpuCores: 1, autoscaleMinReplicas: 3 })]).warnings).toEqual([]);
    const w = checkCapacity(c, [svc('gpu', { gpuCores: 1, autoscaleMinReplicas: 4 })]).warnings;
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('need 0.4 CPU cores, 2 GB and 4 GPUs on the gpu pool, which has 3 × Standard_NC6s_v3 (maxCount 3 with the cluster autoscaler)');
    expect(w[0].message).toContain('and 3 GPUs; 1 of 4 replicas does not fit and stays Pending');
    expect(w[0].message).toContain('raise gpuPool.maxCount');
  });

  test('a replica that cannot fit any node is an error, not also a warning', () => {
    const report = checkCapacity(cluster(), [svc('big', { cpuCores: 8, autoscaleMinReplicas: 5 })]);
    expect(report.problems).toHaveLength(1);
    expect(report.warnings).toEqual([]);
  });
});

describe('assertCapacity and hostile input', () => {
  test('throws one ConfigurationError listing every problem', () => {
    let error: unknown;
    try {
      assertCapacity(cluster(), [svc('a', { cpuCores: 8 }), svc('b', { gpuCores: 1 })]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toHaveLength(2);
    expect((error as ConfigurationError).message).toMatch(/^Invalid configuration for the cluster capacity: 2 problems/);
  });

  test('returns the warnings when there is no problem', () => {
    expect(assertCapacity(cluster(), [svc('s', { cpuCores: 2, numReplicas: 4 })])).toHaveLength(1);
    expect(assertCapacity(cluster(), [])).toEqual([]);
  });

  test('garbage in is a problem, never a TypeError', () => {
    const c = cluster();
    expect(checkCapacity(c, 'x' as never).problems).toEqual(['services must be an array of { name, config }; received "x".']);
    expect(checkCapacity(null as never, []).problems[0]).toMatch(/^cluster must be a resolved cluster configuration/);
    const bad = [
      null,
      { name: 'n' },
      { name: 'x', config: { cpuCores: NaN, memoryGb: 1, gpuCores: 0, autoscaleEnabled: true, autoscaleMinReplicas: 1 } },
      { name: 'y', config: { cpuCores: 1, memoryGb: Infinity, gpuCores: 0, autoscaleEnabled: true, autoscaleMinReplicas: 1 } },
      { name: 'z', config: { cpuCores: 1, memoryGb: 1, gpuCores: -1, autoscaleEnabled: false } },
    ];
    const problems = checkCapacity(c, bad as never).problems;
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^services\[0\]\.config must be a resolved deploy configuration/);
    expect(problems[1]).toMatch(/^n\.config must be a resolved deploy configuration/);
    expect(() => assertCapacity(c, bad as never)).toThrow(ConfigurationError);
  });
});
