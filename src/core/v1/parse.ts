/**
 * Reading a v1 configuration file (deployment or inference config): JSON first,
 * then YAML as PyYAML (YAML 1.1) read it, into one root mapping of settings.
 */
import { parseDocument, type ScalarTag, type Tags } from 'yaml';
import { ConfigurationError, describeValue } from '../errors';
import { isPlainObject } from '../validation';

/** Options of {@link loadDeploymentConfig} and {@link loadInferenceConfig}. */
export interface LoadV1ConfigOptions {
  /** Where the text came from (a file name), used in messages. */
  readonly source?: string;
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
    return { value: JSON.parse(body), syntax: 'json' };
  } catch {
    // Not JSON: read it as YAML, as the v1 CLI did.
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
    return { value: doc.toJS({ maxAliasCount: 100 }), syntax: 'yaml' };
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
): { root: Record<string, unknown>; syntax: 'json' | 'yaml' } {
  let value: unknown;
  let syntax: 'json' | 'yaml' = 'json';
  if (typeof textOrObject === 'string') {
    const parsed = parseV1Document(textOrObject, subject);
    value = parsed.value;
    syntax = parsed.syntax;
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
  return { root: value, syntax };
}
