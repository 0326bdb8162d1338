import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type * as applicationinsights from '@pulumi/azure-native/applicationinsights';
import { AksEndpointProps, AksEndpointVersionProps, ResolvedEndpoint, ResolvedEndpointVersion, VersionType } from '../core/endpoint/resolve';
import { EndpointPlan, planEndpoint } from '../core/endpoint/plan';
import {
  EngineContextArgs,
  WarningArgs,
  InputConfigFields,
  KeyInputs,
  ScoringContainerInputs,
  createAppInsightsComponent,
  createResources,
  keyOutput,
  logWarnings,
  planContainerInputs,
  planContext,
  planKeyInputs,
  prepareAppInsightsComponent,
  prepareResources,
  reserveAppInsightsComponent,
  reserveGeneratedKeys,
  withoutInputFields,
  isServiceName,
  withDefaultName,
  withoutKeys,
} from './component-support';
import { InputPlaceholders } from './inputs';
import { KubeResource, findKubeResource } from './kube-resources';
import { checkOnStackPlatforms } from './aks-ml-platform';

/**
 * One version of an {@link AksEndpoint}: the same as `AksEndpointVersionProps`, except
 * that `image` and the values of `env` accept Pulumi Inputs.
 */
export interface AksEndpointVersionArgs extends Omit<AksEndpointVersionProps, 'image' | 'env'>, ScoringContainerInputs {}

/**
 * The props of {@link AksEndpoint}: the same as the cdk8s construct's
 * (`AksEndpointProps`), except that these accept Pulumi Inputs:
 *
 * - `primaryKey` and `secondaryKey`
 * - each version's `image` and the values of its `env`
 *
 * Every other prop must be a plain value (see `AksWebserviceArgs`).
 */
export interface AksEndpointArgs extends Omit<AksEndpointProps, 'versions' | 'primaryKey' | 'secondaryKey' | 'name'>, KeyInputs, EngineContextArgs, WarningArgs {
  /**
   * The endpoint name (3 to 32 lowercase letters, digits and "-", starting with a letter).
   * @default - the resource name, when it is a valid endpoint name
   */
  readonly name?: string;
  /** The versions: 1 to 6. */
  readonly versions: AksEndpointVersionArgs[];
}

/** An endpoint version's resolved configuration without the props that accept Inputs (`image`, `env`). */
export type PlainEndpointVersionConfig = Omit<ResolvedEndpointVersion, InputConfigFields>;

/** An endpoint's resolved configuration without the keys and the versions' `image` and `env`. */
export interface PlainEndpointConfig extends Omit<ResolvedEndpoint, 'primaryKey' | 'secondaryKey' | 'versions'> {
  readonly versions: readonly PlainEndpointVersionConfig[];
}

/** One version of an {@link AksEndpoint}. */
export interface AksEndpointVersionResources {
  readonly versionName: string;
  /** The Kubernetes name of its Deployment, Service, HTTPRoute, ... */
  readonly kubernetesName: string;
  /** Its share of the endpoint's scoring traffic, in percent (the weights add up to 100). */
  readonly weight: number;
  readonly isDefault: boolean;
  readonly versionType: VersionType;
  /** `/api/v1/service/<endpoint>/versions/<version>/score` */
  readonly scoringPath: string;
  /** The version's own scoring URI when the gateway has a hostname, else its path. */
  readonly scoringUri: pulumi.Output<string>;
  /** The header that sends a call on the endpoint's scoring URI to this version. */
  readonly header: { readonly name: string; readonly value: string };
  readonly deployment: k8s.apps.v1.Deployment;
  readonly service: k8s.core.v1.Service;
  /** The version's own HTTPRoute (direct access). */
  readonly httpRoute: k8s.apiextensions.CustomResource;
  /** The version's pod selector labels. */
  readonly selector: Record<string, string>;
}

