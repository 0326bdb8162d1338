/**
 * Reading a v1 configuration file (deployment or inference config): JSON first,
 * then YAML as PyYAML (YAML 1.1) read it, into one root mapping of settings.
 */
import { isMap, isScalar, isSeq, parseDocument, type ScalarTag, type Tags } from 'yaml';
import { ConfigurationError, ConfigurationWarning, describeValue } from '../errors';
import { isPlainObject } from '../validation';

/** Options of {@link loadDeploymentConfig} and {@link loadInferenceConfig}. */
export interface LoadV1ConfigOptions {
  /** Where the text came from (a file name), used in messages. */
  readonly source?: string;
  /**
   * Deployment configs: the service name is given elsewhere (the CLI's `--name`), so
   * the file's `name` is replaced: an invalid one only warns.
   * @default false
   */
  readonly nameGivenElsewhere?: boolean;
}

const PYYAML_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PYYAML_INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PYYAML_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function sexagesimal(digits: string): number {
  let value = 0;
  for (const part of digits.split(':')) value = value * 60 + Number(part);
  return value;
}

/** PyYAML's `construct_yaml_int`. */
function pyyamlInt(source: string): number {
  let value = source.replace(/_/g, '');
  let sign = 1;
  if (value[0] === '-' || value[0] === '+') {
    if (value[0] === '-') sign = -1;
    value = value.slice(1);
  }
  if (value === '0') return 0;
  if (value.startsWith('0b')) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith('0x')) return sign * parseInt(value.slice(2), 16);
  if (value.includes(':')) return sign * sexagesimal(value);
  if (value.startsWith('0')) return sign * parseInt(value, 8);
  return sign * parseInt(value, 10);
}

/** PyYAML's `construct_yaml_float`. */
function pyyamlFloat(source: string): number {
  let value = source.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (value[0] === '-' || value[0] === '+') {
    if (value[0] === '-') sign = -1;
    value = value.slice(1);
  }
  if (value === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (value === '.nan') return Number.NaN;
  if (value.includes(':')) return sign * sexagesimal(value);
  return sign * parseFloat(value);
}

const PYYAML_TAGS: ScalarTag[] = [
  {
    identify: (v) => typeof v === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: PYYAML_BOOL,
    resolve: (s) => /^(?:yes|true|on)$/i.test(s),
  },
  {
    identify: (v) => typeof v === 'number' && Number.isInteger(v),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: PYYAML_INT,
    resolve: (s) => pyyamlInt(s),
  },
  {
    identify: (v) => typeof v === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: PYYAML_FLOAT,
    resolve: (s) => pyyamlFloat(s),
  },
];

const REPLACED_TAGS = new Set(['tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

/** The YAML 1.1 schema of the `yaml` package with PyYAML's exact rules for booleans and numbers. */
function pyyamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'string' || !REPLACED_TAGS.has(t.tag));
  return [...kept, ...PYYAML_TAGS];
}

/** A parsed configuration document. */
export interface ParsedV1Document {
  /** The document's content (for a file, normally an object). */
  readonly value: unknown;
  /** The syntax it was read with. */
  readonly syntax: 'json' | 'yaml';
  /** The keys given more than once in one mapping (the last one wins, as with PyYAML), as paths. */
  readonly duplicateKeys: readonly string[];
}

/**
 * The first comment (`//` or `/*`) outside a string of a JSON-looking text, with its
 * line: neither JSON nor PyYAML read comments in JSON, so v1 refused such a file.
 */
function jsonComment(body: string): { line: number; text: string } | undefined {
  let inString = false;
  let line = 1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '/' && (body[i + 1] === '/' || body[i + 1] === '*')) {
      const end = body.indexOf('\n', i);
      return { line, text: body.slice(i, end === -1 ? undefined : end).trim() };
    }
  }
  return undefined;
}

/** The paths of the keys given more than once in a mapping of the document. */
function duplicateKeysOf(node: unknown, path = ''): string[] {
  const out: string[] = [];
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      if (key === undefined) continue;
      const here = path ? `${path}.${key}` : key;
      if (seen.has(key)) out.push(here);
      seen.add(key);
      out.push(...duplicateKeysOf(item.value, here));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...duplicateKeysOf(item, `${path}[${i}]`)));
  }
  return out;
}

