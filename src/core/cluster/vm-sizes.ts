/**
 * A catalog of Azure VM sizes (vCPUs, memory, GPUs) for the AKS cluster model.
 *
 * Azure ML SDK v1 had no VM-size table: the service checked `agent_count × vCPUs`
 * when the cluster was created. To check it before anything is deployed, this
 * library needs the vCPU count of each size, and size names do not state it
 * (Standard_D3_v2 has 4 vCPUs; Standard_E8-4s_v5 has 4 active vCPUs, not 8).
 * Every number below was copied from Microsoft's size pages (the page is named
 * above each family); nothing in the catalog is derived from the name. For a size
 * missing from the catalog, the cluster model reads the vCPUs from the name by Azure's
 * naming convention ({@link parseSizeName}) so the purpose rules still apply, and warns
 * that memory and GPU capacity checks need explicit `memoryGiBPerNode`/`gpusPerNode`;
 * a name that does not state its vCPUs is an error that asks for the values.
 * {@link VmSize.of} itself never reads a name.
 *
 * Units: `memoryGiB` is the "Memory: GiB" column of the size pages (the newer
 * pages head the same column "Memory (GB)"; the values are identical).
 */
import { ConfigurationError, ProblemCollector } from '../errors';
import { checkNumber, checkString, isPlainObject } from '../validation';

/** The size pages' index, given in messages about unknown sizes. */
export const VM_SIZES_DOCS_URL = 'https://learn.microsoft.com/azure/virtual-machines/sizes/overview';

/** The plain data of a VM size. */
export interface VmSizeSpec {
  /** The canonical Azure name, e.g. `Standard_D3_v2`. */
  readonly name: string;
  /**
   * vCPUs available to the guest. For constrained-vCPU sizes
   * (e.g. `Standard_E8-4s_v5`) this is the number of ACTIVE vCPUs.
   */
  readonly vcpus: number;
  /** Memory in GiB (1024^3 bytes). */
  readonly memoryGiB: number;
  /**
   * GPUs per VM as the size page counts them. Partial-GPU sizes (NVadsA10_v5)
   * have a fraction of one GPU, e.g. 1/6 for Standard_NV6ads_A10_v5; Kubernetes
   * schedules whole GPUs (`nvidia.com/gpu`), so a fraction can never satisfy a
   * GPU request.
   */
  readonly gpus: number;
  /** The GPU model, e.g. `NVIDIA V100`. */
  readonly gpuType?: string;
}

/** Props of {@link VmSize.custom}. */
export interface CustomVmSizeProps {
  /** The Azure size name (kept as written). */
  readonly name: string;
  /** vCPUs per VM (active vCPUs for constrained sizes); a whole number >= 1. */
  readonly vcpus: number;
  /** Memory per VM in GiB. */
  readonly memoryGiB: number;
  /**
   * GPUs per VM.
   * @default 0
   */
  readonly gpus?: number;
  /**
   * The GPU model, for messages.
   * @default - none
   */
  readonly gpuType?: string;
}

/**
 * A VM size: from the built-in catalog ({@link VmSize.of}) or given explicitly
 * ({@link VmSize.custom}).
 */
export class VmSize implements VmSizeSpec {
  /**
   * The catalog size with this name, compared case-insensitively; the returned
   * `name` is Azure's spelling. Throws a {@link ConfigurationError} for a size
   * that is not in the catalog (never guesses from the name).
   */
  public static of(name: string): VmSize {
    const found = VmSize.tryOf(name);
    if (found) return found;
    const c = new ProblemCollector();
    if (typeof name !== 'string' || name.trim().length === 0) {
      c.add('vmSize', name, 'must be a non-empty Azure VM size name such as "Standard_D3_v2"');
    } else {
      c.add('vmSize', name, unknownVmSizeRule('VmSize.of never reads the vCPUs from a name'));
    }
    throw new ConfigurationError('the VM size', c.problems);
  }

  /** The catalog size with this name (case-insensitive), or undefined. */
  public static tryOf(name: unknown): VmSize | undefined {
    if (typeof name !== 'string' || name.length > 128) return undefined;
    return CATALOG.get(name.toLowerCase());
  }

  /**
   * A size given explicitly: for sizes the catalog does not know, or to override
   * a catalog entry. Throws a {@link ConfigurationError} listing every problem.
   */
  public static custom(props: CustomVmSizeProps): VmSize {
    const c = new ProblemCollector();
    validateCustomVmSize(c, props);
    c.throwIfAny('the custom VM size');
    return new VmSize(
      props.name,
      props.vcpus,
      props.memoryGiB,
      props.gpus ?? 0,
      props.gpuType,
      { custom: true },
    );
  }

  /** The canonical names of every catalog size, sorted. */
  public static knownSizes(): string[] {
    return [...CATALOG.values()].map((s) => s.name).sort();
  }

  /**
   * Creates a catalog entry (internal: the catalog below is the only caller).
   * @internal
   */
  public static _catalogEntry(
    name: string,
    vcpus: number,
    memoryGiB: number,
    gpus: number,
    gpuType: string | undefined,
    info: { family: string; source: string; constrainedFrom?: string; underlyingVcpus?: number; gpuFraction?: string },
  ): VmSize {
    return new VmSize(name, vcpus, memoryGiB, gpus, gpuType, { custom: false, ...info });
  }

  public readonly name: string;
  public readonly vcpus: number;
  public readonly memoryGiB: number;
  public readonly gpus: number;
  public readonly gpuType?: string;
  /** True for sizes made with {@link VmSize.custom}. */
  public readonly isCustom: boolean;
  /** The size family as Microsoft names it (catalog sizes only), e.g. `Dv2`. */
  public readonly family?: string;
  /** The Microsoft page the numbers come from (catalog sizes only). */
  public readonly source?: string;
  /** For constrained-vCPU sizes: the size whose memory and I/O it keeps. */
  public readonly constrainedFrom?: string;
  /** For constrained-vCPU sizes: the vCPUs of the base size (only `vcpus` are usable). */
  public readonly underlyingVcpus?: number;
  /** For partial-GPU sizes: the share of one GPU as the size page writes it, e.g. `1/6`. */
  public readonly gpuFraction?: string;

  private constructor(
    name: string,
    vcpus: number,
    memoryGiB: number,
    gpus: number,
    gpuType: string | undefined,
    info: {
      custom: boolean;
      family?: string;
      source?: string;
      constrainedFrom?: string;
      underlyingVcpus?: number;
      gpuFraction?: string;
    },
  ) {
    this.name = name;
    this.vcpus = vcpus;
    this.memoryGiB = memoryGiB;
    this.gpus = gpus;
    if (gpuType !== undefined) this.gpuType = gpuType;
    this.isCustom = info.custom;
    if (info.family !== undefined) this.family = info.family;
    if (info.source !== undefined) this.source = info.source;
    if (info.constrainedFrom !== undefined) this.constrainedFrom = info.constrainedFrom;
    if (info.underlyingVcpus !== undefined) this.underlyingVcpus = info.underlyingVcpus;
    if (info.gpuFraction !== undefined) this.gpuFraction = info.gpuFraction;
    Object.freeze(this);
  }

  /**
   * A size the catalog does not know, with its vCPUs read from the name by Azure's
   * naming convention ({@link vcpusFromSizeName}) and, without an explicit value, an
   * unknown memory (`memoryGiB` is Infinity: memory capacity checks are skipped, with
   * a warning). Internal: validateVmSize is the only caller.
   * @internal
   */
  public static _fromName(name: string, vcpus: number, memoryGiB: number | undefined, gpus: number): VmSize {
    return new VmSize(name, vcpus, memoryGiB ?? Number.POSITIVE_INFINITY, gpus, undefined, { custom: true, family: 'not in the catalog (vCPUs from the name)' });
  }

  /** Whether the memory is unknown (a size not in the catalog, without memoryGiBPerNode). */
  public get memoryUnknown(): boolean {
    return !Number.isFinite(this.memoryGiB);
  }

  /** Memory in bytes. */
  public get memoryBytes(): number {
    return this.memoryGiB * GIB;
  }

  /** GPUs as the size page writes them: `1`, `4`, or a fraction such as `1/6`. */
  public get gpusText(): string {
    return this.gpuFraction ?? String(this.gpus);
  }

  /** The plain data, for serialization. */
  public toJSON(): VmSizeSpec {
    return {
      name: this.name,
      vcpus: this.vcpus,
      memoryGiB: this.memoryGiB,
      gpus: this.gpus,
      ...(this.gpuType !== undefined ? { gpuType: this.gpuType } : {}),
    };
  }
}

const GIB = 1024 ** 3;

/** The rule text for a size the catalog does not know (shared with the cluster config). */
export function unknownVmSizeRule(why = 'its name does not state its vCPUs by Azure\'s naming convention'): string {
  return (
    `is not in the built-in VM size catalog, and ${why}: ` +
    `set vcpusPerNode and memoryGiBPerNode (and gpusPerNode for a GPU size) to the values on ${VM_SIZES_DOCS_URL}, ` +
    'or pass VmSize.custom({ name, vcpus, memoryGiB, gpus })'
  );
}

/** The parts of a size name by Azure's naming convention. */
export interface SizeNameParts {
  /** Family and sub-family letters, e.g. `D`, `NC`, `M`. */
  readonly family: string;
  /** The vCPU count in the name. */
  readonly vcpus: number;
  /** The active vCPUs of a constrained size (`E32-8s_v5`: 8). */
  readonly constrainedVcpus?: number;
  /** The additive feature letters, e.g. `ads`. */
  readonly features: string;
  /** The accelerator type, e.g. `H100`. */
  readonly accelerator?: string;
  /** The version number (`_v5`: 5). */
  readonly version?: number;
}

