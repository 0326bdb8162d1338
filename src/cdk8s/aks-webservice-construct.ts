import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AksWebserviceProps, ResolvedWebservice, WebservicePlan, planWebservice } from '../index';
import { addApiObjects, findApiObject, reportWarnings } from './objects';

/** Props of {@link AksWebserviceConstruct}: the v1 deploy configuration plus the container. */
export interface AksWebserviceConstructProps extends AksWebserviceProps {}

/**
 * A scoring web service on AKS with the Azure ML SDK v1 `AksWebservice` semantics:
 * Deployment (requests, limits, GPU, probes, inference-server environment, restricted
 * pod security), Service, autoscaler (HPA) or fixed replicas, PodDisruptionBudget, and
 * auth keys that never appear in the YAML unless you pass them.
 *
 * Invalid props throw one `ConfigurationError` listing every problem, before
 * anything is added to the tree.
 *
 * @example
 * new AksWebserviceConstruct(chart, 'fraud', {
 *   name: 'fraud-model',
 *   image: 'myregistry.azurecr.io/fraud:1.4.2',
 *   cpuCores: 0.5,
 *   memoryGb: 1,
 * });
 */
export class AksWebserviceConstruct extends Construct {
  /** The configuration with every v1 default applied, for your own policies. */
  public readonly config: ResolvedWebservice;
  /** The service name. */
  public readonly serviceName: string;
  /** The namespace, when set. */
  public readonly namespace?: string;
  /** `/api/v1/service/<name>/score` */
  public readonly scoringPath: string;
  /** `/api/v1/service/<name>/swagger.json` */
  public readonly swaggerPath: string;
  /** Every object of the service, in synthesis order. */
  public readonly apiObjects: ApiObject[];
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The Service in front of the pods. */
  public readonly service: ApiObject;
  /** The HorizontalPodAutoscaler, when autoscaling by CPU. */
  public readonly horizontalPodAutoscaler?: ApiObject;
  /** The scoring pods, as a cdk8s-plus selector (for NetworkPolicies and the like). */
  public readonly pods: kplus.Pods;
  /** The Secrets holding the keys (every entry a key), as cdk8s-plus references. */
  public readonly keySecrets: kplus.ISecret[];
  /** The warnings reported for this service. */
  public readonly warnings: string[];
  /** The plan the objects were made from. */
  public readonly plan: WebservicePlan;

  constructor(scope: Construct, id: string, props: AksWebserviceConstructProps) {
    // Validate before anything is added to the tree.
    const plan = planWebservice(props);
    super(scope, id);
    this.plan = plan;
    this.config = plan.config;
    this.serviceName = plan.config.name;
    this.namespace = plan.config.namespace;
    this.scoringPath = plan.scoringPath;
    this.swaggerPath = plan.swaggerPath;
    this.warnings = reportWarnings(this, `AksWebservice "${plan.config.name}"`, plan.warnings);
    this.apiObjects = addApiObjects(this, plan.objects);
    this.deployment = findApiObject(this.apiObjects, 'Deployment')!;
    this.service = findApiObject(this.apiObjects, 'Service')!;
    this.horizontalPodAutoscaler = findApiObject(this.apiObjects, 'HorizontalPodAutoscaler');
    this.pods = kplus.Pods.select(this, 'Pods', {
      labels: plan.selector,
      ...(plan.config.namespace ? { namespaces: kplus.Namespaces.select(this, 'PodNamespace', { names: [plan.config.namespace] }) } : {}),
    });
    this.keySecrets = plan.keySecretNames.map((n) => kplus.Secret.fromSecretName(this, `KeySecret-${n}`, n));
  }
}
