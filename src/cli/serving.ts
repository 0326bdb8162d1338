/**
 * The serving props from the command line: the gateway and the Entra ID settings of
 * token auth (with placeholders when only inspecting).
 */
import { DEFAULT_GATEWAY_REF, GatewayRef } from '../core/gateway/gateway-ref';
import { CliOptions } from './args';
import { Autoscaler } from '../core/webservice/autoscaler';
import { CliWarning, UsageError } from './errors';

/** The serving props (gateway, Entra ID) from the command line. */
export interface ServingChoice {
  /** `--autoscaler` (with `--prometheus-address`); set on each service or version, not on an endpoint. */
  readonly autoscaler?: Autoscaler;
  readonly gateway?: GatewayRef;
  readonly entraTenantId?: string;
  readonly entraAudience?: string | string[];
}

/** `--gateway [NAMESPACE/]NAME`, `--hostname`, `--entra-*` to props. */
export function chooseServing(opts: CliOptions, command: string): ServingChoice {
  let gateway: GatewayRef | undefined;
  if (opts.gateway !== undefined) {
    const parts = opts.gateway.split('/');
    if (parts.length > 2 || parts.some((p) => p === '')) {
      throw new UsageError(`--gateway must be NAME or NAMESPACE/NAME; received "${opts.gateway}".`, command);
    }
    gateway = parts.length === 2 ? { namespace: parts[0], name: parts[1] } : { name: parts[0] };
  }
  if (opts.hostname !== undefined) gateway = { ...(gateway ?? DEFAULT_GATEWAY_REF), hostname: opts.hostname };
  const audiences = opts.entraAudiences;
  // v1 scaled on concurrency (refreshPeriodInSeconds, targetUtilization); the KEDA
  // autoscaler that does the same needs the Prometheus holding the request metrics.
  let autoscaler: Autoscaler | undefined;
  if (opts.autoscaler !== undefined && opts.autoscaler !== 'cpu' && opts.autoscaler !== 'concurrency') {
    throw new UsageError(`--autoscaler must be cpu or concurrency; received "${opts.autoscaler}".`, command);
  }
  if (opts.autoscaler === 'concurrency') {
    if (opts.prometheusAddress === undefined) {
      throw new UsageError('--autoscaler concurrency needs --prometheus-address URL: the Prometheus query API the scaler reads the request metrics from.', command);
    }
    autoscaler = Autoscaler.concurrency({ prometheusServerAddress: opts.prometheusAddress });
  } else if (opts.prometheusAddress !== undefined) {
    throw new UsageError('--prometheus-address applies only with --autoscaler concurrency.', command);
  } else if (opts.autoscaler === 'cpu') {
    autoscaler = Autoscaler.cpu();
  }
  return {
    ...(autoscaler ? { autoscaler } : {}),
    ...(gateway ? { gateway } : {}),
    ...(opts.entraTenantId !== undefined ? { entraTenantId: opts.entraTenantId } : {}),
    ...(audiences.length > 0 ? { entraAudience: audiences.length === 1 ? audiences[0] : [...audiences] } : {}),
  };
}

/** The Entra ID placeholders of `validate`/`explain` (syntactically valid, obviously not real). */
export const PLACEHOLDER_TENANT = '00000000-0000-0000-0000-000000000000';
export const PLACEHOLDER_AUDIENCE = 'api://placeholder-audience';

/** The serving props, with placeholders for the Entra ID settings token auth needs when only inspecting. */
export function servingProps(
  ctx: { readonly serving: ServingChoice; readonly placeholders: boolean },
  tokenAuthEnabled: boolean,
  sources: Record<string, string>,
  warnings: CliWarning[],
  context: string,
): Omit<ServingChoice, 'autoscaler'> {
  const { autoscaler: _autoscaler, ...s } = ctx.serving;
  if (s.gateway) sources.gateway = s.gateway.name === DEFAULT_GATEWAY_REF.name && s.gateway.hostname ? '--hostname' : '--gateway';
  if (s.entraTenantId !== undefined) sources.entraTenantId = '--entra-tenant-id';
  if (s.entraAudience !== undefined) sources.entraAudience = '--entra-audience';
  if (!tokenAuthEnabled || !ctx.placeholders) return s;
  const missing = [
    s.entraTenantId === undefined ? '--entra-tenant-id' : undefined,
    s.entraAudience === undefined ? '--entra-audience' : undefined,
  ].filter((x): x is string => x !== undefined);
  if (missing.length === 0) return s;
  warnings.push({
    context,
    warning: {
      id: 'aks-ml:cli:tokenAuthNeedsEntraOptions',
      prop: 'tokenAuthEnabled',
      message:
        `is true: tokens are Microsoft Entra ID tokens checked at the gateway, so converting needs ${missing.join(' and ')} ` +
        '(checked here with placeholders).',
    },
  });
  if (s.entraTenantId === undefined) sources.entraTenantId = 'placeholder (pass --entra-tenant-id)';
  if (s.entraAudience === undefined) sources.entraAudience = 'placeholder (pass --entra-audience)';
  return { ...s, entraTenantId: s.entraTenantId ?? PLACEHOLDER_TENANT, entraAudience: s.entraAudience ?? PLACEHOLDER_AUDIENCE };
}
