/**
 * What the Pulumi components share: Input-valued props, engine-generated keys,
 * key outputs and warnings.
 */
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { AuthKeys, AuthKeysSource } from '../core/webservice/auth-keys';
import { ConfigurationError, ConfigurationWarning, ProblemCollector, WARNING_ID_PATTERN, formatWarning, unacknowledged } from '../core/errors';
import { EngineGeneratedKeys, EnginePlanOptions, PRIMARY_KEY_ENTRY, SECONDARY_KEY_ENTRY } from '../core/webservice/keys';
import { KubeObject } from '../core/kube';
import { ScoringContainerProps } from '../core/webservice/resolve';
import { InputPlaceholders } from './inputs';
import { checkServiceName } from '../core/validation';
import type * as applicationinsights from '@pulumi/azure-native/applicationinsights';
import { AppInsightsComponentDescription, EngineAppInsightsComponent, azureNativeComponentArgs } from '../core/webservice/app-insights';
import { EngineWorkloadIdentity, WorkloadIdentityDescription, azureNativeIdentityArgs } from '../core/identity/workload-identity';
import type * as managedidentity from '@pulumi/azure-native/managedidentity';
import type * as authorization from '@pulumi/azure-native/authorization';
import { AzureNativeIdentityModules, loadAzureNativeApplicationInsights, loadAzureNativeIdentity } from './cluster-azure-native';
import { KubeResource, checkKubeResources, createKubeResources, kubernetesProviderOf, providerDefaultNamespace } from './kube-resources';

/**
 * The scoring-container props that accept Pulumi Inputs: `image` and the values
 * of `env` (the variable names stay plain: they are validated and must be known).
 */
export interface ScoringContainerInputs {
  /** The scoring container image; may be an Output (e.g. a built image's reference). */
  readonly image: pulumi.Input<string>;
  /** Extra environment variables; the values may be Outputs. */
  readonly env?: Record<string, pulumi.Input<string>>;
}

/** The key props that accept Pulumi Inputs. */
export interface KeyInputs {
  /** The primary key; may be an Output (e.g. a Key Vault secret's value). */
  readonly primaryKey?: pulumi.Input<string>;
  /** The secondary key; may be an Output. */
  readonly secondaryKey?: pulumi.Input<string>;
}

/** Args of the Pulumi components that are not props of the core but facts about the deployment. */
export interface EngineContextArgs {
  /**
   * The namespace your Kubernetes provider puts objects in when `namespace` is not
   * set (the `namespace` of the `k8s.Provider`, if any). The concurrency autoscaler
   * (its gateway metrics are keyed by namespace) and the gateway's NetworkPolicy
   * rules need it when `namespace` is not set.
   *
   * A `k8s.Provider`'s `namespace` cannot be read while the program runs (it is an
   * Input of the provider resource, resolved by the engine), so pass it here. With
   * the provider of an `AksCluster` that has `defaultNamespace` (or a provider recorded
   * with `setProviderDefaultNamespace`), that namespace is the default (giving another
   * one is a ConfigurationError).
   * @default - the `AksCluster` provider's `defaultNamespace`, else unknown
   */
  readonly defaultNamespace?: string;
}

/** The arg every Pulumi component takes to silence warnings it would log. */
export interface WarningArgs {
  /**
   * Ids of warnings to leave out of the log (each warning line ends with
   * `[ack: <id>]`); the `warnings` output lists only the others.
   * @default - every warning is logged
   */
  readonly acknowledgeWarnings?: readonly string[];
}

/**
 * Splits the engine context from the props: the plan options, with `defaultNamespace`
 * from the args or else from the Kubernetes provider (when known, see
 * {@link providerDefaultNamespace}). Throws a ConfigurationError when both are given
 * and differ.
 */
export function planContext<T extends EngineContextArgs & WarningArgs>(
  args: T,
  opts: pulumi.ComponentResourceOptions = {},
  subject = 'the component',
): { props: Omit<T, 'defaultNamespace' | 'acknowledgeWarnings'>; options: EnginePlanOptions; acknowledged: readonly string[] } {
  const { defaultNamespace, acknowledgeWarnings, ...props } = (args ?? {}) as T;
  const acknowledged = acknowledgedIds(acknowledgeWarnings, subject);
  const provider = kubernetesProviderOf(opts);
  const fromProvider = provider ? providerDefaultNamespace(provider) : undefined;
  if (defaultNamespace !== undefined && fromProvider !== undefined && defaultNamespace !== fromProvider) {
    throw new ConfigurationError(subject, [
      `defaultNamespace is "${String(defaultNamespace)}", but the Kubernetes provider puts objects without a namespace in "${fromProvider}" ` +
        '(the defaultNamespace of its AksCluster, or setProviderDefaultNamespace): leave defaultNamespace out, or set namespace.',
    ]);
  }
  const ns = defaultNamespace ?? fromProvider;
  return { props, options: ns !== undefined ? { defaultNamespace: ns } : {}, acknowledged };
}

