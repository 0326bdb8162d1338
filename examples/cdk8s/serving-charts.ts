/**
 * The serving path: the Gateway every service is published on, an A/B endpoint
 * (control + treatment + a default that takes the rest), and a service with
 * Microsoft Entra ID token auth instead of keys.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Autoscaler, GatewayRef, VersionType } from 'aks-ml-constructs';
import { AksEndpointConstruct, AksMlGateway, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';

/** The Gateway (v1: the cluster's `azureml-fe` front end with its TLS certificate). */
export class ServingGatewayChart extends Chart {
  public readonly gateway: AksMlGateway;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.gateway = new AksMlGateway(this, 'gateway', {
      hostname: 'ml.contoso.com',
      // A kubernetes.io/tls Secret in the gateway namespace, e.g. issued by cert-manager.
      tls: { certificateSecretName: 'ml-contoso-com-tls' },
      // Port 80 answers with a redirect to HTTPS.
      httpListener: 'redirect',
      // With an internal load balancer (an AksCluster with loadBalancerType InternalLoadBalancer):
      // infrastructureAnnotations: cluster.loadBalancerServiceAnnotations,
    });
  }
}

/** v1 `AksEndpoint`: a control, a treatment on 30 % of the traffic, and a default that takes the rest. */
export class AbTestEndpointChart extends Chart {
  public readonly endpoint: AksEndpointConstruct;

  constructor(scope: Construct, id: string, gateway: GatewayRef) {
    super(scope, id);
    this.endpoint = new AksEndpointConstruct(this, 'churn', {
      name: 'churn',
      namespace: 'ml-experiments',
      gateway,
      versions: [
        {
          versionName: 'control',
          versionType: VersionType.CONTROL,
          trafficPercentile: 50,
          image: 'mlplatform.azurecr.io/churn/scoring:3.2.0',
          cpuCores: 1,
          memoryGb: 2,
        },
        {
          versionName: 'treatment',
          versionType: VersionType.TREATMENT,
          trafficPercentile: 30,
          image: 'mlplatform.azurecr.io/churn/scoring:3.3.0-rc1',
          cpuCores: 1,
          memoryGb: 2,
          replicaMaxConcurrentRequests: 2,
          // Scale on in-flight requests at the gateway, as v1 did.
          autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus-operated.monitoring.svc:9090' }),
        },
        {
          // The default version takes the 20 % the others leave.
          versionName: 'stable',
          isDefault: true,
          image: 'mlplatform.azurecr.io/churn/scoring:3.1.4',
          numReplicas: 2,
        },
      ],
    });
  }
}

/** v1 `token_auth_enabled=True`: Microsoft Entra ID access tokens instead of keys. */
export class TokenAuthChart extends Chart {
  public readonly service: AksWebserviceConstruct;

  constructor(scope: Construct, id: string, gateway: GatewayRef) {
    super(scope, id);
    this.service = new AksWebserviceConstruct(this, 'fraud-scoring', {
      name: 'fraud-scoring',
      namespace: 'ml-prod',
      image: 'mlplatform.azurecr.io/fraud/scoring:1.4.2',
      gateway,
      cpuCores: 0.5,
      memoryGb: 1,
      tokenAuthEnabled: true,
      // Your tenant, and your API's app registration (Application ID URI and client id).
      entraTenantId: '00000000-0000-0000-0000-000000000000',
      entraAudience: ['api://fraud-scoring', '11111111-1111-1111-1111-111111111111'],
    });
  }
}
