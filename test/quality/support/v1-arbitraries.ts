/**
 * Generators of v1 deployment config documents: valid ones (from valid props, written
 * back with toDeploymentConfig), the repository's own corpus, and mutations of both
 * (deleted, renamed, retyped, re-nested keys; truncated and garbled text).
 */
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { DEPLOY_CONFIGURATION_PROPS } from '../../../src/core/webservice/deploy-configuration';
import { toDeploymentConfig } from 'aks-ml-constructs';
import { anyText, hostileValue, serviceName, validWebserviceProps } from './arbitraries';

const CORPUS_DIR = join(__dirname, '..', '..', 'fixtures', 'v1', 'deploy');
/** The repository's corpus of v1 deployment configs (valid and invalid). */
export const CORPUS: ReadonlyArray<{ name: string; text: string }> = readdirSync(CORPUS_DIR)
  .filter((f) => /\.(json|ya?ml)$/.test(f))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(CORPUS_DIR, f), 'utf8') }));

const FILE_PROPS = new Set<string>([...DEPLOY_CONFIGURATION_PROPS, 'name']);

/** Props a deployment config file can carry, valid for the loader. */
export const validFileProps: fc.Arbitrary<Record<string, any>> = fc
  .tuple(validWebserviceProps, fc.option(fc.record({
    versionName: serviceName,
    trafficPercentile: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    isDefault: fc.option(fc.boolean(), { nil: undefined }),
    versionType: fc.option(fc.constantFrom('Control', 'Treatment'), { nil: undefined }),
  }), { nil: undefined }))
  .map(([props, version]) => {
    const picked = Object.fromEntries(Object.entries(props).filter(([k, v]) => FILE_PROPS.has(k) && v !== undefined));
    // v1 files hold no entra settings: token auth needs them, so keep to key auth or none.
    if (picked.tokenAuthEnabled === true) delete picked.tokenAuthEnabled;
    const v = version ? Object.fromEntries(Object.entries(version).filter(([, x]) => x !== undefined)) : {};
    // v1 read computeTargetName from AKS files only (issue 13): an endpoint version's file has none.
    if (version) delete picked.computeTargetName;
    return { ...picked, ...v };
  });

/** A valid document, as an object and in the syntaxes v1 read. */
export const validDocument = fc.tuple(validFileProps, fc.constantFrom('object', 'json', 'yaml')).map(([props, syntax]) => {
  const object = toDeploymentConfig(props as any);
  const text = syntax === 'json' ? JSON.stringify(object, null, 2) : syntax === 'yaml' ? stringify(object, { version: '1.1' }) : undefined;
  return { props, object, text, syntax };
});

/** Every path (list of keys) into a JSON value. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value && typeof value === 'object' && !Array.isArray(value) && prefix.length < 4) {
    return [prefix, ...Object.entries(value as object).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  }
  return [prefix];
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

/** Applies one mutation at a path of a document object. */
function mutateObject(doc: Record<string, unknown>, path: string[], how: string, value: unknown, text: string): unknown {
  if (path.length === 0) {
    return how === 'replace' ? value : doc;
  }
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], doc);
  const key = path[path.length - 1];
  switch (how) {
    case 'delete': delete parent[key]; break;
    case 'replace': parent[key] = value; break;
    case 'typo': parent[`${key}${text.slice(0, 2) || 'x'}`] = parent[key]; delete parent[key]; break;
    case 'case': parent[key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase()] = parent[key]; delete parent[key]; break;
    case 'quote': parent[key] = typeof parent[key] === 'object' ? JSON.stringify(parent[key]) : String(parent[key]); break;
    case 'wrap': parent[key] = [parent[key]]; break;
    case 'flatten': if (path.length > 1) { doc[key] = parent[key]; delete parent[key]; } break;
    case 'nest': parent[key] = { [key]: parent[key] }; break;
    case 'unknown': parent[text || 'unknownKey'] = value; break;
  }
  return doc;
}

/** Garbles a text: truncates, inserts, duplicates a line, CRLF, BOM, a second document. */
function mutateText(text: string, how: string, at: number, insert: string): string {
  const i = text.length === 0 ? 0 : at % (text.length + 1);
  switch (how) {
    case 'truncate': return text.slice(0, i);
    case 'insert': return text.slice(0, i) + insert + text.slice(i);
    case 'delete': return text.slice(0, i) + text.slice(i + 1 + (at % 7));
    case 'duplicate-line': { const lines = text.split('\n'); const l = at % Math.max(1, lines.length); lines.splice(l, 0, lines[l] ?? ''); return lines.join('\n'); }
    case 'crlf': return text.replace(/\n/g, '\r\n');
    case 'bom': return `\ufeff${text}`;
    case 'second-document': return `${text}\n---\n${text}`;
    case 'tabs': return text.replace(/ {2}/g, '\t');
    case 'alias-bomb': return 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ncomputeType: AKS\n';
    default: return text;
  }
}

/** A mutated document: from a valid one or the corpus, as text or as an object. */
export const mutatedDocument: fc.Arbitrary<string | object> = fc.oneof(
  fc.tuple(
    fc.oneof(validDocument.map((d) => d.object), fc.constantFrom(...CORPUS.map((c) => c.text))),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'replace', 'typo', 'case', 'quote', 'wrap', 'flatten', 'nest', 'unknown'), hostileValue, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  ).map(([start, mutations, asText]) => {
    let doc: any = typeof start === 'string' ? parseLoosely(start) : clone(start);
    if (!doc || typeof doc !== 'object') return typeof start === 'string' ? start : JSON.stringify(start);
    for (const [n, how, value, text] of mutations) {
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) break;
      const all = paths(doc);
      doc = mutateObject(doc, all[n % all.length], how, value, text);
    }
    if (!asText) return doc;
    try {
      return JSON.stringify(doc) ?? 'null';
    } catch {
      return String(doc);
    }
  }),
  fc.tuple(
    fc.oneof(validDocument.map((d) => d.text ?? JSON.stringify(d.object)), fc.constantFrom(...CORPUS.map((c) => c.text))),
    fc.constantFrom('truncate', 'insert', 'delete', 'duplicate-line', 'crlf', 'bom', 'second-document', 'tabs', 'alias-bomb'),
    fc.nat(),
    fc.oneof(anyText, fc.constantFrom(':', '{', '[', '"', "'", '\n  x: 1', '&a', '*a', '!!python/object:os.system', '%YAML 1.1', '\t', '\0', '"""')),
  ).map(([text, how, at, insert]) => mutateText(text, how, at, insert)),
  fc.oneof(anyText, fc.json().map(String), fc.jsonValue().map((v) => v as object)),
);

/** JSON or a PyYAML-ish read of a corpus file (for mutations only). */
function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require('yaml') as typeof import('yaml')).parse(text, { version: '1.1', uniqueKeys: false });
    } catch {
      return undefined;
    }
  }
}