/** Replaces the Input-valued scoring-container props by plain values or placeholders. */
export function planContainerInputs<T extends ScoringContainerInputs>(
  ph: InputPlaceholders,
  props: T,
): Omit<T, 'image' | 'env'> & Pick<ScoringContainerProps, 'image' | 'env'> {
  const out: Record<string, unknown> = { ...(props as object), image: ph.plan(props.image) };
  const env = props.env as unknown;
  if (env !== undefined && typeof env === 'object' && env !== null && !Array.isArray(env) && !pulumi.Output.isInstance(env)) {
    out.env = Object.fromEntries(Object.entries(env as Record<string, pulumi.Input<string>>).map(([k, v]) => [k, ph.plan(v)]));
  }
  return out as unknown as Omit<T, 'image' | 'env'> & Pick<ScoringContainerProps, 'image' | 'env'>;
}

/** Replaces the Input-valued key props by plain values or placeholders. */
export function planKeyInputs<T extends KeyInputs>(ph: InputPlaceholders, props: T): Omit<T, 'primaryKey' | 'secondaryKey'> & { primaryKey?: string; secondaryKey?: string } {
  const out: Record<string, unknown> = { ...(props as object) };
  for (const k of ['primaryKey', 'secondaryKey'] as const) {
    if (props[k] !== undefined) out[k] = ph.plan(props[k]);
  }
  return out as Omit<T, 'primaryKey' | 'secondaryKey'> & { primaryKey?: string; secondaryKey?: string };
}

/** Placeholders for the keys the engine may generate, to pass as `generatedKeys` to the plan. */
export function reserveGeneratedKeys(ph: InputPlaceholders): EngineGeneratedKeys {
  return { primary: ph.reserve(), secondary: ph.reserve() };
}

/**
 * Creates a RandomPassword (`<name>-primary-key`, `<name>-secondary-key`; no special
 * characters) for each generated key the plan uses, and binds its placeholder.
 */
export function createGeneratedKeys(
  parent: pulumi.Resource,
  name: string,
  ph: InputPlaceholders,
  generated: EngineGeneratedKeys,
  objects: readonly KubeObject[],
  keys: AuthKeys,
): random.RandomPassword[] {
  const used = ph.used(objects);
  const length = keys.source === AuthKeysSource.GENERATED ? (keys.options.length ?? 32) : 32;
  const passwords: random.RandomPassword[] = [];
  for (const [entry, token] of [[PRIMARY_KEY_ENTRY, generated.primary], [SECONDARY_KEY_ENTRY, generated.secondary]] as const) {
    if (!used.has(token)) continue;
    const password = new random.RandomPassword(`${name}-${entry}-key`, { length, special: false }, { parent });
    passwords.push(password);
    // Marked secret here too: the provider's own marking does not apply in every setting (e.g. mocks).
    ph.bind(token, pulumi.secret(password.result));
  }
  return passwords;
}

/**
 * The value of a key entry as written to the key Secrets (`<name>-keys`), as a
 * secret Output; undefined when no Secret of the plan holds it (keys from an
 * existing Secret or Key Vault, or key auth off).
 */
export function keyOutput(
  ph: InputPlaceholders,
  objects: readonly KubeObject[],
  keySecretNames: readonly string[],
  entry: string,
): pulumi.Output<string | undefined> {
  for (const o of objects) {
    if (o.apiVersion !== 'v1' || o.kind !== 'Secret' || !keySecretNames.includes(o.metadata.name)) continue;
    const data = o.stringData as Record<string, string> | undefined;
    // Resolved with the whole Secret, so that rules across its keys are checked as for the Secret.
    if (data?.[entry] !== undefined) return pulumi.secret(ph.resolve(data).apply((d) => d[entry]));
  }
  return pulumi.secret(undefined as string | undefined);
}

/** Checks the `acknowledgeWarnings` arg: a list of warning ids. */
export function acknowledgedIds(value: unknown, subject: string): readonly string[] {
  if (value === undefined) return [];
  const c = new ProblemCollector();
  if (!Array.isArray(value)) c.add('acknowledgeWarnings', value, 'must be a list of warning ids');
  else value.forEach((id, i) => {
    if (typeof id !== 'string' || !WARNING_ID_PATTERN.test(id)) c.add(`acknowledgeWarnings[${i}]`, id, `must be a warning id (${WARNING_ID_PATTERN})`);
  });
  c.throwIfAny(subject);
  return value as readonly string[];
}

