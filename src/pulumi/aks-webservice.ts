import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type * as applicationinsights from '@pulumi/azure-native/applicationinsights';
import { AksWebserviceProps, ResolvedWebservice } from '../core/webservice/resolve';
import { planWebservice, WebservicePlan } from '../core/webservice/plan';
import {
  EngineContextArgs,
  WarningArgs,
  InputConfigFields,
  KeyInputs,
  ScoringContainerInputs,
  createAppInsightsComponent,
  createResources,
  keyOutput,
  planContext,
  logWarnings,
  planContainerInputs,
  planKeyInputs,
  prepareAppInsightsComponent,
  prepareResources,
  prepareWorkloadIdentity,
  reserveAppInsightsComponent,
  reserveGeneratedKeys,
  reserveWorkloadIdentity,
  createWorkloadIdentity,
  WorkloadIdentityResources,
  withoutInputFields,
  isServiceName,
  withDefaultName,
  withoutKeys,
} from './component-support';
import { InputPlaceholders } from './inputs';
import { KubeResource, findKubeResource } from './kube-resources';
import { checkOnStackPlatforms } from './aks-ml-platform';

/**
 * The props of {@link AksWebservice}: the same as the cdk8s construct's
 * (`AksWebserviceProps`), except that these accept Pulumi Inputs (Outputs of other
 * resources):
 *
 * - `image`
 * - the values of `env` (not the variable names)
 * - `primaryKey` and `secondaryKey`
 *
 * Every other prop must be a plain value: it decides which objects exist and what
 * they are called, and is validated before anything is created. An Input-valued
 * prop is validated when its value is known (during `pulumi up`, or `preview` when
 * the value is known then) with the same rules, failing the update with the same
 * ConfigurationError.
 */
export interface AksWebserviceArgs
  extends Omit<AksWebserviceProps, 'image' | 'env' | 'primaryKey' | 'secondaryKey' | 'name'>,
  ScoringContainerInputs,
  KeyInputs,
  EngineContextArgs,
  WarningArgs {
  /**
   * The service name (3 to 32 lowercase letters, digits and "-", starting with a letter).
   * @default - the resource name, when it is a valid service name
   */
  readonly name?: string;
}

/** A web service's resolved configuration without the props that accept Inputs (`image`, `env`, the keys). */
export type PlainWebserviceConfig = Omit<ResolvedWebservice, InputConfigFields>;

/**
 * A scoring web service on AKS with the Azure ML SDK v1 `AksWebservice` semantics,
 * as a Pulumi component: the same Kubernetes objects as the cdk8s
 * `AksWebserviceConstruct` (Deployment, Service, autoscaler, PodDisruptionBudget,
 * ...), each its own resource, children of this component.
 *
 * Keys: with key auth on and neither `primaryKey`/`secondaryKey` nor
 * `AuthKeys.fromSecret()`/`fromKeyVault()`, two keys are generated with
 * `random.RandomPassword` (no special characters) and stored in the Secret
 * `<name>-keys` (entries `primary`, `secondary`), instead of the External Secrets
 * generator the cdk8s construct uses. The keys are the secret outputs `primaryKey`
 * and `secondaryKey`.
 *
 * App Insights: with `enableAppInsights` and `AppInsights.createComponent()`, an
 * `@pulumi/azure-native` `applicationinsights.Component` (`<component>-app-insights`,
 * a child of this component, with its `dependsOn`) is created and its instrumentation
 * key and connection string written to the Secret `<name>-app-insights` as secret
 * outputs; azure-native is loaded only then (see `appInsightsComponent`).
 *
 * Workload identity: with `WorkloadIdentity.create()` (on the blob model or the Key
 * Vault keys), an `@pulumi/azure-native` `managedidentity.UserAssignedIdentity`, its
 * `FederatedIdentityCredential` for the service's ServiceAccount and its
 * `authorization.RoleAssignment`s are created (see `workloadIdentity`).
 *
 * Invalid props throw one `ConfigurationError` listing every problem, before any
 * resource (this component included) is registered.
 *
 * @example
 * const ws = new AksWebservice('fraud', {
 *   name: 'fraud-model',
 *   namespace: 'ml',
 *   image: image.repoDigest,          // an Output
 *   cpuCores: 0.5,
 *   memoryGb: 1,
 * }, { provider: cluster.provider });
 * export const scoringUri = ws.scoringUri;
 * export const key = ws.primaryKey;   // secret
 */
