#!/usr/bin/env node
/*
 * The `aks-ml` command, runnable straight from a clone of this repository.
 *
 * - Built (`npx projen compile`) and up to date: runs lib/cli/main.js, what consumers
 *   of the package run.
 * - Otherwise (e.g. right after `npm ci`, or src/ changed since the build): runs
 *   src/cli/main.ts through ts-node (transpile-only, with tsconfig-paths), both dev
 *   dependencies of this repository.
 *
 * AKS_ML_FROM_SOURCE=1 forces the sources; AKS_ML_FROM_SOURCE=0 forces lib/.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'lib', 'cli', 'main.js');
const source = path.join(root, 'src', 'cli', 'main.ts');

/** The newest modification time of the files under a folder (0 when it does not exist). */
function newest(dir) {
  let max = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return max;
}

function useBuilt() {
  const force = process.env.AKS_ML_FROM_SOURCE;
  if (force === '1' || force === 'true') return false;
  if (!fs.existsSync(built)) return false;
  if (force === '0' || force === 'false' || !fs.existsSync(source)) return true;
  return fs.statSync(built).mtimeMs >= newest(path.join(root, 'src'));
}

function loadFromSource() {
  let tsNode;
  let tsconfigPaths;
  try {
    tsNode = require('ts-node');
    tsconfigPaths = require('tsconfig-paths');
  } catch {
    process.stderr.write(
      'aks-ml: error: lib/cli/main.js is not built and ts-node is not installed: run "npm ci" (dev dependencies) ' +
        'or build with "npx projen compile".\n',
    );
    process.exit(1);
  }
  const project = path.join(root, 'tsconfig.dev.json');
  tsNode.register({ project, transpileOnly: true, compilerOptions: { module: 'CommonJS' } });
  const config = tsconfigPaths.loadConfig(project);
  if (config.resultType === 'success') {
    tsconfigPaths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths, addMatchAll: false });
  }
  return require(source);
}

const cli = useBuilt() ? require(built) : loadFromSource();
process.exitCode = cli.main(process.argv.slice(2));
