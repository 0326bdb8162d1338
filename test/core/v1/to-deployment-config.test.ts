import { readFileSync } from 'fs';
import { join } from 'path';
import * as fc from 'fast-check';
import { loadDeploymentConfig, toDeploymentConfig } from 'aks-ml-constructs';
import { LoadedDeploymentProps } from '../../../src/core/v1';
import { runs } from '../../quality/support/runs';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/v1/deploy', name), 'utf8');

describe('toDeploymentConfig', () => {
  test('writes the v1 CLI layout back', () => {
    const r = loadDeploymentConfig(fixture('docs-aks.json'));
    expect(toDeploymentConfig(r.props)).toEqual({
      computeType: 'AKS',
      autoScaler: { autoscaleEnabled: true, minReplicas: 1, maxReplicas: 3, refreshPeriodInSeconds: 1, targetUtilization: 70 },
      dataCollection: { storageEnabled: true },
      authEnabled: true,
      containerResourceRequirements: { cpu: 0.5, memoryInGB: 1 },
    });
    expect(toDeploymentConfig({ trafficPercentile: 10 })).toEqual({ computeType: 'AKSENDPOINT', trafficPercentile: 10 });
    expect(toDeploymentConfig({}, { kind: 'endpointVersion' })).toEqual({ computeType: 'AKSENDPOINT' });
  });

  test.each(['docs-aks.json', 'full-webservice.yml', 'quoted-values.json', 'endpoint-version.json', 'endpoint-version.yml', 'aml-deploy-action.json'])(
    'round trip of %s',
    (name) => {
      const first = loadDeploymentConfig(fixture(name));
      const written = toDeploymentConfig(first.props, { kind: first.kind });
      const again = loadDeploymentConfig(written);
      expect(again.props).toEqual(first.props);
      expect(again.kind).toBe(first.kind);
      // And through JSON text, as the CLI writes it.
      expect(loadDeploymentConfig(JSON.stringify(written, null, 2)).props).toEqual(first.props);
    },
  );

  test('round trip with every prop set, library keys included', () => {
    const props: LoadedDeploymentProps = {
      autoscaleEnabled: true,
      autoscaleMinReplicas: 2,
      autoscaleMaxReplicas: 8,
      autoscaleRefreshSeconds: 5,
      autoscaleTargetUtilization: 65,
      collectModelData: true,
      authEnabled: false,
      tokenAuthEnabled: true,
      cpuCores: 0.75,
      memoryGb: 1.5,
      cpuCoresLimit: 1,
      memoryGbLimit: 2,
      gpuCores: 1,
      enableAppInsights: true,
      scoringTimeoutMs: 5000,
      replicaMaxConcurrentRequests: 2,
      maxRequestWaitTime: 750,
      primaryKey: 'key-one',
      secondaryKey: 'key-two',
      tags: { team: 'risk' },
      properties: { owner: 'ml-platform' },
      description: 'Fraud model, treatment arm',
      periodSeconds: 20,
      initialDelaySeconds: 30,
      timeoutSeconds: 3,
      successThreshold: 1,
      failureThreshold: 4,
      namespace: 'fraud',
      blobfuseEnabled: false,
      versionName: 'fraud-v3',
      trafficPercentile: 15,
      isDefault: false,
      versionType: 'Treatment',
      name: 'fraud-endpoint',
    };
    const written = toDeploymentConfig(props);
    expect(written.computeType).toBe('AKSENDPOINT');
    expect(written.containerResourceRequirements).toEqual({ cpu: 0.75, memoryInGB: 1.5, cpuLimit: 1, memoryInGBLimit: 2 });
    expect(written.keys).toEqual({ primaryKey: 'key-one', secondaryKey: 'key-two' });
    expect(loadDeploymentConfig(written).props).toEqual(props);
  });

  // v1 read computeTargetName from an AKS file only (issue 13): an AKSENDPOINT file cannot carry it,
  // so it is no longer in the endpoint round trip above; writing it is refused, reading it warns.
  test('computeTargetName: written for AKS, refused for AKSENDPOINT, ignored with a warning when read there', () => {
    expect(loadDeploymentConfig(toDeploymentConfig({ computeTargetName: 'aks-prod' })).props).toEqual({ computeTargetName: 'aks-prod' });
    expect(() => toDeploymentConfig({ computeTargetName: 'aks-prod', versionName: 'v1' })).toThrow(
      'computeTargetName is read for computeType AKS (a web service) only: v1 ignored it in an AKSENDPOINT file, so it would be lost; received "aks-prod".',
    );
    const r = loadDeploymentConfig({ computeType: 'AKSENDPOINT', computeTargetName: 'aks-prod' });
    expect(r.props).toEqual({});
    expect(r.warnings).toEqual([expect.objectContaining({ id: 'aks-ml:v1:webserviceOnlyKey', prop: 'computeTargetName' })]);
  });

  test('round trip holds for generated configurations', () => {
    const int = (min: number, max: number) => fc.integer({ min, max });
    const arb = fc.record(
      {
        autoscaleMaxReplicas: int(10, 50),
        autoscaleMinReplicas: int(1, 10),
        autoscaleTargetUtilization: int(1, 100),
        collectModelData: fc.boolean(),
        enableAppInsights: fc.boolean(),
        cpuCores: int(1, 4000).map((m) => m / 1000),
        memoryGb: int(1, 16000).map((m) => m / 1000),
        gpuCores: int(0, 4),
        scoringTimeoutMs: int(1, 600000),
        replicaMaxConcurrentRequests: int(1, 100),
        maxRequestWaitTime: int(1, 60000),
        periodSeconds: int(1, 300),
        initialDelaySeconds: int(1, 600),
        timeoutSeconds: int(1, 60),
        failureThreshold: int(1, 10),
        namespace: fc.constantFrom('default', 'ml', 'scoring-1'),
        description: fc.string(),
        tags: fc.dictionary(fc.constantFrom('team', 'env', 'cost-center'), fc.string()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arb, (props) => {
        expect(loadDeploymentConfig(toDeploymentConfig(props)).props).toEqual(props);
      }),
      { numRuns: runs(200) },
    );
  });

  test('refuses endpoint-version props for a web service, and unknown props', () => {
    expect(() => toDeploymentConfig({ versionName: 'v1' }, { kind: 'webservice' })).toThrow(
      'versionName is an endpoint-version setting: write it with kind "endpointVersion" (computeType AKSENDPOINT); received "v1".',
    );
    expect(() => toDeploymentConfig({ cpu: 1 } as unknown as LoadedDeploymentProps)).toThrow(
      'cpu is not a deployment config prop; received 1.',
    );
  });
});
