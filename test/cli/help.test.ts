/** `aks-ml --help` and each command's --help (in-process; `--help` also runs the binary). */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, cleanTempDirs, runCli, runCliProcessAndCompare, workDir } from './cli-support';

afterAll(cleanTempDirs);

describe('aks-ml help', () => {
  test('--help: the commands, exit 0', () => {
    // The binary, as a process (and the same result in-process).
    const r = runCliProcessAndCompare(['--help'], workDir());
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: aks-ml <command> \[options\]/);
    for (const cmd of ['convert', 'validate', 'explain', 'dockerfile']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });

  test.each([
    ['convert', ['--deploy-config FILE', '--inference-config FILE', '--name NAME', '--image IMAGE', '--gateway', '--namespace NS', '--out DIR']],
    ['validate', ['--deploy-config FILE', 'Exit code 1']],
    ['explain', ['--deploy-config FILE', 'realised']],
  ])('%s --help', (cmd, mentions) => {
    const r = runCli([cmd, '--help'], workDir());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: aks-ml ${cmd} --deploy-config FILE`));
    for (const m of mentions) expect(r.stdout).toContain(m);
  });

  test('dockerfile --help; convert --help names --from-service', () => {
    const r = runCli(['dockerfile', '--help'], workDir());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: aks-ml dockerfile --from-service FILE/);
    expect(r.stdout).toContain('az acr build');
    const c = runCli(['convert', '--help'], workDir());
    for (const m of ['--from-service FILE', '--model NAME:VERSION=URL', '--client-id', '--key-vault-store']) expect(c.stdout).toContain(m);
  });

  test('no command: the help on stderr, exit 2; --version: the package version', () => {
    const dir = workDir();
    const none = runCli([], dir);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: aks-ml <command>/);
    const version = runCli(['--version'], dir);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });
});
