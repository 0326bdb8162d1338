/**
 * The External Secrets `ExternalSecret` (external-secrets.io/v1) validator: the
 * published model (@kubernetes-models/external-secrets) for the whole object, and the
 * vendored CRD fields of test/fixtures/external-secrets/ExternalSecret-v1-fields.json
 * (External Secrets v2.9.0) for the fields whose schema in the package is older than
 * the CRD. Such a field is checked against the fixture, then replaced by a stand-in the
 * package accepts (same shape, e.g. `CreateOrMerge` -> `Orphan`) before the model
 * validates the rest, so no other field escapes the model.
 */
import * as fs from 'fs';
import * as path from 'path';

interface FieldSchema {
  readonly type: 'string' | 'boolean';
  readonly enum?: readonly string[];
}
interface VendoredFields {
  readonly provenance: Record<string, string>;
  readonly fields: Readonly<Record<string, FieldSchema>>;
  readonly packageStandIn: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const ESO_FIELDS_FIXTURE = path.join(__dirname, '..', 'fixtures', 'external-secrets', 'ExternalSecret-v1-fields.json');

let vendored: VendoredFields | undefined;
/** The vendored fields, read once. */
export function vendoredExternalSecretFields(): VendoredFields {
  vendored ??= JSON.parse(fs.readFileSync(ESO_FIELDS_FIXTURE, 'utf8')) as VendoredFields;
  return vendored;
}

function walk(obj: Record<string, any>, dotted: string): { parent?: Record<string, any>; key: string } {
  const parts = dotted.split('.');
  let cur: any = obj;
  for (const p of parts.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return { key: parts[parts.length - 1] };
    cur = cur[p];
  }
  return { parent: cur !== null && typeof cur === 'object' ? cur : undefined, key: parts[parts.length - 1] };
}

/**
 * Checks the vendored fields of an ExternalSecret and returns a copy the package model
 * can validate (stand-ins in place of values only the newer CRD knows). Throws on a
 * value the CRD rejects.
 */
export function checkVendoredExternalSecretFields(obj: Record<string, any>): Record<string, any> {
  const v = vendoredExternalSecretFields();
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, any>;
  for (const [dotted, schema] of Object.entries(v.fields)) {
    const { parent, key } = walk(copy, dotted);
    if (!parent || !(key in parent)) continue;
    const value = parent[key];
    if (typeof value !== schema.type) throw new Error(`${dotted} must be a ${schema.type} (CRD ${v.provenance.tag}); received ${JSON.stringify(value)}`);
    if (schema.enum && !schema.enum.includes(value)) {
      throw new Error(`${dotted} must be one of ${schema.enum.join(', ')} (CRD ${v.provenance.tag}); received ${JSON.stringify(value)}`);
    }
    const standIn = v.packageStandIn[dotted]?.[value];
    if (standIn !== undefined) parent[key] = standIn;
  }
  return copy;
}
