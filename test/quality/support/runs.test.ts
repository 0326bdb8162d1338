/** AKS_ML_PROPERTY_RUNS: the multiplier of the property-run counts. */
import { PROPERTY_RUNS_MULTIPLIER, propertyRunsMultiplier, runs } from './runs';

describe('property runs', () => {
  test('unset or empty: the counts written in the tests', () => {
    expect(propertyRunsMultiplier(undefined)).toBe(1);
    expect(propertyRunsMultiplier('')).toBe(1);
    expect(runs(1500, 1)).toBe(1500);
    expect(runs(1, 1)).toBe(1);
  });

  test('a multiplier scales every count, keeping at least one run', () => {
    expect(propertyRunsMultiplier('0.1')).toBe(0.1);
    expect(runs(150, 0.1)).toBe(15);
    expect(runs(25, 0.1)).toBe(3);
    expect(runs(20, 0.01)).toBe(1);
    expect(runs(40, 10)).toBe(400);
  });

  test.each(['zero', '0', '-1', 'Infinity', 'NaN', '1e400'])('"%s" fails loudly', (raw) => {
    expect(() => propertyRunsMultiplier(raw)).toThrow(`AKS_ML_PROPERTY_RUNS must be a positive number (a multiplier of the run counts); received "${raw}"`);
  });

  test('this run uses the multiplier of its environment', () => {
    expect(PROPERTY_RUNS_MULTIPLIER).toBe(propertyRunsMultiplier(process.env.AKS_ML_PROPERTY_RUNS));
    expect(runs(600)).toBe(runs(600, PROPERTY_RUNS_MULTIPLIER));
  });
});