const SIZE_NAME = /^Standard_([A-Z]+)(\d+)(?:-(\d+))?([a-z]*)(?:_([A-Z][A-Za-z0-9]*))?(?:_v(\d+))?$/;

/**
 * Reads a size name by Azure's naming convention
 * ([Family][Sub-family][# vCPUs][-Constrained vCPUs][Additive features][_Accelerator][_Version],
 * https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions). Undefined for a
 * name that does not follow it, and for the old families whose names do not state the
 * vCPUs (A, D, DS and G before v3: Standard_D3_v2 has 4 vCPUs).
 */
export function parseSizeName(name: string): SizeNameParts | undefined {
  const m = SIZE_NAME.exec(name);
  if (!m) return undefined;
  const [, family, count, constrained, features, accelerator, version] = m;
  const v = version !== undefined ? Number(version) : undefined;
  if (['A', 'D', 'DS', 'G', 'GS'].includes(family) && (v === undefined || v < 3)) return undefined;
  const vcpus = Number(count);
  const active = constrained !== undefined ? Number(constrained) : undefined;
  if (vcpus < 1 || (active !== undefined && (active < 1 || active > vcpus))) return undefined;
  return {
    family,
    vcpus,
    ...(active !== undefined ? { constrainedVcpus: active } : {}),
    features,
    ...(accelerator !== undefined ? { accelerator } : {}),
    ...(v !== undefined ? { version: v } : {}),
  };
}

/** The usable vCPUs a size name states (the constrained count when there is one), or undefined. */
export function vcpusFromSizeName(name: string): number | undefined {
  const parts = parseSizeName(name);
  return parts ? parts.constrainedVcpus ?? parts.vcpus : undefined;
}

/** Validates {@link CustomVmSizeProps}, adding every problem to `c` (prefix the collector for nesting). */
export function validateCustomVmSize(c: ProblemCollector, props: unknown): boolean {
  const before = c.problems.length;
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object { name, vcpus, memoryGiB, gpus? }');
    return false;
  }
  const p = props as Record<string, unknown>;
  if (p.name === undefined) c.add('name', p.name, 'is required');
  else checkString(c, 'name', p.name, { maxLength: 128 });
  if (p.vcpus === undefined) c.add('vcpus', p.vcpus, 'is required');
  else checkNumber(c, 'vcpus', p.vcpus, { atLeast: 1, integer: true, boundText: 'must be at least 1' });
  if (p.memoryGiB === undefined) c.add('memoryGiB', p.memoryGiB, 'is required');
  else checkNumber(c, 'memoryGiB', p.memoryGiB, { greaterThan: 0, boundText: 'must be greater than zero' });
  checkNumber(c, 'gpus', p.gpus, { atLeast: 0, boundText: 'must be greater than or equal to zero' });
  checkString(c, 'gpuType', p.gpuType, { maxLength: 128 });
  return c.problems.length === before;
}

// ---------------------------------------------------------------------------
// The catalog. Tuples are [name, vCPUs, memory GiB] or [name, vCPUs, memory GiB, GPUs].
// ---------------------------------------------------------------------------

const CATALOG = new Map<string, VmSize>();

type Row = readonly [string, number, number] | readonly [string, number, number, number];

function family(name: string, source: string, rows: readonly Row[], gpuType?: string): void {
  for (const row of rows) {
    const [size, vcpus, mem] = row;
    const gpus = row.length === 4 ? row[3] : 0;
    add(VmSize._catalogEntry(size, vcpus, mem, gpus, gpus > 0 ? gpuType : undefined, { family: name, source }));
  }
}

/** Constrained-vCPU sizes keep the base size's memory; `vcpus` is the active count. */
function constrained(source: string, rows: readonly (readonly [string, string, number])[]): void {
  for (const [size, base, active] of rows) {
    const b = CATALOG.get(base.toLowerCase());
    if (!b) throw new Error(`VM size catalog: base size ${base} of ${size} is missing`);
    add(
      VmSize._catalogEntry(size, active, b.memoryGiB, b.gpus, b.gpuType, {
        family: `${b.family} (constrained vCPU)`,
        source,
        constrainedFrom: b.name,
        underlyingVcpus: b.vcpus,
      }),
    );
  }
}

function add(size: VmSize): void {
  const key = size.name.toLowerCase();
  if (CATALOG.has(key)) throw new Error(`VM size catalog: duplicate entry ${size.name}`);
  CATALOG.set(key, size);
}

/** Rows for a series whose sizes are `Standard_D<n><suffix>` with memory = n × ratio. */
function series(prefix: string, suffix: string, counts: readonly number[], gibPerVcpu: number, memOverrides: Record<number, number> = {}): Row[] {
  return counts.map((n) => [`Standard_${prefix}${n}${suffix}`, n, memOverrides[n] ?? n * gibPerVcpu] as const);
}

const LEARN = 'https://learn.microsoft.com/azure/virtual-machines';
const SIZES = `${LEARN}/sizes`;

// --- General purpose -------------------------------------------------------

// Dv2 and DSv2-series: https://learn.microsoft.com/azure/virtual-machines/dv2-dsv2-series
// (now sizes/general-purpose/dv2-series and dsv2-series). D3_v2 = 4 vCPUs, 14 GiB.
const dv2Rows: Row[] = [
  ['Standard_D1_v2', 1, 3.5], ['Standard_D2_v2', 2, 7], ['Standard_D3_v2', 4, 14],
  ['Standard_D4_v2', 8, 28], ['Standard_D5_v2', 16, 56],
];
family('Dv2', `${LEARN}/dv2-dsv2-series`, dv2Rows);
family('DSv2', `${LEARN}/dv2-dsv2-series`, dv2Rows.map(([n, v, m]) => [n.replace('Standard_D', 'Standard_DS'), v, m] as const));

// Memory-optimized Dv2 and DSv2-series 11-15: https://learn.microsoft.com/azure/virtual-machines/dv2-dsv2-series-memory
const dv2MemRows: Row[] = [
  ['Standard_D11_v2', 2, 14], ['Standard_D12_v2', 4, 28], ['Standard_D13_v2', 8, 56],
  ['Standard_D14_v2', 16, 112], ['Standard_D15_v2', 20, 140],
];
family('Dv2 (memory optimized)', `${LEARN}/dv2-dsv2-series-memory`, dv2MemRows);
family('DSv2 (memory optimized)', `${LEARN}/dv2-dsv2-series-memory`, dv2MemRows.map(([n, v, m]) => [n.replace('Standard_D', 'Standard_DS'), v, m] as const));

// Dv3 and Dsv3-series: https://learn.microsoft.com/azure/virtual-machines/dv3-dsv3-series
const v3Counts = [2, 4, 8, 16, 32, 48, 64];
family('Dv3', `${LEARN}/dv3-dsv3-series`, series('D', '_v3', v3Counts, 4));
family('Dsv3', `${LEARN}/dv3-dsv3-series`, series('D', 's_v3', v3Counts, 4));

// Dv4 and Dsv4-series: https://learn.microsoft.com/azure/virtual-machines/dv4-dsv4-series
family('Dv4', `${LEARN}/dv4-dsv4-series`, series('D', '_v4', v3Counts, 4));
family('Dsv4', `${LEARN}/dv4-dsv4-series`, series('D', 's_v4', v3Counts, 4));
// Ddv4 and Ddsv4-series: https://learn.microsoft.com/azure/virtual-machines/ddv4-ddsv4-series
family('Ddv4', `${LEARN}/ddv4-ddsv4-series`, series('D', 'd_v4', v3Counts, 4));
family('Ddsv4', `${LEARN}/ddv4-ddsv4-series`, series('D', 'ds_v4', v3Counts, 4));

// Dv5 and Dsv5-series: https://learn.microsoft.com/azure/virtual-machines/dv5-dsv5-series
const v5Counts = [2, 4, 8, 16, 32, 48, 64, 96];
family('Dv5', `${LEARN}/dv5-dsv5-series`, series('D', '_v5', v5Counts, 4));
family('Dsv5', `${LEARN}/dv5-dsv5-series`, series('D', 's_v5', v5Counts, 4));
// Ddv5 and Ddsv5-series: https://learn.microsoft.com/azure/virtual-machines/ddv5-ddsv5-series
family('Ddv5', `${LEARN}/ddv5-ddsv5-series`, series('D', 'd_v5', v5Counts, 4));
family('Ddsv5', `${LEARN}/ddv5-ddsv5-series`, series('D', 'ds_v5', v5Counts, 4));
// Dasv5 and Dadsv5-series (AMD): https://learn.microsoft.com/azure/virtual-machines/dasv5-dadsv5-series
family('Dasv5', `${LEARN}/dasv5-dadsv5-series`, series('D', 'as_v5', v5Counts, 4));
family('Dadsv5', `${LEARN}/dasv5-dadsv5-series`, series('D', 'ads_v5', v5Counts, 4));
// Dpsv5 and Dpdsv5-series (Arm, Ampere Altra): https://learn.microsoft.com/azure/virtual-machines/dpsv5-dpdsv5-series
// Note: the 64-vCPU sizes have 208 GiB, not 256.
const armCounts = [2, 4, 8, 16, 32, 48, 64];
family('Dpsv5', `${LEARN}/dpsv5-dpdsv5-series`, series('D', 'ps_v5', armCounts, 4, { 64: 208 }));
family('Dpdsv5', `${LEARN}/dpsv5-dpdsv5-series`, series('D', 'pds_v5', armCounts, 4, { 64: 208 }));
// Dplsv5 and Dpldsv5-series (Arm, 2 GiB per vCPU): https://learn.microsoft.com/azure/virtual-machines/dplsv5-dpldsv5-series
family('Dplsv5', `${LEARN}/dplsv5-dpldsv5-series`, series('D', 'pls_v5', armCounts, 2));
family('Dpldsv5', `${LEARN}/dplsv5-dpldsv5-series`, series('D', 'plds_v5', armCounts, 2));

