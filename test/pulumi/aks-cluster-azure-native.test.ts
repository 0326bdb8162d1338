/**
 * `aks-ml-constructs/pulumi` without `@pulumi/azure-native`: a workload-only program
 * (AksWebservice, AksEndpoint, AksMlGateway) loads and runs with only
 * `@pulumi/pulumi`, `@pulumi/kubernetes` and `@pulumi/random`; AksCluster, the one
 * component that needs azure-native, fails with an Error naming the package and the
 * install command, before anything is registered.
 */
import * as pulumi from '@pulumi/pulumi';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { validateAll } from '../support/schema';
import { settle, setupMocks } from './mock-runtime';

// As if the package were not installed: every azure-native module fails to load, like Node's resolver does.
const AZURE_NATIVE_MODULES = [
  '@pulumi/azure-native',
  '@pulumi/azure-native/applicationinsights',
  '@pulumi/azure-native/authorization',
  '@pulumi/azure-native/containerservice',
  '@pulumi/azure-native/machinelearningservices',
  '@pulumi/azure-native/resources',
];
const attempted: string[] = [];
for (const id of AZURE_NATIVE_MODULES) {
  jest.doMock(id, () => {
    attempted.push(id);
    const e = new Error(`Cannot find module '${id}'`) as NodeJS.ErrnoException;
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  });
}

const recorder = setupMocks();
// Loaded after the mocks, as a Pulumi program would be.
const { AksCluster, AksEndpoint, AksMlGateway, AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');
const { AppInsights }: typeof import('aks-ml-constructs') = require('aks-ml-constructs');

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

describe('aks-ml-constructs/pulumi without @pulumi/azure-native', () => {
  test('the entry point loads without touching azure-native', () => {
    expect(typeof AksWebservice).toBe('function');
    expect(typeof AksEndpoint).toBe('function');
    expect(typeof AksMlGateway).toBe('function');
    expect(typeof AksCluster).toBe('function');
    expect(attempted).toEqual([]);
  });

  test('the workload components register their Kubernetes objects without it', async () => {
    const ws = new AksWebservice('lazy-ws', { name: 'fraud-model', namespace: 'ml', image: 'myacr.azurecr.io/fraud:1.4.2' });
    const ep = new AksEndpoint('lazy-ep', {
      name: 'churn',
      namespace: 'ml',
      versions: [{ versionName: 'control', image: 'myacr.azurecr.io/churn:1', trafficPercentile: 100, isDefault: true }],
    });
    const gw = new AksMlGateway('lazy-gw', { tls: { certificateSecretName: 'ml-tls' } });
    await settle([ws, ...ws.resources, ep, ...ep.resources, gw, ...gw.resources]);
    for (const prefix of ['lazy-ws', 'lazy-ep', 'lazy-gw']) {
      const objects = recorder.kubeObjects(prefix);
      expect(objects.length).toBeGreaterThan(0);
      expect(validateAll(objects)).toBe(objects.length);
    }
    expect(recorder.resources.filter((r) => r.type.startsWith('azure-native:'))).toEqual([]);
    expect(attempted).toEqual([]);
  });

  test('AksCluster fails with the package name and the install command, and registers nothing', async () => {
    const before = recorder.resources.length;
    let error: unknown;
    try {
      new AksCluster('lazy-aks', { name: 'ml-prod', location: 'westeurope', resourceGroupName: 'ml-rg' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^AksCluster "ml-prod" needs the package @pulumi\/azure-native, which is not installed/);
    expect(message).toContain('npm install @pulumi/azure-native');
    expect(attempted.length).toBeGreaterThan(0);
    expect(attempted.every((id) => id.startsWith('@pulumi/azure-native'))).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(recorder.resources.length).toBe(before);
  });

  test('invalid props are still one ConfigurationError from the core, before the package is needed', () => {
    const tried = attempted.length;
    expect(() => new AksCluster('lazy-bad', { name: 'ml-prod', resourceGroupName: 'ml-rg', agentCount: 1 })).toThrow(/Invalid configuration for AksCluster "ml-prod"/);
    expect(attempted.length).toBe(tried);
  });

  test('App Insights from a Secret needs no azure-native; AppInsights.createComponent() fails with the package name, registering nothing', async () => {
    const tried = attempted.length;
    const ws = new AksWebservice('lazy-ai-secret', { name: 'fraud-ai', namespace: 'ml', image: 'myacr.azurecr.io/fraud:1.4.2', enableAppInsights: true, appInsights: AppInsights.fromSecret() });
    await settle([ws, ...ws.resources]);
    expect(ws.appInsightsComponent).toBeUndefined();
    expect(attempted.length).toBe(tried);
    const before = recorder.resources.length;
    let error: unknown;
    try {
      new AksWebservice('lazy-ai-created', {
        name: 'fraud-ai',
        namespace: 'ml',
        image: 'myacr.azurecr.io/fraud:1.4.2',
        enableAppInsights: true,
        appInsights: AppInsights.createComponent({ resourceGroupName: 'ml-rg', location: 'westeurope' }),
      });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/^AksWebservice "fraud-ai" needs the package @pulumi\/azure-native for AppInsights.createComponent\(\), which is not installed/);
    expect((error as Error).message).toContain('npm install @pulumi/azure-native');
    expect(attempted.slice(tried)).toEqual(['@pulumi/azure-native/applicationinsights']);
    await new Promise((r) => setTimeout(r, 10));
    expect(recorder.resources.length).toBe(before);
  });
});