/**
 * An Azure ML v1 `AksEndpoint` as a Pulumi component: one scoring endpoint with 1 to
 * 6 versions behind it, each a full web service with a share of the traffic. The
 * same Kubernetes objects as the cdk8s `AksEndpointConstruct`, each its own resource,
 * children of this component. One key pair for the endpoint: generated with
 * `random.RandomPassword` into the Secret `<name>-keys` unless given or taken from
 * an existing Secret or Key Vault (see `AksWebservice`).
 *
 * Invalid props throw one `ConfigurationError` listing every problem, before any
 * resource (this component included) is registered.
 *
 * @example
 * const ep = new AksEndpoint('fraud', {
 *   name: 'fraud',
 *   namespace: 'ml',
 *   versions: [
 *     { versionName: 'v1', image: v1Image.repoDigest, trafficPercentile: 90, isDefault: true },
 *     { versionName: 'v2', image: v2Image.repoDigest, trafficPercentile: 10 },
 *   ],
 * }, { provider: cluster.provider });
 */
export class AksEndpoint extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aks-ml-constructs:index:AksEndpoint';

  /** The endpoint name. */
  public readonly endpointName: string;
  /** The namespace, when set (otherwise the provider's). */
  public readonly namespace?: string;
  /** `/api/v1/service/<endpoint>/score` (weighted over the versions) */
  public readonly scoringPath: string;
  /** `/api/v1/service/<endpoint>/swagger.json` (the default version's) */
  public readonly swaggerPath: string;
  /** `/api/v1/service/<endpoint>/` */
  public readonly healthPath: string;
  /** The endpoint's scoring URI when the gateway has a hostname, else the path. */
  public readonly scoringUri: pulumi.Output<string>;
  /** The endpoint's Swagger URI, like {@link scoringUri}. */
  public readonly swaggerUri: pulumi.Output<string>;
  /** The primary key (secret); undefined when the keys come from an existing Secret or Key Vault, or key auth is off. */
  public readonly primaryKey: pulumi.Output<string | undefined>;
  /** The secondary key (secret), like {@link primaryKey}. */
  public readonly secondaryKey: pulumi.Output<string | undefined>;
  /** The configuration with every default applied and the Inputs' values in; without the keys. */
  public readonly config: pulumi.Output<ResolvedEndpoint>;
  /**
   * The configuration with every default applied, as a plain value known when the
   * component is constructed (e.g. for `AksCluster.assertCapacity`): {@link config}
   * without the keys and without each version's `image` and `env`.
   */
  public readonly resolvedConfig: PlainEndpointConfig;
  /** The Secrets whose entries are the accepted keys (empty when key auth is off). */
  public readonly keySecretNames: string[];
  /** The versions, in the order given. */
  public readonly versions: AksEndpointVersionResources[];
  /** The default version. */
  public readonly defaultVersion: AksEndpointVersionResources;
  /** The HTTPRoute that splits the endpoint's traffic. */
  public readonly httpRoute: k8s.apiextensions.CustomResource;
  /** The Kubernetes resources, one per object, in plan order (a reused Namespace has `owned: false`). */
  public readonly kubeResources: KubeResource[];
  /** The RandomPasswords of the generated keys (empty when no key is generated). */
  public readonly generatedKeys: random.RandomPassword[];
  /** Every child resource: the Kubernetes resources it owns, then the RandomPasswords, then the App Insights component. */
  public readonly resources: pulumi.CustomResource[];
  /**
   * The Application Insights component created for `AppInsights.createComponent()`
   * (azure-native `applicationinsights.Component`, `<name>-app-insights`); its key and
   * connection string are in the Secret `<service>-app-insights`, as secrets.
   */
  public readonly appInsightsComponent?: applicationinsights.Component;
  /** The warnings logged for this endpoint. */
  public readonly warnings: string[];

  constructor(name: string, args: AksEndpointArgs, opts: pulumi.ComponentResourceOptions = {}) {
    args = withDefaultName(args, name, isServiceName);
    // Plan (and so validate) before anything is registered.
    const ph = new InputPlaceholders();
    const argName = (args as { name?: unknown } | undefined)?.name;
    const { props: endpointArgs, options: context, acknowledged } = planContext(args, opts, `AksEndpoint "${typeof argName === 'string' ? argName : name}"`);
    const planned = planKeyInputs(ph, endpointArgs);
    const versions = (planned as { versions?: unknown }).versions;
    const props = {
      ...planned,
      // Not a list: left as is for the core to report.
      versions: Array.isArray(versions) ? versions.map((v) => (v !== null && typeof v === 'object' ? planContainerInputs(ph, v as AksEndpointVersionArgs) : v)) : versions,
    } as AksEndpointProps;
    const options = { ...context, generatedKeys: reserveGeneratedKeys(ph), appInsightsComponent: reserveAppInsightsComponent(ph) };
    const plan: EndpointPlan = planEndpoint(props, options);
    const subject = `AksEndpoint "${plan.config.name}"`;
    const prepared = prepareResources(ph, name, subject, plan.objects, plan.config.namespace, opts);
    const appInsights = prepareAppInsightsComponent(subject, plan.appInsightsComponent);
    ph.setValidator((values) => {
      planEndpoint(ph.fill(props, values), options);
    });

    const platformWarnings = checkOnStackPlatforms(subject, plan.objects, plan.gateway.implementation, opts);
    super(AksEndpoint.TYPE, name, {}, opts);

    this.endpointName = plan.config.name;
    this.namespace = plan.config.namespace;
    this.scoringPath = plan.scoringPath;
    this.swaggerPath = plan.swaggerPath;
    this.healthPath = plan.healthPath;
    this.keySecretNames = plan.keySecretNames;
    this.warnings = logWarnings(this, subject, [...plan.warnings, ...platformWarnings], acknowledged);

    this.appInsightsComponent = createAppInsightsComponent(this, name, ph, options.appInsightsComponent, appInsights, opts);
    const children = createResources(this, ph, prepared, options.generatedKeys, plan.config.keys);
    this.generatedKeys = children.generatedKeys;
    this.kubeResources = children.kubeResources;
    this.resources = [...children.resources, ...(this.appInsightsComponent ? [this.appInsightsComponent] : [])];
    const find = <T extends pulumi.CustomResource>(kind: string, n: string) => findKubeResource(this.kubeResources, kind, n)!.resource as T;

    this.httpRoute = find<k8s.apiextensions.CustomResource>('HTTPRoute', plan.routeName);
    this.versions = plan.versions.map((v) => ({
      versionName: v.versionName,
      kubernetesName: v.kubernetesName,
      weight: v.weight,
      isDefault: v.isDefault,
      versionType: v.versionType,
      scoringPath: v.scoringPath,
      scoringUri: pulumi.output(v.scoringUri ?? v.scoringPath),
      header: v.header,
      deployment: find<k8s.apps.v1.Deployment>('Deployment', v.kubernetesName),
      service: find<k8s.core.v1.Service>('Service', v.kubernetesName),
      httpRoute: find<k8s.apiextensions.CustomResource>('HTTPRoute', v.kubernetesName),
      selector: v.selector,
    }));
    this.defaultVersion = this.versions.find((v) => v.isDefault)!;

    this.primaryKey = keyOutput(ph, plan.objects, plan.keySecretNames, 'primary');
    this.secondaryKey = keyOutput(ph, plan.objects, plan.keySecretNames, 'secondary');
    this.config = ph.resolve(withoutKeys(plan.config));
    this.resolvedConfig = { ...withoutKeys(plan.config), versions: plan.config.versions.map((v) => withoutInputFields(v)) } as PlainEndpointConfig;
    this.scoringUri = pulumi.output(plan.scoringUri ?? plan.scoringPath);
    this.swaggerUri = pulumi.output(plan.swaggerUri ?? plan.swaggerPath);

    this.registerOutputs({
      endpointName: this.endpointName,
      namespace: this.namespace,
      scoringPath: this.scoringPath,
      swaggerPath: this.swaggerPath,
      healthPath: this.healthPath,
      scoringUri: this.scoringUri,
      swaggerUri: this.swaggerUri,
      primaryKey: this.primaryKey,
      secondaryKey: this.secondaryKey,
      keySecretNames: this.keySecretNames,
      defaultVersion: this.defaultVersion.versionName,
      versions: this.versions.map((v) => ({ versionName: v.versionName, weight: v.weight, isDefault: v.isDefault, scoringUri: v.scoringUri })),
    });
  }
}