// Dlsv5 and Dldsv5-series (2 GiB per vCPU): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dlsv5-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dldsv5-series
family('Dlsv5', `${LEARN}/sizes/general-purpose/dlsv5-series`, series('D', 'ls_v5', v5Counts, 2));
family('Dldsv5', `${LEARN}/sizes/general-purpose/dldsv5-series`, series('D', 'lds_v5', v5Counts, 2));

// Dalsv6 and Daldsv6-series (AMD, 2 GiB per vCPU): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dalsv6-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/daldsv6-series
family('Dalsv6', `${SIZES}/general-purpose/dalsv6-series`, series('D', 'als_v6', v5Counts, 2));
family('Daldsv6', `${SIZES}/general-purpose/daldsv6-series`, series('D', 'alds_v6', v5Counts, 2));
// Dlsv6-series (2 GiB per vCPU): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dlsv6-series
family('Dlsv6', `${SIZES}/general-purpose/dlsv6-series`, series('D', 'ls_v6', [...v5Counts, 128], 2));
// Dldsv6-series (2 GiB per vCPU): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dldsv6-series
family('Dldsv6', `${SIZES}/general-purpose/dldsv6-series`, series('D', 'lds_v6', [...v5Counts, 128], 2));

// Dsv6-series: https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dsv6-series
family('Dsv6', `${LEARN}/sizes/general-purpose/dsv6-series`, series('D', 's_v6', [2, 4, 8, 16, 32, 48, 64, 96, 128, 192], 4));
// Ddsv6-series: https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/ddsv6-series
family('Ddsv6', `${LEARN}/sizes/general-purpose/ddsv6-series`, series('D', 'ds_v6', [2, 4, 8, 16, 32, 48, 64, 96, 128], 4));
// Dnsv6, Dndsv6, Dnlsv6 and Dnldsv6-series (preview, high network bandwidth; Microsoft files these pages under
// memory-optimized): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/dnsv6-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/dndsv6-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/dnlsv6-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/dnldsv6-series
const nv6Counts = [2, 4, 8, 16, 32, 48, 64, 96, 128];
family('Dnsv6', `${SIZES}/memory-optimized/dnsv6-series`, series('D', 'ns_v6', nv6Counts, 4));
family('Dndsv6', `${SIZES}/memory-optimized/dndsv6-series`, series('D', 'nds_v6', nv6Counts, 4));
family('Dnlsv6', `${SIZES}/memory-optimized/dnlsv6-series`, series('D', 'nls_v6', nv6Counts, 2));
family('Dnldsv6', `${SIZES}/memory-optimized/dnldsv6-series`, series('D', 'nlds_v6', nv6Counts, 2));
// Dsv7-series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dsv7-series
family('Dsv7', `${SIZES}/general-purpose/dsv7-series`, series('D', 's_v7', [2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 248, 372], 4));
// Ddsv7-series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/ddsv7-series
family('Ddsv7', `${SIZES}/general-purpose/ddsv7-series`, series('D', 'ds_v7', [2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 248, 372], 4));
// Dlsv7 and Dldsv7-series (preview, 2 GiB per vCPU): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dlsv7-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dldsv7-series
// Note: as the Basics tables give them, the 64-vCPU sizes have 126 GiB and the 96-vCPU sizes 384 GiB.
const dlv7Counts = [2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 248];
family('Dlsv7', `${SIZES}/general-purpose/dlsv7-series`, series('D', 'ls_v7', dlv7Counts, 2, { 64: 126, 96: 384 }));
family('Dldsv7', `${SIZES}/general-purpose/dldsv7-series`, series('D', 'lds_v7', dlv7Counts, 2, { 64: 126, 96: 384 }));
// Dasv7, Dadsv7, Dalsv7 and Daldsv7-series (AMD EPYC 9005): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dasv7-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dadsv7-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dalsv7-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/daldsv7-series
const dav7Counts = [2, 4, 8, 16, 32, 48, 64, 96, 128, 160];
family('Dasv7', `${SIZES}/general-purpose/dasv7-series`, series('D', 'as_v7', dav7Counts, 4));
family('Dadsv7', `${SIZES}/general-purpose/dadsv7-series`, series('D', 'ads_v7', dav7Counts, 4));
family('Dalsv7', `${SIZES}/general-purpose/dalsv7-series`, series('D', 'als_v7', dav7Counts, 2));
family('Daldsv7', `${SIZES}/general-purpose/daldsv7-series`, series('D', 'alds_v7', dav7Counts, 2));
// Dasv6-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dasv6-series
family('Dasv6', `${LEARN}/sizes/general-purpose/dasv6-series`, series('D', 'as_v6', v5Counts, 4));
// Dadsv6-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dadsv6-series
family('Dadsv6', `${LEARN}/sizes/general-purpose/dadsv6-series`, series('D', 'ads_v6', v5Counts, 4));
// Dpsv6-series (Arm, Cobalt 100): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dpsv6-series
family('Dpsv6', `${LEARN}/sizes/general-purpose/dpsv6-series`, series('D', 'ps_v6', v5Counts, 4));
// Dplsv6, Dpdsv6 and Dpldsv6-series (Arm, Cobalt 100): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dplsv6-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dpdsv6-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dpldsv6-series
family('Dplsv6', `${SIZES}/general-purpose/dplsv6-series`, series('D', 'pls_v6', v5Counts, 2));
family('Dpdsv6', `${SIZES}/general-purpose/dpdsv6-series`, series('D', 'pds_v6', v5Counts, 4));
family('Dpldsv6', `${SIZES}/general-purpose/dpldsv6-series`, series('D', 'plds_v6', v5Counts, 2));

// DCsv3-series (confidential, Intel SGX; the page heads the column "Cores"; retiring 2029-10-31):
// https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcsv3-series
family('DCsv3', `${SIZES}/general-purpose/dcsv3-series`, series('DC', 's_v3', [1, 2, 4, 8, 16, 24, 32, 48], 8));
// DCdsv3-series (confidential, Intel SGX, local disk; "Cores" column): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcdsv3-series
family('DCdsv3', `${SIZES}/general-purpose/dcdsv3-series`, series('DC', 'ds_v3', [1, 2, 4, 8, 16, 24, 32, 48], 8));
// DCasv5-series (confidential, AMD SEV-SNP): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcasv5-series
family('DCasv5', `${SIZES}/general-purpose/dcasv5-series`, series('DC', 'as_v5', v5Counts, 4));
// DCasv6 and DCadsv6-series (confidential, AMD SEV-SNP): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcasv6-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcadsv6-series
family('DCasv6', `${SIZES}/general-purpose/dcasv6-series`, series('DC', 'as_v6', v5Counts, 4));
family('DCadsv6', `${SIZES}/general-purpose/dcadsv6-series`, series('DC', 'ads_v6', v5Counts, 4));
// DCadsv5-series (confidential, AMD SEV-SNP, local disk): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcadsv5-series
family('DCadsv5', `${SIZES}/general-purpose/dcadsv5-series`, series('DC', 'ads_v5', v5Counts, 4));
// DCas_cc_v5 and DCads_cc_v5-series (preview, confidential child capable): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcasccv5-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcadsccv5-series
const ccCounts = [4, 8, 16, 32, 48, 64, 96];
family('DCas_cc_v5', `${SIZES}/general-purpose/dcasccv5-series`, series('DC', 'as_cc_v5', ccCounts, 4));
family('DCads_cc_v5', `${SIZES}/general-purpose/dcadsccv5-series`, series('DC', 'ads_cc_v5', ccCounts, 4));

// DCesv6-series (confidential, Intel TDX): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcesv6-series
family('DCesv6', `${SIZES}/general-purpose/dcesv6-series`, series('DC', 'es_v6', [...v5Counts, 128], 4));
// DCedsv6-series (confidential, Intel TDX, local disk): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcedsv6-series
family('DCedsv6', `${SIZES}/general-purpose/dcedsv6-series`, series('DC', 'eds_v6', [...v5Counts, 128], 4));
// DCsv2-series (Intel SGX; the page's "Cores" column): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dcsv2-series
family('DCsv2', `${SIZES}/general-purpose/dcsv2-series`, [
  ['Standard_DC1s_v2', 1, 4], ['Standard_DC2s_v2', 2, 8], ['Standard_DC4s_v2', 4, 16], ['Standard_DC8_v2', 8, 32],
]);

// B-series burstable: https://learn.microsoft.com/azure/virtual-machines/sizes-b-series-burstable
// (vcpus is the vCPU count; the sustained baseline is a fraction of it).
family('B', `${LEARN}/sizes-b-series-burstable`, [
  ['Standard_B1ls', 1, 0.5], ['Standard_B1s', 1, 1], ['Standard_B1ms', 1, 2],
  ['Standard_B2s', 2, 4], ['Standard_B2ms', 2, 8], ['Standard_B4ms', 4, 16],
  ['Standard_B8ms', 8, 32], ['Standard_B12ms', 12, 48], ['Standard_B16ms', 16, 64],
  ['Standard_B20ms', 20, 80],
]);

