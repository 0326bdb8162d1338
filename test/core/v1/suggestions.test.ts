import { nearestKey } from '../../../src/core/v1/suggestions';

describe('suggestions for unknown keys', () => {
  test('nearestKey: Levenshtein, case-insensitive, truncations count as one edit', () => {
    expect(nearestKey('maxQueueWaitsMs', ['maxQueueWaitMs', 'scoringTimeoutMs'])).toBe('maxQueueWaitMs');
    expect(nearestKey('sourceDir', ['sourceDirectory', 'condaFile'])).toBe('sourceDirectory');
    expect(nearestKey('zzz', ['maxQueueWaitMs'])).toBeUndefined();
  });
});
