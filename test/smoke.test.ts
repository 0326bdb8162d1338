import { Deployment } from 'kubernetes-models/apps/v1';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
test('models load', () => {
  const d = new Deployment({ metadata: { name: 'x' }, spec: { selector: {}, template: {} } } as any);
  expect(() => d.validate()).not.toThrow();
  const bad = new Deployment({ metadata: { name: 'x' }, spec: { replicas: 'a' } } as any);
  expect(() => bad.validate()).toThrow();
  expect(HTTPRoute).toBeDefined(); expect(ScaledObject).toBeDefined(); expect(ExternalSecret).toBeDefined();
});
