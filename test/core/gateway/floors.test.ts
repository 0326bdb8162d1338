import { EnvoyGateway, planWebservice } from 'aks-ml-constructs';
import { ENVOY_GATEWAY_COMPONENT, ENVOY_GATEWAY_FIELD_FLOORS } from '../../../src/core/gateway/envoy-gateway';

const base = { name: 'scorer', namespace: 'ml', image: 'example.azurecr.io/scorer:1' };

describe('EnvoyGateway.floors', () => {
  test('key auth uses an authorization CEL rule, which needs Envoy Gateway 1.9.0', () => {
    const plan = planWebservice({ ...base, authEnabled: true });
    const floors = new EnvoyGateway().floors(plan.objects);
    expect(floors).toEqual([
      {
        component: ENVOY_GATEWAY_COMPONENT,
        version: '1.9.0',
        field: 'SecurityPolicy/ml/scorer spec.authorization.rules[].cel',
        reason: ENVOY_GATEWAY_FIELD_FLOORS.authorizationCel.reason,
      },
    ]);
  });

  test('a service without auth needs no floor from its policies', () => {
    const plan = planWebservice({ ...base, authEnabled: false });
    expect(new EnvoyGateway().floors(plan.objects)).toEqual([]);
  });
});
