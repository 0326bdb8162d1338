/**
 * Finds key material in synthesized manifests: Secrets carrying data, and any
 * string that looks like a generated key (long, random-looking token) anywhere.
 */
import { parseAllDocuments } from 'yaml';

export interface KeyFinding {
  readonly where: string;
  readonly what: string;
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Scans objects for key material. `allowSecrets` names Secrets the user filled on purpose. */
export function findKeyMaterial(objects: Record<string, any>[], allowSecrets: string[] = []): KeyFinding[] {
  const findings: KeyFinding[] = [];
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata?.name}`;
    if (o.kind === 'Secret' && !allowSecrets.includes(o.metadata?.name) && (o.data || o.stringData)) {
      findings.push({ where: id, what: 'a Secret with data' });
    }
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'string') {
        // A key-like token: 20+ chars of [A-Za-z0-9+/=_-] with high entropy and mixed classes.
        for (const token of v.match(/[A-Za-z0-9+/=_-]{20,}/g) ?? []) {
          const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(token)).length;
          if (classes === 3 && entropy(token) > 4.0) findings.push({ where: `${id} ${path}`, what: token.slice(0, 6) + '...' });
        }
      } else if (Array.isArray(v)) {
        v.forEach((x, i) => walk(x, `${path}[${i}]`));
      } else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (/^(primary|secondary)[-_]?key$/i.test(k) && typeof x === 'string' && x.length > 0) {
            findings.push({ where: `${id} ${path}.${k}`, what: 'a key field with a value' });
          }
          walk(x, `${path}.${k}`);
        }
      }
    };
    walk(o, '');
  }
  return findings;
}

/** Parses a multi-document YAML file. */
export function parseYamlObjects(text: string): Record<string, any>[] {
  return parseAllDocuments(text).map((d) => d.toJSON()).filter((o) => o !== null);
}
