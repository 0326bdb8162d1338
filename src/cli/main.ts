#!/usr/bin/env node
/**
 * `aks-ml`: Azure ML SDK v1 AKS deployment configs to Kubernetes manifests.
 *
 *   aks-ml convert  --deploy-config F [--deploy-config F2 ...] --name N [--image I] [--out DIR]
 *   aks-ml validate --deploy-config F
 *   aks-ml explain  --deploy-config F
 *   aks-ml regenerate-key NAME --key primary|secondary [--namespace NS] [--run]
 *
 * Engine-free: uses the core of aks-ml-constructs and `yaml` only (no cdk8s).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, COMMAND_HELP, CliOptions, CommandName, TOP_HELP, parseCommandArgs } from './args';
import { CliError, EXIT_ERROR, EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { Io, processIo } from './io';

/**
 * The commands, loaded on first use: `--help` and usage errors answer without loading
 * the core.
 */
const RUN: Record<CommandName, () => (opts: CliOptions, io: Io) => number> = {
  convert: () => (require('./convert') as typeof import('./convert')).runConvert,
  validate: () => (require('./validate') as typeof import('./validate')).runValidate,
  explain: () => (require('./explain') as typeof import('./explain')).runExplain,
  dockerfile: () => (require('./from-service') as typeof import('./from-service')).runDockerfile,
};

/** The package version (package.json is two folders up from src/cli and lib/cli). */
function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function isCommand(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
}

/** Runs the CLI with `argv` (without `node` and the script). Returns the exit code; never throws. */
export function main(argv: readonly string[], io: Io = processIo): number {
  let command: CommandName | undefined;
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.err(TOP_HELP);
      return EXIT_USAGE;
    }
    if (first === '--help' || first === '-h') {
      io.out(TOP_HELP);
      return EXIT_OK;
    }
    // regenerate-key parses its own arguments (a positional name); loaded on use.
    if (first === 'regenerate-key' || (first === 'help' && rest[0] === 'regenerate-key')) {
      const cmd = require('./regenerate-key') as typeof import('./regenerate-key');
      return first === 'help' ? (io.out(cmd.REGENERATE_KEY_HELP), EXIT_OK) : cmd.runRegenerateKey(rest, io);
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic === undefined) io.out(TOP_HELP);
      else if (isCommand(topic)) io.out(COMMAND_HELP[topic]);
      else throw new UsageError(`unknown command "${topic}"; the commands are ${COMMANDS.join(', ')}.`);
      return EXIT_OK;
    }
    if (first === '--version' || first === '-v') {
      io.out(version());
      return EXIT_OK;
    }
    if (!isCommand(first)) {
      throw new UsageError(
        first.startsWith('-')
          ? `a command comes first: aks-ml <command> [options]; the commands are ${COMMANDS.join(', ')}.`
          : `unknown command "${first}"; the commands are ${COMMANDS.join(', ')}.`,
      );
    }
    command = first;
    const opts = parseCommandArgs(command, rest);
    if (opts.help) {
      io.out(COMMAND_HELP[command]);
      return EXIT_OK;
    }
    return RUN[command]()(opts, io);
  } catch (e) {
    if (e instanceof CliError) {
      for (const line of e.lines) io.err(`aks-ml: error: ${line}`);
      if (e instanceof UsageError) {
        const cmd = e.command ?? command;
        io.err(`Run "aks-ml ${cmd ? `${cmd} ` : ''}--help" for usage.`);
      }
      return e.exitCode;
    }
    // A bug: still no stack trace for users, but enough to report it.
    const err = e as Error;
    io.err(`aks-ml: error: internal error: ${err?.message ?? String(e)}`);
    io.err('This is a bug in aks-ml-constructs; please report it with the command line and the input files.');
    if (process.env.AKS_ML_DEBUG) io.err(String(err?.stack ?? ''));
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