/** Logs each warning not acknowledged on the component (`pulumi.log.warn`); returns the lines. */
export function logWarnings(
  resource: pulumi.Resource,
  subject: string,
  warnings: readonly ConfigurationWarning[],
  acknowledged: readonly string[] = [],
): string[] {
  const lines = unacknowledged(warnings, acknowledged).map((w) => formatWarning(subject, w));
  for (const line of lines) void pulumi.log.warn(line, resource);
  return lines;
}

/** The props that accept Pulumi Inputs, left out of the plain configs (their values may not be known yet). */
export type InputConfigFields = 'image' | 'env' | 'primaryKey' | 'secondaryKey';

/**
 * A copy of a resolved config without the fields that may hold Inputs (`image`,
 * `env`, the keys): every other value is known when the component is constructed.
 */
export function withoutInputFields<T extends { image?: string; env?: unknown; primaryKey?: string; secondaryKey?: string }>(config: T): Omit<T, InputConfigFields> {
  const { image: _i, env: _e, primaryKey: _p, secondaryKey: _s, ...rest } = config;
  return rest;
}

/** A copy of a resolved config without the keys (they are exposed only as secret outputs). */
export function withoutKeys<T extends { primaryKey?: string; secondaryKey?: string }>(config: T): T {
  const { primaryKey: _p, secondaryKey: _s, ...rest } = config;
  return rest as T;
}

/** What {@link prepareResources} checked, for {@link createResources}. */
export interface PreparedResources {
  readonly name: string;
  readonly subject: string;
  readonly objects: readonly KubeObject[];
  readonly homeNamespace?: string;
  readonly provider?: pulumi.ProviderResource;
}

/**
 * Checks the planned objects (placeholders and what the resource factory refuses)
 * before the component registers itself.
 */
export function prepareResources(
  ph: InputPlaceholders,
  name: string,
  subject: string,
  objects: readonly KubeObject[],
  homeNamespace: string | undefined,
  opts: pulumi.ComponentResourceOptions,
): PreparedResources {
  ph.checkPlanned(objects, subject);
  const prepared = { name, subject, objects, homeNamespace, provider: kubernetesProviderOf(opts) };
  checkKubeResources(objects, { namePrefix: name, homeNamespace, owner: subject, provider: prepared.provider, opts: {} });
  return prepared;
}

/**
 * The children of a component: the generated keys (when `generated` placeholders were
 * reserved), then one Kubernetes resource per object.
 */
export function createResources(
  parent: pulumi.ComponentResource,
  ph: InputPlaceholders,
  prepared: PreparedResources,
  generated?: EngineGeneratedKeys,
  keys?: AuthKeys,
): { generatedKeys: random.RandomPassword[]; kubeResources: KubeResource[]; resources: pulumi.CustomResource[] } {
  const generatedKeys = generated && keys ? createGeneratedKeys(parent, prepared.name, ph, generated, prepared.objects, keys) : [];
  const kubeResources = createKubeResources(
    prepared.objects.map((o) => ph.substitute(o)),
    { namePrefix: prepared.name, homeNamespace: prepared.homeNamespace, owner: prepared.subject, provider: prepared.provider, opts: { parent } },
  );
  const resources = [...kubeResources.filter((r) => r.owned).map((r) => r.resource), ...generatedKeys];
  return { generatedKeys, kubeResources, resources };
}

/**
 * Pulumi's convention: a component's `name` prop defaults to its resource name. When
 * `args.name` is not given and `resourceName` passes `isValid` (the rule the name must
 * follow), the args with `name: resourceName`; otherwise the args as given (a missing
 * name is then reported by the core, with the rule).
 */
export function withDefaultName<T>(args: T, resourceName: string, isValid: (name: string) => boolean): T {
  if (args === null || typeof args !== 'object') return args;
  const given = (args as { name?: unknown }).name;
  if (given !== undefined || !isValid(resourceName)) return args;
  return { ...args, name: resourceName };
}

/** Whether `name` is a valid service / endpoint name (the core's rule). */
export function isServiceName(name: string): boolean {
  return checkServiceName(new ProblemCollector(), 'name', name);
}

/** Placeholders for the values of an App Insights component the component may create, to pass as `appInsightsComponent` to the plan. */
export function reserveAppInsightsComponent(ph: InputPlaceholders): EngineAppInsightsComponent {
  return { instrumentationKey: ph.reserve(), connectionString: ph.reserve() };
}

/**
 * Loads azure-native's applicationinsights module when the plan asks for a component
 * (before the component registers itself, so a missing package registers nothing).
 */
export function prepareAppInsightsComponent(
  subject: string,
  description: AppInsightsComponentDescription | undefined,
): { module: typeof applicationinsights; description: AppInsightsComponentDescription } | undefined {
  return description ? { module: loadAzureNativeApplicationInsights(subject), description } : undefined;
}

