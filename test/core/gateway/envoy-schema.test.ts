/**
 * The Envoy Gateway validators themselves: they read only the vendored schemas, and
 * they do reject what Envoy Gateway would reject (unknown fields, wrong enums and
 * bounds, broken CEL rules).
 */
import * as fs from 'fs';
import * as path from 'path';
import { EnvoyGateway, planEndpoint, planGateway, planWebservice } from 'aks-ml-constructs';
import { ENVOY_GATEWAY_KINDS, celCheckFor, envoySchemaErrors, loadVendoredCrd, withDefaults } from '../../support/envoy-schema';
import { hasValidator } from '../../support/schema';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const clone = <T>(o: T): any => JSON.parse(JSON.stringify(o));

function emitted(): Record<string, any>[] {
  const ws = planWebservice({ name: 'fraud-model', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml' });
  const tok = planWebservice({ name: 'fraud-token', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml', tokenAuthEnabled: true, entraTenantId: TENANT, entraAudience: 'api://fraud' });
  const ep = planEndpoint({ name: 'churn', namespace: 'ml', versions: [{ versionName: 'control', image: 'myacr.azurecr.io/churn:1' }] });
  const gw = planGateway({ tls: { certificateSecretName: 'tls' } });
  return [...ws.objects, ...tok.objects, ...ep.objects, ...gw.objects].filter((o) => o.apiVersion.startsWith('gateway.envoyproxy.io/')) as Record<string, any>[];
}

describe('vendored Envoy Gateway schemas', () => {
  test('one per kind the library emits, with provenance, registered for validateAll', () => {
    for (const kind of ENVOY_GATEWAY_KINDS) {
      const crd = loadVendoredCrd(kind);
      expect(crd.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
      expect(crd.kind).toBe(kind);
      expect(crd.provenance).toMatchObject({ source: expect.stringMatching(/^gateway\.envoyproxy\.io_.*\.yaml$/), sourceSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(hasValidator(crd.apiVersion, kind)).toBe(true);
    }
  });

  test('the test support never reads outside the repository', () => {
    const src = fs.readFileSync(path.join(__dirname, '..', '..', 'support', 'envoy-schema.ts'), 'utf8');
    expect(src).not.toMatch(/shared\/schemas/);
    expect(src).not.toMatch(/\.\.\/\.\.\/\.\./);
  });

  test('every emitted policy passes, every CEL rule on its path evaluated', () => {
    const objects = emitted();
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(ENVOY_GATEWAY_KINDS));
    for (const o of objects) expect(envoySchemaErrors(o)).toEqual([]);
  });
});

describe('the validators reject what Envoy Gateway rejects', () => {
  const [sp] = emitted().filter((o) => o.kind === 'SecurityPolicy');
  const [btp] = emitted().filter((o) => o.kind === 'BackendTrafficPolicy');
  const [ctp] = emitted().filter((o) => o.kind === 'ClientTrafficPolicy');

  test('a field the CRD does not define', () => {
    const o = clone(sp);
    o.spec.apiKeyAuth.stripBearer = true;
    o.spec.unknownTopLevel = {};
    const errors = envoySchemaErrors(o);
    expect(errors).toContain('.spec.apiKeyAuth.stripBearer: unknown field (not in the schema\'s properties)');
    expect(errors).toContain('.spec.unknownTopLevel: unknown field (not in the schema\'s properties)');
    const m = clone(btp);
    m.metadata.uid = 'x';
    expect(envoySchemaErrors(m)).toContain('metadata.uid: unknown field');
  });

  test('types, enums and bounds (ajv)', () => {
    const o = clone(sp);
    o.spec.authorization.defaultAction = 'Permit';
    expect(envoySchemaErrors(o).join('\n')).toMatch(/\/spec\/authorization\/defaultAction: must be equal to one of the allowed values/);
    const b = clone(btp);
    b.spec.circuitBreaker.maxPendingRequests = -1;
    b.spec.retry.numRetries = 'none';
    const errors = envoySchemaErrors(b).join('\n');
    expect(errors).toMatch(/\/spec\/circuitBreaker\/maxPendingRequests: must be >= 0/);
    expect(errors).toMatch(/\/spec\/retry\/numRetries: must be integer/);
    const c = clone(ctp);
    c.spec.tls.minVersion = '1.4';
    expect(envoySchemaErrors(c).join('\n')).toMatch(/\/spec\/tls\/minVersion: must be equal to one of the allowed values/);
    const noTargets = clone(btp);
    delete noTargets.spec.targetRefs[0].group;
    expect(envoySchemaErrors(noTargets).join('\n')).toMatch(/must have required property 'group'/);
  });

  test('CEL rules (x-kubernetes-validations)', () => {
    const both = clone(sp);
    both.spec.targetRef = both.spec.targetRefs[0];
    expect(envoySchemaErrors(both)).toContain('.spec: either targetRef or targetRefs must be used');
    const kind = clone(btp);
    kind.spec.targetRefs[0].kind = 'Service';
    expect(envoySchemaErrors(kind)).toContain('.spec: this policy can only have a targetRefs[*].kind of Gateway/ListenerSet/HTTPRoute/GRPCRoute/TCPRoute/UDPRoute/TLSRoute');
    const two = clone(sp);
    two.spec.apiKeyAuth.extractFrom = [{ headers: ['Authorization'], params: ['key'] }];
    expect(envoySchemaErrors(two)).toContain('.spec.apiKeyAuth.extractFrom[0]: exactly one of headers, params, or cookies must be specified');
    const rule = clone(sp);
    delete rule.spec.authorization.rules[0].cel;
    expect(envoySchemaErrors(rule)).toContain('.spec.authorization.rules[0]: at least one of principal or cel must be specified');
    const tls = clone(ctp);
    tls.spec.tls = { minVersion: '1.3', maxVersion: '1.2' };
    expect(envoySchemaErrors(tls)).toContain('.spec.tls: minVersion must be smaller or equal to maxVersion');
    const jwt = planWebservice({ name: 'fraud-token', image: 'myacr.azurecr.io/fraud:1', namespace: 'ml', tokenAuthEnabled: true, entraTenantId: TENANT, entraAudience: 'api://x' })
      .objects.find((o) => o.kind === 'SecurityPolicy') as Record<string, any>;
    const j = clone(jwt);
    j.spec.jwt.failOpen = true;
    expect(envoySchemaErrors(j)).toContain('.spec.jwt: optional and failOpen cannot both be set; failOpen already tolerates a missing JWT');
    const k = clone(jwt);
    delete k.spec.jwt.providers[0].remoteJWKS;
    expect(envoySchemaErrors(k)).toContain('.spec.jwt.providers[0]: either remoteJWKS or localJWKS must be specified.');
  });

  test('CEL rules are evaluated by a CEL implementation, on the node with its defaults', () => {
    const kinds = celCheckFor("has(self.targetRef) ? self.targetRef.kind in ['Gateway', 'HTTPRoute'] : true")!;
    expect(kinds({ targetRef: { kind: 'Gateway' } })).toEqual({ ok: true });
    expect(kinds({ targetRef: { kind: 'Service' } })).toEqual({ ok: false });
    expect(kinds({})).toEqual({ ok: true });
    // Integers are CEL ints; a default (denominator: 100) is applied before the rule runs.
    const schema = { type: 'object', properties: { numerator: { type: 'integer' }, denominator: { type: 'integer', default: 100 } } };
    expect(withDefaults({ numerator: 3 }, schema)).toEqual({ numerator: 3, denominator: 100 });
    expect(celCheckFor('self.numerator <= self.denominator')!(withDefaults({ numerator: 101 }, schema))).toEqual({ ok: false });
  });

  test('a CEL rule that cannot be evaluated fails instead of passing unchecked', () => {
    expect(celCheckFor('self.size( > 2')).toBeUndefined();
    // A Kubernetes CEL library function the evaluator does not have.
    expect(celCheckFor('isURL(self.uri)')!({ uri: 'https://x' }).error).toMatch(/isURL/);
    // A field the rule reads without has().
    expect(celCheckFor('self.missing == 1')!({}).error).toBeDefined();
    const sp = emitted().find((o) => o.kind === 'SecurityPolicy')!;
    const crdRule = clone(sp);
    crdRule.spec.authorization.rules[0] = { action: 'Deny' };
    expect(envoySchemaErrors(crdRule)).toContain('.spec.authorization.rules[0]: at least one of principal or cel must be specified');
  });

  test('the implementation only emits the fields vendored for it', () => {
    const withProxies = planWebservice({
      name: 'fraud-model',
      image: 'myacr.azurecr.io/fraud:1',
      namespace: 'ml',
      replicaMaxConcurrentRequests: 7,
      gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', implementation: new EnvoyGateway({ proxyReplicas: 3 }) },
    });
    for (const o of withProxies.objects.filter((x) => x.apiVersion.startsWith('gateway.envoyproxy.io/'))) {
      const vendored = loadVendoredCrd(o.kind as any).provenance.specFields as string[];
      expect(Object.keys(o.spec as object).every((f) => vendored.includes(f))).toBe(true);
      expect(envoySchemaErrors(o as Record<string, any>)).toEqual([]);
    }
  });
});