/** The duplicate keys of a text that JSON.parse read (JSON is YAML too: the same reader finds them). */
function jsonDuplicateKeys(body: string): string[] {
  // Only objects can repeat a key.
  if (!/^\s*[{[]/.test(body)) return [];
  const doc = parseDocument(body, { uniqueKeys: false, logLevel: 'silent' });
  return doc.errors.length > 0 ? [] : [...new Set(duplicateKeysOf(doc.contents))];
}

const DOCSTRING = /^\s*("""|''')/;

/**
 * Parses the text of a v1 configuration file: JSON first, then YAML as the v1 CLI
 * (PyYAML `safe_load`, YAML 1.1) read it — `True`/`yes`/`on` booleans, duplicate
 * keys (the last one wins), CRLF, a leading `---`, comments. Throws a
 * {@link ConfigurationError} with the line and column when neither can read it.
 */
export function parseV1Document(text: string, subject: string): ParsedV1Document {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body), syntax: 'json', duplicateKeys: jsonDuplicateKeys(body) };
  } catch {
    // Not JSON: read it as YAML, as the v1 CLI did.
  }
  // JSON with comments: YAML would read the text after "//" as part of the next key and
  // silently drop that key; v1's readers (json.load, then yaml.safe_load) refused the file.
  if (/^\s*[{[]/.test(body)) {
    const comment = jsonComment(body);
    if (comment) {
      throw new ConfigurationError(subject, [
        `line ${comment.line}: ${describeValue(comment.text)} is a comment, and JSON has none: the v1 CLI could not read ` +
          'this file either (nor can YAML, which would silently lose the key after it). Delete the comment, or move it into a "description".',
      ]);
    }
  }
  const doc = parseDocument(body, {
    version: '1.1',
    schema: 'yaml-1.1',
    customTags: pyyamlTags,
    uniqueKeys: false,
    merge: true,
    prettyErrors: true,
    // A collection used as a key becomes an unknown-key warning of ours; no process warning from yaml.
    logLevel: 'error',
  });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : `offset ${first.pos[0]}`;
    const docstring = DOCSTRING.exec(body);
    if (docstring) {
      const line = body.slice(0, docstring.index + docstring[0].length).split('\n').length;
      throw new ConfigurationError(subject, [
        `line ${line}, column 1: the file starts with a Python docstring (${docstring[1]}...${docstring[1]}), which is not ` +
          'YAML; PyYAML, and so the v1 CLI, could not read it either. Turn the docstring into comment lines starting ' +
          'with "#" (or delete it), then load the file again.',
      ]);
    }
    const looksJson = /^\s*[{[]/.test(body);
    const reason =
      first.code === 'MULTIPLE_DOCS'
        ? 'the file holds more than one YAML document (a second "---" line); a v1 config is a single document'
        : first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
    throw new ConfigurationError(subject, [
      `${where}: ${looksJson ? 'not valid JSON, nor YAML' : 'not valid YAML'}: ${reason}.`,
    ]);
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }), syntax: 'yaml', duplicateKeys: [...new Set(duplicateKeysOf(doc.contents))] };
  } catch (e) {
    // The yaml package refuses alias "bombs" (exponential expansion) with a ReferenceError.
    throw new ConfigurationError(subject, [
      `not a usable YAML document: ${(e as Error).message.replace(/\.$/, '')} (more than 100 alias expansions); write the values out instead of repeating aliases.`,
    ]);
  }
}

/** The subject of a loader's messages: the file, or `the v1 <kind of file>`. */
export function subjectOf(kindOfFile: string, source?: string): string {
  return source ? `${kindOfFile} "${source}"` : `the v1 ${kindOfFile}`;
}

/** Reads text or an already-parsed object into a root object, or throws. */
export function readV1Root(
  textOrObject: string | object,
  subject: string,
): { root: Record<string, unknown>; syntax: 'json' | 'yaml'; duplicateKeys: readonly string[] } {
  let value: unknown;
  let syntax: 'json' | 'yaml' = 'json';
  let duplicateKeys: readonly string[] = [];
  if (typeof textOrObject === 'string') {
    const parsed = parseV1Document(textOrObject, subject);
    value = parsed.value;
    syntax = parsed.syntax;
    duplicateKeys = parsed.duplicateKeys;
  } else {
    value = textOrObject;
  }
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    throw new ConfigurationError(subject, ['the file is empty: it must be a mapping of settings (an object).']);
  }
  if (!isPlainObject(value)) {
    throw new ConfigurationError(subject, [
      `the document must be a mapping of settings (an object); received ${describeValue(value)}.`,
    ]);
  }
  return { root: value, syntax, duplicateKeys };
}

/** The warnings for keys given twice (the last one wins, as PyYAML and json.load read them). */
export function duplicateKeyWarnings(paths: readonly string[]): ConfigurationWarning[] {
  return paths.map((prop) => ({
    id: 'aks-ml:v1:duplicateKey',
    prop,
    message: 'is given more than once in its mapping: the last one wins (as with v1, whose readers kept the last); delete the others.',
  }));
}
