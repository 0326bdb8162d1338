import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AksWebserviceProps, ResolvedWebservice } from '../core/webservice/resolve';
import { planWebservice, WebservicePlan } from '../core/webservice/plan';
import { checkOnPlatform } from './aks-ml-platform';
import { addApiObjects, findApiObject } from './objects';
import { reportWarnings } from './warnings';

/** Props of {@link AksWebserviceConstruct}: the v1 deploy configuration plus the container. */
export interface AksWebserviceConstructProps extends AksWebserviceProps {}

/**
 * A scoring web service on AKS with the Azure ML SDK v1 `AksWebservice` semantics:
 * Deployment (requests, limits, GPU, probes, inference-server environment, restricted
 * pod security), Service, autoscaler (CPU HPA, or KEDA on in-flight requests) or fixed
 * replicas, PodDisruptionBudget, and auth keys that never appear in the YAML unless you
 * pass them. Published on a Gateway at the v1 paths (HTTPRoute), with key or Entra ID
 * token auth, the v1 timeout, concurrency and queue limits enforced by the gateway
 * implementation, and a NetworkPolicy that admits the gateway only.
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
  /** The KEDA ScaledObject, when autoscaling by concurrency. */
  public readonly scaledObject?: ApiObject;
  /** The HTTPRoute that publishes the service on the gateway. */
  public readonly httpRoute: ApiObject;
  /** The NetworkPolicy that admits the gateway (and labelled health checkers) only. */
  public readonly networkPolicy: ApiObject;
  /** The gateway implementation's policy objects (e.g. SecurityPolicy, BackendTrafficPolicy). */
  public readonly routePolicies: ApiObject[];
  /** `/api/v1/service/<name>/` */
  public readonly healthPath: string;
  /** The scoring URI, when the gateway reference has a hostname. */
  public readonly scoringUri?: string;
  /** The Swagger URI, when the gateway reference has a hostname. */
  public readonly swaggerUri?: string;
  /** The scoring pods, as a cdk8s-plus selector (for NetworkPolicies and the like). */
  public readonly pods: kplus.Pods;
  /** The Secrets holding the keys (every entry a key), as cdk8s-plus references. */
  public readonly keySecrets: kplus.ISecret[];
  /**
   * The Azure Service Operator `insights.azure.com` Component, for
   * `AppInsights.createComponent()` with `enableAppInsights` (ASO exports its key and
   * connection string to the ConfigMap `<name>-app-insights`).
   */
  public readonly appInsightsComponent?: ApiObject;
  /** The warnings reported for this service. */
  public readonly warnings: string[];
  /** The plan the objects were made from. */
  public readonly plan: WebservicePlan;

  constructor(scope: Construct, id: string, props: AksWebserviceConstructProps) {
    // Validate before anything is added to the tree.
    const plan = planWebservice(props, { defaultNamespace: Chart.of(scope).namespace });
    super(scope, id);
    this.plan = plan;
    this.config = plan.config;
    this.serviceName = plan.config.name;
    this.namespace = plan.config.namespace;
    this.scoringPath = plan.scoringPath;
    this.swaggerPath = plan.swaggerPath;
    this.warnings = reportWarnings(this, `AksWebservice "${plan.config.name}"`, plan.warnings);
    this.apiObjects = addApiObjects(this, plan.objects);
    checkOnPlatform(this, `AksWebservice "${plan.config.name}"`, plan.objects, plan.gateway.implementation);
    this.deployment = findApiObject(this.apiObjects, 'Deployment')!;
    this.service = findApiObject(this.apiObjects, 'Service')!;
    this.horizontalPodAutoscaler = findApiObject(this.apiObjects, 'HorizontalPodAutoscaler');
    this.scaledObject = findApiObject(this.apiObjects, 'ScaledObject');
    this.httpRoute = findApiObject(this.apiObjects, 'HTTPRoute', plan.routeName)!;
    this.networkPolicy = findApiObject(this.apiObjects, 'NetworkPolicy')!;
    this.appInsightsComponent = findApiObject(this.apiObjects, 'Component');
    this.routePolicies = this.apiObjects.filter((_, i) => plan.routePolicies.includes(plan.objects[i]));
    this.healthPath = plan.healthPath;
    this.scoringUri = plan.scoringUri;
    this.swaggerUri = plan.swaggerUri;
    this.pods = kplus.Pods.select(this, 'Pods', {
      labels: plan.selector,
      ...(plan.config.namespace ? { namespaces: kplus.Namespaces.select(this, 'PodNamespace', { names: [plan.config.namespace] }) } : {}),
    });
    this.keySecrets = plan.keySecretNames.map((n) => kplus.Secret.fromSecretName(this, `KeySecret-${n}`, n));
  }
}
