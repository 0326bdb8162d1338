/**
 * Suggestions for unknown keys: the nearest known key (Levenshtein), and the prop a
 * key of another vocabulary (SDK parameter, library prop, the other file format) means.
 */
import { DEPLOY_CONFIGURATION_PROPS, V1_PARAMETER_NAMES } from '../webservice/deploy-configuration';
import type { LoadedDeploymentPropName } from './deployment-props';
import type { FieldSpec } from './keys';

/** The Levenshtein distance between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const squash = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The known key nearest to `key` (case-insensitive Levenshtein, a key cut short
 * counting as one edit; ties go to the longer common prefix), or undefined when
 * nothing is close.
 */
export function nearestKey(key: string, candidates: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: { candidate: string; distance: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    const leaf = candidate.split('.').pop()!.toLowerCase();
    const prefix = commonPrefix(k, leaf);
    // A key cut short or run on (sourceDir, condaFiles) is as close as a one-letter typo.
    const truncated = Math.min(k.length, leaf.length) >= 4 && prefix === Math.min(k.length, leaf.length);
    const distance = truncated ? Math.min(1, levenshtein(k, leaf)) : levenshtein(k, leaf);
    if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) {
      best = { candidate, distance, prefix };
    }
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.ceil(key.length * 0.4));
  return best.distance <= limit ? best.candidate : undefined;
}

/** Other spellings seen in v1 files (squashed: lowercase, no "_" or "-"). */
const OTHER_NAMES: Readonly<Record<string, LoadedDeploymentPropName>> = {
  gpu: 'gpuCores',
  memory: 'memoryGb',
  memoryingb: 'memoryGb',
  cpu: 'cpuCores',
  trafficpercentile: 'trafficPercentile',
  versionname: 'versionName',
  isdefault: 'isDefault',
  versiontype: 'versionType',
  iscontrolversiontype: 'versionType',
  computetarget: 'computeTargetName',
};

/** Maps a key written in another vocabulary (SDK parameter, library prop, other file format) to a prop. */
export function propFromOtherVocabulary(key: string, otherFields: readonly FieldSpec[]): LoadedDeploymentPropName | undefined {
  const s = squash(key);
  for (const prop of DEPLOY_CONFIGURATION_PROPS) {
    if (squash(prop) === s || squash(V1_PARAMETER_NAMES[prop]) === s) return prop;
  }
  for (const f of otherFields) {
    if (squash(f.segments[f.segments.length - 1]) === s || squash(f.prop) === s) return f.prop;
  }
  return OTHER_NAMES[s];
}

/** The id of every "unknown key, ignored" warning of the v1 loaders (a typo, a misplaced or misspelt key). */
export const UNKNOWN_KEY = 'aks-ml:v1:unknownKey';
