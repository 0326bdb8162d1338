/**
 * Command-line parsing (node:util parseArgs, no framework) and the help texts.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors';

/** The commands. */
export const COMMANDS = ['convert', 'validate', 'explain', 'dockerfile'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The options of every command, parsed. */
export interface CliOptions {
  readonly deployConfigs: string[];
  readonly inferenceConfig?: string;
  readonly name?: string;
  /** `--image`, once for all deployment configs or once per config. */
  readonly images: string[];
  readonly namespace?: string;
  readonly gateway?: string;
  readonly hostname?: string;
  readonly entraTenantId?: string;
  readonly entraAudiences: string[];
  /** `--autoscaler cpu|concurrency`. */
  readonly autoscaler?: string;
  /** `--prometheus-address URL`: the Prometheus the concurrency autoscaler queries. */
  readonly prometheusAddress?: string;
  readonly out?: string;
  /** explain: print JSON instead of the table. */
  readonly json: boolean;
  /** explain: one block per setting instead of the wide table (for narrow terminals and logs). */
  readonly narrow: boolean;
  readonly help: boolean;
  /** `--from-service FILE`: a v1 service document (convert, dockerfile). */
  readonly fromService?: string;
  /** `--model <name>:<version>=<blob URL>` (repeatable). */
  readonly models: string[];
  /** `--client-id`: the workload identity that reads the model blobs. */
  readonly clientId?: string;
  /** `--key-vault-store`: the External Secrets store of the Key Vault holding the v1 keys. */
  readonly keyVaultStore?: string;
}

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const SERVICE_OPTIONS: Record<string, OptionSpec> = {
  'deploy-config': { type: 'string', multiple: true },
  'inference-config': { type: 'string' },
  'name': { type: 'string' },
  'image': { type: 'string', multiple: true },
  'namespace': { type: 'string' },
  'gateway': { type: 'string' },
  'hostname': { type: 'string' },
  'entra-tenant-id': { type: 'string' },
  'entra-audience': { type: 'string', multiple: true },
  'autoscaler': { type: 'string' },
  'prometheus-address': { type: 'string' },
  'help': { type: 'boolean', short: 'h' },
};

const FROM_SERVICE_OPTIONS: Record<string, OptionSpec> = {
  'from-service': { type: 'string' },
  'model': { type: 'string', multiple: true },
  'client-id': { type: 'string' },
  'key-vault-store': { type: 'string' },
};

const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  convert: { ...SERVICE_OPTIONS, ...FROM_SERVICE_OPTIONS, out: { type: 'string' } },
  dockerfile: { 'from-service': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  validate: SERVICE_OPTIONS,
  explain: { ...SERVICE_OPTIONS, json: { type: 'boolean' }, narrow: { type: 'boolean' } },
};

/** Parses the arguments after the command name. Throws a UsageError on anything unexpected. */
export function parseCommandArgs(command: CommandName, args: readonly string[]): CliOptions {
  const options = OPTIONS[command];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    throw new UsageError(parseErrorMessage(e as Error), command);
  }
  // A single-valued option given twice is a mistake, not "the last one wins".
  const seen = new Map<string, number>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    if (options[t.name]?.type === 'string' && !options[t.name].multiple && seen.get(t.name) === 2) {
      throw new UsageError(`--${t.name} was given more than once; give it once.`, command);
    }
    if (options[t.name]?.type === 'string' && typeof t.value === 'string' && t.value.trim() === '') {
      throw new UsageError(`--${t.name} needs a value; received an empty string.`, command);
    }
  }
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const str = (k: string) => v[k] as string | undefined;
  return {
    deployConfigs: (v['deploy-config'] as string[] | undefined) ?? [],
    inferenceConfig: str('inference-config'),
    name: str('name'),
    images: (v.image as string[] | undefined) ?? [],
    namespace: str('namespace'),
    gateway: str('gateway'),
    hostname: str('hostname'),
    entraTenantId: str('entra-tenant-id'),
    entraAudiences: (v['entra-audience'] as string[] | undefined) ?? [],
    autoscaler: str('autoscaler'),
    prometheusAddress: str('prometheus-address'),
    out: str('out'),
    json: v.json === true,
    narrow: v.narrow === true,
    help: v.help === true,
    fromService: str('from-service'),
    models: (v.model as string[] | undefined) ?? [],
    clientId: str('client-id'),
    keyVaultStore: str('key-vault-store'),
  };
}

function parseErrorMessage(e: Error): string {
  const code = (e as { code?: string }).code;
  const msg = e.message.replace(/\. To specify an option argument starting with a dash use `--.*$/s, '');
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']*)'/.exec(e.message)?.[1];
    return `unexpected argument${arg !== undefined ? ` "${arg}"` : ''}: every input is given with an option, e.g. --deploy-config FILE.`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const opt = /'([^']*)'/.exec(e.message)?.[1];
    return `unknown option${opt !== undefined ? ` ${opt}` : ''}.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return msg.replace(/^Option '(-\w, )?(--[\w-]+) <value>' argument missing$/, '$2 needs a value.');
  }
  return msg;
}

// ---------------------------------------------------------------------------
// Help
// ---------------------------------------------------------------------------