// Bsv2-series burstable (Intel): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/bsv2-series
const bv2Rows = (p: string, with32: boolean): Row[] => [
  [`Standard_B2${p}ts_v2`, 2, 1], [`Standard_B2${p}ls_v2`, 2, 4], [`Standard_B2${p}s_v2`, 2, 8],
  [`Standard_B4${p}ls_v2`, 4, 8], [`Standard_B4${p}s_v2`, 4, 16], [`Standard_B8${p}ls_v2`, 8, 16], [`Standard_B8${p}s_v2`, 8, 32],
  [`Standard_B16${p}ls_v2`, 16, 32], [`Standard_B16${p}s_v2`, 16, 64],
  ...(with32 ? ([[`Standard_B32${p}ls_v2`, 32, 64], [`Standard_B32${p}s_v2`, 32, 128]] as Row[]) : []),
];
family('Bsv2', `${SIZES}/general-purpose/bsv2-series`, bv2Rows('', true));
// Basv2-series burstable (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/basv2-series
family('Basv2', `${SIZES}/general-purpose/basv2-series`, bv2Rows('a', true));
// Bpsv2-series burstable (Arm): https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/bpsv2-series
// (no 32-vCPU sizes).
family('Bpsv2', `${SIZES}/general-purpose/bpsv2-series`, bv2Rows('p', false));

// Av2-series: https://learn.microsoft.com/azure/virtual-machines/av2-series
family('Av2', `${LEARN}/av2-series`, [
  ['Standard_A1_v2', 1, 2], ['Standard_A2_v2', 2, 4], ['Standard_A4_v2', 4, 8], ['Standard_A8_v2', 8, 16],
  ['Standard_A2m_v2', 2, 16], ['Standard_A4m_v2', 4, 32], ['Standard_A8m_v2', 8, 64],
]);

// --- Compute optimized -----------------------------------------------------

// F and Fs-series (previous generation): https://learn.microsoft.com/azure/virtual-machines/sizes-previous-gen#f-series
const fRows: Row[] = [['Standard_F1', 1, 2], ['Standard_F2', 2, 4], ['Standard_F4', 4, 8], ['Standard_F8', 8, 16], ['Standard_F16', 16, 32]];
family('F', `${LEARN}/sizes-previous-gen`, fRows);
family('Fs', `${LEARN}/sizes-previous-gen`, fRows.map(([n, v, m]) => [`${n}s`, v, m] as const));
// Fsv2-series: https://learn.microsoft.com/azure/virtual-machines/fsv2-series
family('Fsv2', `${LEARN}/fsv2-series`, series('F', 's_v2', [2, 4, 8, 16, 32, 48, 64, 72], 2));

// Fasv6, Falsv6 and Famsv6-series (AMD; 4, 2 and 8 GiB per vCPU):
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/fasv6-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/falsv6-series and
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/famsv6-series
const fv6Counts = [2, 4, 8, 16, 32, 48, 64];
family('Fasv6', `${SIZES}/compute-optimized/fasv6-series`, series('F', 'as_v6', fv6Counts, 4));
family('Falsv6', `${SIZES}/compute-optimized/falsv6-series`, series('F', 'als_v6', fv6Counts, 2));
family('Famsv6', `${SIZES}/compute-optimized/famsv6-series`, series('F', 'ams_v6', fv6Counts, 8));
// Fasv7, Falsv7, Famsv7, Fadsv7, Faldsv7 and Famdsv7-series (AMD EPYC 9005):
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/fasv7-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/falsv7-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/famsv7-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/fadsv7-series,
// https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/faldsv7-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/famdsv7-series
const fv7Counts = [1, 2, 4, 8, 16, 32, 48, 64, 80];
family('Fasv7', `${SIZES}/compute-optimized/fasv7-series`, series('F', 'as_v7', fv7Counts, 4));
family('Falsv7', `${SIZES}/compute-optimized/falsv7-series`, series('F', 'als_v7', fv7Counts, 2));
family('Famsv7', `${SIZES}/compute-optimized/famsv7-series`, series('F', 'ams_v7', fv7Counts, 8));
family('Fadsv7', `${SIZES}/compute-optimized/fadsv7-series`, series('F', 'ads_v7', fv7Counts, 4));
family('Faldsv7', `${SIZES}/compute-optimized/faldsv7-series`, series('F', 'alds_v7', fv7Counts, 2));
family('Famdsv7', `${SIZES}/compute-optimized/famdsv7-series`, series('F', 'amds_v7', fv7Counts, 8));

// FX-series (Intel Xeon Gold 6246R, 21 GiB per vCPU): https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/fx-series
family('FX', `${SIZES}/compute-optimized/fx-series`, series('FX', 'mds', [4, 12, 24, 36, 48], 21));
// FXmsv2 and FXmdsv2-series: https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/fxmsv2-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/fxmdsv2-series
// Note: the 96-vCPU sizes have 1832 GB.
const fxv2Counts = [2, 4, 8, 12, 16, 24, 32, 48, 64, 96];
family('FXmsv2', `${SIZES}/compute-optimized/fxmsv2-series`, series('FX', 'ms_v2', fxv2Counts, 21, { 96: 1832 }));
family('FXmdsv2', `${SIZES}/compute-optimized/fxmdsv2-series`, series('FX', 'mds_v2', fxv2Counts, 21, { 96: 1832 }));

// --- Memory optimized ------------------------------------------------------

// Ev3 and Esv3-series: https://learn.microsoft.com/azure/virtual-machines/ev3-esv3-series
// Note: the 64-vCPU sizes have 432 GiB, not 512.
const ev3Counts = [2, 4, 8, 16, 20, 32, 48, 64];
family('Ev3', `${LEARN}/ev3-esv3-series`, [...series('E', '_v3', ev3Counts, 8, { 64: 432 }), ['Standard_E64i_v3', 64, 432]]);
family('Esv3', `${LEARN}/ev3-esv3-series`, [...series('E', 's_v3', ev3Counts, 8, { 64: 432 }), ['Standard_E64is_v3', 64, 432]]);
// Ev4 and Esv4-series: https://learn.microsoft.com/azure/virtual-machines/ev4-esv4-series
// Note: the 64-vCPU sizes have 504 GiB.
family('Ev4', `${LEARN}/ev4-esv4-series`, series('E', '_v4', ev3Counts, 8, { 64: 504 }));
family('Esv4', `${LEARN}/ev4-esv4-series`, series('E', 's_v4', ev3Counts, 8, { 64: 504 }));
// Edsv4-series: https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/edsv4-series
// Note: Standard_E64ds_v4 and Standard_E80ids_v4 have 504 GiB.
family('Edsv4', `${SIZES}/memory-optimized/edsv4-series`, [...series('E', 'ds_v4', ev3Counts, 8, { 64: 504 }), ['Standard_E80ids_v4', 80, 504]]);
// Easv4-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/easv4-series
// Note: the 96-vCPU size has 672 GiB.
family('Easv4', `${SIZES}/memory-optimized/easv4-series`, series('E', 'as_v4', [...ev3Counts, 96], 8, { 96: 672 }));
// Ev5 and Esv5-series: https://learn.microsoft.com/azure/virtual-machines/ev5-esv5-series
// Note: the 96-vCPU sizes have 672 GiB, not 768.
const ev5Counts = [2, 4, 8, 16, 20, 32, 48, 64, 96];
family('Ev5', `${LEARN}/ev5-esv5-series`, [...series('E', '_v5', ev5Counts, 8, { 96: 672 }), ['Standard_E104i_v5', 104, 672]]);
family('Esv5', `${LEARN}/ev5-esv5-series`, [...series('E', 's_v5', ev5Counts, 8, { 96: 672 }), ['Standard_E104is_v5', 104, 672]]);
// Edv5 and Edsv5-series: https://learn.microsoft.com/azure/virtual-machines/edv5-edsv5-series
family('Edv5', `${LEARN}/edv5-edsv5-series`, [...series('E', 'd_v5', ev5Counts, 8, { 96: 672 }), ['Standard_E104id_v5', 104, 672]]);
family('Edsv5', `${LEARN}/edv5-edsv5-series`, [...series('E', 'ds_v5', ev5Counts, 8, { 96: 672 }), ['Standard_E104ids_v5', 104, 672]]);
// Easv5 and Eadsv5-series (AMD): https://learn.microsoft.com/azure/virtual-machines/easv5-eadsv5-series
family('Easv5', `${LEARN}/easv5-eadsv5-series`, [...series('E', 'as_v5', ev5Counts, 8, { 96: 672 }), ['Standard_E112ias_v5', 112, 672]]);
family('Eadsv5', `${LEARN}/easv5-eadsv5-series`, series('E', 'ads_v5', ev5Counts, 8, { 96: 672 }));

// Esv6-series: https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/esv6-series
// Note: Standard_E192is_v6 has 1832 GiB.
const ev6Counts = [2, 4, 8, 16, 20, 32, 48, 64, 96, 128];
family('Esv6', `${SIZES}/memory-optimized/esv6-series`, [...series('E', 's_v6', ev6Counts, 8), ['Standard_E192is_v6', 192, 1832]]);
// Easv6-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/easv6-series
// Note: the 96-vCPU size has 672 GiB, not 768.
family('Easv6', `${SIZES}/memory-optimized/easv6-series`, series('E', 'as_v6', ev5Counts, 8, { 96: 672 }));
// Eadsv6-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/eadsv6-series
// Note: the 96-vCPU size has 672 GiB, not 768.
family('Eadsv6', `${SIZES}/memory-optimized/eadsv6-series`, series('E', 'ads_v6', ev5Counts, 8, { 96: 672 }));
// Edsv6-series: https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/edsv6-series
family('Edsv6', `${SIZES}/memory-optimized/edsv6-series`, [...series('E', 'ds_v6', ev6Counts, 8), ['Standard_E192ids_v6', 192, 1832]]);

