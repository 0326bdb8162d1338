import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { AksMlGatewayProps, GatewayPlan, planGateway, resolveGateway, ResolvedAksMlGateway } from '../core/gateway/plan';
import { GatewayRef } from '../core/gateway/gateway-ref';
import { GatewayTls } from '../core/gateway/tls';
import { WarningArgs, acknowledgedIds, createResources, logWarnings, prepareResources } from './component-support';
import { checkOnStackPlatforms } from './aks-ml-platform';
import { InputPlaceholders } from './inputs';
import { KubeResource, findKubeResource } from './kube-resources';

/**
 * The props of {@link AksMlGateway}: the same as the cdk8s construct's
 * (`AksMlGatewayProps`), all plain values (they decide which objects exist, what
 * they are called and the URIs services derive from the reference).
 */
export interface AksMlGatewayArgs extends AksMlGatewayProps, WarningArgs {}

/**
 * The Gateway that publishes scoring services and endpoints (the role of the v1
 * `azureml-fe` front end), as a Pulumi component: the same Kubernetes objects as the
 * cdk8s `AksMlGateway` — the namespace, the GatewayClass, the Gateway with its HTTPS
 * listener (TLS terminated with your certificate Secret) and optional HTTP listener,
 * and the implementation's client policy (TLS 1.2 as the lowest version) — each its
 * own resource, children of this component. Pass `gateway.ref` as the `gateway` arg
 * of `AksWebservice` and `AksEndpoint`.
 *
 * With every default it is exactly the Gateway services attach to when they set no
 * `gateway` (`aks-ml` in `aks-ml-gateway`, listener `https`). The Namespace and the
 * GatewayClass are shared with the other components on the same Kubernetes provider
 * (the first creates them) and kept when the component is deleted (`retainOnDelete`).
 *
 * Invalid props throw one `ConfigurationError` listing every problem, before any
 * resource (this component included) is registered.
 *
 * @example
 * const gateway = new AksMlGateway('gateway', {
 *   hostname: 'ml.example.com',
 *   tls: { certificateSecretName: 'ml-example-com-tls' },
 *   httpListener: 'redirect',
 *   infrastructureAnnotations: cluster.loadBalancerServiceAnnotations, // internal load balancer
 * }, { provider: cluster.provider });
 * new AksWebservice('fraud', { name: 'fraud', image, gateway: gateway.ref }, { provider: cluster.provider });
 */
export class AksMlGateway extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aks-ml-constructs:index:AksMlGateway';

  /** The Gateway's name. */
  public readonly gatewayName: string;
  /** The Gateway's namespace. */
  public readonly namespace: string;
  /**
   * The host name the listeners accept, as given (possibly a wildcard); undefined for
   * any host. Services build their URIs from `ref.hostname`, set only for a precise name.
   */
  public readonly hostname?: string;
  /** The reference to pass as `gateway` to services and endpoints. */
  public readonly ref: GatewayRef;
  /** The listener names, in order (`https`, then `http` when there is an HTTP listener). */
  public readonly listeners: string[];
  /** The configuration with every default applied. */
  public readonly config: ResolvedAksMlGateway;
  /** The plan the resources were created from. */
  public readonly plan: GatewayPlan;
  /**
   * The Kubernetes resources, one per object, in plan order. A Namespace or
   * GatewayClass another component declared first is reused (`owned: false`).
   */
  public readonly kubeResources: KubeResource[];
  /** The Kubernetes resources this component owns. */
  public readonly resources: pulumi.CustomResource[];
  /** The Gateway. */
  public readonly gateway: k8s.apiextensions.CustomResource;
  /** The GatewayClass, when created (possibly by another component: see `kubeResources`). */
  public readonly gatewayClass?: k8s.apiextensions.CustomResource;
  /** The implementation's client policy (TLS versions), when there is an HTTPS listener. */
  public readonly clientTrafficPolicy?: k8s.apiextensions.CustomResource;
  /** The warnings logged for this gateway. */
  public readonly warnings: string[];

  constructor(name: string, args: AksMlGatewayArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    // Plan (and so validate) before anything is registered.
    const ph = new InputPlaceholders();
    const { acknowledgeWarnings, ...given } = args ?? {};
    // PEM certificate and key (GatewayTls.fromPem, fromPemFiles, fromV1Cluster): planned
    // with placeholders bound to secret Outputs, so the values stay encrypted in the state.
    let props = given;
    const cert = given?.tls?.certificate;
    if (GatewayTls.isGatewayTls(cert) && cert.source.kind === 'pem') {
      resolveGateway(given, { keyMaterialIsSecret: true }); // the PEM values themselves are checked first
      const [certToken, keyToken] = [ph.reserve(), ph.reserve()];
      ph.bind(certToken, pulumi.secret(cert.source.options.cert));
      ph.bind(keyToken, pulumi.secret(cert.source.options.key));
      props = { ...given, tls: { ...given.tls, certificate: cert.withPemValues(certToken, keyToken) } };
    }
    const plan = planGateway(props, { keyMaterialIsSecret: true });
    const acknowledged = acknowledgedIds(acknowledgeWarnings, `AksMlGateway "${name}"`);
    const subject = `AksMlGateway "${plan.config.name}"`;
    const prepared = prepareResources(ph, name, subject, plan.objects, plan.config.namespace, opts);
    // The platforms of the stack check the objects (cert-manager for the Certificate, External Secrets for a Key Vault certificate).
    const platformWarnings = checkOnStackPlatforms(subject, plan.objects, undefined, opts);

    super(AksMlGateway.TYPE, name, {}, opts);

    this.plan = plan;
    this.config = plan.config;
    this.ref = plan.ref;
    this.gatewayName = plan.config.name;
    this.namespace = plan.config.namespace;
    this.hostname = plan.config.hostname;
    this.listeners = plan.listeners;
    this.warnings = logWarnings(this, subject, [...plan.warnings, ...platformWarnings], acknowledged);

    const children = createResources(this, ph, prepared);
    this.kubeResources = children.kubeResources;
    this.resources = children.resources;
    const find = (kind: string) => findKubeResource(this.kubeResources, kind)?.resource as k8s.apiextensions.CustomResource | undefined;
    this.gateway = find('Gateway')!;
    this.gatewayClass = find('GatewayClass');
    this.clientTrafficPolicy = find('ClientTrafficPolicy');

    this.registerOutputs({
      gatewayName: this.gatewayName,
      namespace: this.namespace,
      hostname: this.hostname,
      listeners: this.listeners,
      ref: { name: this.ref.name, namespace: this.ref.namespace, sectionName: this.ref.sectionName, scheme: this.ref.scheme, hostname: this.ref.hostname },
    });
  }
}
