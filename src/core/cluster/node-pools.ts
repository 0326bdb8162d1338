/**
 * The node pools: the VM size of a pool (catalog name, VmSize, or an unknown
 * name with explicit vCPUs and memory), the GPU user pool and the system pool.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { checkNumber, checkString, isPlainObject } from '../validation';
import { CLUSTER_DEFAULTS, ResolvedNodePool } from './props';
import { MAX_NODES_PER_POOL, NODE_POOL_NAME_PATTERN, VM_SIZE_NAME_PATTERN, checkPattern, label, plural } from './rules';
import { VM_SIZES_DOCS_URL, VmSize, parseSizeName, unknownVmSizeRule } from './vm-sizes';

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
export function validateVmSize(
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
    if (vcpus !== undefined && mem !== undefined) return VmSize.custom({ name, vcpus, memoryGiB: mem, gpus: gpus ?? 0 });
    // Not in the catalog: the vCPUs by Azure's naming convention, so the purpose rules still
    // apply; memory (and GPUs) cannot be read from a name, so their capacity checks need the values.
    const parts = parseSizeName(name);
    const fromName = vcpus ?? (parts ? parts.constrainedVcpus ?? parts.vcpus : undefined);
    if (fromName === undefined) {
      const missing = [vcpus === undefined ? overrideProps.vcpus : undefined, mem === undefined ? overrideProps.memoryGiB : undefined]
        .filter((x): x is string => x !== undefined)
        .join(' and ');
      c.add(shown, name, `${unknownVmSizeRule()} (missing: ${missing})`);
      return undefined;
    }
    const read = parts && vcpus === undefined
      ? `${fromName} vCPUs are read from the name (family ${parts.family}, ${parts.vcpus} vCPUs` +
        `${parts.constrainedVcpus !== undefined ? `, ${parts.constrainedVcpus} active` : ''}${parts.features ? `, features "${parts.features}"` : ''}` +
        `${parts.accelerator ? `, accelerator ${parts.accelerator}` : ''}${parts.version !== undefined ? `, v${parts.version}` : ''})`
      : `${overrideProps.vcpus} ${fromName} is used`;
    const unknown = [mem === undefined ? `memory (${overrideProps.memoryGiB})` : undefined, gpus === undefined ? `GPUs (${overrideProps.gpus})` : undefined]
      .filter((x): x is string => x !== undefined);
    warnings.push({
      id: 'aks-ml:cluster:vmSizeFromName',
      prop: overrideProps.vcpus.replace(/vcpusPerNode$/, 'vmSize'),
      message:
        `${name} is not in the built-in catalog: ${read}, so the purpose rules apply` +
        (unknown.length > 0 ? `; ${unknown.join(' and ')} cannot be read from a name: the capacity checks of ${unknown.length === 1 ? 'it' : 'them'} need the value${unknown.length === 1 ? '' : 's'} from ${VM_SIZES_DOCS_URL}.` : '.'),
    });
    return VmSize._fromName(name, fromName, mem, gpus ?? 0);
  }
  if (vcpus === undefined && mem === undefined && gpus === undefined) return base;
  const differs: string[] = [];
  if (vcpus !== undefined && vcpus !== base.vcpus) differs.push(`${overrideProps.vcpus} ${vcpus} (catalog: ${base.vcpus})`);
  if (mem !== undefined && mem !== base.memoryGiB) differs.push(`${overrideProps.memoryGiB} ${mem} (catalog: ${base.memoryGiB})`);
  if (gpus !== undefined && gpus !== base.gpus) differs.push(`${overrideProps.gpus} ${gpus} (catalog: ${base.gpusText})`);
  if (differs.length > 0) {
    warnings.push({
      id: 'aks-ml:cluster:vmSizeOverridesCatalog',
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


// --- Pools ----------------------------------------------------------------------

/** The system (agent) pool: agentCount × vmSize, mode System. */
export function buildSystemPool(agentCount: number, vmSize: VmSize): ResolvedNodePool {
  return {
    name: CLUSTER_DEFAULTS.systemPoolName,
    mode: 'System',
    vmSize,
    nodeCount: agentCount,
    taints: [],
    labels: {},
  };
}

/** Checks the GPU pool props; returns the resolved pool when they are valid. */
export function validateGpuPool(c: ProblemCollector, warnings: ConfigurationWarning[], value: unknown): ResolvedNodePool | undefined {
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
    size = validateVmSize(
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