// Ebdsv5 and Ebsv5-series (high remote-storage throughput): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ebdsv5-ebsv5-series
// Note: the 96-vCPU and 112i sizes have 672 GiB.
const ebCounts = [2, 4, 8, 16, 32, 48, 64, 96];
family('Ebdsv5', `${SIZES}/memory-optimized/ebdsv5-ebsv5-series`, [...series('E', 'bds_v5', ebCounts, 8, { 96: 672 }), ['Standard_E112ibds_v5', 112, 672]]);
family('Ebsv5', `${SIZES}/memory-optimized/ebdsv5-ebsv5-series`, [...series('E', 'bs_v5', ebCounts, 8, { 96: 672 }), ['Standard_E112ibs_v5', 112, 672]]);
// Epsv5-series (Arm, Ampere Altra): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/epsv5-series
// Note: the 32-vCPU size has 208 GiB, not 256.
family('Epsv5', `${SIZES}/memory-optimized/epsv5-series`, series('E', 'ps_v5', [2, 4, 8, 16, 20, 32], 8, { 32: 208 }));

// Epdsv5-series (Arm, Ampere Altra): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/epdsv5-series
// Note: the 32-vCPU size has 208 GiB, not 256.
family('Epdsv5', `${SIZES}/memory-optimized/epdsv5-series`, series('E', 'pds_v5', [2, 4, 8, 16, 20, 32], 8, { 32: 208 }));
// Epsv6-series (Arm, Cobalt 100): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/epsv6-series
// Note: the 96-vCPU size has 672 GiB, not 768.
family('Epsv6', `${SIZES}/memory-optimized/epsv6-series`, series('E', 'ps_v6', [2, 4, 8, 16, 32, 48, 64, 96], 8, { 96: 672 }));
// Epdsv6-series (Arm, Cobalt 100, local disk): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/epdsv6-series
// Note: the 96-vCPU size has 672 GiB.
family('Epdsv6', `${SIZES}/memory-optimized/epdsv6-series`, series('E', 'pds_v6', [2, 4, 8, 16, 32, 48, 64, 96], 8, { 96: 672 }));

// ECasv5 and ECadsv5-series (confidential, AMD SEV-SNP): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ecasv5-ecadsv5-series
// Note: the 96-vCPU sizes have 672 GiB, not 768.
family('ECasv5', `${SIZES}/memory-optimized/ecasv5-ecadsv5-series`, series('EC', 'as_v5', ev5Counts, 8, { 96: 672 }));
family('ECadsv5', `${SIZES}/memory-optimized/ecasv5-ecadsv5-series`, series('EC', 'ads_v5', ev5Counts, 8, { 96: 672 }));
// ECas_cc_v5 and ECads_cc_v5-series (preview, confidential child capable): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ecasccv5-ecadsccv5-series
// Note: the 96-vCPU sizes have 672 GiB.
const ecCcCounts = [4, 8, 16, 20, 32, 48, 64, 96];
family('ECas_cc_v5', `${SIZES}/memory-optimized/ecasccv5-ecadsccv5-series`, series('EC', 'as_cc_v5', ecCcCounts, 8, { 96: 672 }));
family('ECads_cc_v5', `${SIZES}/memory-optimized/ecasccv5-ecadsccv5-series`, series('EC', 'ads_cc_v5', ecCcCounts, 8, { 96: 672 }));

// ECasv6 and ECadsv6-series (confidential, AMD SEV-SNP; no 20-vCPU size; 672 GiB at 96 vCPUs):
// https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ecasv6-series and
// https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ecadsv6-series
family('ECasv6', `${SIZES}/memory-optimized/ecasv6-series`, series('EC', 'as_v6', v5Counts, 8, { 96: 672 }));
family('ECadsv6', `${SIZES}/memory-optimized/ecadsv6-series`, series('EC', 'ads_v6', v5Counts, 8, { 96: 672 }));

// ECesv6-series (confidential, Intel TDX): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ecesv6-series
family('ECesv6', `${SIZES}/memory-optimized/ecesv6-series`, series('EC', 'es_v6', [2, 4, 8, 16, 32, 48, 64], 8));
// ECedsv6-series (confidential, Intel TDX, local disk): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ecedsv6-series
family('ECedsv6', `${SIZES}/memory-optimized/ecedsv6-series`, series('EC', 'eds_v6', [2, 4, 8, 16, 32, 48, 64], 8));
// Ebsv6 (preview) and Ebdsv6-series (high remote-storage throughput; Standard_E192ibs_v6/E192ibds_v6 have 1832 GiB):
// https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ebsv6-series and
// https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ebdsv6-series
const ebv6Counts = [2, 4, 8, 16, 32, 48, 64, 96, 128];
family('Ebsv6', `${SIZES}/memory-optimized/ebsv6-series`, [...series('E', 'bs_v6', ebv6Counts, 8), ['Standard_E192ibs_v6', 192, 1832]]);
family('Ebdsv6', `${SIZES}/memory-optimized/ebdsv6-series`, [...series('E', 'bds_v6', ebv6Counts, 8), ['Standard_E192ibds_v6', 192, 1832]]);

// Ensv6 and Endsv6-series (preview, high network bandwidth): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/ensv6-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/endsv6-series
family('Ensv6', `${SIZES}/memory-optimized/ensv6-series`, series('E', 'ns_v6', nv6Counts, 8));
family('Endsv6', `${SIZES}/memory-optimized/endsv6-series`, series('E', 'nds_v6', nv6Counts, 8));
// Esv7-series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/esv7-series
// Note: Standard_E372is_v7 has 2832 GiB.
family('Esv7', `${SIZES}/memory-optimized/esv7-series`, [...series('E', 's_v7', [2, 4, 8, 16, 20, 32, 48, 64, 96, 128, 192, 248], 8), ['Standard_E372is_v7', 372, 2832]]);

// Edsv7-series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/edsv7-series
// Note: Standard_E372ids_v7 has 2832 GiB.
family('Edsv7', `${SIZES}/memory-optimized/edsv7-series`, [...series('E', 'ds_v7', [2, 4, 8, 16, 20, 32, 48, 64, 96, 128, 192, 248], 8), ['Standard_E372ids_v7', 372, 2832]]);
// Easv7 and Eadsv7-series (AMD EPYC 9005): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/easv7-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/eadsv7-series
const eav7Counts = [2, 4, 8, 16, 32, 48, 64, 96, 128, 160];
family('Easv7', `${SIZES}/memory-optimized/easv7-series`, series('E', 'as_v7', eav7Counts, 8));
family('Eadsv7', `${SIZES}/memory-optimized/eadsv7-series`, series('E', 'ads_v7', eav7Counts, 8));
// Constrained-vCPU sizes: https://learn.microsoft.com/azure/virtual-machines/constrained-vcpu
// "Same memory, storage and I/O as the base size"; vcpus = ACTIVE vCPUs.
const CONSTRAINED = `${LEARN}/constrained-vcpu`;
constrained(CONSTRAINED, [
  ['Standard_DS11-1_v2', 'Standard_DS11_v2', 1],
  ['Standard_DS12-2_v2', 'Standard_DS12_v2', 2], ['Standard_DS12-1_v2', 'Standard_DS12_v2', 1],
  ['Standard_DS13-4_v2', 'Standard_DS13_v2', 4], ['Standard_DS13-2_v2', 'Standard_DS13_v2', 2],
  ['Standard_DS14-8_v2', 'Standard_DS14_v2', 8], ['Standard_DS14-4_v2', 'Standard_DS14_v2', 4],
]);
/** The E-family constrained pattern: E4-2, E8-4, E8-2, E16-8, E16-4, E32-16, E32-8, E64-32, E64-16 (+ E96-48, E96-24). */
function eConstrained(suffix: string, with96: boolean): void {
  const pairs: [number, number][] = [[4, 2], [8, 4], [8, 2], [16, 8], [16, 4], [32, 16], [32, 8], [64, 32], [64, 16]];
  if (with96) pairs.push([96, 48], [96, 24]);
  constrained(
    CONSTRAINED,
    pairs.map(([base, active]) => [`Standard_E${base}-${active}${suffix}`, `Standard_E${base}${suffix}`, active] as const),
  );
}
eConstrained('s_v3', false);
eConstrained('s_v4', false);
eConstrained('ds_v4', false);
eConstrained('as_v4', true);
eConstrained('s_v5', true);
eConstrained('ds_v5', true);
eConstrained('as_v5', true);
eConstrained('ads_v5', true);
/** Constrained sizes `Standard_<prefix><base>-<active><suffix>` of catalog base sizes, as [base vCPUs, active vCPUs] pairs. */
function constrainedSeries(prefix: string, suffix: string, pairs: readonly (readonly [number, number])[]): void {
  constrained(
    CONSTRAINED,
    pairs.map(([base, active]) => [`Standard_${prefix}${base}-${active}${suffix}`, `Standard_${prefix}${base}${suffix}`, active] as const),
  );
}
// Esv6, Edsv6, Easv7 and Eadsv7 (the E pattern up to E128-64).
const e128Pairs = [[4, 2], [8, 4], [8, 2], [16, 8], [16, 4], [32, 16], [32, 8], [64, 32], [64, 16], [96, 48], [96, 24], [128, 64], [128, 32]] as const;
for (const suffix of ['s_v6', 'ds_v6', 'as_v7', 'ads_v7']) constrainedSeries('E', suffix, e128Pairs);
// Famsv7 and Famdsv7.
const famv7Pairs = [[2, 1], [4, 1], [4, 2], [8, 2], [8, 4], [16, 4], [16, 8], [32, 8], [32, 16], [64, 16], [64, 32]] as const;
for (const suffix of ['ams_v7', 'amds_v7']) constrainedSeries('F', suffix, famv7Pairs);
// FXmsv2 and FXmdsv2.
const fxv2Pairs = [[4, 2], [8, 4], [8, 2], [12, 6], [16, 8], [16, 4], [24, 12], [24, 6], [32, 16], [32, 8], [48, 24], [48, 12], [64, 32], [64, 16], [96, 48], [96, 24]] as const;
for (const suffix of ['ms_v2', 'mds_v2']) constrainedSeries('FX', suffix, fxv2Pairs);

