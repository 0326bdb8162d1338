/**
 * The engine packages each entry point needs. They are optional peer dependencies
 * (a cdk8s user installs no @pulumi/* package), so a missing one is only found when
 * the entry point loads: it then fails with a message naming what to install, not
 * with Node's bare "Cannot find module".
 */

/** A peer dependency: the package, the range package.json declares, and a hint. */
export interface Peer {
  readonly name: string;
  readonly range: string;
  readonly note?: string;
}

export const CDK8S_PEERS: readonly Peer[] = [
  { name: 'cdk8s', range: '^2.70.0' },
  { name: 'constructs', range: '^10.3.0' },
  {
    name: 'cdk8s-plus-28',
    range: '^2.5.0',
    note: 'cdk8s init adds cdk8s-plus-33 to a new app; this library is built on cdk8s-plus-28, which can be installed beside it.',
  },
];

export const PULUMI_PEERS: readonly Peer[] = [
  { name: '@pulumi/pulumi', range: '^3.150.0' },
  { name: '@pulumi/kubernetes', range: '^4.20.0' },
  { name: '@pulumi/random', range: '^4.17.0', note: 'it generates the keys of key auth.' },
];

/** True if `name` resolves from this package; rethrows anything but "not found". */
function installed(name: string, resolve: (id: string) => string): boolean {
  try {
    resolve(name);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return false;
    throw e;
  }
}

/** Throws one Error naming every missing peer of `entry` and the command that installs them. */
export function checkPeers(entry: string, peers: readonly Peer[], resolve: (id: string) => string = require.resolve): void {
  const missing = peers.filter((p) => !installed(p.name, resolve));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name).join(', ');
  const notes = missing.filter((p) => p.note).map((p) => ` (${p.name}: ${p.note})`).join('');
  throw new Error(
    `${entry} needs the peer dependenc${missing.length === 1 ? 'y' : 'ies'} ${names}, not installed: ` +
      `run \`npm install ${missing.map((p) => `${p.name}@${p.range}`).join(' ')}\`.${notes}`,
  );
}