/**
 * Creates the azure-native `applicationinsights.Component` (`<name>-app-insights`, a
 * child of `parent`, with the component's `dependsOn`) and binds the placeholders of its instrumentation key and
 * connection string to its outputs, as secrets: they fill the Secret the containers read.
 */
export function createAppInsightsComponent(
  parent: pulumi.ComponentResource,
  name: string,
  ph: InputPlaceholders,
  placeholders: EngineAppInsightsComponent,
  prepared: { module: typeof applicationinsights; description: AppInsightsComponentDescription } | undefined,
  opts: pulumi.ComponentResourceOptions = {},
): applicationinsights.Component | undefined {
  if (!prepared) return undefined;
  const args = azureNativeComponentArgs(prepared.description) as unknown as applicationinsights.ComponentArgs;
  // The component's dependsOn (e.g. the resource group created in the same program) holds for the Azure resource too.
  const component = new prepared.module.Component(`${name}-app-insights`, args, { parent, ...(opts.dependsOn !== undefined ? { dependsOn: opts.dependsOn } : {}) });
  ph.bind(placeholders.instrumentationKey, pulumi.secret(component.instrumentationKey));
  ph.bind(placeholders.connectionString, pulumi.secret(component.connectionString));
  return component;
}

/** Placeholders for the client and tenant ids of a workload identity the component may create, to pass as `workloadIdentity` to the plan. */
export function reserveWorkloadIdentity(ph: InputPlaceholders): EngineWorkloadIdentity {
  return { clientId: ph.reserve(), tenantId: ph.reserve() };
}

/** The azure-native modules and the identity of a plan, loaded before the component registers itself. */
export interface PreparedWorkloadIdentity {
  readonly modules: AzureNativeIdentityModules;
  readonly description: WorkloadIdentityDescription;
}

/** Loads azure-native's managedidentity and authorization modules when the plan asks for an identity. */
export function prepareWorkloadIdentity(subject: string, description: WorkloadIdentityDescription | undefined): PreparedWorkloadIdentity | undefined {
  return description ? { modules: loadAzureNativeIdentity(subject), description } : undefined;
}

/** The resources of a created workload identity. */
export interface WorkloadIdentityResources {
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly federatedCredential: managedidentity.FederatedIdentityCredential;
  readonly roleAssignments: authorization.RoleAssignment[];
}

/**
 * Creates the azure-native `managedidentity.UserAssignedIdentity` (`<name>-identity`),
 * its `FederatedIdentityCredential` (`<name>-identity-credential`, issuer from the
 * description: a URL or the AksCluster's `oidcIssuerUrl` output) and one
 * `authorization.RoleAssignment` per grant (`<name>-<role>`), children of `parent`
 * with the component's `dependsOn`, and binds the client and tenant id placeholders to
 * the identity's outputs.
 */
export function createWorkloadIdentity(
  parent: pulumi.ComponentResource,
  name: string,
  subject: string,
  ph: InputPlaceholders,
  placeholders: EngineWorkloadIdentity,
  prepared: PreparedWorkloadIdentity | undefined,
  opts: pulumi.ComponentResourceOptions = {},
): WorkloadIdentityResources | undefined {
  if (!prepared) return undefined;
  const { managedidentity: mi, authorization: authz } = prepared.modules;
  const d = prepared.description;
  const args = azureNativeIdentityArgs(d);
  const childOpts = { parent, ...(opts.dependsOn !== undefined ? { dependsOn: opts.dependsOn } : {}) };
  const identity = new mi.UserAssignedIdentity(`${name}-identity`, args.identity as unknown as managedidentity.UserAssignedIdentityArgs, childOpts);
  const issuerSource = d.federatedCredential.issuer as { url?: unknown };
  const issuer = pulumi.output(issuerSource.url as pulumi.Input<string | undefined>).apply((url) => {
    if (typeof url !== 'string' || url.length === 0) {
      throw new Error(`${subject}: the cluster has no OIDC issuer URL (is its OIDC issuer enabled?); pass oidcIssuerUrl to WorkloadIdentity.create().`);
    }
    return url;
  });
  const federatedCredential = new mi.FederatedIdentityCredential(`${name}-identity-credential`, {
    ...(args.federatedCredential as unknown as managedidentity.FederatedIdentityCredentialArgs),
    resourceName: identity.name,
    issuer,
  }, childOpts);
  const roleAssignments = args.roleAssignments.map((r) =>
    new authz.RoleAssignment(`${name}-${r.key}`, { ...(r.args as unknown as authorization.RoleAssignmentArgs), principalId: identity.principalId }, childOpts),
  );
  ph.bind(placeholders.clientId, identity.clientId);
  ph.bind(placeholders.tenantId, identity.tenantId);
  return { identity, federatedCredential, roleAssignments };
}
