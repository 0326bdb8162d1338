import { VM_SIZES_DOCS_URL, VmSize, resolveClusterConfig } from '../../../src/core/cluster';
import { nodeAllocatable } from '../../../src/core/cluster/capacity';
import { parseSizeName } from '../../../src/core/cluster/vm-sizes';
import { ConfigurationError } from '../../../src/core/errors';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as ConfigurationError).problems;
  }
  throw new Error('expected a ConfigurationError');
}

describe('catalog facts from the Microsoft size pages', () => {
  test.each([
    // Names that do not state the vCPUs (Dv2/DSv2, page dv2-dsv2-series).
    ['Standard_D1_v2', 1, 3.5, 0],
    ['Standard_D2_v2', 2, 7, 0],
    ['Standard_D3_v2', 4, 14, 0],
    ['Standard_D4_v2', 8, 28, 0],
    ['Standard_D5_v2', 16, 56, 0],
    ['Standard_DS1_v2', 1, 3.5, 0],
    ['Standard_DS2_v2', 2, 7, 0],
    ['Standard_DS3_v2', 4, 14, 0],
    ['Standard_D11_v2', 2, 14, 0],
    ['Standard_D15_v2', 20, 140, 0],
    ['Standard_DS12_v2', 4, 28, 0],
    ['Standard_DS15_v2', 20, 140, 0],
    // Newer generations.
    ['Standard_D2s_v3', 2, 8, 0],
    ['Standard_D64_v3', 64, 256, 0],
    ['Standard_D16ds_v4', 16, 64, 0],
    ['Standard_D96s_v5', 96, 384, 0],
    ['Standard_D4ads_v5', 4, 16, 0],
    ['Standard_D64ps_v5', 64, 208, 0],
    ['Standard_D8pls_v5', 8, 16, 0],
    ['Standard_D192s_v6', 192, 768, 0],
    ['Standard_D128ds_v6', 128, 512, 0],
    ['Standard_D96as_v6', 96, 384, 0],
    ['Standard_D2ads_v6', 2, 8, 0],
    ['Standard_D4ps_v6', 4, 16, 0],
    ['Standard_E64_v3', 64, 432, 0],
    ['Standard_E64s_v4', 64, 504, 0],
    ['Standard_E96s_v5', 96, 672, 0],
    ['Standard_E104ids_v5', 104, 672, 0],
    ['Standard_E112ias_v5', 112, 672, 0],
    ['Standard_E8ads_v5', 8, 64, 0],
    ['Standard_F4s_v2', 4, 8, 0],
    ['Standard_F72s_v2', 72, 144, 0],
    ['Standard_F16s', 16, 32, 0],
    ['Standard_B1ls', 1, 0.5, 0],
    ['Standard_B2s', 2, 4, 0],
    ['Standard_B20ms', 20, 80, 0],
    ['Standard_A2m_v2', 2, 16, 0],
    ['Standard_A8_v2', 8, 16, 0],
    // GPU sizes.
    ['Standard_NC6', 6, 56, 1],
    ['Standard_NC24r', 24, 224, 4],
    ['Standard_NC6s_v3', 6, 112, 1],
    ['Standard_NC12s_v3', 12, 224, 2],
    ['Standard_NC24rs_v3', 24, 448, 4],
    ['Standard_NC4as_T4_v3', 4, 28, 1],
    ['Standard_NC16as_T4_v3', 16, 110, 1],
    ['Standard_NC64as_T4_v3', 64, 440, 4],
    ['Standard_NC24ads_A100_v4', 24, 220, 1],
    ['Standard_NC96ads_A100_v4', 96, 880, 4],
    ['Standard_ND6s', 6, 112, 1],
    ['Standard_ND40rs_v2', 40, 672, 8],
    ['Standard_ND96asr_v4', 96, 900, 8],
    ['Standard_ND96amsr_A100_v4', 96, 1900, 8],
    ['Standard_NV12', 12, 112, 2],
    ['Standard_NV12s_v3', 12, 112, 1],
    ['Standard_NV72ads_A10_v5', 72, 880, 2],
  ])('%s: %d vCPUs, %d GiB, %d GPUs', (name, vcpus, mem, gpus) => {
    const s = VmSize.of(name);
    expect(s.name).toBe(name);
    expect(s.vcpus).toBe(vcpus);
    expect(s.memoryGiB).toBe(mem);
    expect(s.gpus).toBe(gpus);
    expect(s.isCustom).toBe(false);
    expect(s.source).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\/virtual-machines\//);
  });

  test('GPU sizes carry the GPU model; CPU sizes have none', () => {
    expect(VmSize.of('Standard_NC6s_v3').gpuType).toBe('NVIDIA Tesla V100');
    expect(VmSize.of('Standard_NC4as_T4_v3').gpuType).toBe('NVIDIA Tesla T4');
    expect(VmSize.of('Standard_NC6').gpuType).toBe('NVIDIA Tesla K80');
    expect(VmSize.of('Standard_ND12s').gpuType).toBe('NVIDIA Tesla P40');
    expect(VmSize.of('Standard_D3_v2').gpuType).toBeUndefined();
  });

  test('partial-GPU sizes (NVadsA10_v5) keep the fraction of one GPU', () => {
    const s = VmSize.of('Standard_NV6ads_A10_v5');
    expect(s.vcpus).toBe(6);
    expect(s.memoryGiB).toBe(55);
    expect(s.gpus).toBeCloseTo(1 / 6, 10);
    expect(s.gpus).toBeLessThan(1);
    expect(s.gpusText).toBe('1/6');
    expect(VmSize.of('Standard_NV12ads_A10_v5').gpusText).toBe('1/3');
    expect(VmSize.of('Standard_NV18ads_A10_v5').gpusText).toBe('1/2');
    expect(VmSize.of('Standard_NV36ads_A10_v5').gpusText).toBe('1');
  });
});

