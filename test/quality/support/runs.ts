/**
 * How many runs each property makes.
 *
 * Every property test passes its count through `runs(n)`. The environment variable
 * AKS_ML_PROPERTY_RUNS scales them all: a multiplier, default 1 (the counts written in
 * the tests, what CI runs: 13,221 runs in all with the 200 of
 * test/core/v1/to-deployment-config.test.ts). `AKS_ML_PROPERTY_RUNS=0.1 npx jest
 * test/quality` is a quick local pass, `=10` a soak. Each property keeps at least one
 * run; a value that is not a positive number fails loudly.
 */

/** The multiplier in `raw` (AKS_ML_PROPERTY_RUNS): 1 when unset or empty. */
export function propertyRunsMultiplier(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const m = Number(raw);
  if (!Number.isFinite(m) || m <= 0) {
    throw new Error(`AKS_ML_PROPERTY_RUNS must be a positive number (a multiplier of the run counts); received "${raw}"`);
  }
  return m;
}

/** The multiplier of this run, from the environment. */
export const PROPERTY_RUNS_MULTIPLIER: number = propertyRunsMultiplier(process.env.AKS_ML_PROPERTY_RUNS);

/** The run count of a property: `n`, scaled by AKS_ML_PROPERTY_RUNS (at least 1). */
export function runs(n: number, multiplier: number = PROPERTY_RUNS_MULTIPLIER): number {
  return Math.max(1, Math.round(n * multiplier));
}