// --- Storage optimized -----------------------------------------------------

const lCounts = [8, 16, 32, 48, 64, 80];
// Lsv2-series (AMD EPYC 7551, local NVMe): https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/lsv2-series
// (the Basics table misprints the largest size as "Standard_L80s_v26"; every other table names it Standard_L80s_v2).
family('Lsv2', `${SIZES}/storage-optimized/lsv2-series`, series('L', 's_v2', lCounts, 8));
// Lsv3-series: https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/lsv3-series
family('Lsv3', `${SIZES}/storage-optimized/lsv3-series`, series('L', 's_v3', lCounts, 8));
// Lasv3-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/lasv3-series
family('Lasv3', `${SIZES}/storage-optimized/lasv3-series`, series('L', 'as_v3', lCounts, 8));
// Lsv4-series: https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/lsv4-series
family('Lsv4', `${SIZES}/storage-optimized/lsv4-series`, series('L', 's_v4', [2, 4, ...lCounts, 96], 8));
// Lasv4-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/lasv4-series
family('Lasv4', `${SIZES}/storage-optimized/lasv4-series`, series('L', 'as_v4', [2, 4, ...lCounts, 96], 8));
// Laosv4-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/laosv4-series
family('Laosv4', `${SIZES}/storage-optimized/laosv4-series`, series('L', 'aos_v4', [2, 4, 8, 12, 16, 24, 32], 8));
// Laosv5-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/laosv5-series
// Note: Standard_L160iaos_v5 has 1040 GiB.
family('Laosv5', `${SIZES}/storage-optimized/laosv5-series`, [...series('L', 'aos_v5', [2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128], 8), ['Standard_L160iaos_v5', 160, 1040]]);
// Lasv5-series (AMD): https://learn.microsoft.com/azure/virtual-machines/sizes/storage-optimized/lasv5-series
family('Lasv5', `${SIZES}/storage-optimized/lasv5-series`, [...series('L', 'as_v5', [2, 4, 8, 16, 32, 48, 64, 80, 96, 128], 8), ['Standard_L160ias_v5', 160, 1280]]);

// --- High-performance compute ---------------------------------------------
// The constrained HB/HX sizes (`HB120-16rs_v3`) are on the series pages themselves, with the
// ACTIVE vCPUs and the base size's memory.

/** An HPC series: the full size and its constrained sizes (active vCPU counts) on the same page. */
function hpcSeries(name: string, source: string, base: string, vcpus: number, memoryGiB: number, actives: readonly number[], constrainedName: (active: number) => string): void {
  family(name, source, [[base, vcpus, memoryGiB]]);
  constrained(source, actives.map((a) => [constrainedName(a), base, a] as const));
}
// HBv2-series (AMD EPYC 7V12): https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hbv2-series
hpcSeries('HBv2', `${SIZES}/high-performance-compute/hbv2-series`, 'Standard_HB120rs_v2', 120, 456, [96, 64, 32, 16], (a) => `Standard_HB120-${a}rs_v2`);
// HBv3-series (AMD EPYC 7V73X): https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hbv3-series
// (the page gives 448 GB for every size).
hpcSeries('HBv3', `${SIZES}/high-performance-compute/hbv3-series`, 'Standard_HB120rs_v3', 120, 448, [96, 64, 32, 16], (a) => `Standard_HB120-${a}rs_v3`);
// HBv4-series (AMD EPYC 9V33X): https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hbv4-series
hpcSeries('HBv4', `${SIZES}/high-performance-compute/hbv4-series`, 'Standard_HB176rs_v4', 176, 768, [144, 96, 48, 24], (a) => `Standard_HB176-${a}rs_v4`);
// HX-series (AMD EPYC 9V33X, 1408 GB): https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hx-series
hpcSeries('HX', `${SIZES}/high-performance-compute/hx-series`, 'Standard_HX176rs', 176, 1408, [144, 96, 48, 24], (a) => `Standard_HX176-${a}rs`);

// HBv5-series (custom AMD EPYC, HBM): https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hbv5-series
// (the page gives 432 GB for every size).
hpcSeries('HBv5', `${SIZES}/high-performance-compute/hbv5-series`, 'Standard_HB368rs_v5', 368, 432, [336, 288, 240, 192, 144, 96, 48], (a) => `Standard_HB368-${a}rs_v5`);
// HC-series (Intel Xeon Platinum 8168): https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hc-series
hpcSeries('HC', `${SIZES}/high-performance-compute/hc-series`, 'Standard_HC44rs', 44, 352, [32, 16], (a) => `Standard_HC44-${a}rs`);

// --- GPU -------------------------------------------------------------------

// NC-series (NVIDIA Tesla K80, legacy; 1 GPU = one-half K80 card): https://learn.microsoft.com/azure/virtual-machines/nc-series
family('NC', `${LEARN}/nc-series`, [
  ['Standard_NC6', 6, 56, 1], ['Standard_NC12', 12, 112, 2], ['Standard_NC24', 24, 224, 4], ['Standard_NC24r', 24, 224, 4],
], 'NVIDIA Tesla K80');
// NCv3-series (NVIDIA Tesla V100): https://learn.microsoft.com/azure/virtual-machines/ncv3-series
family('NCv3', `${LEARN}/ncv3-series`, [
  ['Standard_NC6s_v3', 6, 112, 1], ['Standard_NC12s_v3', 12, 224, 2],
  ['Standard_NC24s_v3', 24, 448, 4], ['Standard_NC24rs_v3', 24, 448, 4],
], 'NVIDIA Tesla V100');
// NCasT4_v3-series (NVIDIA Tesla T4): https://learn.microsoft.com/azure/virtual-machines/nct4-v3-series
family('NCasT4_v3', `${LEARN}/nct4-v3-series`, [
  ['Standard_NC4as_T4_v3', 4, 28, 1], ['Standard_NC8as_T4_v3', 8, 56, 1],
  ['Standard_NC16as_T4_v3', 16, 110, 1], ['Standard_NC64as_T4_v3', 64, 440, 4],
], 'NVIDIA Tesla T4');
// NC A100 v4-series (NVIDIA A100 80GB PCIe): https://learn.microsoft.com/azure/virtual-machines/nc-a100-v4-series
family('NC A100 v4', `${LEARN}/nc-a100-v4-series`, [
  ['Standard_NC24ads_A100_v4', 24, 220, 1], ['Standard_NC48ads_A100_v4', 48, 440, 2], ['Standard_NC96ads_A100_v4', 96, 880, 4],
], 'NVIDIA A100 80GB PCIe');
// ND-series (NVIDIA Tesla P40): https://learn.microsoft.com/azure/virtual-machines/nd-series
family('ND', `${LEARN}/nd-series`, [
  ['Standard_ND6s', 6, 112, 1], ['Standard_ND12s', 12, 224, 2], ['Standard_ND24s', 24, 448, 4], ['Standard_ND24rs', 24, 448, 4],
], 'NVIDIA Tesla P40');
// NDv2-series (8 × NVIDIA V100 32GB, NVLink): https://learn.microsoft.com/azure/virtual-machines/ndv2-series
family('NDv2', `${LEARN}/ndv2-series`, [['Standard_ND40rs_v2', 40, 672, 8]], 'NVIDIA V100 32GB');
// ND A100 v4-series (8 × NVIDIA A100 40GB): https://learn.microsoft.com/azure/virtual-machines/nda100-v4-series
family('ND A100 v4', `${LEARN}/nda100-v4-series`, [['Standard_ND96asr_v4', 96, 900, 8]], 'NVIDIA A100 40GB');
// NDm A100 v4-series (8 × NVIDIA A100 80GB): https://learn.microsoft.com/azure/virtual-machines/ndm-a100-v4-series
family('NDm A100 v4', `${LEARN}/ndm-a100-v4-series`, [['Standard_ND96amsr_A100_v4', 96, 1900, 8]], 'NVIDIA A100 80GB');
// NV-series (NVIDIA Tesla M60, 1 GPU = one-half M60 card; retired 2023-08-31): https://learn.microsoft.com/azure/virtual-machines/nv-series
family('NV', `${LEARN}/nv-series`, [
  ['Standard_NV6', 6, 56, 1], ['Standard_NV12', 12, 112, 2], ['Standard_NV24', 24, 224, 4],
], 'NVIDIA Tesla M60');
// NVv3-series (NVIDIA Tesla M60, 1 GPU = one-half M60 card): https://learn.microsoft.com/azure/virtual-machines/nvv3-series
family('NVv3', `${LEARN}/nvv3-series`, [
  ['Standard_NV12s_v3', 12, 112, 1], ['Standard_NV24s_v3', 24, 224, 2], ['Standard_NV48s_v3', 48, 448, 4],
], 'NVIDIA Tesla M60');
// NVadsA10_v5-series (NVIDIA A10, partial GPUs): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nvadsa10v5-series
// Choice: `gpus` is the share of one GPU (1/6, 1/3, 1/2) as the page's "Accelerators (Qty.)"
// column writes it; `gpuFraction` keeps the text. A fraction never satisfies a whole
// `nvidia.com/gpu` request, which is what gpuCores asks for.
const NVA10 = `${LEARN}/sizes/gpu-accelerated/nvadsa10v5-series`;
for (const [size, vcpus, mem, gpus, fraction] of [
  ['Standard_NV6ads_A10_v5', 6, 55, 1 / 6, '1/6'],
  ['Standard_NV12ads_A10_v5', 12, 110, 1 / 3, '1/3'],
  ['Standard_NV18ads_A10_v5', 18, 220, 1 / 2, '1/2'],
  ['Standard_NV36ads_A10_v5', 36, 440, 1, undefined],
  ['Standard_NV36adms_A10_v5', 36, 880, 1, undefined],
  ['Standard_NV72ads_A10_v5', 72, 880, 2, undefined],
] as const) {
  add(
    VmSize._catalogEntry(size, vcpus, mem, gpus, 'NVIDIA A10', {
      family: 'NVadsA10_v5',
      source: NVA10,
      ...(fraction !== undefined ? { gpuFraction: fraction } : {}),
    }),
  );
}

