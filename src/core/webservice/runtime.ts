/**
 * What the scoring container's run-time readers need from the library: the timeouts of
 * the Azure ML inference HTTP server (`azmlinfsrv`) and of its gunicorn workers, the
 * startup budget of the probes, and the settings the server ignores or must never get.
 * docs/runtime-contract.md names the reader of every setting.
 */
import type { ResolvedDeployConfiguration } from './deploy-configuration';

/**
 * The port the Azure ML inference server answers on. `azmlinfsrv` listens on 5001
 * unless it is started with `--port` (it overwrites `SERVER_PORT`); in the Azure ML
 * inference images 5001 is nginx, in front of `azmlinfsrv` on 31311.
 */
export const INFERENCE_SERVER_PORT = 5001;

/**
 * How much longer the server's own scoring timeout (`SCORING_TIMEOUT_MS`, which answers
 * 500) runs than the longest gateway route timeout in front of it (which answers 504),
 * so that a slow call gets the gateway's 504, as in v1.
 */
export const SERVER_TIMEOUT_MARGIN_MS = 5000;

/**
 * How much longer gunicorn lets a worker stay silent (`WORKER_TIMEOUT`) than the longest
 * scoring call and the startup budget: past it gunicorn kills the worker, without a response.
 */
export const WORKER_TIMEOUT_MARGIN_SECONDS = 10;

/** How often the startup probe asks whether `init()` has returned. */
export const STARTUP_PROBE_PERIOD_SECONDS = 5;

const MAX_INT32 = 2147483647;

/** The server's scoring timeout for the longest gateway route timeout that reaches it. */
export function serverScoringTimeoutMs(routeTimeoutMs: number): number {
  return routeTimeoutMs + SERVER_TIMEOUT_MARGIN_MS;
}

/** The v1 probe settings that size the startup budget. */
export type ProbeTiming = Pick<ResolvedDeployConfiguration, 'initialDelaySeconds' | 'periodSeconds' | 'failureThreshold'>;

/**
 * The startup probe's failure threshold. v1's liveness probe could first restart the
 * container `initialDelaySeconds` + `failureThreshold` × `periodSeconds` after it started;
 * the startup probe allows at least that long for `init()` (the server answers `GET /`
 * only once `init()` has returned), then the liveness probe starts with no delay.
 */
export function startupFailureThreshold(t: ProbeTiming): number {
  const budget = t.initialDelaySeconds + t.failureThreshold * t.periodSeconds;
  return Math.min(MAX_INT32, Math.max(1, Math.ceil(budget / STARTUP_PROBE_PERIOD_SECONDS)));
}

/** The time the startup probe allows before it restarts the container, in seconds. */
export function startupBudgetSeconds(t: ProbeTiming): number {
  return startupFailureThreshold(t) * STARTUP_PROBE_PERIOD_SECONDS;
}

/**
 * gunicorn's worker timeout (`WORKER_TIMEOUT`, seconds): above the server's scoring timeout
 * (a sync worker is silent while it scores) and above the startup budget (a worker is
 * silent while `init()` loads the model), so gunicorn never kills a worker the gateway or
 * the kubelet still waits for.
 */
export function workerTimeoutSeconds(serverTimeoutMs: number, t: ProbeTiming): number {
  return Math.max(Math.ceil(serverTimeoutMs / 1000), startupBudgetSeconds(t)) + WORKER_TIMEOUT_MARGIN_SECONDS;
}

/**
 * Variables the inference server reads in a way that breaks the service: refused in `env`.
 * The value is the reason.
 */
export const REFUSED_ENV: Readonly<Record<string, string>> = {
  AZUREML_DEBUG_PORT:
    'makes every worker of the inference server connect to a debugger and wait for it forever (debugpy wait_for_client), so the service never starts; remove it',
};

/**
 * Variables the inference server does not read (or overwrites): setting them in `env`
 * warns when the image's own start command runs. The value is what to do instead.
 */
export const IGNORED_ENV: Readonly<Record<string, string>> = {
  SERVER_PORT: 'azmlinfsrv overwrites it; only its --port argument moves the server (see containerPort and command/args)',
  HEALTH_PORT: 'azmlinfsrv overwrites it; only its --health_port argument (with SEPERATE_HEALTH_ENDPOINT=true) moves it',
  AZUREML_LOG_LEVEL: 'nothing in the server reads it; log levels come from a logging.json in the app root',
  AML_APP_INSIGHTS_ENDPOINT: 'nothing in the server reads it; the ingestion endpoint comes from APPLICATIONINSIGHTS_CONNECTION_STRING',
};
