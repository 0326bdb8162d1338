/**
 * The key objects' lifecycle as External Secrets reads it (v2.9.0,
 * pkg/controllers/externalsecret/externalsecret_controller.go): generated once, kept
 * when the ExternalSecret goes, regenerated one at a time by deleting its Secret.
 */
import { AksEndpointProps, AksWebserviceProps, AppInsights, AuthKeys, KubeObject, planEndpoint, planWebservice } from 'aks-ml-constructs';
import { EXTERNAL_SECRETS_FIELD_FLOORS, externalSecretsFloors } from '../../../src/core/webservice/keys';
import { checkVendoredExternalSecretFields, vendoredExternalSecretFields } from '../../support/eso-schema';
import { validateAll, validateObject } from '../../support/schema';

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const service = (extra: Partial<AksWebserviceProps> = {}): AksWebserviceProps => ({ name: 'fraud-model', namespace: 'ml', image: IMAGE, ...extra });
const externalSecrets = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'ExternalSecret') as Record<string, any>[];

describe('generated keys', () => {
  test('each key: CreatedOnce, CreateOrMerge (no ownerReference), an immutable Secret; schema-valid against the v2.9.0 CRD fields', () => {
    const plan = planWebservice(service());
    validateAll(plan.objects);
    const es = externalSecrets(plan.objects);
    expect(es.map((e) => [e.metadata.name, e.spec.refreshPolicy, e.spec.target.creationPolicy, e.spec.target.immutable])).toEqual([
      ['fraud-model-primary-key', 'CreatedOnce', 'CreateOrMerge', true],
      ['fraud-model-secondary-key', 'CreatedOnce', 'CreateOrMerge', true],
    ]);
    // Never Owner: with Owner the key Secret is garbage-collected with its ExternalSecret.
    expect(JSON.stringify(plan.objects)).not.toContain('"Owner"');
  });

  test('an endpoint: one pair of key ExternalSecrets for all versions, the same policies', () => {
    const props: AksEndpointProps = { name: 'churn', namespace: 'ml', versions: [{ versionName: 'blue', image: IMAGE }, { versionName: 'green', image: IMAGE }] };
    const plan = planEndpoint(props);
    validateAll(plan.objects);
    const es = externalSecrets(plan.objects);
    expect(es.map((e) => e.metadata.name)).toEqual(['churn-primary-key', 'churn-secondary-key']);
    for (const e of es) expect(e.spec).toMatchObject({ refreshPolicy: 'CreatedOnce', target: { creationPolicy: 'CreateOrMerge', immutable: true } });
  });

  test('the External Secrets floor: CreateOrMerge needs 2.8.0, CreatedOnce 0.16.0; one entry per field per object', () => {
    const plan = planWebservice(service());
    const floors = externalSecretsFloors(plan.objects);
    expect(floors.map((f) => [f.component, f.version, f.field])).toEqual([
      ['external-secrets', '2.8.0', 'ExternalSecret/ml/fraud-model-primary-key spec.target.creationPolicy'],
      ['external-secrets', '0.16.0', 'ExternalSecret/ml/fraud-model-primary-key spec.refreshPolicy'],
      ['external-secrets', '2.8.0', 'ExternalSecret/ml/fraud-model-secondary-key spec.target.creationPolicy'],
      ['external-secrets', '0.16.0', 'ExternalSecret/ml/fraud-model-secondary-key spec.refreshPolicy'],
    ]);
    expect(floors[0].reason).toBe(EXTERNAL_SECRETS_FIELD_FLOORS.creationPolicyCreateOrMerge.reason);
    expect(externalSecretsFloors(planWebservice(service({ keys: AuthKeys.fromSecret('mine') })).objects)).toEqual([]);
  });
});

describe('Key Vault keys', () => {
  test('a namespaced SecretStore by default; the Secret outlives the ExternalSecret (CreateOrMerge); no warning', () => {
    const plan = planWebservice(service({ keys: AuthKeys.fromKeyVault({ secretStore: { name: 'kv' }, primaryKeySecretName: 'p', secondaryKeySecretName: 's' }) }));
    validateAll(plan.objects);
    const [es] = externalSecrets(plan.objects);
    expect(es.spec.secretStoreRef).toEqual({ name: 'kv', kind: 'SecretStore' });
    expect(es.spec.target).toEqual({ name: 'fraud-model-keys', creationPolicy: 'CreateOrMerge', deletionPolicy: 'Retain' });
    expect(plan.warnings.map((w) => w.id)).not.toContain('aks-ml:webservice:clusterSecretStore');
  });

  test('a ClusterSecretStore warns that any namespace can read through it unless spec.conditions restrict it', () => {
    const plan = planWebservice(service({ keys: AuthKeys.fromKeyVault({ secretStore: { name: 'kv', kind: 'ClusterSecretStore' }, primaryKeySecretName: 'p', secondaryKeySecretName: 's' }) }));
    expect(plan.warnings.filter((w) => w.id === 'aks-ml:webservice:clusterSecretStore')).toEqual([
      expect.objectContaining({ prop: 'keys.secretStore.kind', message: expect.stringContaining('spec.conditions') }),
    ]);
    const ai = planWebservice(service({ enableAppInsights: true, appInsights: AppInsights.fromKeyVault({ secretStore: { name: 'kv', kind: 'ClusterSecretStore' }, connectionStringSecretName: 'cs' }) }));
    expect(ai.warnings.filter((w) => w.id === 'aks-ml:webservice:clusterSecretStore').map((w) => w.prop)).toEqual(['appInsights.secretStore.kind']);
  });
});

describe('the vendored ExternalSecret fields (External Secrets v2.9.0 CRD)', () => {
  const es = () => externalSecrets(planWebservice(service()).objects)[0];

  test('name their source and commit', () => {
    expect(vendoredExternalSecretFields().provenance).toMatchObject({
      repository: 'https://github.com/external-secrets/external-secrets',
      path: 'config/crds/bases/external-secrets.io_externalsecrets.yaml',
      commit: '378bdb622ed9712ef4a58370f6a17af033b7d343',
    });
  });

  test('reject a creation or refresh policy the CRD does not know, and hand the model a stand-in only for CreateOrMerge', () => {
    const bad = es();
    bad.spec.target.creationPolicy = 'Keep';
    expect(() => validateObject(bad)).toThrow(/spec.target.creationPolicy must be one of Owner, Orphan, Merge, None, CreateOrMerge/);
    const badRefresh = es();
    badRefresh.spec.refreshPolicy = 'Once';
    expect(() => validateObject(badRefresh)).toThrow(/spec.refreshPolicy must be one of CreatedOnce, Periodic, OnChange/);
    const good = es();
    expect(checkVendoredExternalSecretFields(good).spec.target.creationPolicy).toBe('Orphan');
    expect(good.spec.target.creationPolicy).toBe('CreateOrMerge');
    // The rest still goes through the published model.
    const unknownField = es();
    unknownField.spec.target.immutable = 'yes';
    expect(() => validateObject(unknownField)).toThrow(/immutable must be a boolean/);
  });
});
