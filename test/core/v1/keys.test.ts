import { AML_DEPLOY_ACTION_KEYS, V1_DEPLOYMENT_CONFIG_KEYS } from '../../../src/core/v1';

describe('the key tables', () => {
  test('the key tables name the file key of every prop', () => {
    expect(V1_DEPLOYMENT_CONFIG_KEYS.find((k) => k.prop === 'gpuCores')).toEqual({
      path: 'gpuCores',
      prop: 'gpuCores',
      kinds: ['webservice', 'endpointVersion'],
      readByV1: true,
    });
    expect(V1_DEPLOYMENT_CONFIG_KEYS.find((k) => k.prop === 'trafficPercentile')?.kinds).toEqual(['endpointVersion']);
    expect(V1_DEPLOYMENT_CONFIG_KEYS.find((k) => k.prop === 'tags')?.readByV1).toBe(false);
    expect(AML_DEPLOY_ACTION_KEYS.find((k) => k.prop === 'authEnabled')?.path).toBe('authentication_enabled');
  });
});
