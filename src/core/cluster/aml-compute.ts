/** The v1 properties of the Azure ML inference cluster (`AksCompute`) a cluster is registered with. */
import { ClusterPurpose, LoadBalancerType, ResolvedClusterConfig } from './props';

/** The v1 SSL configuration of an `AksCompute` (Azure ML REST `SslConfiguration`). */
export interface AmlAksSslConfiguration<T = string> {
  /** `Enabled` with your certificate, `Auto` with a Microsoft-issued one (leaf domain label). */
  readonly status: 'Enabled' | 'Auto';
  readonly cname?: string;
  readonly cert?: T;
  readonly key?: T;
  readonly leafDomainLabel?: string;
  readonly overwriteExistingDomain?: boolean;
}

/**
 * The `properties` of an Azure ML `AKS` compute (REST `AKSSchemaProperties`) that
 * attach the cluster as v1 `ComputeTarget.attach(workspace, name,
 * AksCompute.attach_configuration(...))` did: the purpose, the load balancer and
 * TLS. Node count and size are not sent: the service reads them from the cluster.
 * `tls` carries the certificate and key contents (the engine reads the PEM files).
 */
export interface AmlAksComputeProperties<T = string> {
  readonly clusterPurpose: ClusterPurpose;
  readonly loadBalancerType: LoadBalancerType;
  readonly loadBalancerSubnet?: string;
  readonly sslConfiguration?: AmlAksSslConfiguration<T>;
}

/** Builds {@link AmlAksComputeProperties} from a resolved configuration. */
export function amlAksComputeProperties<T = string>(
  config: ResolvedClusterConfig,
  tlsContent?: { readonly cert: T; readonly key: T },
): AmlAksComputeProperties<T> {
  let ssl: AmlAksSslConfiguration<T> | undefined;
  if (config.tls?.kind === 'leafDomainLabel') {
    ssl = { status: 'Auto', leafDomainLabel: config.tls.leafDomainLabel, overwriteExistingDomain: config.tls.overwriteExistingDomain };
  } else if (config.tls?.kind === 'cname') {
    if (!tlsContent) throw new Error('amlAksComputeProperties: the TLS certificate and key contents are required for a cname TLS configuration');
    ssl = { status: 'Enabled', cname: config.tls.cname, cert: tlsContent.cert, key: tlsContent.key };
  }
  return {
    clusterPurpose: config.clusterPurpose,
    loadBalancerType: config.loadBalancerType,
    ...(config.loadBalancerSubnet !== undefined ? { loadBalancerSubnet: config.loadBalancerSubnet } : {}),
    ...(ssl ? { sslConfiguration: ssl } : {}),
  };
}
