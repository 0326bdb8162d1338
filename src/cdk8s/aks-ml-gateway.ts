import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AksMlGatewayProps, GatewayPlan, planGateway, ResolvedAksMlGateway } from '../core/gateway/plan';
import { GatewayRef } from '../core/gateway/gateway-ref';
import { checkOnPlatform } from './aks-ml-platform';
import { addApiObjects, findApiObject } from './objects';
import { reportWarnings } from './warnings';

/** Props of {@link AksMlGateway}. */
export interface AksMlGatewayConstructProps extends AksMlGatewayProps {}

/**
 * The Gateway that publishes scoring services and endpoints (the role of the v1
 * `azureml-fe` front end): an HTTPS listener that terminates TLS with your certificate
 * Secret, TLS 1.2 as the lowest version (set through the implementation's client
 * policy; v1 accepted TLS 1.2 only), an optional HTTP listener, the GatewayClass and
 * the namespace. Pass `gateway.ref` as the `gateway` prop of services and endpoints.
 *
 * With every default it is exactly the Gateway services attach to when they set no
 * `gateway` (`aks-ml` in `aks-ml-gateway`, listener `https`).
 *
 * @example
 * const gateway = new AksMlGateway(chart, 'gateway', {
 *   hostname: 'ml.example.com',
 *   tls: { certificateSecretName: 'ml-example-com-tls' },
 *   httpListener: 'redirect',
 * });
 * new AksWebserviceConstruct(chart, 'fraud', { name: 'fraud', image: '...', gateway: gateway.ref });
 */
export class AksMlGateway extends Construct {
  /** The configuration with every default applied. */
  public readonly config: ResolvedAksMlGateway;
  /** The reference to pass as `gateway` to services and endpoints. */
  public readonly ref: GatewayRef;
  /** The Gateway. */
  public readonly gateway: ApiObject;
  /** The GatewayClass, when created. */
  public readonly gatewayClass?: ApiObject;
  /** The implementation's client policy (TLS versions), when there is an HTTPS listener. */
  public readonly clientTrafficPolicy?: ApiObject;
  /** Every object, in synthesis order. */
  public readonly apiObjects: ApiObject[];
  public readonly warnings: string[];
  public readonly plan: GatewayPlan;

  constructor(scope: Construct, id: string, props: AksMlGatewayConstructProps = {}) {
    const plan = planGateway(props);
    super(scope, id);
    this.plan = plan;
    this.config = plan.config;
    this.ref = plan.ref;
    this.warnings = reportWarnings(this, `AksMlGateway "${plan.config.name}"`, plan.warnings);
    this.apiObjects = addApiObjects(this, plan.objects);
    this.gateway = findApiObject(this.apiObjects, 'Gateway')!;
    this.gatewayClass = findApiObject(this.apiObjects, 'GatewayClass');
    this.clientTrafficPolicy = findApiObject(this.apiObjects, 'ClientTrafficPolicy');
    // The platforms of the app check the objects (cert-manager for the Certificate, External Secrets for a Key Vault certificate).
    checkOnPlatform(this, `AksMlGateway "${plan.config.name}"`, plan.objects);
  }
}
