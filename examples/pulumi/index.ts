/**
 * A complete Pulumi program with aks-ml-constructs:
 *
 * - an AKS cluster for production (FastProd: 3 × Standard_D3_v2, the v1 defaults)
 *   with a GPU pool, in a new resource group; registered as an inference cluster
 *   in an Azure ML workspace when `workspaceName` is set;
 * - the in-cluster platform the services need (Helm releases): Envoy Gateway, External
 *   Secrets Operator and the NVIDIA device plugin for the GPU pool (KEDA is the
 *   cluster's AKS add-on);
 * - the Gateway the services are published on (v1: the `azureml-fe` front end), HTTPS
 *   with TLS 1.2 as the lowest version, port 80 redirecting to HTTPS;
 * - a GPU scoring web service (v1 `AksWebservice`) on the GPU pool, sending requests
 *   and traces to an Application Insights component created for it;
 * - an A/B endpoint (v1 `AksEndpoint`): a control version with 90% of the traffic
 *   and a candidate with 10%;
 * - the capacity checks of the services against the cluster's nodes.
 *
 *   cd examples/pulumi
 *   pulumi stack init dev
 *   pulumi config set azure-native:location westeurope
 *   pulumi config set workspaceName my-ml-workspace        # optional
 *   pulumi config set workspaceResourceGroup my-ml-rg       # optional
 *   pulumi config set hostname ml.example.com               # optional: the gateway's host name
 *   pulumi config set tlsSecretName ml-example-com-tls      # optional: its certificate Secret (in aks-ml-gateway)
 *   pulumi config set logAnalyticsWorkspaceId /subscriptions/…/workspaces/…  # optional: a workspace-based App Insights
 *   pulumi up
 *   pulumi stack output kubeconfig --show-secrets > kubeconfig
 */
import * as pulumi from '@pulumi/pulumi';
import { AppInsights, ClusterPurpose, VersionType } from 'aks-ml-constructs';
import { AksCluster, AksEndpoint, AksMlGateway, AksMlPlatform, AksWebservice } from 'aks-ml-constructs/pulumi';

const config = new pulumi.Config();
const location = config.get('location') ?? 'westeurope';
const azureResourceGroup = config.get('resourceGroupName') ?? 'ml-prod-rg';
const workspaceName = config.get('workspaceName');
const namespace = 'ml';

// The cluster: the purpose rules are checked before anything is created.
const cluster = new AksCluster('ml', {
  name: 'ml-prod',
  clusterPurpose: ClusterPurpose.FAST_PROD,
  agentCount: 3,
  vmSize: 'Standard_D3_v2',
  location,
  createResourceGroup: true,
  resourceGroupName: azureResourceGroup,
  gpuPool: { vmSize: 'Standard_NC6s_v3', nodeCount: 1, minCount: 1, maxCount: 3 },
  tags: { app: 'aks-ml-example' },
  ...(workspaceName !== undefined
    ? { workspace: { workspaceName, resourceGroupName: config.get('workspaceResourceGroup') ?? workspaceName, computeName: 'aks-prod' } }
    : {}),
});

// The platform: Envoy Gateway (at a version that enforces the key-auth policy), External
// Secrets, the device plugin tolerating the GPU pool's taint; each a Helm release that
// waits for its workloads. The gateway and the services depend on it (CRDs first), and
// check it: a policy Envoy Gateway cannot enforce would be a ConfigurationError here.
const platform = new AksMlPlatform('platform', { cluster });

// The Gateway (Envoy Gateway comes from the platform). On AKS its proxies'
// Service is the load balancer: the cluster's annotations make it an internal one when
// the cluster has loadBalancerType: InternalLoadBalancer (none here: a public IP).
const gateway = new AksMlGateway('gateway', {
  hostname: config.get('hostname') ?? 'ml.contoso.com',
  // A kubernetes.io/tls Secret in the gateway namespace (aks-ml-gateway), e.g. from cert-manager.
  tls: { certificateSecretName: config.get('tlsSecretName') ?? 'ml-contoso-com-tls' },
  httpListener: 'redirect',
  infrastructureAnnotations: cluster.loadBalancerServiceAnnotations,
}, { provider: cluster.provider, dependsOn: [platform] });