// NCv2-series (NVIDIA Tesla P100, retired): https://learn.microsoft.com/azure/virtual-machines/ncv2-series
family('NCv2', `${LEARN}/ncv2-series`, [
  ['Standard_NC6s_v2', 6, 112, 1], ['Standard_NC12s_v2', 12, 224, 2],
  ['Standard_NC24s_v2', 24, 448, 4], ['Standard_NC24rs_v2', 24, 448, 4],
], 'NVIDIA Tesla P100');
// NCads H100 v5-series (NVIDIA H100 NVL): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/ncadsh100v5-series
family('NCads H100 v5', `${LEARN}/sizes/gpu-accelerated/ncadsh100v5-series`, [
  ['Standard_NC40ads_H100_v5', 40, 320, 1], ['Standard_NC80adis_H100_v5', 80, 640, 2],
], 'NVIDIA H100 NVL');
// ND H100 v5-series (8 × NVIDIA H100): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/ndh100v5-series
family('ND H100 v5', `${LEARN}/sizes/gpu-accelerated/ndh100v5-series`, [['Standard_ND96isr_H100_v5', 96, 1900, 8]], 'NVIDIA H100');
// ND H200 v5-series (8 × NVIDIA H200): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nd-h200-v5-series
family('ND H200 v5', `${LEARN}/sizes/gpu-accelerated/nd-h200-v5-series`, [['Standard_ND96isr_H200_v5', 96, 1850, 8]], 'NVIDIA H200');
// ND MI300X v5-series (8 × AMD Instinct MI300X; scheduled as amd.com/gpu, not nvidia.com/gpu):
// https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nd-mi300x-v5-series
family('ND MI300X v5', `${LEARN}/sizes/gpu-accelerated/nd-mi300x-v5-series`, [['Standard_ND96isr_MI300X_v5', 96, 1850, 8]], 'AMD Instinct MI300X');
// NVv4-series (AMD Radeon Instinct MI25, partial GPUs): https://learn.microsoft.com/azure/virtual-machines/nvv4-series
// As for NVadsA10_v5, `gpus` is the share of one GPU the page gives.
for (const [size, vcpus, mem, gpus, fraction] of [
  ['Standard_NV4as_v4', 4, 14, 1 / 8, '1/8'],
  ['Standard_NV8as_v4', 8, 28, 1 / 4, '1/4'],
  ['Standard_NV16as_v4', 16, 56, 1 / 2, '1/2'],
  ['Standard_NV32as_v4', 32, 112, 1, undefined],
] as const) {
  add(VmSize._catalogEntry(size, vcpus, mem, gpus, 'AMD Radeon Instinct MI25', {
    family: 'NVv4',
    source: `${LEARN}/nvv4-series`,
    ...(fraction !== undefined ? { gpuFraction: fraction } : {}),
  }));
}

/** A GPU family whose pages give some sizes a share of one GPU (`'1/6'`); the share is kept as `gpuFraction`. */
function partialGpuFamily(name: string, source: string, gpuType: string, rows: readonly (readonly [string, number, number, number | string])[]): void {
  for (const [size, vcpus, mem, g] of rows) {
    const fraction = typeof g === 'string' ? g : undefined;
    const gpus = fraction !== undefined ? Number(fraction.split('/')[0]) / Number(fraction.split('/')[1]) : (g as number);
    add(VmSize._catalogEntry(size, vcpus, mem, gpus, gpuType, { family: name, source, ...(fraction !== undefined ? { gpuFraction: fraction } : {}) }));
  }
}

// NCCads H100 v5-series (confidential, NVIDIA H100 NVL): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nccadsh100v5-series
family('NCCads H100 v5', `${SIZES}/gpu-accelerated/nccadsh100v5-series`, [['Standard_NCC40ads_H100_v5', 40, 320, 1]], 'NVIDIA H100 NVL');
// NGads V620-series (AMD Radeon PRO V620, partial GPUs): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/ngadsv620-series
partialGpuFamily('NGads V620', `${SIZES}/gpu-accelerated/ngadsv620-series`, 'AMD Radeon PRO V620', [
  ['Standard_NG8ads_V620_v1', 8, 16, '1/4'], ['Standard_NG16ads_V620_v1', 16, 32, '1/2'],
  ['Standard_NG32ads_V620_v1', 32, 64, 1], ['Standard_NG32adms_V620_v1', 32, 176, 1],
]);
// NVads V710 v5-series (AMD Radeon PRO V710, partial GPUs): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nvadsv710-v5-series
partialGpuFamily('NVads V710 v5', `${SIZES}/gpu-accelerated/nvadsv710-v5-series`, 'AMD Radeon PRO V710', [
  ['Standard_NV4ads_V710_v5', 4, 16, '1/6'], ['Standard_NV8ads_V710_v5', 8, 32, '1/3'], ['Standard_NV12ads_V710_v5', 12, 64, '1/2'],
  ['Standard_NV24ads_V710_v5', 24, 128, 1], ['Standard_NV28adms_V710_v5', 28, 160, 1],
]);

// ND GB200 v6-series (4 × NVIDIA GB200 Blackwell GPUs per VM): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nd-gb200-v6-series
family('ND GB200 v6', `${SIZES}/gpu-accelerated/nd-gb200-v6-series`, [['Standard_ND128isr_NDR_GB200_v6', 128, 900, 4]], 'NVIDIA GB200');

// ND GB300 v6-series (4 × NVIDIA GB300 Blackwell Ultra GPUs per VM): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nd-gb300-v6-series
family('ND GB300 v6', `${SIZES}/gpu-accelerated/nd-gb300-v6-series`, [
  ['Standard_ND128isr_GB300_v6', 128, 864, 4], ['Standard_ND128isrG5_GB300_v6', 128, 864, 4],
], 'NVIDIA GB300');
// NC RTX PRO 6000 Blackwell Server Edition v6-series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nc-rtxpro6000-bse-v6-series
// (general purpose `ds` and compute optimized `lds` sizes).
family('NC RTXPRO6000BSE v6', `${SIZES}/gpu-accelerated/nc-rtxpro6000-bse-v6-series`, [
  ['Standard_NC128ds_xl_RTXPRO6000BSE_v6', 128, 512, 1], ['Standard_NC256ds_xl_RTXPRO6000BSE_v6', 256, 1024, 2], ['Standard_NC320ds_xl_RTXPRO6000BSE_v6', 320, 1280, 2],
  ['Standard_NC128lds_xl_RTXPRO6000BSE_v6', 128, 256, 1], ['Standard_NC256lds_xl_RTXPRO6000BSE_v6', 256, 512, 2], ['Standard_NC320lds_xl_RTXPRO6000BSE_v6', 320, 640, 2],
], 'NVIDIA RTX PRO 6000 Blackwell Server Edition');

// --- Memory optimized: M-series --------------------------------------------

