import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AksEndpointProps, ResolvedEndpoint, VersionType } from '../core/endpoint/resolve';
import { EndpointPlan, planEndpoint } from '../core/endpoint/plan';
import { checkOnPlatform } from './aks-ml-platform';
import { addApiObjects, findApiObject } from './objects';
import { reportWarnings } from './warnings';

/** Props of {@link AksEndpointConstruct}: the endpoint settings and its 1 to 6 versions. */
export interface AksEndpointConstructProps extends AksEndpointProps {}

/** One version of an {@link AksEndpointConstruct}. */
export interface AksEndpointVersion {
  readonly versionName: string;
  /** The Kubernetes name of its Deployment, Service, HTTPRoute, ... */
  readonly kubernetesName: string;
  /** Its share of the endpoint's scoring traffic, in percent (the weights add up to 100). */
  readonly weight: number;
  readonly isDefault: boolean;
  readonly versionType: VersionType;
  /** `/api/v1/service/<endpoint>/versions/<version>/score` */
  readonly scoringPath: string;
  /** The version's own scoring URI, when the gateway reference has a hostname. */
  readonly scoringUri?: string;
  /** The header that sends a call on the endpoint's scoring URI to this version. */
  readonly header: { readonly name: string; readonly value: string };
  readonly deployment: ApiObject;
  readonly service: ApiObject;
  /** The version's own HTTPRoute (direct access). */
  readonly httpRoute: ApiObject;
  /** The version's scoring pods, as a cdk8s-plus selector. */
  readonly pods: kplus.Pods;
}

/**
 * An Azure ML v1 `AksEndpoint` on AKS: several versions of a model behind one scoring
 * URI, each with its own full deployment configuration and a share of the traffic
 * (controlled roll-outs, A/B tests with a control and treatments).
 *
 * One HTTPRoute splits `/api/v1/service/<endpoint>/score` by weight; each version is
 * also reachable directly at `/api/v1/service/<endpoint>/versions/<version>/score` or
 * with the header `azureml-model-deployment: <version>`. One key pair (or Entra ID
 * token auth) covers the endpoint. Invalid props throw one `ConfigurationError` listing
 * every problem, before anything is added to the tree.
 *
 * @example
 * new AksEndpointConstruct(chart, 'churn', {
 *   name: 'churn',
 *   namespace: 'ml',
 *   versions: [
 *     { versionName: 'control', image: 'myacr.azurecr.io/churn:1.0', versionType: VersionType.CONTROL, isDefault: true },
 *     { versionName: 'candidate', image: 'myacr.azurecr.io/churn:1.1', trafficPercentile: 10 },
 *   ],
 * });
 */
export class AksEndpointConstruct extends Construct {
  /** The configuration with every default applied. */
  public readonly config: ResolvedEndpoint;
  public readonly endpointName: string;
  public readonly namespace?: string;
  /** `/api/v1/service/<endpoint>/score` */
  public readonly scoringPath: string;
  /** `/api/v1/service/<endpoint>/swagger.json` */
  public readonly swaggerPath: string;
  /** The endpoint's scoring URI, when the gateway reference has a hostname. */
  public readonly scoringUri?: string;
  /** The endpoint's Swagger URI (the default version's), when the gateway reference has a hostname. */
  public readonly swaggerUri?: string;
  /** The versions, in the order given. */
  public readonly versions: AksEndpointVersion[];
  /** The default version. */
  public readonly defaultVersion: AksEndpointVersion;
  /** The HTTPRoute that splits the endpoint's traffic. */
  public readonly httpRoute: ApiObject;
  /** The Secrets holding the endpoint's keys (every entry a key), as cdk8s-plus references. */
  public readonly keySecrets: kplus.ISecret[];
  /** Every object of the endpoint, in synthesis order. */
  public readonly apiObjects: ApiObject[];
  /**
   * The Azure Service Operator `insights.azure.com` Component of the endpoint, for
   * `AppInsights.createComponent()` with `enableAppInsights` (ASO exports its key and
   * connection string to the ConfigMap `<endpoint>-app-insights`, read by every version).
   */
  public readonly appInsightsComponent?: ApiObject;
  /** The warnings reported for this endpoint. */
  public readonly warnings: string[];
  /** The plan the objects were made from. */
  public readonly plan: EndpointPlan;

  constructor(scope: Construct, id: string, props: AksEndpointConstructProps) {
    // Validate before anything is added to the tree.
    const plan = planEndpoint(props, { defaultNamespace: Chart.of(scope).namespace });
    super(scope, id);
    this.plan = plan;
    this.config = plan.config;
    this.endpointName = plan.config.name;
    this.namespace = plan.config.namespace;
    this.scoringPath = plan.scoringPath;
    this.swaggerPath = plan.swaggerPath;
    this.scoringUri = plan.scoringUri;
    this.swaggerUri = plan.swaggerUri;
    this.warnings = reportWarnings(this, `AksEndpoint "${plan.config.name}"`, plan.warnings);
    this.apiObjects = addApiObjects(this, plan.objects);
    checkOnPlatform(this, `AksEndpoint "${plan.config.name}"`, plan.objects, plan.gateway.implementation);
    this.httpRoute = findApiObject(this.apiObjects, 'HTTPRoute', plan.routeName)!;
    this.appInsightsComponent = findApiObject(this.apiObjects, 'Component');
    const podNamespaces = plan.config.namespace
      ? kplus.Namespaces.select(this, 'PodNamespace', { names: [plan.config.namespace] })
      : undefined;
    this.versions = plan.versions.map((v) => ({
      versionName: v.versionName,
      kubernetesName: v.kubernetesName,
      weight: v.weight,
      isDefault: v.isDefault,
      versionType: v.versionType,
      scoringPath: v.scoringPath,
      ...(v.scoringUri ? { scoringUri: v.scoringUri } : {}),
      header: v.header,
      deployment: findApiObject(this.apiObjects, 'Deployment', v.kubernetesName)!,
      service: findApiObject(this.apiObjects, 'Service', v.kubernetesName)!,
      httpRoute: findApiObject(this.apiObjects, 'HTTPRoute', v.kubernetesName)!,
      pods: kplus.Pods.select(this, `Pods-${v.versionName}`, { labels: v.selector, ...(podNamespaces ? { namespaces: podNamespaces } : {}) }),
    }));
    this.defaultVersion = this.versions.find((v) => v.isDefault)!;
    this.keySecrets = plan.keySecretNames.map((n) => kplus.Secret.fromSecretName(this, `KeySecret-${n}`, n));
  }

  /** A version by name (throws when there is none). */
  public version(versionName: string): AksEndpointVersion {
    const v = this.versions.find((x) => x.versionName === versionName);
    if (!v) throw new Error(`endpoint "${this.endpointName}" has no version "${versionName}" (versions: ${this.versions.map((x) => x.versionName).join(', ')})`);
    return v;
  }
}
