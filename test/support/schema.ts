/**
 * Validates synthesized objects against the upstream schemas: kubernetes-models
 * for the core API, @kubernetes-models/* for CRDs (Gateway API, KEDA, External
 * Secrets). Objects of an API group with no published models (Envoy Gateway, Azure
 * Service Operator) are checked by the validators registered with
 * `registerValidator` (see the tests of those objects); an object nobody can
 * validate fails the test.
 */
import * as admissionregistration from 'kubernetes-models/admissionregistration.k8s.io/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import * as esoGenerators from '@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1';
import * as eso from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import * as gatewayV1 from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import * as gatewayV1beta1 from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1';
import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { registerAsoValidators } from './aso-schema';
import { registerEnvoyGatewayValidators } from './envoy-schema';

type Validator = (obj: Record<string, unknown>) => void;
interface ModelClass {
  new (data: any): { validate(): void };
  apiVersion?: string;
  kind?: string;
}

const registry = new Map<string, Validator>();

function registerModule(mod: Record<string, unknown>): void {
  for (const value of Object.values(mod)) {
    const cls = value as ModelClass;
    if (typeof cls === 'function' && typeof cls.apiVersion === 'string' && typeof cls.kind === 'string') {
      registry.set(`${cls.apiVersion}/${cls.kind}`, (obj) => new cls(obj).validate());
    }
  }
}
for (const mod of [core, apps, autoscaling, policy, networking, rbac, admissionregistration, eso, esoGenerators, gatewayV1, gatewayV1beta1, keda]) {
  registerModule(mod as Record<string, unknown>);
}

/** Registers a validator for an API group/kind that has no published models. */
export function registerValidator(apiVersion: string, kind: string, validator: Validator): void {
  registry.set(`${apiVersion}/${kind}`, validator);
}

/** True when a schema validator is known for the object's apiVersion and kind. */
export function hasValidator(apiVersion: string, kind: string): boolean {
  return registry.has(`${apiVersion}/${kind}`);
}

/**
 * Validates one object; throws with the object's identity and the schema errors.
 * Also checks what every object needs: apiVersion, kind, metadata.name.
 */
export function validateObject(obj: Record<string, any>): void {
  const id = `${obj?.apiVersion}/${obj?.kind} ${obj?.metadata?.namespace ?? ''}/${obj?.metadata?.name}`;
  if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') {
    throw new Error(`object without apiVersion, kind or metadata.name: ${JSON.stringify(obj)?.slice(0, 200)}`);
  }
  const validator = registry.get(`${obj.apiVersion}/${obj.kind}`);
  if (!validator) throw new Error(`no schema validator registered for ${obj.apiVersion}/${obj.kind}`);
  try {
    validator(obj);
  } catch (e) {
    throw new Error(`${id} fails its schema: ${(e as Error).message}`);
  }
}

/** Validates every object; returns how many were validated. */
export function validateAll(objects: readonly Record<string, any>[]): number {
  for (const o of objects) validateObject(o);
  return objects.length;
}

// Envoy Gateway (SecurityPolicy, BackendTrafficPolicy, ClientTrafficPolicy): no published
// models; validated against the vendored CRD schemas (test/fixtures/envoy-gateway).
registerEnvoyGatewayValidators(registerValidator);

// Azure Service Operator v2 (ResourceGroup, ManagedCluster, ManagedClustersAgentPool): no
// published models; validated against strict descriptions of the emitted subset (test/fixtures/aso).
registerAsoValidators(registerValidator);