describe('constrained-vCPU sizes: vcpus are the ACTIVE vCPUs, memory is the base size', () => {
  test.each([
    ['Standard_E8-4s_v5', 4, 64, 'Standard_E8s_v5', 8],
    ['Standard_E4-2s_v5', 2, 32, 'Standard_E4s_v5', 4],
    ['Standard_E16-4s_v5', 4, 128, 'Standard_E16s_v5', 16],
    ['Standard_E16-8s_v5', 8, 128, 'Standard_E16s_v5', 16],
    ['Standard_E32-8s_v5', 8, 256, 'Standard_E32s_v5', 32],
    ['Standard_E32-16s_v5', 16, 256, 'Standard_E32s_v5', 32],
    ['Standard_E96-24s_v5', 24, 672, 'Standard_E96s_v5', 96],
    ['Standard_E8-2ds_v5', 2, 64, 'Standard_E8ds_v5', 8],
    ['Standard_E64-16as_v5', 16, 512, 'Standard_E64as_v5', 64],
    ['Standard_E8-4ads_v5', 4, 64, 'Standard_E8ads_v5', 8],
    ['Standard_E64-32s_v3', 32, 432, 'Standard_E64s_v3', 64],
    ['Standard_E64-16s_v4', 16, 504, 'Standard_E64s_v4', 64],
    ['Standard_DS11-1_v2', 1, 14, 'Standard_DS11_v2', 2],
    ['Standard_DS13-2_v2', 2, 56, 'Standard_DS13_v2', 8],
    ['Standard_DS13-4_v2', 4, 56, 'Standard_DS13_v2', 8],
    ['Standard_DS14-4_v2', 4, 112, 'Standard_DS14_v2', 16],
    ['Standard_DS14-8_v2', 8, 112, 'Standard_DS14_v2', 16],
    ['Standard_E128-32s_v6', 32, 1024, 'Standard_E128s_v6', 128],
    ['Standard_E64-16ds_v4', 16, 504, 'Standard_E64ds_v4', 64],
    ['Standard_E96-24as_v4', 24, 672, 'Standard_E96as_v4', 96],
    ['Standard_E96-48ds_v6', 48, 768, 'Standard_E96ds_v6', 96],
    ['Standard_E4-2as_v7', 2, 32, 'Standard_E4as_v7', 4],
    ['Standard_E128-64ads_v7', 64, 1024, 'Standard_E128ads_v7', 128],
    ['Standard_E32-8ads_v7', 8, 256, 'Standard_E32ads_v7', 32],
    ['Standard_F2-1amds_v7', 1, 16, 'Standard_F2amds_v7', 2],
    ['Standard_F64-32ams_v7', 32, 512, 'Standard_F64ams_v7', 64],
    ['Standard_FX12-6mds_v2', 6, 252, 'Standard_FX12mds_v2', 12],
    ['Standard_FX96-24ms_v2', 24, 1832, 'Standard_FX96ms_v2', 96],
    ['Standard_M416-208s_v2', 208, 5700, 'Standard_M416s_v2', 416],
    ['Standard_M416-208ms_v2', 208, 11400, 'Standard_M416ms_v2', 416],
    ['Standard_M176-88bds_4_v3', 88, 3892, 'Standard_M176bds_4_v3', 176],
    ['Standard_M128-64bs_v3', 64, 1024, 'Standard_M128bs_v3', 128],
  ])('%s: %d active vCPUs, %d GiB (base %s, %d vCPUs)', (name, active, mem, base, underlying) => {
    const s = VmSize.of(name);
    expect(s.vcpus).toBe(active);
    expect(s.memoryGiB).toBe(mem);
    expect(s.memoryGiB).toBe(VmSize.of(base).memoryGiB);
    expect(s.constrainedFrom).toBe(base);
    expect(s.underlyingVcpus).toBe(underlying);
    expect(s.source).toBe('https://learn.microsoft.com/azure/virtual-machines/constrained-vcpu');
  });
});

