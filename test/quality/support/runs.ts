/**
 * How many runs each property makes.
 *
 * Every property test passes its count through `runs(n)`. The environment variable
 * AKS_ML_PROPERTY_RUNS scales them all: a multiplier, default 1 (the counts written in
 * the tests: 13,221 runs in all, what CI runs). `AKS_ML_PROPERTY_RUNS=0.1 npx jest
 * test/quality` is a quick local pass, `=10` a soak. Each property keeps at least one
 * run; a value that is not a positive number fails loudly.
 */
export const PROPERTY_RUNS_MULTIPLIER: number = (() => {
  const raw = process.env.AKS_ML_PROPERTY_RUNS;
  if (raw === undefined || raw.trim() === '') return 1;
  const m = Number(raw);
  if (!Number.isFinite(m) || m <= 0) throw new Error(`AKS_ML_PROPERTY_RUNS must be a positive number (a multiplier of the run counts); received "${raw}"`);
  return m;
})();

/** The run count of a property: `n`, scaled by AKS_ML_PROPERTY_RUNS. */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * PROPERTY_RUNS_MULTIPLIER));
}
