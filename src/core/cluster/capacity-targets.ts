/**
 * The services to place on a cluster, as the engines' components hand them over:
 * a core `CapacityService` (`{ name, config }`), a component with `serviceName`
 * and its resolved configuration, or one with `endpointName` whose configuration
 * has `versions` (each version is a service, named `<endpoint>/<version>`).
 */
import { ConfigurationError } from '../errors';
import { CapacityService } from './capacity';

/** Options of {@link capacityServicesOf}. */
export interface CapacityTargetOptions {
  /**
   * Tells a configuration the engine resolves later (a Pulumi Output): a problem,
   * since the checks cannot wait for it.
   * @default - no deferred values
   */
  readonly isDeferred?: (value: unknown) => boolean;
}

/**
 * The core services of the targets: a component's `resolvedConfig` (else its
 * `config`); an endpoint's versions as `<endpoint>/<version>`. A configuration
 * that is deferred is a {@link ConfigurationError} naming the target.
 */
export function capacityServicesOf(clusterName: string, targets: readonly unknown[], options: CapacityTargetOptions = {}): CapacityService[] {
  const isDeferred = options.isDeferred ?? (() => false);
  const deferred: string[] = [];
  const services = (Array.isArray(targets) ? targets : [targets]).flatMap((s): CapacityService[] => {
    const t = s as Record<string, unknown>;
    if (!t || typeof t !== 'object') return [s as CapacityService];
    const config = t.resolvedConfig !== undefined ? t.resolvedConfig : t.config;
    const label = typeof t.endpointName === 'string' ? t.endpointName : typeof t.serviceName === 'string' ? t.serviceName : t.name;
    if (isDeferred(config)) {
      deferred.push(`${String(label)}.config is an Output: pass the component itself (its resolvedConfig is plain) or a plain resolved configuration.`);
      return [];
    }
    if (typeof t.endpointName === 'string') {
      const versions = (config as { versions?: unknown } | undefined)?.versions;
      return (Array.isArray(versions) ? versions : []).map((v) => ({
        name: `${t.endpointName as string}/${(v as { versionName: string }).versionName}`,
        config: v as CapacityService['config'],
      }));
    }
    if (typeof t.serviceName === 'string') return [{ name: t.serviceName, config: config as CapacityService['config'] }];
    return [s as CapacityService];
  });
  if (deferred.length > 0) throw new ConfigurationError(`the capacity of AksCluster "${clusterName}"`, deferred);
  return services;
}
