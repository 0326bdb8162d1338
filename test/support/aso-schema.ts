/**
 * Validators for the Azure Service Operator v2 objects the library emits
 * (ResourceGroup, ManagedCluster, ManagedClustersAgentPool), which no published
 * package models. They read ONLY test/fixtures/aso/*.json: strict descriptions of
 * the hand-typed subset (see the README there for the provenance), checked with
 * ajv. Every object schema of a fixture must set `additionalProperties: false`
 * (checked when it is loaded), so an unknown or misplaced field always fails:
 * the walk over the object's fields is strict at every level.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'aso');

interface AsoFixture {
  readonly provenance: Record<string, unknown>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: Record<string, any>;
}

/** Every `type: object` schema (without `$ref`) in the fixture closes its fields. */
function assertStrict(schema: unknown, where: string): void {
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => assertStrict(s, `${where}[${i}]`));
    return;
  }
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Record<string, unknown>;
  if (s.type === 'object' && s.properties !== undefined && s.additionalProperties !== false) {
    throw new Error(`test/fixtures/aso: ${where} describes an object without additionalProperties: false`);
  }
  for (const [k, v] of Object.entries(s)) assertStrict(v, `${where}.${k}`);
}

/** The fixtures, by `apiVersion/kind`. */
export function loadAsoFixtures(): AsoFixture[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as AsoFixture;
      if (!fixture.provenance || !fixture.apiVersion || !fixture.kind || !fixture.schema) {
        throw new Error(`test/fixtures/aso/${f}: needs provenance, apiVersion, kind and schema`);
      }
      assertStrict(fixture.schema, f);
      return fixture;
    });
}

/** Registers one validator per fixture. */
export function registerAsoValidators(register: (apiVersion: string, kind: string, v: (obj: Record<string, unknown>) => void) => void): void {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  for (const fixture of loadAsoFixtures()) {
    const validate = ajv.compile(fixture.schema);
    register(fixture.apiVersion, fixture.kind, (obj) => {
      if (!validate(obj)) {
        const errors = (validate.errors ?? []).map((e) =>
          `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? `: ${(e.params as { additionalProperty: string }).additionalProperty}` : ''}`,
        );
        throw new Error(errors.join('; '));
      }
    });
  }
}
