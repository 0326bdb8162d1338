/**
 * Validates synthesized objects against the upstream schemas: kubernetes-models
 * for the core API, @kubernetes-models/* for CRDs (Gateway API, KEDA, External
 * Secrets). Objects of an API group with no published models (Envoy Gateway, Azure
 * Service Operator) are checked by the validators registered with
 * `registerValidator` (see the tests of those objects); an object nobody can
 * validate fails the test.
 *
 * The models load lazily, one kind at a time: the first Deployment loads
 * `kubernetes-models/apps/v1/Deployment` (and the schemas it refers to), never the
 * `apps/v1` barrel, which would load every model of the group (the barrels above
 * hold about 3,400 modules in all, seconds of start-up for every test file).
 */
import { registerAsoValidators } from './aso-schema';
import { registerEnvoyGatewayValidators } from './envoy-schema';
import { checkVendoredExternalSecretFields } from './eso-schema';

type Validator = (obj: Record<string, unknown>) => void;
interface ModelClass {
  new (data: any): { validate(): void };
  apiVersion?: string;
  kind?: string;
}

/**
 * The API versions validated by published models, each with the package folder that
 * holds one module per kind: `<folder>/<Kind>` exports the class `<Kind>`.
 * test/support/schema.test.ts checks this against the installed packages.
 */
export const MODEL_FOLDERS: Readonly<Record<string, string>> = {
  'v1': 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1': 'kubernetes-models/rbac.authorization.k8s.io/v1',
  'admissionregistration.k8s.io/v1': 'kubernetes-models/admissionregistration.k8s.io/v1',
  'external-secrets.io/v1': '@kubernetes-models/external-secrets/external-secrets.io/v1',
  'generators.external-secrets.io/v1alpha1': '@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1',
  'gateway.networking.k8s.io/v1': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1',
  'gateway.networking.k8s.io/v1beta1': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
  'source.toolkit.fluxcd.io/v1': '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1',
  'helm.toolkit.fluxcd.io/v2': '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2',
  'kustomize.toolkit.fluxcd.io/v1': '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1',
  'argoproj.io/v1alpha1': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'cert-manager.io/v1': '@kubernetes-models/cert-manager/cert-manager.io/v1',
};

/** Validators of the API groups without published models (registerValidator). */
const registered = new Map<string, Validator>();
/** Model validators loaded so far; `null` remembers a kind that has no model. */
const loaded = new Map<string, Validator | null>();

/** A kind's name: a module name of its folder, never a path. */
const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * The model of `apiVersion`/`kind`, loaded on first use; undefined when the folder of
 * that API version has no such kind (no module, or a module that is not a kind, such
 * as DeploymentSpec).
 */
function modelValidator(apiVersion: string, kind: string): Validator | undefined {
  const key = `${apiVersion}/${kind}`;
  if (loaded.has(key)) return loaded.get(key) ?? undefined;
  let validator: Validator | null = null;
  const folder = Object.prototype.hasOwnProperty.call(MODEL_FOLDERS, apiVersion) ? MODEL_FOLDERS[apiVersion] : undefined;
  if (folder !== undefined && KIND_NAME.test(kind)) {
    const request = `${folder}/${kind}`;
    let mod: Record<string, unknown> | undefined;
    try {
      mod = require(request) as Record<string, unknown>;
    } catch (e) {
      // Only a missing module means "no such kind"; any other failure is loud.
      const missing = (e as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(request);
      if (!missing) throw e;
    }
    const cls = mod?.[kind] as ModelClass | undefined;
    if (typeof cls === 'function' && cls.apiVersion === apiVersion && cls.kind === kind) {
      validator = (obj) => new cls(obj).validate();
    }
  }
  loaded.set(key, validator);
  return validator ?? undefined;
}

function validatorOf(apiVersion: string, kind: string): Validator | undefined {
  return registered.get(`${apiVersion}/${kind}`) ?? modelValidator(apiVersion, kind);
}

/** Registers a validator for an API group/kind that has no published models. */
export function registerValidator(apiVersion: string, kind: string, validator: Validator): void {
  registered.set(`${apiVersion}/${kind}`, validator);
}

/** True when a schema validator is known for the object's apiVersion and kind. */
export function hasValidator(apiVersion: string, kind: string): boolean {
  return validatorOf(apiVersion, kind) !== undefined;
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
  const validator = validatorOf(obj.apiVersion, obj.kind);
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

// External Secrets ExternalSecret: the published model, after the fields whose package
// schema is older than the CRD are checked against the vendored v2.9.0 CRD fields
// (test/fixtures/external-secrets).
registerValidator('external-secrets.io/v1', 'ExternalSecret', (obj) => {
  const model = modelValidator('external-secrets.io/v1', 'ExternalSecret');
  if (!model) throw new Error('no model for external-secrets.io/v1 ExternalSecret');
  model(checkVendoredExternalSecretFields(obj));
});

// Azure Monitor managed Prometheus's PodMonitor (azmonitoring.coreos.com/v1): the same
// spec as the Prometheus Operator's (ama-metrics reads the Prometheus Operator CRD
// shape under its own group), so it is validated with the monitoring.coreos.com/v1 model.
registerValidator('azmonitoring.coreos.com/v1', 'PodMonitor', (obj) => {
  const validator = modelValidator('monitoring.coreos.com/v1', 'PodMonitor');
  if (!validator) throw new Error('no monitoring.coreos.com/v1 PodMonitor model');
  validator({ ...obj, apiVersion: 'monitoring.coreos.com/v1' });
});
