/**
 * The label that lets a namespace attach routes to the Gateway `AksMlGateway` creates
 * by default (`allowedRoutes`: Gateway API `namespaces.from: Selector`).
 */
import { ConfigurationWarning } from '../errors';
import { LABEL_DOMAIN } from '../kube';

/**
 * The label of the namespaces whose routes the Gateway admits by default (value
 * `"true"`). The namespaces the library creates carry it; label one you create with
 * `kubectl label namespace <name> aks-ml-constructs.io/gateway-routes=true`.
 */
export const GATEWAY_ROUTES_LABEL = `${LABEL_DOMAIN}/gateway-routes`;

/** The labels of a namespace whose routes the default Gateway admits. */
export const GATEWAY_ROUTES_NAMESPACE_LABELS: Readonly<Record<string, string>> = Object.freeze({ [GATEWAY_ROUTES_LABEL]: 'true' });

/**
 * The warning for a service or endpoint whose namespace the library does not create:
 * the default Gateway admits its routes only once the namespace carries the label.
 */
export function unlabelledNamespaceWarning(namespace: string | undefined, defaultNamespace: string | undefined): ConfigurationWarning {
  const name = namespace ?? defaultNamespace;
  const which = name ? `namespace "${name}"` : 'the namespace (the chart\'s or the provider\'s)';
  return {
    id: 'aks-ml:gateway:routeNamespaceNotLabelled',
    prop: namespace ? 'createNamespace' : 'namespace',
    message:
      `${namespace ? 'is false' : 'is not set'}: the library does not create ${which}, and the default Gateway admits routes only ` +
      `from namespaces labelled ${GATEWAY_ROUTES_LABEL}=true. Label it (kubectl label namespace <name> ${GATEWAY_ROUTES_LABEL}=true) ` +
      'or attach to a Gateway whose allowedRoutes admits it.',
  };
}
