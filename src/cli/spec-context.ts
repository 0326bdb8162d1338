/**
 * What building the props of a web service or an endpoint needs besides the files.
 */
import { CliOptions } from './args';
import { DeployFile } from './deploy-files';
import { CliWarning } from './errors';
import { ServingChoice } from './serving';

/** What building props needs besides the files. */
export interface SpecContext {
  readonly command: string;
  readonly serving: ServingChoice;
  /**
   * Inspect only (validate, explain): a missing name, image or Entra ID setting is
   * replaced by a placeholder instead of failing.
   */
  readonly placeholders: boolean;
}

/** The name placeholder of `validate`/`explain` (syntactically valid, obviously not real). */
export const PLACEHOLDER_NAME = 'unnamed-service';

/** Replaces the file's namespace by --namespace (with a warning when they differ). */
export function namespaceOverride(opts: CliOptions, file: DeployFile, current: unknown, warnings: CliWarning[]): void {
  if (opts.namespace !== undefined && current !== undefined && current !== opts.namespace) {
    warnings.push({
      context: file.path,
      warning: { id: 'aks-ml:cli:namespaceOverridden', prop: file.loaded.sourceKeys.namespace ?? 'namespace', message: `${JSON.stringify(String(current))} is replaced by --namespace ${JSON.stringify(opts.namespace)}.` },
    });
  }
}