// M-series: https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/m-series
// (the "Memory (GiB)" column: 218.75 GiB for M8ms, 1792 for M64ms, 3892 for M128ms...).
const M_SERIES = `${LEARN}/sizes/memory-optimized/m-series`;
family('M', M_SERIES, [
  ['Standard_M8ms', 8, 218.75], ['Standard_M16ms', 16, 437.5],
  ['Standard_M32ts', 32, 192], ['Standard_M32ls', 32, 256], ['Standard_M32ms', 32, 875],
  ['Standard_M64', 64, 1024], ['Standard_M64m', 64, 1792], ['Standard_M64s', 64, 1024],
  ['Standard_M64ls', 64, 512], ['Standard_M64ms', 64, 1792],
  ['Standard_M128', 128, 2048], ['Standard_M128m', 128, 3892], ['Standard_M128s', 128, 2048], ['Standard_M128ms', 128, 3892],
]);
// Mv2-series ("Msv2 High Memory"): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mv2-series
// (its constrained sizes, M416-208s_v2 and M416-208ms_v2, are on the constrained-vCPU page and listed below).
family('Mv2', `${SIZES}/memory-optimized/mv2-series`, [
  ['Standard_M208s_v2', 208, 2850], ['Standard_M208ms_v2', 208, 5700],
  ['Standard_M416s_v2', 416, 5700], ['Standard_M416s_8_v2', 416, 7600], ['Standard_M416ms_v2', 416, 11400],
]);
// Msv2 and Mdsv2 Medium Memory series: https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/msv2-mm-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mdsv2-mm-series
family('Msv2 Medium Memory', `${SIZES}/memory-optimized/msv2-mm-series`, [
  ['Standard_M32ms_v2', 32, 875], ['Standard_M64s_v2', 64, 1024], ['Standard_M64ms_v2', 64, 1792],
  ['Standard_M128s_v2', 128, 2048], ['Standard_M128ms_v2', 128, 3892], ['Standard_M192is_v2', 192, 2048], ['Standard_M192ims_v2', 192, 4096],
]);
family('Mdsv2 Medium Memory', `${SIZES}/memory-optimized/mdsv2-mm-series`, [
  ['Standard_M32dms_v2', 32, 875], ['Standard_M64ds_v2', 64, 1024], ['Standard_M64dms_v2', 64, 1792],
  ['Standard_M128ds_v2', 128, 2048], ['Standard_M128dms_v2', 128, 3892], ['Standard_M192ids_v2', 192, 2048], ['Standard_M192idms_v2', 192, 4096],
]);
// Mbsv3-series (NVMe, high remote-storage throughput): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mbsv3-series
// Note: the 176-vCPU size has 1536 GiB.
family('Mbsv3', `${SIZES}/memory-optimized/mbsv3-series`, series('M', 'bs_v3', [16, 32, 48, 64, 96, 128, 176], 8, { 176: 1536 }));
// Mbdsv3-series (NVMe, local disk): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mbdsv3-series
// Note: the 176-vCPU size has 1536 GiB; the `_1`…`_4` sizes carry more memory (1397, 1946, 2794, 3892 GiB).
family('Mbdsv3', `${SIZES}/memory-optimized/mbdsv3-series`, [
  ...series('M', 'bds_v3', [16, 32, 48, 64, 96, 128, 176], 8, { 176: 1536 }),
  ['Standard_M64bds_1_v3', 64, 1397], ['Standard_M96bds_2_v3', 96, 1946], ['Standard_M128bds_3_v3', 128, 2794], ['Standard_M176bds_4_v3', 176, 3892],
]);
// Msv3 and Mdsv3 Medium Memory series: https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/msv3-mm-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mdsv3-mm-series
/** The Msv3/Mdsv3 medium-memory rows; `d` is '' or 'd'. */
const mv3MmRows = (d: string): Row[] => [
  [`Standard_M12${d}s_v3`, 12, 240], [`Standard_M24${d}s_v3`, 24, 480],
  [`Standard_M48${d}s_1_v3`, 48, 974], [`Standard_M96${d}s_1_v3`, 96, 974], [`Standard_M96${d}s_2_v3`, 96, 1946],
  [`Standard_M176${d}s_3_v3`, 176, 2794], [`Standard_M176${d}s_4_v3`, 176, 3892],
];
family('Msv3 Medium Memory', `${SIZES}/memory-optimized/msv3-mm-series`, mv3MmRows(''));
family('Mdsv3 Medium Memory', `${SIZES}/memory-optimized/mdsv3-mm-series`, mv3MmRows('d'));
// Msv3 and Mdsv3 High Memory series (the NVMe and SCSI tables give the same numbers):
// https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/msv3-hm-series
// and https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mdsv3-hm-series
const mv3HmRows = (d: string): Row[] => [
  [`Standard_M416${d}s_6_v3`, 416, 5696], [`Standard_M416${d}s_8_v3`, 416, 7600],
  [`Standard_M624${d}s_12_v3`, 624, 11400], [`Standard_M832${d}s_12_v3`, 832, 11400], [`Standard_M832i${d}s_16_v3`, 832, 15200],
];
family('Msv3 High Memory', `${SIZES}/memory-optimized/msv3-hm-series`, mv3HmRows(''));
family('Mdsv3 High Memory', `${SIZES}/memory-optimized/mdsv3-hm-series`, mv3HmRows('d'));
// Mdsv3 Very High Memory series: https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mdsv3-vhm-series
family('Mdsv3 Very High Memory', `${SIZES}/memory-optimized/mdsv3-vhm-series`, [
  ['Standard_M896ixds_32_v3', 896, 30400], ['Standard_M896ixds_24_v3', 896, 23088], ['Standard_M1792ixds_32_v3', 1792, 30400],
]);
// Msv4 Medium Memory series (preview; the page lists `ls` sizes): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/msv4-series
family('Msv4 Medium Memory', `${SIZES}/memory-optimized/msv4-series`, [
  ['Standard_M16ls_v4', 16, 256], ['Standard_M32ls_v4', 32, 512], ['Standard_M48ls_v4', 48, 768], ['Standard_M64ls_v4', 64, 1024],
  ['Standard_M96ls_v4', 96, 1536], ['Standard_M128ls_v4', 128, 1944], ['Standard_M192ls_v4', 192, 3072], ['Standard_M256ls_v4', 256, 3892],
]);
// Mdsv4 Medium Memory series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mdsv4-series
family('Mdsv4 Medium Memory', `${SIZES}/memory-optimized/mdsv4-series`, [
  ['Standard_M16lds_v4', 16, 256], ['Standard_M32lds_v4', 32, 512], ['Standard_M48lds_v4', 48, 768], ['Standard_M64lds_v4', 64, 1024],
  ['Standard_M96lds_v4', 96, 1536], ['Standard_M128lds_v4', 128, 1944], ['Standard_M192lds_v4', 192, 3072], ['Standard_M256lds_v4', 256, 3892],
]);
// Mbsv4-series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mbsv4-series
// (the Basics table names the largest size Standard_M304bs_2_v4; the storage and network tables call it M304bs_4_v4).
family('Mbsv4', `${SIZES}/memory-optimized/mbsv4-series`, [
  ['Standard_M16bs_v4', 16, 128], ['Standard_M32bs_v4', 32, 256], ['Standard_M48bs_v4', 48, 384], ['Standard_M64bs_v4', 64, 512],
  ['Standard_M96bs_1_v4', 96, 768], ['Standard_M128bs_1_v4', 128, 1024], ['Standard_M256bs_2_v4', 256, 2048], ['Standard_M304bs_2_v4', 304, 3892],
]);
// Mbdsv4-series (preview): https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/mbdsv4-series
family('Mbdsv4', `${SIZES}/memory-optimized/mbdsv4-series`, [
  ['Standard_M16bds_v4', 16, 128], ['Standard_M32bds_v4', 32, 256], ['Standard_M48bds_v4', 48, 384], ['Standard_M64bds_v4', 64, 512],
  ['Standard_M96bds_1_v4', 96, 768], ['Standard_M128bds_1_v4', 128, 1024], ['Standard_M64bds_1_v4', 64, 1440], ['Standard_M96bds_2_v4', 96, 1946],
  ['Standard_M128bds_3_v4', 128, 2796], ['Standard_M176bds_4_v4', 176, 3892], ['Standard_M256bds_2_v4', 256, 2048], ['Standard_M304bds_4_v4', 304, 3800],
]);
// Constrained-vCPU M sizes (the base size's memory): https://learn.microsoft.com/azure/virtual-machines/constrained-vcpu
constrained(CONSTRAINED, [
  ['Standard_M8-2ms', 'Standard_M8ms', 2], ['Standard_M8-4ms', 'Standard_M8ms', 4],
  ['Standard_M16-4ms', 'Standard_M16ms', 4], ['Standard_M16-8ms', 'Standard_M16ms', 8],
  ['Standard_M32-8ms', 'Standard_M32ms', 8], ['Standard_M32-16ms', 'Standard_M32ms', 16],
  ['Standard_M64-16ms', 'Standard_M64ms', 16], ['Standard_M64-32ms', 'Standard_M64ms', 32],
  ['Standard_M128-32ms', 'Standard_M128ms', 32], ['Standard_M128-64ms', 'Standard_M128ms', 64],
]);
constrained(CONSTRAINED, [
  ['Standard_M416-208s_v2', 'Standard_M416s_v2', 208], ['Standard_M416-208ms_v2', 'Standard_M416ms_v2', 208],
  ['Standard_M64-32bds_1_v3', 'Standard_M64bds_1_v3', 32], ['Standard_M96-48bds_2_v3', 'Standard_M96bds_2_v3', 48],
  ['Standard_M128-64bds_3_v3', 'Standard_M128bds_3_v3', 64], ['Standard_M176-88bds_4_v3', 'Standard_M176bds_4_v3', 88],
  ['Standard_M128-64bds_v3', 'Standard_M128bds_v3', 64], ['Standard_M176-88bds_v3', 'Standard_M176bds_v3', 88],
  ['Standard_M128-64bs_v3', 'Standard_M128bs_v3', 64], ['Standard_M176-88bs_v3', 'Standard_M176bs_v3', 88],
]);

// --- FPGA ------------------------------------------------------------------

// PB-series (Intel FPGA, the v1 "hardware accelerated models"; Microsoft's v1 FPGA samples
// provision AKS with vm_size "Standard_PB6s"):
// https://learn.microsoft.com/azure/machine-learning/v1/how-to-deploy-fpga-web-service
// The FPGA is no GPU: `gpus` is 0.
family('PB (FPGA)', 'https://learn.microsoft.com/azure/machine-learning/v1/how-to-deploy-fpga-web-service', [['Standard_PB6s', 6, 112]]);
// NP-series (Xilinx/AMD Alveo U250 FPGAs; retiring 2027-05-31): https://learn.microsoft.com/azure/virtual-machines/sizes/fpga-accelerated/np-series
// The page's "Accelerators" are FPGAs, not GPUs: `gpus` is 0.
family('NP (FPGA)', `${SIZES}/fpga-accelerated/np-series`, [['Standard_NP10s', 10, 168], ['Standard_NP20s', 20, 336], ['Standard_NP40s', 40, 672]]);
