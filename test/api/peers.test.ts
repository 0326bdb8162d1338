/** A missing engine package fails with a message that names it and how to install it. */
import * as fs from 'fs';
import * as path from 'path';
import { CDK8S_PEERS, PULUMI_PEERS, checkPeers } from '../../src/core/peers';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

function resolverWithout(...missing: string[]): (id: string) => string {
  return (id) => {
    if (missing.includes(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    return `/node_modules/${id}/index.js`;
  };
}

describe('peer dependencies', () => {
  test('the lists are the optional peers of package.json, with the same ranges', () => {
    const declared = Object.fromEntries([...CDK8S_PEERS, ...PULUMI_PEERS].map((p) => [p.name, p.range]));
    for (const [name, range] of Object.entries(declared)) {
      expect(pkg.peerDependencies[name]).toBe(range);
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
    // Every peer is checked by one entry point; azure-native is loaded by AksCluster alone.
    expect(Object.keys(pkg.peerDependencies).filter((n) => !(n in declared))).toEqual(['@pulumi/azure-native']);
  });

  test('a missing cdk8s-plus-28 is named, with the install command and why cdk8s-plus-33 is not it', () => {
    expect(() => checkPeers('aks-ml-constructs/cdk8s', CDK8S_PEERS, resolverWithout('cdk8s-plus-28'))).toThrow(
      'aks-ml-constructs/cdk8s needs the peer dependency cdk8s-plus-28, not installed: run `npm install cdk8s-plus-28@^2.5.0`. ' +
        '(cdk8s-plus-28: cdk8s init adds cdk8s-plus-33 to a new app; this library is built on cdk8s-plus-28, which can be installed beside it.)',
    );
  });

  test('every missing peer is named at once', () => {
    expect(() => checkPeers('aks-ml-constructs/pulumi', PULUMI_PEERS, resolverWithout('@pulumi/kubernetes', '@pulumi/random'))).toThrow(
      /needs the peer dependencies @pulumi\/kubernetes, @pulumi\/random, not installed: run `npm install @pulumi\/kubernetes@\^4\.20\.0 @pulumi\/random@\^4\.17\.0`/,
    );
  });

  test('installed peers pass, and an error other than "not found" is not hidden', () => {
    expect(() => checkPeers('x', CDK8S_PEERS, resolverWithout())).not.toThrow();
    const broken = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(() => checkPeers('x', CDK8S_PEERS, broken)).toThrow('EACCES');
  });

  test('each entry point checks its peers before it loads anything else', () => {
    for (const [entry, peers] of [['cdk8s', 'CDK8S_PEERS'], ['pulumi', 'PULUMI_PEERS']] as const) {
      const index = fs.readFileSync(path.join(__dirname, '..', '..', 'src', entry, 'index.ts'), 'utf8');
      const firstImport = index.split('\n').find((l) => /^(import|export) /.test(l));
      expect(firstImport).toBe("import './peers';");
      expect(fs.readFileSync(path.join(__dirname, '..', '..', 'src', entry, 'peers.ts'), 'utf8')).toContain(`checkPeers('aks-ml-constructs/${entry}', ${peers})`);
    }
  });
});