// A web service on the GPU pool (it tolerates the pool's sku=gpu:NoSchedule taint), with
// App Insights (v1 enable_app_insights): an Application Insights component is created in
// the cluster's resource group; its instrumentation key and connection string go to the
// Secret image-classifier-app-insights (secret outputs), which the scoring container reads.
const classifier = new AksWebservice('classifier', {
  name: 'image-classifier',
  namespace,
  gateway: gateway.ref,
  image: config.get('classifierImage') ?? 'myacr.azurecr.io/image-classifier:1.0',
  cpuCores: 2,
  memoryGb: 8,
  gpuCores: 1,
  autoscaleEnabled: false,
  numReplicas: 1,
  enableAppInsights: true,
  appInsights: AppInsights.createComponent({
    resourceGroupName: azureResourceGroup,
    location,
    ...(config.get('logAnalyticsWorkspaceId') !== undefined ? { workspaceResourceId: config.get('logAnalyticsWorkspaceId') } : {}),
  }),
  // v1 collect_model_data: inputs and predictions land in the component (traces, message model_data_collection).
  collectModelData: true,
  tags: { team: 'vision' },
}, { provider: cluster.provider, dependsOn: [platform, ...(cluster.resourceGroup ? [cluster.resourceGroup] : [])] });

// An A/B endpoint: 90% of the scoring traffic to the control version, 10% to the candidate.
const churn = new AksEndpoint('churn', {
  name: 'churn',
  namespace,
  gateway: gateway.ref,
  versions: [
    { versionName: 'control', image: config.get('churnImage') ?? 'myacr.azurecr.io/churn:1.0', versionType: VersionType.CONTROL, trafficPercentile: 90, isDefault: true, cpuCores: 0.5, memoryGb: 1 },
    { versionName: 'candidate', image: config.get('churnCandidateImage') ?? 'myacr.azurecr.io/churn:1.1', versionType: VersionType.TREATMENT, trafficPercentile: 10, cpuCores: 0.5, memoryGb: 1 },
  ],
}, { provider: cluster.provider, dependsOn: [platform] });

// Every request must fit a node (a ConfigurationError otherwise, thrown right here);
// minimum replicas that do not fit together are warnings.
const capacity = cluster.assertCapacity([classifier, churn]);

export const resourceGroupName = cluster.resourceGroupName;
export const clusterName = cluster.clusterName;
export const clusterId = cluster.clusterId;
export const clusterPurpose = cluster.config.clusterPurpose;
export const oidcIssuerUrl = cluster.oidcIssuerUrl;
/** Secret: `pulumi stack output kubeconfig --show-secrets`. */
export const kubeconfig = cluster.kubeconfig;
export const computeName = cluster.computeName;
export const platformReleases = platform.releaseSpecs.map((r) => `${r.component}@${r.version}`);
export const gatewayHostname = gateway.hostname;
export const gatewayNamespace = gateway.namespace;
export const classifierScoringUri = classifier.scoringUri;
export const classifierSwaggerUri = classifier.swaggerUri;
/** Secret. */
export const classifierPrimaryKey = classifier.primaryKey;
/** The App Insights component of the classifier (its key and connection string stay in the cluster's Secret). */
export const classifierAppInsightsId = classifier.appInsightsComponent!.id;
export const churnScoringUri = churn.scoringUri;
/** Secret. */
export const churnPrimaryKey = churn.primaryKey;
export const churnVersions = churn.versions.map((v) => ({ version: v.versionName, weight: v.weight, header: v.header, scoringPath: v.scoringPath }));
export const capacityWarnings = capacity.map((w) => w.message);
