/**
 * The cluster configuration with every default applied, or one error listing
 * every problem.
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { AksClusterConfigProps, ResolvedClusterConfig } from './props';
import { ClusterTlsContent } from './tls';
import { ValidateClusterConfigOptions, examineClusterConfig } from './validate';

/** Options of {@link resolveClusterConfig}. */
export interface ResolveClusterConfigOptions extends ValidateClusterConfigOptions {
  /**
   * What the error names.
   * @default "the AKS cluster configuration"
   */
  readonly subject?: string;
}

/** What {@link resolveClusterConfig} returns. */
export interface ResolvedClusterConfigResult {
  readonly config: ResolvedClusterConfig;
  readonly warnings: ConfigurationWarning[];
  /** The certificate and key contents (engine azure-native, a registered cluster with cname TLS). */
  readonly tlsContent?: ClusterTlsContent;
}

/**
 * Validates and resolves a cluster configuration. Throws one
 * {@link ConfigurationError} listing every problem; returns the configuration
 * with every default applied and the warnings (settings that are accepted but
 * worth a second look). With `options.engine`, that engine's options in the same
 * props are checked too (see {@link validateClusterConfig}).
 */
export function resolveClusterConfig(props: AksClusterConfigProps, options: ResolveClusterConfigOptions = {}): ResolvedClusterConfigResult {
  const c = new ProblemCollector();
  const { subject, ...validateOptions } = options;
  const { config, warnings, tlsContent } = examineClusterConfig(c, props, validateOptions);
  c.throwIfAny(subject ?? 'the AKS cluster configuration');
  return { config: config as ResolvedClusterConfig, warnings, ...(tlsContent ? { tlsContent } : {}) };
}

/** Convenience: throws if invalid, otherwise returns only the resolved configuration. */
export function assertClusterConfig(props: AksClusterConfigProps): ResolvedClusterConfig {
  return resolveClusterConfig(props).config;
}
