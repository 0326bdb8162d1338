import { isValidImageReference } from '../../../src/core/v1';

describe('image references', () => {
  test('isValidImageReference', () => {
    for (const ok of [
      'nginx',
      'nginx:1.25',
      'contosoml.azurecr.io/scoring/claims:2024.1',
      'localhost:5000/a/b',
      'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest',
      `a/b@sha256:${'0'.repeat(64)}`,
    ]) {
      expect(isValidImageReference(ok)).toBe(true);
    }
    for (const bad of ['', 'Nginx', 'a b', 'a/b:', 'mcr.microsoft.com/azureml/openmpi 4.1.0-ubuntu 20.04:20220601.v1', 'a//b']) {
      expect(isValidImageReference(bad)).toBe(false);
    }
  });
});
