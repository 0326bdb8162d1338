/**
 * The Kubernetes labels of the cluster's objects. The one place the cluster folder
 * reads the shared object metadata.
 */
import { LABEL_DOMAIN, sanitizeLabelValue } from '../kube';
import { MANAGED_BY } from '../metadata';
import { ResolvedClusterConfig } from './props';

/** The labels of every ASO object of a cluster: managed-by, the cluster name and its purpose. */
export function clusterObjectLabels(config: ResolvedClusterConfig): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [`${LABEL_DOMAIN}/cluster`]: sanitizeLabelValue(config.name) || 'cluster',
    [`${LABEL_DOMAIN}/cluster-purpose`]: config.clusterPurpose,
  };
}
