/**
 * Two web services as a migrating team would declare them: a dev/test service on
 * v1 defaults, and a production service with a GPU, explicit limits and a fixed
 * replica count.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppInsights, AuthKeys } from 'aks-ml-constructs';
import { AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';

/** A dev/test service: v1's `AksWebservice.deploy_configuration()` with its defaults. */
export class DevTestChart extends Chart {
  public readonly service: AksWebserviceConstruct;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.service = new AksWebserviceConstruct(this, 'sentiment-dev', {
      name: 'sentiment-dev',
      namespace: 'ml-dev',
      image: 'mlplatform.azurecr.io/sentiment/scoring:2.3.0',
      // v1: cpu_cores=0.5, memory_gb=1; everything else stays at the v1 defaults
      // (autoscaling 1..10 at 70 %, key auth with keys generated in the cluster).
      cpuCores: 0.5,
      memoryGb: 1,
      tags: { team: 'nlp', stage: 'dev' },
      description: 'Sentiment model, dev/test',
    });
  }
}

/**
 * A production service: GPU, explicit limits, fixed replicas, keys and App Insights
 * settings from Key Vault.
 */
export class ProductionChart extends Chart {
  public readonly service: AksWebserviceConstruct;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.service = new AksWebserviceConstruct(this, 'image-classifier', {
      name: 'image-classifier',
      namespace: 'ml-prod',
      image: 'mlplatform.azurecr.io/vision/classifier:5.1.0',
      entryScript: 'score.py',
      cpuCores: 4,
      memoryGb: 16,
      cpuCoresLimit: 6,
      memoryGbLimit: 24,
      gpuCores: 1,
      numReplicas: 3,
      replicaMaxConcurrentRequests: 4,
      scoringTimeoutMs: 10000,
      maxRequestWaitTime: 2000,
      // v1 enable_app_insights: the inference server sends requests and traces to the
      // component whose connection string is in Key Vault; External Secrets writes it, and
      // the instrumentation key taken from it, to the Secret image-classifier-app-insights.
      enableAppInsights: true,
      appInsights: AppInsights.fromKeyVault({
        secretStore: { name: 'azure-key-vault' },
        connectionStringSecretName: 'image-classifier-appinsights-connection-string',
      }),
      initialDelaySeconds: 120,
      keys: AuthKeys.fromKeyVault({
        secretStore: { name: 'azure-key-vault' },
        primaryKeySecretName: 'image-classifier-primary-key',
        secondaryKeySecretName: 'image-classifier-secondary-key',
      }),
      tags: { team: 'vision', 'cost-center': 'cc-4711' },
      properties: { 'model-version': '5.1.0' },
      description: 'Image classifier on the GPU pool',
    });
  }
}
