/**
 * Writing props back as a v1 CLI deployment config (the inverse of loadDeploymentConfig).
 */
import { ProblemCollector } from '../errors';
import { isPlainObject } from '../validation';
import type { LoadedDeploymentPropName, LoadedDeploymentProps, V1DeploymentKind } from './deployment-props';
import { CLI_FIELDS } from './keys';

/** Options of {@link toDeploymentConfig}. */
export interface ToDeploymentConfigOptions {
  /**
   * The computeType to write.
   * @default 'endpointVersion' when an endpoint-version prop is set, otherwise 'webservice'
   */
  readonly kind?: V1DeploymentKind;
}

const ENDPOINT_PROPS: readonly LoadedDeploymentPropName[] = ['versionName', 'trafficPercentile', 'isDefault', 'versionType'];

/**
 * Writes props back as a v1 CLI deployment config object (`computeType` AKS or
 * AKSENDPOINT, camelCase keys, sections as v1 nested them). Props that v1 took from
 * command-line flags (name, tags, properties, description, isDefault, versionType)
 * and blobfuseEnabled are written as top-level library keys, so that
 * `loadDeploymentConfig(toDeploymentConfig(p)).props` deep-equals `p`.
 */
export function toDeploymentConfig(props: LoadedDeploymentProps, options: ToDeploymentConfigOptions = {}): Record<string, unknown> {
  const c = new ProblemCollector();
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    c.throwIfAny('the deployment config to write');
  }
  const p = props as Record<string, unknown>;
  const endpointSet = ENDPOINT_PROPS.filter((k) => p[k] !== undefined);
  const kind = options.kind ?? (endpointSet.length > 0 ? 'endpointVersion' : 'webservice');
  if (kind === 'webservice') {
    for (const k of endpointSet) {
      c.add(k, p[k], 'is an endpoint-version setting: write it with kind "endpointVersion" (computeType AKSENDPOINT)');
    }
  }
  if (kind === 'endpointVersion') {
    for (const f of CLI_FIELDS) {
      if (!f.kinds.includes(kind) && p[f.prop] !== undefined) {
        c.add(f.prop, p[f.prop], 'is read for computeType AKS (a web service) only: v1 ignored it in an AKSENDPOINT file, so it would be lost');
      }
    }
  }
  const known = new Set<string>(CLI_FIELDS.map((f) => f.prop));
  for (const k of Object.keys(p)) {
    if (!known.has(k) && p[k] !== undefined) c.add(k, p[k], 'is not a deployment config prop');
  }
  c.throwIfAny('the deployment config to write');

  const out: Record<string, unknown> = { computeType: kind === 'webservice' ? 'AKS' : 'AKSENDPOINT' };
  for (const f of CLI_FIELDS) {
    const value = p[f.prop];
    if (value === undefined) continue;
    if (f.segments.length === 1) {
      out[f.path] = isPlainObject(value) ? { ...value } : value;
    } else {
      const [section, key] = f.segments;
      const target = (out[section] ??= {}) as Record<string, unknown>;
      target[key] = value;
    }
  }
  return out;
}