const SERVICE_HELP = `  --inference-config FILE  the v1 inference config (InferenceConfig): entryScript, the
                           environment's variables, and baseImage as the image when
                           --image is not given
  --name NAME              the service name (v1: the --name flag of az ml model deploy);
                           for AKSENDPOINT files, the endpoint's name
  --image IMAGE            the prebuilt scoring image to run (building images is out of
                           scope: v1 built one from condaFile/sourceDirectory); once for
                           all files, or once per --deploy-config in the same order
  --namespace NS           the Kubernetes namespace (replaces the file's "namespace")
  --gateway [NS/]NAME      the Gateway the routes attach to (default aks-ml-gateway/aks-ml)
  --hostname HOST          the host name clients use (the routes match it; the scoring
                           URI is built from it)
  --entra-tenant-id GUID   with tokenAuthEnabled: the Microsoft Entra ID tenant whose
                           tokens are accepted
  --entra-audience AUD     with tokenAuthEnabled: an audience a token must be issued for
                           (repeatable)
  --autoscaler KIND        cpu (default: a HorizontalPodAutoscaler on CPU) or concurrency
                           (KEDA on in-flight requests, as v1 scaled; it honours
                           refreshPeriodInSeconds and targetUtilization as v1 did)
  --prometheus-address URL with --autoscaler concurrency: the Prometheus query API KEDA
                           reads the request metrics from
  -h, --help               show this help`;

export const TOP_HELP = `Usage: aks-ml <command> [options]

Turns Azure ML SDK v1 AKS deployment configs (az ml model deploy --deploy-config-file)
into Kubernetes manifests with the v1 semantics (aks-ml-constructs).

Commands:
  convert    write the manifests of a v1 deployment config (or of the AKSENDPOINT
             files of an endpoint) as <name>.k8s.yaml
  validate   check v1 deployment configs; print every problem and warning
  explain    show the effective configuration: every setting, its value, where it
             came from (the file or the v1 default) and which Kubernetes field holds it
  dockerfile write the Dockerfile of the image v1 built for a service (--from-service)
  regenerate-key
             regenerate one key of a service or endpoint whose keys the cluster
             generates (v1 regen_key): prints the kubectl commands, or runs them (--run)

Options:
  -h, --help     show this help (aks-ml <command> --help for a command's options)
  --version      print the version

Exit codes: 0 success, 1 invalid configuration (nothing written), 2 wrong usage.`;

export const COMMAND_HELP: Record<CommandName, string> = {
  convert: `Usage: aks-ml convert --deploy-config FILE [--deploy-config FILE ...] --name NAME
                      [--image IMAGE | --inference-config FILE] [--out DIR] [options]

Writes the Kubernetes manifests of a v1 web service (computeType AKS) to
DIR/<name>.k8s.yaml: one multi-document YAML file per service, the same as
\`cdk8s synth\` of an AksWebserviceConstruct with the same props. Several AKSENDPOINT
files given together are the versions of one endpoint, named by --name.

Nothing is written when anything is wrong: the files are written to a temporary
folder next to DIR and moved into place at the end. Files in DIR other than the ones
written are left alone, and a file of the same name is only replaced when aks-ml (or
aks-ml-constructs) wrote it.

Options:
  --deploy-config FILE     the v1 deployment config (JSON or YAML, computeType AKS or
                           AKSENDPOINT, or an Azure/aml-deploy parameters file); repeat
                           it for the versions of an endpoint
  --out DIR                the output folder (default: dist)
${SERVICE_HELP}

From a running service (instead of --deploy-config): the JSON of the Model
Management GET (.../services/<name>?expand=true), the ARM resource
(Microsoft.MachineLearningServices/workspaces/services), Webservice.serialize() or
az ml service show -o json; a list (az ml service list, an ARM value[]) gives one
file per service.
  --from-service FILE      the v1 service document (AKS services and endpoints)
  --image [NAME=]IMAGE     the image of a service or version whose document names none
                           (v1 built it from the environment: see aks-ml dockerfile)
  --model NAME:VERSION=URL where a registered model's files are
                           (https://<account>.blob.core.windows.net/<container>/<folder>):
                           mounted under /var/azureml-app/azureml-models/NAME/VERSION
  --client-id GUID         with --model: the workload identity that reads the blobs
  --key-vault-store NAME   the ClusterSecretStore of the Key Vault holding the v1 keys
                           (secrets <name>-primary-key, <name>-secondary-key)

Example:
  aks-ml convert --deploy-config deploymentconfig.json --name fraud-model \\
    --image myregistry.azurecr.io/fraud/scoring:1.4.2 --namespace ml-prod --out k8s/`,
  dockerfile: `Usage: aks-ml dockerfile --from-service FILE [--out DIR]

Writes, for each environment-based service (or endpoint version) of a v1 service
document, DIR/<name>/Dockerfile (and conda_dependencies.yml): an Azure ML inference
base image, the environment's conda dependencies and variables, and the source files
(copied from DIR/<name>/source/). Prints how to build it with ACR Tasks
(az acr build) and to convert with the image.

Options:
  --from-service FILE      the v1 service document
  --out DIR                the output folder (default: docker)
  -h, --help               show this help`,
  validate: `Usage: aks-ml validate --deploy-config FILE [--deploy-config FILE ...] [options]

Checks v1 deployment configs against the v1 rules (and the checks v1 forgot) and
prints every problem and every warning (ignored keys, coerced values, settings that
cannot take effect). Exit code 1 when there is a problem, 0 otherwise (warnings
included). With --name, --image or --inference-config, the service they make is
checked too.

Options:
  --deploy-config FILE     a v1 deployment config (repeatable)
${SERVICE_HELP}`,
  explain: `Usage: aks-ml explain --deploy-config FILE [options]

Prints the effective configuration of a v1 deployment config as a table: every
setting, its value, whether it came from the file (with its JSON path) or is the v1
default, and how it is realised (the Kubernetes object and field, with the value).

Options:
  --deploy-config FILE     the v1 deployment config (repeat it for the versions of
                           an endpoint)
  --narrow                 one block per setting instead of the table (narrow
                           terminals, CI logs)
  --json                   the same as JSON on stdout: one object per service or
                           version, with heading, settings[] (setting, prop, value,
                           source, realisedAs[]) and footer[]
${SERVICE_HELP}`,
};
