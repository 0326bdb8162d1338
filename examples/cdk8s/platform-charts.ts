/**
 * The cluster and the in-cluster platform: an AKS cluster for production with a GPU
 * pool (Azure Service Operator objects, applied to the management cluster that runs
 * ASO), and the components the serving path needs on it (Flux HelmReleases, applied
 * to the new cluster).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterPurpose } from 'aks-ml-constructs';
import { AksCluster, AksMlPlatform } from 'aks-ml-constructs/cdk8s';

/** v1 `AksCompute.provisioning_configuration(cluster_purpose=FAST_PROD)` with a GPU pool. */
export class ClusterChart extends Chart {
  public readonly cluster: AksCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.cluster = new AksCluster(this, 'cluster', {
      name: 'ml-prod',
      clusterPurpose: ClusterPurpose.FAST_PROD,
      location: 'westeurope',
      resourceGroupName: 'ml-prod-rg',
      // The image classifier (gpuCores: 1) runs here; the pool is tainted sku=gpu:NoSchedule.
      gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, minCount: 1, maxCount: 3 },
    });
  }
}

/**
 * What the services need in the cluster: Envoy Gateway, External Secrets, the NVIDIA
 * device plugin (the cluster has a GPU pool) and a PodMonitor of the Envoy proxies
 * (the A/B endpoint scales on concurrency). KEDA is the cluster's AKS add-on.
 */
export class PlatformChart extends Chart {
  public readonly platform: AksMlPlatform;

  constructor(scope: Construct, id: string, cluster: AksCluster) {
    super(scope, id);
    this.platform = new AksMlPlatform(this, 'platform', { cluster });
  }
}
