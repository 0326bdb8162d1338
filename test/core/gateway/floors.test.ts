import { EnvoyGateway, planEndpoint, planGateway, planWebservice } from 'aks-ml-constructs';
import { ENVOY_GATEWAY_COMPONENT, ENVOY_GATEWAY_FIELD_FLOORS } from '../../../src/core/gateway/envoy-gateway';
import { compareVersions } from '../../../src/core/platform/components';

const base = { name: 'scorer', namespace: 'ml', image: 'example.azurecr.io/scorer:1' };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const floorsOf = (objects: Parameters<EnvoyGateway['floors']>[0]) => new EnvoyGateway().floors(objects);
const byField = (floors: ReturnType<typeof floorsOf>) => Object.fromEntries(floors.map((f) => [f.field, f.version]));

describe('EnvoyGateway.floors', () => {
  test('key auth: the authorization CEL rule needs Envoy Gateway 1.9.0, each other field its own floor', () => {
    const plan = planWebservice({ ...base, authEnabled: true });
    const floors = floorsOf(plan.objects);
    expect(floors).toContainEqual({
      component: ENVOY_GATEWAY_COMPONENT,
      version: '1.9.0',
      field: 'SecurityPolicy/ml/scorer spec.authorization.rules[].cel',
      reason: ENVOY_GATEWAY_FIELD_FLOORS.authorizationCel.reason,
    });
    expect(byField(floors)).toEqual({
      'SecurityPolicy/ml/scorer spec.targetRefs': '1.1.0',
      'SecurityPolicy/ml/scorer spec.authorization': '1.1.0',
      'SecurityPolicy/ml/scorer spec.authorization.rules[].cel': '1.9.0',
      'SecurityPolicy/ml/scorer spec.apiKeyAuth': '1.3.0',
      'SecurityPolicy/ml/scorer spec.apiKeyAuth.sanitize': '1.5.0',
      'BackendTrafficPolicy/ml/scorer spec.targetRefs': '1.1.0',
      'BackendTrafficPolicy/ml/scorer spec.circuitBreaker.perEndpoint': '1.4.0',
      'BackendTrafficPolicy/ml/scorer spec.requestBuffer': '1.4.0',
    });
    expect(floors.every((f) => f.component === ENVOY_GATEWAY_COMPONENT)).toBe(true);
  });

  test('a service without auth: its allow policy and limits, no CEL', () => {
    const floors = floorsOf(planWebservice({ ...base, authEnabled: false }).objects);
    expect(Math.max(...floors.map((f) => Number(f.version.split('.')[1])))).toBe(4);
    expect(floors.map((f) => f.field)).not.toContain('SecurityPolicy/ml/scorer spec.authorization.rules[].cel');
  });

  test('token auth with roles and scopes: JWT claims from 1.2.0, scopes (read from scp) from 1.7.0', () => {
    const plan = planWebservice({ ...base, tokenAuthEnabled: true, entraTenantId: TENANT, entraAudience: 'api://x', entraRequiredRoles: ['Score.Invoke'], entraRequiredScopes: ['user_impersonation'] });
    expect(byField(floorsOf(plan.objects))).toMatchObject({
      'SecurityPolicy/ml/scorer spec.jwt.optional': '1.1.0',
      'SecurityPolicy/ml/scorer spec.authorization.rules[].principal.jwt.claims': '1.2.0',
      'SecurityPolicy/ml/scorer spec.authorization.rules[].principal.jwt.scopes': '1.7.0',
    });
  });

  test('the Gateway: its default deny, its client policy and its EnvoyProxy reference', () => {
    const floors = byField(floorsOf(planGateway({ tls: { certificateSecretName: 'tls' } }).objects));
    expect(floors).toEqual({
      'SecurityPolicy/aks-ml-gateway/aks-ml-default-deny spec.targetRefs': '1.1.0',
      'SecurityPolicy/aks-ml-gateway/aks-ml-default-deny spec.authorization': '1.1.0',
      'ClientTrafficPolicy/aks-ml-gateway/aks-ml spec.targetRefs': '1.1.0',
      'Gateway/aks-ml-gateway/aks-ml spec.infrastructure.parametersRef': '1.1.0',
    });
  });

  test('every field floor is a version Envoy Gateway released, and every emitted field with one is declared', () => {
    for (const f of Object.values(ENVOY_GATEWAY_FIELD_FLOORS)) expect(f.version).toMatch(/^1\.[0-9]\.0$/);
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.4.0', '1.4.0')).toBe(0);
    const ep = planEndpoint({ name: 'churn', namespace: 'ml', versions: [{ versionName: 'stable', image: 'example.azurecr.io/churn:1' }] });
    const fields = new Set(floorsOf(ep.objects).map((f) => f.field.split(' ')[1]));
    expect([...fields].sort()).toEqual([
      'spec.apiKeyAuth', 'spec.apiKeyAuth.sanitize', 'spec.authorization', 'spec.authorization.rules[].cel',
      'spec.circuitBreaker.perEndpoint', 'spec.requestBuffer', 'spec.targetRefs',
    ]);
  });
});
