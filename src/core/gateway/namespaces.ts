/**
 * The label that lets a namespace attach routes to the Gateway `AksMlGateway` creates
 * by default (`allowedRoutes`: Gateway API `namespaces.from: Selector`).
 */
import { LABEL_DOMAIN } from '../kube';

/**
 * The label of the namespaces whose routes the Gateway admits by default (value
 * `"true"`). The namespaces the library creates carry it; label one you create with
 * `kubectl label namespace <name> aks-ml-constructs.io/gateway-routes=true`.
 */
export const GATEWAY_ROUTES_LABEL = `${LABEL_DOMAIN}/gateway-routes`;

/** The labels of a namespace whose routes the default Gateway admits. */
export const GATEWAY_ROUTES_NAMESPACE_LABELS: Readonly<Record<string, string>> = Object.freeze({ [GATEWAY_ROUTES_LABEL]: 'true' });
