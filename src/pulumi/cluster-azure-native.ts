/**
 * `@pulumi/azure-native`, loaded when an `AksCluster` is created and not before:
 * the package is needed only by the cluster component, so a program with only
 * workload components (AksWebservice, AksEndpoint, AksMlGateway) runs without it.
 * The types come from `import type` (erased from the JavaScript).
 */
import type * as applicationinsights from '@pulumi/azure-native/applicationinsights';
import type * as authorization from '@pulumi/azure-native/authorization';
import type * as containerservice from '@pulumi/azure-native/containerservice';
import type * as machinelearningservices from '@pulumi/azure-native/machinelearningservices';
import type * as managedidentity from '@pulumi/azure-native/managedidentity';
import type * as resources from '@pulumi/azure-native/resources';

/** The azure-native modules the cluster component uses. */
export interface AzureNativeModules {
  readonly authorization: typeof authorization;
  readonly containerservice: typeof containerservice;
  readonly machinelearningservices: typeof machinelearningservices;
  readonly resources: typeof resources;
}

/** The package, and the command that installs it. */
export const AZURE_NATIVE_PACKAGE = '@pulumi/azure-native';
export const AZURE_NATIVE_INSTALL = 'npm install @pulumi/azure-native@^3';

let loaded: AzureNativeModules | undefined;

function isMissing(e: unknown): boolean {
  const err = e as NodeJS.ErrnoException | undefined;
  return !!err && (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND') && String(err.message).includes(AZURE_NATIVE_PACKAGE);
}

/**
 * Loads the azure-native modules (once). Throws an Error naming the package and
 * the install command when it is not installed.
 */
export function loadAzureNative(subject: string): AzureNativeModules {
  if (loaded) return loaded;
  try {
    loaded = {
      authorization: require('@pulumi/azure-native/authorization'),
      containerservice: require('@pulumi/azure-native/containerservice'),
      machinelearningservices: require('@pulumi/azure-native/machinelearningservices'),
      resources: require('@pulumi/azure-native/resources'),
    };
  } catch (e) {
    if (!isMissing(e)) throw e;
    throw new Error(
      `${subject} needs the package ${AZURE_NATIVE_PACKAGE}, which is not installed: run \`${AZURE_NATIVE_INSTALL}\` ` +
        '(a peer dependency of aks-ml-constructs/pulumi, needed only by AksCluster; AksWebservice, AksEndpoint and AksMlGateway do without it).',
    );
  }
  return loaded;
}

let applicationInsights: typeof applicationinsights | undefined;

/**
 * Loads `@pulumi/azure-native/applicationinsights` (once), for the component an
 * `AppInsights.createComponent()` source creates; workload components without it
 * never load azure-native. Throws an Error naming the package and the install
 * command when it is not installed.
 */
export function loadAzureNativeApplicationInsights(subject: string): typeof applicationinsights {
  if (applicationInsights) return applicationInsights;
  try {
    applicationInsights = require('@pulumi/azure-native/applicationinsights') as typeof applicationinsights;
  } catch (e) {
    if (!isMissing(e)) throw e;
    throw new Error(
      `${subject} needs the package ${AZURE_NATIVE_PACKAGE} for AppInsights.createComponent(), which is not installed: run \`${AZURE_NATIVE_INSTALL}\` ` +
        '(a peer dependency of aks-ml-constructs/pulumi, needed only by AksCluster and AppInsights.createComponent(); use AppInsights.fromSecret() or fromKeyVault() to do without it).',
    );
  }
  return applicationInsights;
}

/** The azure-native modules of a workload identity and of role assignments. */
export interface AzureNativeIdentityModules {
  readonly managedidentity: typeof managedidentity;
  readonly authorization: typeof authorization;
}

let identityModules: AzureNativeIdentityModules | undefined;

/**
 * Loads `@pulumi/azure-native/managedidentity` and `authorization` (once), for the
 * identity a `WorkloadIdentity.create()` declares and for `AcrPull`; components
 * without them never load azure-native. Throws an Error naming the package and the
 * install command when it is not installed.
 */
export function loadAzureNativeIdentity(subject: string): AzureNativeIdentityModules {
  if (identityModules) return identityModules;
  try {
    identityModules = {
      managedidentity: require('@pulumi/azure-native/managedidentity') as typeof managedidentity,
      authorization: require('@pulumi/azure-native/authorization') as typeof authorization,
    };
  } catch (e) {
    if (!isMissing(e)) throw e;
    throw new Error(
      `${subject} needs the package ${AZURE_NATIVE_PACKAGE} for WorkloadIdentity.create() and AcrPull, which is not installed: run \`${AZURE_NATIVE_INSTALL}\` ` +
        '(a peer dependency of aks-ml-constructs/pulumi; use WorkloadIdentity.fromClientId() to do without it).',
    );
  }
  return identityModules;
}