export class AksWebservice extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aks-ml-constructs:index:AksWebservice';

  /** The service name (the Kubernetes name of its objects). */
  public readonly serviceName: string;
  /** The namespace, when set (otherwise the provider's). */
  public readonly namespace?: string;
  /** `/api/v1/service/<name>/score` */
  public readonly scoringPath: string;
  /** `/api/v1/service/<name>/swagger.json` */
  public readonly swaggerPath: string;
  /** `/api/v1/service/<name>/` (GET answers "Healthy"). */
  public readonly healthPath: string;
  /** `https://<gateway hostname>/api/v1/service/<name>/score` when the gateway has a hostname, else the path. */
  public readonly scoringUri: pulumi.Output<string>;
  /** The Swagger URI, like {@link scoringUri}. */
  public readonly swaggerUri: pulumi.Output<string>;
  /** The primary key (secret); undefined when the keys come from an existing Secret or Key Vault, or key auth is off. */
  public readonly primaryKey: pulumi.Output<string | undefined>;
  /** The secondary key (secret), like {@link primaryKey}. */
  public readonly secondaryKey: pulumi.Output<string | undefined>;
  /**
   * The configuration with every v1 default applied and the Inputs' values in. The
   * keys are left out (they are the secret outputs `primaryKey`/`secondaryKey`).
   */
  public readonly config: pulumi.Output<ResolvedWebservice>;
  /**
   * The configuration with every v1 default applied, as a plain value known when the
   * component is constructed (e.g. for `AksCluster.assertCapacity`, which then fails
   * before anything is created): {@link config} without the props that accept Inputs
   * (`image`, `env`, the keys).
   */
  public readonly resolvedConfig: PlainWebserviceConfig;
  /** The Secrets whose entries are the accepted keys (empty when key auth is off). */
  public readonly keySecretNames: string[];
  /**
   * The Kubernetes resources, one per object, in plan order. A Namespace another
   * component declared first is reused (`owned: false`), not created twice.
   */
  public readonly kubeResources: KubeResource[];
  /** The RandomPasswords of the generated keys (empty when no key is generated). */
  public readonly generatedKeys: random.RandomPassword[];
  /** Every child resource: the Kubernetes resources it owns, then the RandomPasswords, then the App Insights component. */
  public readonly resources: pulumi.CustomResource[];
  /** The Deployment. */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The Service in front of the pods. */
  public readonly service: k8s.core.v1.Service;
  /** The HorizontalPodAutoscaler, when autoscaling by CPU. */
  public readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** The KEDA ScaledObject, when autoscaling by concurrency. */
  public readonly scaledObject?: k8s.apiextensions.CustomResource;
  /** The HTTPRoute that publishes the service on the gateway. */
  public readonly httpRoute: k8s.apiextensions.CustomResource;
  /** The pod selector labels. */
  public readonly selector: Record<string, string>;
  /**
   * The Application Insights component created for `AppInsights.createComponent()`
   * (azure-native `applicationinsights.Component`, `<name>-app-insights`); its key and
   * connection string are in the Secret `<service>-app-insights`, as secrets.
   */
  public readonly appInsightsComponent?: applicationinsights.Component;
  /**
   * The workload identity created for `WorkloadIdentity.create()` (azure-native
   * `managedidentity.UserAssignedIdentity` `<name>-identity`, its
   * `FederatedIdentityCredential` and its `authorization.RoleAssignment`s); the
   * ServiceAccount is annotated with its client and tenant ids.
   */
  public readonly workloadIdentity?: WorkloadIdentityResources;
  /** The warnings logged for this service. */
  public readonly warnings: string[];

  constructor(name: string, args: AksWebserviceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    args = withDefaultName(args, name, isServiceName);
    // Plan (and so validate) before anything is registered.
    const ph = new InputPlaceholders();
    const argName = (args as { name?: unknown } | undefined)?.name;
    const { props: containerArgs, options: context, acknowledged } = planContext(args, opts, `AksWebservice "${typeof argName === 'string' ? argName : name}"`);
    const props = planKeyInputs(ph, planContainerInputs(ph, containerArgs)) as AksWebserviceProps;
    const options = {
      ...context,
      generatedKeys: reserveGeneratedKeys(ph),
      appInsightsComponent: reserveAppInsightsComponent(ph),
      workloadIdentity: reserveWorkloadIdentity(ph),
    };
    const plan: WebservicePlan = planWebservice(props, options);
    const subject = `AksWebservice "${plan.config.name}"`;
    const prepared = prepareResources(ph, name, subject, plan.objects, plan.config.namespace, opts);
    const appInsights = prepareAppInsightsComponent(subject, plan.appInsightsComponent);
    const identity = prepareWorkloadIdentity(subject, plan.workloadIdentity);
    ph.setValidator((values) => {
      planWebservice(ph.fill(props, values), options);
    });
    const platformWarnings = checkOnStackPlatforms(subject, plan.objects, plan.gateway.implementation, opts);

    super(AksWebservice.TYPE, name, {}, opts);

    this.serviceName = plan.config.name;
    this.namespace = plan.config.namespace;
    this.scoringPath = plan.scoringPath;
    this.swaggerPath = plan.swaggerPath;
    this.keySecretNames = plan.keySecretNames;
    this.selector = plan.selector;
    this.warnings = logWarnings(this, subject, [...plan.warnings, ...platformWarnings], acknowledged);

    this.appInsightsComponent = createAppInsightsComponent(this, name, ph, options.appInsightsComponent, appInsights, opts);
    this.workloadIdentity = createWorkloadIdentity(this, name, subject, ph, options.workloadIdentity, identity, opts);
    const children = createResources(this, ph, prepared, options.generatedKeys, plan.config.keys);
    this.generatedKeys = children.generatedKeys;
    this.kubeResources = children.kubeResources;
    const wi = this.workloadIdentity;
    this.resources = [
      ...children.resources,
      ...(this.appInsightsComponent ? [this.appInsightsComponent] : []),
      ...(wi ? [wi.identity, wi.federatedCredential, ...wi.roleAssignments] : []),
    ];
    this.deployment = findKubeResource(this.kubeResources, 'Deployment')!.resource as k8s.apps.v1.Deployment;
    this.service = findKubeResource(this.kubeResources, 'Service')!.resource as k8s.core.v1.Service;
    this.horizontalPodAutoscaler = findKubeResource(this.kubeResources, 'HorizontalPodAutoscaler')?.resource as k8s.autoscaling.v2.HorizontalPodAutoscaler | undefined;
    this.scaledObject = findKubeResource(this.kubeResources, 'ScaledObject')?.resource as k8s.apiextensions.CustomResource | undefined;
    this.httpRoute = findKubeResource(this.kubeResources, 'HTTPRoute', plan.routeName)!.resource as k8s.apiextensions.CustomResource;

    this.primaryKey = keyOutput(ph, plan.objects, plan.keySecretNames, 'primary');
    this.secondaryKey = keyOutput(ph, plan.objects, plan.keySecretNames, 'secondary');
    this.config = ph.resolve(withoutKeys(plan.config));
    this.resolvedConfig = withoutInputFields(plan.config);
    this.scoringUri = pulumi.output(plan.scoringUri ?? plan.scoringPath);
    this.swaggerUri = pulumi.output(plan.swaggerUri ?? plan.swaggerPath);
    this.healthPath = plan.healthPath;

    this.registerOutputs({
      serviceName: this.serviceName,
      namespace: this.namespace,
      scoringPath: this.scoringPath,
      swaggerPath: this.swaggerPath,
      healthPath: this.healthPath,
      scoringUri: this.scoringUri,
      swaggerUri: this.swaggerUri,
      primaryKey: this.primaryKey,
      secondaryKey: this.secondaryKey,
      keySecretNames: this.keySecretNames,
    });
  }
}
