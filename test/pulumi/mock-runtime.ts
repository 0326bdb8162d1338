/**
 * Pulumi unit-test runtime: `pulumi.runtime.setMocks` with a mocks object that
 * records every resource, plus helpers to wait for and read Outputs.
 *
 * Call {@link setupMocks} at the top of a test file, then `require` the modules
 * under test (imports are hoisted above the call).
 */
import * as pulumi from '@pulumi/pulumi';

/** The secret signature of the Pulumi wire format, as the mocks receive secrets. */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** The inputs, with secrets unwrapped. */
  readonly inputs: Record<string, any>;
  /** Paths (`stringData.primary`, `spec`) of the inputs that were marked secret. */
  readonly secretPaths: string[];
  /** `<provider urn>::<provider id>`, when a provider was given. */
  readonly provider?: string;
  readonly custom?: boolean;
}

/** Replaces secret envelopes by their values, recording where they were. */
export function unwrapSecrets(v: unknown, path: string, secretPaths: string[]): any {
  if (Array.isArray(v)) return v.map((x, i) => unwrapSecrets(x, `${path}[${i}]`, secretPaths));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) {
      secretPaths.push(path);
      return unwrapSecrets(o.value, path, secretPaths);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x, path ? `${path}.${k}` : k, secretPaths)]));
  }
  return v;
}

/** A deterministic key for a generated password: printable, no spaces, different per resource. */
export function mockPassword(name: string, length: number): string {
  return `${name.replace(/[^A-Za-z0-9]/g, '')}${'x'.repeat(length)}`.slice(0, length);
}

/** The instrumentation key and connection string a mocked App Insights component reports (deterministic per resource). */
export function mockAppInsightsOutputs(name: string): { instrumentationKey: string; connectionString: string } {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  const instrumentationKey = `${hex}-0000-4000-8000-${hex}0000`;
  return {
    instrumentationKey,
    connectionString: `InstrumentationKey=${instrumentationKey};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`,
  };
}

/** The client, principal and tenant ids a mocked user-assigned identity reports (deterministic per resource). */
export function mockIdentityOutputs(name: string): { clientId: string; principalId: string; tenantId: string } {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return { clientId: `${hex}-0000-4000-8000-00000000c11d`, principalId: `${hex}-0000-4000-8000-0000000091d0`, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
}

export class ResourceRecorder implements pulumi.runtime.Mocks {
  public readonly resources: RecordedResource[] = [];

  public newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const secretPaths: string[] = [];
    const inputs = unwrapSecrets(args.inputs, '', secretPaths);
    this.resources.push({ type: args.type, name: args.name, inputs, secretPaths, provider: args.provider, custom: args.custom });
    const state: Record<string, any> = { ...args.inputs };
    if (args.type === 'random:index/randomPassword:RandomPassword') state.result = mockPassword(args.name, inputs.length);
    if (args.type === 'azure-native:applicationinsights:Component') Object.assign(state, mockAppInsightsOutputs(args.name));
    if (args.type === 'azure-native:managedidentity:UserAssignedIdentity') Object.assign(state, mockIdentityOutputs(args.name), { name: inputs.resourceName });
    return { id: `${args.name}-id`, state };
  }

  public call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    return args.inputs;
  }

  /** The resources whose Pulumi name starts with `<prefix>-` (one component's children) or is `prefix`. */
  public of(prefix: string): RecordedResource[] {
    return this.resources.filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));
  }

  /** The Kubernetes objects (resource inputs) of one component. */
  public kubeObjects(prefix: string): Record<string, any>[] {
    return this.of(prefix).filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs);
  }
}

/** Installs the mocks (not in preview). Must run before the modules under test are loaded. */
export function setupMocks(): ResourceRecorder {
  const recorder = new ResourceRecorder();
  void pulumi.runtime.setMocks(recorder, 'project', 'stack', false);
  return recorder;
}

/** The value of an Output (mocks run outside preview, so every value is known). */
export function valueOf<T>(o: pulumi.Input<T>): Promise<T> {
  // `promise()` is the Output's own (internal) promise: it rejects when an apply throws.
  // (`pulumi.output` of an Output would copy class instances in the value into plain objects.)
  const out = pulumi.Output.isInstance(o) ? o : pulumi.output(o);
  return (out as unknown as { promise(): Promise<T> }).promise();
}

/**
 * Runs `fn` and returns the unhandled rejections meanwhile. A resource whose
 * inputs fail (an apply threw) is never registered; the Pulumi runtime leaves the
 * rejection unhandled, and the language host turns it into a failed update. Under
 * mocks, this is where such errors can be observed.
 */
export async function unhandledRejections(fn: () => Promise<void>, waitMs = 50): Promise<unknown[]> {
  // The test sandbox has its own copy of `process`; jest-circus listens on the real
  // one (the main context's), so that is where the handler must be swapped.
  const real: NodeJS.Process = require('vm').runInThisContext('process');
  const errors: unknown[] = [];
  const saved = real.listeners('unhandledRejection');
  const listener = (e: unknown) => {
    errors.push(e);
  };
  real.removeAllListeners('unhandledRejection');
  real.on('unhandledRejection', listener);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, waitMs));
  } finally {
    real.removeListener('unhandledRejection', listener);
    for (const l of saved) real.on('unhandledRejection', l);
  }
  return errors;
}

/** Waits until a component and all the given resources are registered. */
export async function settle(resources: readonly pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => valueOf(r.urn)));
  // Let pending registrations (mocks are called asynchronously) finish.
  await new Promise((r) => setTimeout(r, 10));
}

/** Drops undefined and sorts object keys, as `cdk8s synth` does; arrays keep their order. */
export function normalize(v: unknown): any {
  if (Array.isArray(v)) return v.map(normalize);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, normalize((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** `apiVersion/kind/namespace/name`. */
export function keyOf(o: Record<string, any>): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/** Objects by {@link keyOf}, normalized. */
export function byKey(objects: readonly Record<string, any>[]): Record<string, any> {
  return Object.fromEntries(objects.map((o) => [keyOf(o), normalize(o)]));
}