describe('lookup', () => {
  test('is case-insensitive and returns the canonical spelling', () => {
    expect(VmSize.of('standard_d3_v2').name).toBe('Standard_D3_v2');
    expect(VmSize.of('STANDARD_NC6S_V3').name).toBe('Standard_NC6s_v3');
    expect(VmSize.of('Standard_e8-4S_V5').vcpus).toBe(4);
    expect(VmSize.tryOf('sTaNdArD_ds2_V2')?.vcpus).toBe(2);
  });

  test('tryOf returns undefined for unknown names and hostile values', () => {
    expect(VmSize.tryOf('Standard_D3_v9')).toBeUndefined();
    expect(VmSize.tryOf('D3_v2')).toBeUndefined();
    expect(VmSize.tryOf(' Standard_D3_v2')).toBeUndefined();
    for (const v of [undefined, null, 42, NaN, {}, [], 'x'.repeat(1_000_000), Symbol('s')]) {
      expect(VmSize.tryOf(v)).toBeUndefined();
    }
  });

  test('an unknown size is an error that asks for explicit overrides, never a guess', () => {
    const problems = problemsOf(() => VmSize.of('Standard_D3_v9'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('vmSize is not in the built-in VM size catalog');
    expect(problems[0]).toContain('set vcpusPerNode and memoryGiBPerNode');
    expect(problems[0]).toContain(VM_SIZES_DOCS_URL);
    expect(problems[0]).toMatch(/received "Standard_D3_v9"\.$/);
  });

  test('non-string names are ConfigurationErrors, not TypeErrors', () => {
    for (const v of [undefined, null, 3, NaN, {}, '', '   ']) {
      const problems = problemsOf(() => VmSize.of(v as unknown as string));
      expect(problems[0]).toContain('must be a non-empty Azure VM size name');
    }
  });

  test('knownSizes lists canonical names, sorted, without duplicates (case-insensitively)', () => {
    const names = VmSize.knownSizes();
    expect(names.length).toBeGreaterThan(300);
    expect(names).toEqual([...names].sort());
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of ['Standard_D3_v2', 'Standard_E8-4s_v5', 'Standard_NC6s_v3', 'Standard_B2s', 'Standard_A8m_v2', 'Standard_DS13-2_v2']) {
      expect(names).toContain(n);
    }
    for (const n of names) {
      expect(VmSize.of(n).name).toBe(n);
      expect(n.startsWith('Standard_')).toBe(true);
    }
  });

  test('every catalog entry has positive whole vCPUs and positive memory', () => {
    for (const n of VmSize.knownSizes()) {
      const s = VmSize.of(n);
      expect(Number.isInteger(s.vcpus)).toBe(true);
      expect(s.vcpus).toBeGreaterThan(0);
      expect(s.memoryGiB).toBeGreaterThan(0);
      expect(s.gpus).toBeGreaterThanOrEqual(0);
    }
  });

  test('catalog entries are frozen', () => {
    const s = VmSize.of('Standard_D3_v2');
    expect(Object.isFrozen(s)).toBe(true);
    expect(() => {
      (s as unknown as { vcpus: number }).vcpus = 99;
    }).toThrow(TypeError);
    expect(VmSize.of('Standard_D3_v2').vcpus).toBe(4);
  });
});

describe('VmSize.custom', () => {
  test('builds a size with the given numbers', () => {
    const s = VmSize.custom({ name: 'Standard_X9', vcpus: 12, memoryGiB: 48, gpus: 2, gpuType: 'NVIDIA H100' });
    expect(s).toMatchObject({ name: 'Standard_X9', vcpus: 12, memoryGiB: 48, gpus: 2, gpuType: 'NVIDIA H100', isCustom: true });
    expect(s.memoryBytes).toBe(48 * 1024 ** 3);
    expect(s.toJSON()).toEqual({ name: 'Standard_X9', vcpus: 12, memoryGiB: 48, gpus: 2, gpuType: 'NVIDIA H100' });
  });

  test('gpus default to 0', () => {
    expect(VmSize.custom({ name: 'Standard_X1', vcpus: 2, memoryGiB: 8 }).gpus).toBe(0);
  });

  test('collects every problem, hostile values included', () => {
    const problems = problemsOf(() =>
      VmSize.custom({ name: 7 as unknown as string, vcpus: 2.5, memoryGiB: -0, gpus: -1 }),
    );
    expect(problems).toEqual([
      'name must be a string; received 7.',
      'vcpus must be a whole number; received 2.5.',
      'memoryGiB must be greater than zero; received -0.',
      'gpus must be greater than or equal to zero; received -1.',
    ]);
    expect(problemsOf(() => VmSize.custom({ name: 'a', vcpus: NaN, memoryGiB: Infinity }))).toEqual([
      'vcpus must be a finite number; received NaN.',
      'memoryGiB must be a finite number; received Infinity.',
    ]);
    expect(problemsOf(() => VmSize.custom({} as never))).toEqual([
      'name is required; received undefined.',
      'vcpus is required; received undefined.',
      'memoryGiB is required; received undefined.',
    ]);
    expect(problemsOf(() => VmSize.custom(null as never))[0]).toContain('props must be an object');
  });
});

// Sizes issue 13 found missing (real v1 files and Microsoft's samples use them), with the numbers of
// the size pages named in src/core/cluster/vm-sizes.ts.
describe('catalog: H100/H200/MI300X, P100, MI25, M-series and its constrained sizes, FPGA (issue 13)', () => {
  test.each([
    ['Standard_NC40ads_H100_v5', 40, 320, 1, 'NVIDIA H100 NVL'],
    ['Standard_NC80adis_H100_v5', 80, 640, 2, 'NVIDIA H100 NVL'],
    ['Standard_ND96isr_H100_v5', 96, 1900, 8, 'NVIDIA H100'],
    ['Standard_ND96isr_H200_v5', 96, 1850, 8, 'NVIDIA H200'],
    ['Standard_ND96isr_MI300X_v5', 96, 1850, 8, 'AMD Instinct MI300X'],
    ['Standard_NC24rs_v2', 24, 448, 4, 'NVIDIA Tesla P100'],
    ['Standard_NV32as_v4', 32, 112, 1, 'AMD Radeon Instinct MI25'],
    ['Standard_M8ms', 8, 218.75, 0, undefined],
    ['Standard_M16ms', 16, 437.5, 0, undefined],
    ['Standard_M32ts', 32, 192, 0, undefined],
    ['Standard_M64ms', 64, 1792, 0, undefined],
    ['Standard_M128s', 128, 2048, 0, undefined],
    ['Standard_PB6s', 6, 112, 0, undefined],
  ] as const)('%s: %d vCPUs, %d GiB, %d GPUs', (name, vcpus, mem, gpus, gpuType) => {
    const s = VmSize.of(name.toLowerCase());
    expect([s.name, s.vcpus, s.memoryGiB, s.gpus, s.gpuType]).toEqual([name, vcpus, mem, gpus, gpuType]);
    expect(s.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });

  test('partial MI25 GPUs keep their fraction', () => {
    expect(VmSize.of('Standard_NV4as_v4').gpusText).toBe('1/8');
    expect(VmSize.of('Standard_NV16as_v4').gpus).toBe(0.5);
  });

  test.each([
    ['Standard_M8-2ms', 2, 'Standard_M8ms'],
    ['Standard_M8-4ms', 4, 'Standard_M8ms'],
    ['Standard_M64-16ms', 16, 'Standard_M64ms'],
    ['Standard_M128-32ms', 32, 'Standard_M128ms'],
  ] as const)('constrained %s: %d active vCPUs, the memory of %s', (name, active, base) => {
    const s = VmSize.of(name);
    expect(s.vcpus).toBe(active);
    expect(s.constrainedFrom).toBe(base);
    expect(s.memoryGiB).toBe(VmSize.of(base).memoryGiB);
    expect(s.underlyingVcpus).toBe(VmSize.of(base).vcpus);
  });
});

describe('sizes not in the catalog: Azure\'s naming convention (issue 13)', () => {
  test.each([
    // (Standard_D16ds_v7 and Standard_E32-8ads_v7, used here before, are now catalog sizes.)
    ['Standard_D16ds_v8', { family: 'D', vcpus: 16, features: 'ds', version: 8 }],
    ['Standard_E32-8ads_v8', { family: 'E', vcpus: 32, constrainedVcpus: 8, features: 'ads', version: 8 }],
    ['Standard_NC48ads_B200_v6', { family: 'NC', vcpus: 48, features: 'ads', accelerator: 'B200', version: 6 }],
    ['Standard_M416ms', { family: 'M', vcpus: 416, features: 'ms' }],
  ] as const)('%s', (name, parts) => {
    expect(VmSize.tryOf(name)).toBeUndefined();
    expect(parseSizeName(name)).toEqual(parts);
  });

  test('names that do not state the vCPUs are not read', () => {
    for (const n of ['Standard_D3_v2', 'Standard_DS4', 'Standard_A4', 'Standard_G5', 'Custom_8', 'Standard_E8-16s_v5', 'Standard_x8']) expect(parseSizeName(n)).toBeUndefined();
  });

  test('an unknown memory never limits placement (allocatable memory is unbounded, CPU is still counted)', () => {
    const { config } = resolveClusterConfig({ name: 'a', vmSize: 'Standard_Q8_v9' });
    const alloc = nodeAllocatable(config.vmSize);
    expect(alloc.memoryBytes).toBe(Number.POSITIVE_INFINITY);
    expect(alloc.cpuMillicores).toBeGreaterThan(0);
    expect(alloc.cpuMillicores).toBeLessThan(8000);
  });
});

// Families from Microsoft's current size pages (sizes/general-purpose, compute-optimized, memory-optimized,
// storage-optimized, gpu-accelerated, high-performance-compute, fpga-accelerated); each row is the page's
// "Basics" (vCPUs, memory) and "Accelerators" (GPUs) tables, and the page named in src/core/cluster/vm-sizes.ts.
const SIZES_PAGES = 'https://learn.microsoft.com/azure/virtual-machines/sizes/';
describe('catalog: the families of the current size pages', () => {
  test.each([
    // [size, vCPUs, memory GiB, GPUs, family, page under sizes/]
    ['Standard_B2ts_v2', 2, 1, 0, 'Bsv2', 'general-purpose/bsv2-series'],
    ['Standard_B32s_v2', 32, 128, 0, 'Bsv2', 'general-purpose/bsv2-series'],
    ['Standard_B4als_v2', 4, 8, 0, 'Basv2', 'general-purpose/basv2-series'],
    ['Standard_B16ps_v2', 16, 64, 0, 'Bpsv2', 'general-purpose/bpsv2-series'],
    ['Standard_D96ls_v5', 96, 192, 0, 'Dlsv5', 'general-purpose/dlsv5-series'],
    ['Standard_D2lds_v5', 2, 4, 0, 'Dldsv5', 'general-purpose/dldsv5-series'],
    ['Standard_D48als_v6', 48, 96, 0, 'Dalsv6', 'general-purpose/dalsv6-series'],
    ['Standard_D8alds_v6', 8, 16, 0, 'Daldsv6', 'general-purpose/daldsv6-series'],
    ['Standard_D128ls_v6', 128, 256, 0, 'Dlsv6', 'general-purpose/dlsv6-series'],
    ['Standard_D128lds_v6', 128, 256, 0, 'Dldsv6', 'general-purpose/dldsv6-series'],
    ['Standard_DC1s_v3', 1, 8, 0, 'DCsv3', 'general-purpose/dcsv3-series'],
    ['Standard_DC48ds_v3', 48, 384, 0, 'DCdsv3', 'general-purpose/dcdsv3-series'],
    ['Standard_DC96as_v5', 96, 384, 0, 'DCasv5', 'general-purpose/dcasv5-series'],
    ['Standard_DC2ads_v5', 2, 8, 0, 'DCadsv5', 'general-purpose/dcadsv5-series'],
    ['Standard_F64as_v6', 64, 256, 0, 'Fasv6', 'compute-optimized/fasv6-series'],
    ['Standard_F2als_v6', 2, 4, 0, 'Falsv6', 'compute-optimized/falsv6-series'],
    ['Standard_F48ams_v6', 48, 384, 0, 'Famsv6', 'compute-optimized/famsv6-series'],
    ['Standard_FX4mds', 4, 84, 0, 'FX', 'compute-optimized/fx-series'],
    ['Standard_FX48mds', 48, 1008, 0, 'FX', 'compute-optimized/fx-series'],
    ['Standard_E128s_v6', 128, 1024, 0, 'Esv6', 'memory-optimized/esv6-series'],
    ['Standard_E192is_v6', 192, 1832, 0, 'Esv6', 'memory-optimized/esv6-series'],
    ['Standard_E192ids_v6', 192, 1832, 0, 'Edsv6', 'memory-optimized/edsv6-series'],
    ['Standard_E96as_v6', 96, 672, 0, 'Easv6', 'memory-optimized/easv6-series'],
    ['Standard_E20ads_v6', 20, 160, 0, 'Eadsv6', 'memory-optimized/eadsv6-series'],
    ['Standard_E112ibds_v5', 112, 672, 0, 'Ebdsv5', 'memory-optimized/ebdsv5-ebsv5-series'],
    ['Standard_E96bs_v5', 96, 672, 0, 'Ebsv5', 'memory-optimized/ebdsv5-ebsv5-series'],
    ['Standard_E32ps_v5', 32, 208, 0, 'Epsv5', 'memory-optimized/epsv5-series'],
    ['Standard_E20pds_v5', 20, 160, 0, 'Epdsv5', 'memory-optimized/epdsv5-series'],
    ['Standard_E96ps_v6', 96, 672, 0, 'Epsv6', 'memory-optimized/epsv6-series'],
    ['Standard_EC96as_v5', 96, 672, 0, 'ECasv5', 'memory-optimized/ecasv5-ecadsv5-series'],
    ['Standard_EC20ads_v5', 20, 160, 0, 'ECadsv5', 'memory-optimized/ecasv5-ecadsv5-series'],
    ['Standard_M208s_v2', 208, 2850, 0, 'Mv2', 'memory-optimized/mv2-series'],
    ['Standard_M416s_8_v2', 416, 7600, 0, 'Mv2', 'memory-optimized/mv2-series'],
    ['Standard_M416ms_v2', 416, 11400, 0, 'Mv2', 'memory-optimized/mv2-series'],
    ['Standard_M176bs_v3', 176, 1536, 0, 'Mbsv3', 'memory-optimized/mbsv3-series'],
    ['Standard_L80s_v2', 80, 640, 0, 'Lsv2', 'storage-optimized/lsv2-series'],
    ['Standard_L8s_v3', 8, 64, 0, 'Lsv3', 'storage-optimized/lsv3-series'],
    ['Standard_L48as_v3', 48, 384, 0, 'Lasv3', 'storage-optimized/lasv3-series'],
    ['Standard_L2s_v4', 2, 16, 0, 'Lsv4', 'storage-optimized/lsv4-series'],
    ['Standard_L96s_v4', 96, 768, 0, 'Lsv4', 'storage-optimized/lsv4-series'],
    ['Standard_HB120rs_v2', 120, 456, 0, 'HBv2', 'high-performance-compute/hbv2-series'],
    ['Standard_HB120rs_v3', 120, 448, 0, 'HBv3', 'high-performance-compute/hbv3-series'],
    ['Standard_HB176rs_v4', 176, 768, 0, 'HBv4', 'high-performance-compute/hbv4-series'],
    ['Standard_HB368rs_v5', 368, 432, 0, 'HBv5', 'high-performance-compute/hbv5-series'],
    ['Standard_HC44rs', 44, 352, 0, 'HC', 'high-performance-compute/hc-series'],
    ['Standard_HX176rs', 176, 1408, 0, 'HX', 'high-performance-compute/hx-series'],
    ['Standard_NCC40ads_H100_v5', 40, 320, 1, 'NCCads H100 v5', 'gpu-accelerated/nccadsh100v5-series'],
    ['Standard_NG32adms_V620_v1', 32, 176, 1, 'NGads V620', 'gpu-accelerated/ngadsv620-series'],
    ['Standard_NV24ads_V710_v5', 24, 128, 1, 'NVads V710 v5', 'gpu-accelerated/nvadsv710-v5-series'],
    ['Standard_ND128isr_NDR_GB200_v6', 128, 900, 4, 'ND GB200 v6', 'gpu-accelerated/nd-gb200-v6-series'],
    ['Standard_M176bds_v3', 176, 1536, 0, 'Mbdsv3', 'memory-optimized/mbdsv3-series'],
    ['Standard_M64bds_1_v3', 64, 1397, 0, 'Mbdsv3', 'memory-optimized/mbdsv3-series'],
    ['Standard_L96as_v4', 96, 768, 0, 'Lasv4', 'storage-optimized/lasv4-series'],
    ['Standard_ND128isrG5_GB300_v6', 128, 864, 4, 'ND GB300 v6', 'gpu-accelerated/nd-gb300-v6-series'],
    ['Standard_NC256ds_xl_RTXPRO6000BSE_v6', 256, 1024, 2, 'NC RTXPRO6000BSE v6', 'gpu-accelerated/nc-rtxpro6000-bse-v6-series'],
    ['Standard_NC128lds_xl_RTXPRO6000BSE_v6', 128, 256, 1, 'NC RTXPRO6000BSE v6', 'gpu-accelerated/nc-rtxpro6000-bse-v6-series'],
    ['Standard_DC96as_v6', 96, 384, 0, 'DCasv6', 'general-purpose/dcasv6-series'],
    ['Standard_DC2ads_v6', 2, 8, 0, 'DCadsv6', 'general-purpose/dcadsv6-series'],
    ['Standard_EC96as_v6', 96, 672, 0, 'ECasv6', 'memory-optimized/ecasv6-series'],
    ['Standard_EC48ads_v6', 48, 384, 0, 'ECadsv6', 'memory-optimized/ecadsv6-series'],
    ['Standard_DC128es_v6', 128, 512, 0, 'DCesv6', 'general-purpose/dcesv6-series'],
    ['Standard_EC64es_v6', 64, 512, 0, 'ECesv6', 'memory-optimized/ecesv6-series'],
    ['Standard_E96bs_v6', 96, 768, 0, 'Ebsv6', 'memory-optimized/ebsv6-series'],
    ['Standard_E192ibds_v6', 192, 1832, 0, 'Ebdsv6', 'memory-optimized/ebdsv6-series'],
    ['Standard_D372s_v7', 372, 1488, 0, 'Dsv7', 'general-purpose/dsv7-series'],
    ['Standard_E248s_v7', 248, 1984, 0, 'Esv7', 'memory-optimized/esv7-series'],
    ['Standard_E372is_v7', 372, 2832, 0, 'Esv7', 'memory-optimized/esv7-series'],
    ['Standard_D372ds_v7', 372, 1488, 0, 'Ddsv7', 'general-purpose/ddsv7-series'],
    ['Standard_D248ls_v7', 248, 496, 0, 'Dlsv7', 'general-purpose/dlsv7-series'],
    ['Standard_D64ls_v7', 64, 126, 0, 'Dlsv7', 'general-purpose/dlsv7-series'],
    ['Standard_D2lds_v7', 2, 4, 0, 'Dldsv7', 'general-purpose/dldsv7-series'],
    ['Standard_D160as_v7', 160, 640, 0, 'Dasv7', 'general-purpose/dasv7-series'],
    ['Standard_D2ads_v7', 2, 8, 0, 'Dadsv7', 'general-purpose/dadsv7-series'],
    ['Standard_D96als_v7', 96, 192, 0, 'Dalsv7', 'general-purpose/dalsv7-series'],
    ['Standard_D160alds_v7', 160, 320, 0, 'Daldsv7', 'general-purpose/daldsv7-series'],
    ['Standard_E20ds_v7', 20, 160, 0, 'Edsv7', 'memory-optimized/edsv7-series'],
    ['Standard_E372ids_v7', 372, 2832, 0, 'Edsv7', 'memory-optimized/edsv7-series'],
    ['Standard_E160as_v7', 160, 1280, 0, 'Easv7', 'memory-optimized/easv7-series'],
    ['Standard_E2ads_v7', 2, 16, 0, 'Eadsv7', 'memory-optimized/eadsv7-series'],
    ['Standard_F1as_v7', 1, 4, 0, 'Fasv7', 'compute-optimized/fasv7-series'],
    ['Standard_F80als_v7', 80, 160, 0, 'Falsv7', 'compute-optimized/falsv7-series'],
    ['Standard_F48ams_v7', 48, 384, 0, 'Famsv7', 'compute-optimized/famsv7-series'],
    ['Standard_F80ads_v7', 80, 320, 0, 'Fadsv7', 'compute-optimized/fadsv7-series'],
    ['Standard_F1alds_v7', 1, 2, 0, 'Faldsv7', 'compute-optimized/faldsv7-series'],
    ['Standard_F64amds_v7', 64, 512, 0, 'Famdsv7', 'compute-optimized/famdsv7-series'],
    ['Standard_L12aos_v4', 12, 96, 0, 'Laosv4', 'storage-optimized/laosv4-series'],
    ['Standard_L160iaos_v5', 160, 1040, 0, 'Laosv5', 'storage-optimized/laosv5-series'],
    ['Standard_L128aos_v5', 128, 1024, 0, 'Laosv5', 'storage-optimized/laosv5-series'],
    ['Standard_L80as_v5', 80, 640, 0, 'Lasv5', 'storage-optimized/lasv5-series'],
    ['Standard_L160ias_v5', 160, 1280, 0, 'Lasv5', 'storage-optimized/lasv5-series'],
    ['Standard_M48s_1_v3', 48, 974, 0, 'Msv3 Medium Memory', 'memory-optimized/msv3-mm-series'],
    ['Standard_M176ds_4_v3', 176, 3892, 0, 'Mdsv3 Medium Memory', 'memory-optimized/mdsv3-mm-series'],
    ['Standard_M832is_16_v3', 832, 15200, 0, 'Msv3 High Memory', 'memory-optimized/msv3-hm-series'],
    ['Standard_M416ds_6_v3', 416, 5696, 0, 'Mdsv3 High Memory', 'memory-optimized/mdsv3-hm-series'],
    ['Standard_M896ixds_24_v3', 896, 23088, 0, 'Mdsv3 Very High Memory', 'memory-optimized/mdsv3-vhm-series'],
    ['Standard_M1792ixds_32_v3', 1792, 30400, 0, 'Mdsv3 Very High Memory', 'memory-optimized/mdsv3-vhm-series'],
    ['Standard_M32ms_v2', 32, 875, 0, 'Msv2 Medium Memory', 'memory-optimized/msv2-mm-series'],
    ['Standard_M192ims_v2', 192, 4096, 0, 'Msv2 Medium Memory', 'memory-optimized/msv2-mm-series'],
    ['Standard_M128ds_v2', 128, 2048, 0, 'Mdsv2 Medium Memory', 'memory-optimized/mdsv2-mm-series'],
    ['Standard_FX2ms_v2', 2, 42, 0, 'FXmsv2', 'compute-optimized/fxmsv2-series'],
    ['Standard_FX96mds_v2', 96, 1832, 0, 'FXmdsv2', 'compute-optimized/fxmdsv2-series'],
    ['Standard_DC128eds_v6', 128, 512, 0, 'DCedsv6', 'general-purpose/dcedsv6-series'],
    ['Standard_DC1s_v2', 1, 4, 0, 'DCsv2', 'general-purpose/dcsv2-series'],
    ['Standard_DC8_v2', 8, 32, 0, 'DCsv2', 'general-purpose/dcsv2-series'],
    ['Standard_EC64eds_v6', 64, 512, 0, 'ECedsv6', 'memory-optimized/ecedsv6-series'],
    ['Standard_E96pds_v6', 96, 672, 0, 'Epdsv6', 'memory-optimized/epdsv6-series'],
    ['Standard_E2pds_v6', 2, 16, 0, 'Epdsv6', 'memory-optimized/epdsv6-series'],
    ['Standard_D128ns_v6', 128, 512, 0, 'Dnsv6', 'memory-optimized/dnsv6-series'],
    ['Standard_D2nds_v6', 2, 8, 0, 'Dndsv6', 'memory-optimized/dndsv6-series'],
    ['Standard_D96nls_v6', 96, 192, 0, 'Dnlsv6', 'memory-optimized/dnlsv6-series'],
    ['Standard_D48nlds_v6', 48, 96, 0, 'Dnldsv6', 'memory-optimized/dnldsv6-series'],
    ['Standard_E128ns_v6', 128, 1024, 0, 'Ensv6', 'memory-optimized/ensv6-series'],
    ['Standard_E2nds_v6', 2, 16, 0, 'Endsv6', 'memory-optimized/endsv6-series'],
    ['Standard_M128ls_v4', 128, 1944, 0, 'Msv4 Medium Memory', 'memory-optimized/msv4-series'],
    ['Standard_M256ls_v4', 256, 3892, 0, 'Msv4 Medium Memory', 'memory-optimized/msv4-series'],
    ['Standard_M192lds_v4', 192, 3072, 0, 'Mdsv4 Medium Memory', 'memory-optimized/mdsv4-series'],
    ['Standard_M304bs_2_v4', 304, 3892, 0, 'Mbsv4', 'memory-optimized/mbsv4-series'],
    ['Standard_M64bds_1_v4', 64, 1440, 0, 'Mbdsv4', 'memory-optimized/mbdsv4-series'],
    ['Standard_M304bds_4_v4', 304, 3800, 0, 'Mbdsv4', 'memory-optimized/mbdsv4-series'],
    ['Standard_E80ids_v4', 80, 504, 0, 'Edsv4', 'memory-optimized/edsv4-series'],
    ['Standard_E96as_v4', 96, 672, 0, 'Easv4', 'memory-optimized/easv4-series'],
    ['Standard_D96pls_v6', 96, 192, 0, 'Dplsv6', 'general-purpose/dplsv6-series'],
    ['Standard_D2pds_v6', 2, 8, 0, 'Dpdsv6', 'general-purpose/dpdsv6-series'],
    ['Standard_D64plds_v6', 64, 128, 0, 'Dpldsv6', 'general-purpose/dpldsv6-series'],
    ['Standard_DC4as_cc_v5', 4, 16, 0, 'DCas_cc_v5', 'general-purpose/dcasccv5-series'],
    ['Standard_DC96ads_cc_v5', 96, 384, 0, 'DCads_cc_v5', 'general-purpose/dcadsccv5-series'],
    ['Standard_EC96as_cc_v5', 96, 672, 0, 'ECas_cc_v5', 'memory-optimized/ecasccv5-ecadsccv5-series'],
    ['Standard_EC20ads_cc_v5', 20, 160, 0, 'ECads_cc_v5', 'memory-optimized/ecasccv5-ecadsccv5-series'],
    ['Standard_NP10s', 10, 168, 0, 'NP (FPGA)', 'fpga-accelerated/np-series'],
    ['Standard_NP40s', 40, 672, 0, 'NP (FPGA)', 'fpga-accelerated/np-series'],
  ] as const)('%s: %d vCPUs, %d GiB, %d GPUs (%s)', (name, vcpus, mem, gpus, fam, page) => {
    const s = VmSize.of(name.toUpperCase());
    expect([s.name, s.vcpus, s.memoryGiB, s.gpus, s.family]).toEqual([name, vcpus, mem, gpus, fam]);
    expect(s.source).toBe(SIZES_PAGES + page);
    expect(s.constrainedFrom).toBeUndefined();
  });

  test.each([
    // Constrained sizes on the HPC series pages: the ACTIVE vCPUs, the full size's memory.
    ['Standard_HB120-16rs_v2', 16, 'Standard_HB120rs_v2', 120, 456],
    ['Standard_HB120-96rs_v3', 96, 'Standard_HB120rs_v3', 120, 448],
    ['Standard_HB176-24rs_v4', 24, 'Standard_HB176rs_v4', 176, 768],
    ['Standard_HB368-48rs_v5', 48, 'Standard_HB368rs_v5', 368, 432],
    ['Standard_HB368-336rs_v5', 336, 'Standard_HB368rs_v5', 368, 432],
    ['Standard_HC44-16rs', 16, 'Standard_HC44rs', 44, 352],
    ['Standard_HC44-32rs', 32, 'Standard_HC44rs', 44, 352],
    ['Standard_HX176-144rs', 144, 'Standard_HX176rs', 176, 1408],
  ] as const)('constrained %s: %d active vCPUs of %s (%d), %d GiB', (name, active, base, underlying, mem) => {
    const s = VmSize.of(name);
    expect(s.vcpus).toBe(active);
    expect(s.vcpus).toBeLessThan(s.underlyingVcpus as number);
    expect(s.underlyingVcpus).toBe(underlying);
    expect(s.constrainedFrom).toBe(base);
    expect(s.memoryGiB).toBe(mem);
    expect(s.memoryGiB).toBe(VmSize.of(base).memoryGiB);
    expect(s.source).toBe(VmSize.of(base).source);
    expect(s.family).toBe(`${VmSize.of(base).family} (constrained vCPU)`);
  });

  test('partial GPUs of the AMD V620 and V710 sizes keep the fraction the page writes', () => {
    const ng8 = VmSize.of('Standard_NG8ads_V620_v1');
    expect([ng8.vcpus, ng8.memoryGiB, ng8.gpus, ng8.gpusText, ng8.gpuType]).toEqual([8, 16, 0.25, '1/4', 'AMD Radeon PRO V620']);
    expect(VmSize.of('Standard_NG16ads_V620_v1').gpusText).toBe('1/2');
    expect(VmSize.of('Standard_NG32ads_V620_v1').gpusText).toBe('1');
    const nv4 = VmSize.of('Standard_NV4ads_V710_v5');
    expect([nv4.vcpus, nv4.memoryGiB, nv4.gpusText, nv4.gpuType]).toEqual([4, 16, '1/6', 'AMD Radeon PRO V710']);
    expect(nv4.gpus).toBeCloseTo(1 / 6, 10);
    expect(VmSize.of('Standard_NV8ads_V710_v5').gpus).toBeCloseTo(1 / 3, 10);
    expect(VmSize.of('Standard_NV12ads_V710_v5').gpusText).toBe('1/2');
    expect(VmSize.of('Standard_NV28adms_V710_v5').gpusText).toBe('1');
  });

  test('GPU models of the new GPU sizes; FPGA, HPC and storage sizes have none', () => {
    expect(VmSize.of('Standard_NCC40ads_H100_v5').gpuType).toBe('NVIDIA H100 NVL');
    expect(VmSize.of('Standard_ND128isr_NDR_GB200_v6').gpuType).toBe('NVIDIA GB200');
    for (const n of ['Standard_NP20s', 'Standard_HB120rs_v3', 'Standard_L16s_v3', 'Standard_M416ms_v2']) {
      expect(VmSize.of(n).gpus).toBe(0);
      expect(VmSize.of(n).gpuType).toBeUndefined();
    }
  });

  test('the full size series are present (one count per page)', () => {
    const names = new Set(VmSize.knownSizes());
    const count = (re: RegExp) => [...names].filter((n) => re.test(n)).length;
    expect(count(/^Standard_B\d+(ts|ls|s)_v2$/)).toBe(11);
    expect(count(/^Standard_B\d+p(ts|ls|s)_v2$/)).toBe(9);
    expect(count(/^Standard_D\d+ls_v6$/)).toBe(9);
    expect(count(/^Standard_E\d+i?s_v6$/)).toBe(11);
    expect(count(/^Standard_L\d+s_v4$/)).toBe(9);
    expect(count(/^Standard_HB368(-\d+)?rs_v5$/)).toBe(8);
    // Mv2 (M208/M416) and the Msv2/Mdsv2 Medium Memory pages.
    expect(count(/^Standard_M(208|416)(s|ms|s_8)_v2$/)).toBe(5);
    expect(count(/^Standard_M\d+i?m?s_v2$/)).toBe(11); // 4 Mv2 sizes (M416s_8_v2 is not of this form) + 7 Msv2 Medium Memory
    expect(count(/^Standard_M\d+i?dm?s_v2$/)).toBe(7);
    expect(names.has('Standard_L80s_v26')).toBe(false);
    expect(names.has('Standard_EC20as_v6')).toBe(false);
    expect(names.has('Standard_EC20as_v5')).toBe(true);
  });
});

describe('cluster config with a size from the new families', () => {
  test('a catalog size is used as the page gives it, without the "vCPUs from the name" warning', () => {
    const known = resolveClusterConfig({ name: 'a', vmSize: 'Standard_HB120-16rs_v3' });
    expect(known.config.vmSize.vcpus).toBe(16);
    expect(known.config.vmSize.memoryGiB).toBe(448);
    expect(known.config.vmSize.memoryUnknown).toBe(false);
    expect(known.warnings.map((w) => w.id)).not.toContain('aks-ml:cluster:vmSizeFromName');
    // The same shape of name outside the catalog is read by convention, with the warning.
    const unknown = resolveClusterConfig({ name: 'a', vmSize: 'Standard_HB120-16rs_v9' });
    expect(unknown.config.vmSize.vcpus).toBe(16);
    expect(unknown.config.vmSize.memoryUnknown).toBe(true);
    expect(unknown.warnings.map((w) => w.id)).toContain('aks-ml:cluster:vmSizeFromName');
  });
});
