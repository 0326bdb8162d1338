/**
 * The Pod Security admission labels of the Namespaces the library creates.
 *
 * `enforce` is pinned to a Kubernetes minor (`enforce-version: v1.N`): the admission
 * controller (k8s.io/pod-security-admission) then checks pods against the "restricted"
 * profile as that minor defined it, so a cluster upgrade whose newer profile adds a
 * check cannot start rejecting the pods. `warn` and `audit` stay at `latest`, so such a
 * check shows up as a warning on apply and in the audit log before it matters.
 */
import { ProblemCollector } from './errors';

/** The Pod Security profile the library's pods meet. */
export const POD_SECURITY_LEVEL = 'restricted';

/**
 * The minor `enforce-version` is pinned to when `kubernetesVersion` is not given: the
 * Kubernetes version the library's pods were checked against. A cluster older than this
 * evaluates the policy with the newest checks it knows.
 */
export const DEFAULT_POD_SECURITY_VERSION = 'v1.33';

/** `1.31`, `v1.31`, `1.31.4` or `v1.31.4`. */
export const KUBERNETES_MINOR_PATTERN = /^v?(1)\.(\d{1,3})(\.\d{1,4})?$/;

/** The prop that says which Kubernetes minor the Namespaces' Pod Security is pinned to. */
export interface PodSecurityProps {
  /**
   * The cluster's Kubernetes version (`1.31`, `1.31.4`; a leading `v` allowed). The
   * Namespace the library creates enforces Pod Security "restricted" as of this minor
   * (`pod-security.kubernetes.io/enforce-version: v1.31`), so upgrading the cluster
   * cannot start rejecting the pods; `warn` and `audit` use `latest`. Keep it at the
   * cluster's minor when you upgrade.
   * @default - 'v1.33' (DEFAULT_POD_SECURITY_VERSION)
   */
  readonly kubernetesVersion?: string;
}

/** Checks `kubernetesVersion`. */
export function checkKubernetesVersion(c: ProblemCollector, prop: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !KUBERNETES_MINOR_PATTERN.test(value) || Number(KUBERNETES_MINOR_PATTERN.exec(value)![2]) < 25) {
    c.add(prop, value, 'must be a Kubernetes version such as "1.31" or "1.31.4" (1.25 or later, where Pod Security admission is stable)');
  }
}

/** `v1.N` for a valid `kubernetesVersion`, or the default. */
export function podSecurityVersionOf(kubernetesVersion: string | undefined): string {
  if (kubernetesVersion === undefined) return DEFAULT_POD_SECURITY_VERSION;
  const m = KUBERNETES_MINOR_PATTERN.exec(kubernetesVersion)!;
  return `v${m[1]}.${Number(m[2])}`;
}

/** The Namespace labels that enforce "restricted" pinned to `version`, warning and auditing at latest. */
export function podSecurityLabels(version: string): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': POD_SECURITY_LEVEL,
    'pod-security.kubernetes.io/enforce-version': version,
    'pod-security.kubernetes.io/warn': POD_SECURITY_LEVEL,
    'pod-security.kubernetes.io/warn-version': 'latest',
    'pod-security.kubernetes.io/audit': POD_SECURITY_LEVEL,
    'pod-security.kubernetes.io/audit-version': 'latest',
  };
}
