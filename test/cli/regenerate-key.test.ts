/**
 * `aks-ml regenerate-key`: the kubectl commands that regenerate one generated key, as
 * External Secrets (v2.9.0) honours them for the ExternalSecrets the library emits.
 */
import * as os from 'os';
import { planWebservice } from 'aks-ml-constructs';
import { main } from '../../src/cli/main';
import { Io } from '../../src/cli/io';
import { KubectlRunner, regenerateKeyCommands, runRegenerateKey } from '../../src/cli/regenerate-key';
import { runCli } from './cli-support';

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

/** A fake kubectl: answers from a table and records every call. */
function fakeKubectl(policy: string | undefined, fail: string[] = []): { run: KubectlRunner; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    run: (args) => {
      calls.push([...args]);
      if (args.includes('get')) {
        return policy === undefined ? { status: 1, stdout: '', stderr: 'Error from server (NotFound): externalsecrets.external-secrets.io "x" not found' } : { status: 0, stdout: policy, stderr: '' };
      }
      if (fail.some((f) => args.includes(f))) return { status: 1, stdout: '', stderr: 'boom' };
      return { status: 0, stdout: args.includes('delete') ? 'secret "x" deleted' : '', stderr: '' };
    },
  };
}

describe('aks-ml regenerate-key', () => {
  test('prints the commands: check the ExternalSecret, delete the Secret of that key only, wait for the new one', () => {
    const r = runCli(['regenerate-key', 'fraud-model', '--key', 'primary', '--namespace', 'ml-prod'], os.tmpdir());
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('kubectl'));
    expect(commands).toEqual([
      "kubectl -n ml-prod get externalsecret fraud-model-primary-key -o 'jsonpath={.spec.target.creationPolicy}'",
      'kubectl -n ml-prod delete secret fraud-model-primary-key',
      'kubectl -n ml-prod wait --for=create secret/fraud-model-primary-key --timeout=60s',
    ]);
    expect(r.stdout).not.toContain('secondary-key');
    expect(r.stdout).toContain('Move the clients to the secondary key first');
  });

  test('the Secret it deletes is the one the library generates for that key, with a policy that re-creates it', () => {
    const plan = planWebservice({ name: 'fraud-model', namespace: 'ml-prod', image: 'myacr.azurecr.io/fraud:1' });
    for (const key of ['primary', 'secondary'] as const) {
      const { secret } = regenerateKeyCommands({ name: 'fraud-model', key });
      const es = plan.objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === secret) as Record<string, any>;
      expect(es.spec.target.name).toBe(secret);
      expect(es.spec.target.template.data).toEqual({ [key]: '{{ .password }}' });
      expect(['CreateOrMerge', 'Owner']).toContain(es.spec.target.creationPolicy);
    }
  });

  test('--run checks the creation policy, then deletes and waits; never touches the other key', () => {
    const k = fakeKubectl('CreateOrMerge');
    const c = capture();
    expect(runRegenerateKey(['fraud-model', '--key', 'secondary', '--run'], c.io, k.run)).toBe(0);
    expect(k.calls).toEqual([
      ['get', 'externalsecret', 'fraud-model-secondary-key', '-o', 'jsonpath={.spec.target.creationPolicy}'],
      ['delete', 'secret', 'fraud-model-secondary-key'],
      ['wait', '--for=create', 'secret/fraud-model-secondary-key', '--timeout=60s'],
    ]);
    expect(c.out[c.out.length - 1]).toBe('regenerated the secondary key of "fraud-model" (Secret fraud-model-secondary-key); the primary key is unchanged.');
  });

  test('--run refuses, changing nothing, without the ExternalSecret or with a policy that would not write the Secret again', () => {
    for (const policy of [undefined, 'Orphan', 'Merge']) {
      const k = fakeKubectl(policy);
      const c = capture();
      expect(() => runRegenerateKey(['fraud-model', '--key', 'primary', '--run', '--namespace', 'ml'], c.io, k.run)).toThrow(policy === undefined ? /no ExternalSecret "fraud-model-primary-key" in namespace "ml"/ : /nothing was changed/);
      expect(k.calls.filter((a) => a.includes('delete'))).toEqual([]);
    }
  });

  test('--run reports a failing step', () => {
    const k = fakeKubectl('CreateOrMerge', ['wait']);
    expect(() => runRegenerateKey(['fraud-model', '--key', 'primary', '--run'], capture().io, k.run)).toThrow(/kubectl wait .* failed: boom/);
  });

  test('usage errors exit 2: no name, a bad --key, a bad namespace, two names', () => {
    for (const args of [['--key', 'primary'], ['svc', '--key', 'tertiary'], ['svc'], ['svc', '--key', 'primary', '--namespace', 'Bad_NS'], ['a', 'b', '--key', 'primary'], ['svc', '--key', 'primary', '--force']]) {
      const c = capture();
      expect(main(['regenerate-key', ...args], c.io)).toBe(2);
      expect(c.err[c.err.length - 1]).toBe('Run "aks-ml regenerate-key --help" for usage.');
    }
  });

  test('help: aks-ml regenerate-key --help, aks-ml help regenerate-key, and the top help lists it', () => {
    for (const args of [['regenerate-key', '--help'], ['help', 'regenerate-key']]) {
      const c = capture();
      expect(main(args, c.io)).toBe(0);
      expect(c.out.join('\n')).toMatch(/^Usage: aks-ml regenerate-key NAME --key primary\|secondary/);
    }
    const top = capture();
    main(['--help'], top.io);
    expect(top.out.join('\n')).toContain('regenerate-key');
  });
});
