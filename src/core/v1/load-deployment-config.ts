/**
 * The engine-free loader for Azure ML SDK v1 deployment configuration files:
 * the `az ml model deploy --deploy-config-file` document (JSON or YAML, camelCase
 * keys, `computeType` AKS or AKSENDPOINT) and the snake_case parameters file of the
 * `Azure/aml-deploy` GitHub Action. Every key is mapped as v1 mapped it, messy
 * values are read as v1 (and PyYAML) read them, and every problem is reported with
 * the JSON path it came from, all at once.
 */
import { ConfigurationError, ConfigurationWarning, describeValue, ProblemCollector } from '../errors';
import { checkBoolean, checkNumber, checkServiceName, isPlainObject } from '../validation';
import {
  AksWebserviceDeployConfiguration,
  DEPLOY_CONFIGURATION_PROPS,
  validateDeployConfiguration,
} from '../webservice/deploy-configuration';
import { VALUE_COERCED, coerce } from './coerce';
import type {
  LoadedDeploymentPropName,
  LoadedDeploymentProps,
  V1DeploymentConfigFormat,
  V1DeploymentKind,
} from './deployment-props';
import { AML_ACI_KEYS, AML_ACTION_ONLY_KEYS, AML_FIELDS, AML_INFERENCE_KEYS, CLI_FIELDS, CLI_IGNORED_KEYS, CLI_SECTIONS, FieldSpec } from './keys';
import type { V1InferenceConfig } from './load-inference-config';
import { LoadV1ConfigOptions, duplicateKeyWarnings, readV1Root, subjectOf } from './parse';
import { UNKNOWN_KEY, nearestKey, propFromOtherVocabulary } from './suggestions';

/** The result of {@link loadDeploymentConfig}. */
export interface LoadedDeploymentConfig {
  /** `webservice` for computeType AKS (and the aml-deploy action), `endpointVersion` for AKSENDPOINT. */
  readonly kind: V1DeploymentKind;
  /** The props the file set (nothing else: defaults are applied later, by the constructs). */
  readonly props: LoadedDeploymentProps;
  /** Keys that were ignored, values that were coerced, and settings that cannot take effect. */
  readonly warnings: ConfigurationWarning[];
  /** `json` or `yaml` for the v1 CLI document (by syntax), `aml-deploy-action` for the action's file. */
  readonly format: V1DeploymentConfigFormat;
  /** For each prop that was set, the JSON path in the file it came from (e.g. `cpuCores` → `containerResourceRequirements.cpu`). */
  readonly sourceKeys: Record<string, string>;
  /**
   * aml-deploy action files: the inference config its inference keys make up
   * (`inference_entry_script` → entryScript, `inference_source_directory` → sourceDirectory,
   * `runtime`, `conda_file`...), for {@link inferenceConfigToContainer}. Absent when the
   * file has none of them.
   */
  readonly inferenceConfig?: V1InferenceConfig;
}

interface LoadState {
  /** The inference config the aml-deploy action's inference keys make up. */
  readonly inference: Record<string, unknown>;
  readonly kind: V1DeploymentKind;
  readonly format: V1DeploymentConfigFormat;
  readonly fields: readonly FieldSpec[];
  readonly props: Record<string, unknown>;
  readonly sourceKeys: Record<string, string>;
  readonly warnings: ConfigurationWarning[];
  readonly c: ProblemCollector;
}

function setField(state: LoadState, spec: FieldSpec, raw: unknown, path: string): void {
  if (raw === null || raw === undefined) return; // null: unset, the default applies (as in v1).
  if (!spec.kinds.includes(state.kind)) {
    state.warnings.push(
      spec.kinds.includes('endpointVersion')
        ? { id: 'aks-ml:v1:endpointOnlyKey', prop: path, message: 'is only read for computeType AKSENDPOINT (an endpoint version); ignored, as v1 ignored it.' }
        : { id: 'aks-ml:v1:webserviceOnlyKey', prop: path, message: 'is only read for computeType AKS (a web service); ignored, as v1 ignored it for AKSENDPOINT (the endpoint\'s compute target is given once, for the endpoint).' },
    );
    return;
  }
  const { value, warning } = coerce(spec.type, raw);
  if (warning) state.warnings.push({ id: VALUE_COERCED, prop: path, message: warning });
  state.props[spec.prop] = value;
  state.sourceKeys[spec.prop] = path;
}

function unknownKey(state: LoadState, key: string, path: string, sameLevel: readonly string[]): void {
  const own = state.fields;
  const other = state.format === 'aml-deploy-action' ? CLI_FIELDS : AML_FIELDS;
  const allPaths = [...own.map((f) => f.path), ...(state.format === 'aml-deploy-action' ? [] : [...CLI_SECTIONS, 'computeType'])];
  const ignored = 'unknown key, ignored (v1 ignored it too)';
  // 1. The same key with other casing: v1 keys are case-sensitive.
  const sameCase = sameLevel.find((k) => k.toLowerCase() === key.toLowerCase());
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
  if (sameCase) {
    state.warnings.push({ id: UNKNOWN_KEY, prop: path, message: `${ignored}: keys are case-sensitive. Did you mean "${parent}${sameCase}"?` });
    return;
  }
  // 2. A key that exists elsewhere in this format (misplaced).
  const misplaced = own.find((f) => f.segments[f.segments.length - 1].toLowerCase() === key.toLowerCase());
  if (misplaced && misplaced.path !== path) {
    state.warnings.push({ id: UNKNOWN_KEY, prop: path, message: `${ignored}. Did you mean "${misplaced.path}"?` });
    return;
  }
  // 3. A key of another vocabulary (SDK parameter name, library prop, the other file format).
  const prop = propFromOtherVocabulary(key, other);
  if (prop) {
    const target = own.find((f) => f.prop === prop);
    const hint = target
      ? `Did you mean "${target.path}"?`
      : state.format === 'aml-deploy-action'
        ? 'The aml-deploy action had no such setting; to set it, use the v1 CLI deployment config format (with computeType).'
        : '';
    state.warnings.push({ id: UNKNOWN_KEY, prop: path, message: `${ignored}${hint ? `. ${hint}` : '.'}` });
    return;
  }
  // 4. A typo.
  const near = nearestKey(key, [...sameLevel.map((k) => parent + k), ...allPaths.filter((p) => !sameLevel.includes(p))]);
  state.warnings.push({ id: UNKNOWN_KEY, prop: path, message: near ? `${ignored}. Did you mean "${near}"?` : `${ignored}.` });
}

function walkCli(state: LoadState, root: Record<string, unknown>): void {
  const rootKeys = [
    'computeType',
    ...CLI_SECTIONS,
    ...CLI_FIELDS.filter((f) => f.segments.length === 1).map((f) => f.path),
  ];
  for (const [key, raw] of Object.entries(root)) {
    if (key === 'computeType') continue;
    if (CLI_SECTIONS.has(key)) {
      const sectionFields = CLI_FIELDS.filter((f) => f.segments[0] === key);
      if (raw === null || raw === undefined) {
        state.warnings.push({
          id: 'aks-ml:v1:emptySection',
          prop: key,
          message: 'is empty; read as unset, so every setting in it takes its default (v1 failed on an empty section).',
        });
        continue;
      }
      if (!isPlainObject(raw)) {
        state.c.add(key, raw, 'must be a mapping of settings (an object)');
        continue;
      }
      const subKeys = sectionFields.map((f) => f.segments[1]);
      for (const [sub, subRaw] of Object.entries(raw)) {
        const spec = sectionFields.find((f) => f.segments[1] === sub);
        const path = `${key}.${sub}`;
        if (spec) setField(state, spec, subRaw, path);
        else unknownKey(state, sub, path, subKeys);
      }
      continue;
    }
    const spec = CLI_FIELDS.find((f) => f.path === key);
    if (spec) {
      setField(state, spec, raw, key);
    } else if (Object.hasOwn(CLI_IGNORED_KEYS, key)) {
      state.warnings.push({ id: 'aks-ml:v1:ignoredCliKey', prop: key, message: CLI_IGNORED_KEYS[key] });
    } else {
      unknownKey(state, key, key, rootKeys);
    }
  }
}

function walkAmlDeploy(state: LoadState, root: Record<string, unknown>): void {
  const keys = AML_FIELDS.map((f) => f.path);
  for (const [key, raw] of Object.entries(root)) {
    const spec = AML_FIELDS.find((f) => f.path === key);
    if (spec) {
      setField(state, spec, raw, key);
    } else if (Object.hasOwn(AML_INFERENCE_KEYS, key)) {
      // The action built its InferenceConfig from these: they make the container here.
      if (raw === null || raw === undefined || raw === '') continue;
      const target = AML_INFERENCE_KEYS[key];
      const { value, warning } = coerce(target === 'enableGpu' ? 'boolean' : 'string', typeof raw === 'number' && target !== 'enableGpu' ? String(raw) : raw);
      if (warning) state.warnings.push({ id: VALUE_COERCED, prop: key, message: warning });
      if (target === 'enableGpu' ? typeof value !== 'boolean' : typeof value !== 'string') {
        state.c.add(key, raw, target === 'enableGpu' ? 'must be true or false' : 'must be a string');
      } else {
        state.inference[target] = value;
      }
    } else if (Object.hasOwn(AML_ACTION_ONLY_KEYS, key)) {
      const where = AML_ACTION_ONLY_KEYS[key];
      state.warnings.push({
        id: 'aks-ml:v1:amlDeployActionKey',
        prop: key,
        message: `is used by the aml-deploy action, not by this library; ignored${where ? ` (it belongs in ${where})` : ''}.`,
      });
    } else if (Object.hasOwn(AML_ACI_KEYS, key)) {
      state.warnings.push({ id: 'aks-ml:v1:aciKey', prop: key, message: AML_ACI_KEYS[key] });
    } else {
      unknownKey(state, key, key, keys);
    }
  }
  if (root.deployment_compute_target === undefined || root.deployment_compute_target === null) {
    state.warnings.push({
      id: 'aks-ml:v1:amlDeployWithoutComputeTarget',
      prop: 'deployment_compute_target',
      message:
        'is not set: without it the aml-deploy action deployed to Azure Container Instances (ACI), not AKS. This ' +
        'library deploys to AKS; the AKS settings of this file apply, with the v1 AKS defaults for the rest.',
    });
  }
}

const V2_KEYS = ['$schema', 'instance_type', 'request_settings', 'liveness_probe', 'endpoint_name', 'instance_count'];
/** The snake_case keys that identify the aml-deploy action's file (generic keys such as name do not). */
const AML_DETECT_KEYS = new Set(
  [...AML_FIELDS.map((f) => f.path), ...Object.keys(AML_ACTION_ONLY_KEYS), ...Object.keys(AML_ACI_KEYS)].filter((k) => k.includes('_')),
);
const INFERENCE_KEYS = ['entryScript', 'condaFile', 'sourceDirectory', 'runtime', 'baseImage', 'environment', 'enableGpu'];

/**
 * What a file deploys and the layout it is written in: from `computeType`, or, without
 * it, from the keys of the aml-deploy action. Throws for a v2 file and ACI or local
 * files; a missing or unknown computeType is returned as `problem`, to be reported
 * with the file's other problems.
 */
function detectKind(
  root: Record<string, unknown>,
  syntax: 'json' | 'yaml',
  subject: string,
): { kind: V1DeploymentKind; format: V1DeploymentConfigFormat; problem?: string } {
  if (V2_KEYS.some((k) => k in root)) {
    throw new ConfigurationError(subject, [
      'this is an Azure ML v2 (managed online deployment) file, not a v1 deployment config: it has ' +
        `${V2_KEYS.filter((k) => k in root).map((k) => `"${k}"`).join(', ')}. Load the v1 file (with computeType) instead.`,
    ]);
  }

  if (!('computeType' in root)) {
    // The action's own keys decide (its files have "runtime" too: it is one of the action's keys).
    if (Object.keys(root).some((k) => AML_DETECT_KEYS.has(k))) {
      return { kind: 'webservice', format: 'aml-deploy-action' };
    }
    const inference = INFERENCE_KEYS.filter((k) => k in root);
    const cased = Object.keys(root).find((k) => k.toLowerCase() === 'computetype');
    let hint = 'add "computeType: AKS" for a web service, or "computeType: AKSENDPOINT" for an endpoint version.';
    if (cased) hint = `found "${cased}", but keys are case-sensitive: write "computeType".`;
    else if (inference.length > 0) {
      hint = `this looks like an inference config (it has ${inference.map((k) => `"${k}"`).join(', ')}); load it with loadInferenceConfig.`;
    }
    // Reported with the file's other problems (read as an AKS web service file), never instead of them.
    return { kind: 'webservice', format: syntax, problem: `computeType is missing: v1 needed it to know what to deploy; ${hint}` };
  }

  // v1 (file_to_deploy_config) compared `computeType.lower()`: letter case does not matter, spaces do.
  const ct = root.computeType;
  const value = typeof ct === 'string' ? ct.toLowerCase() : undefined;
  if (value === 'aks') return { kind: 'webservice', format: syntax };
  if (value === 'aksendpoint') return { kind: 'endpointVersion', format: syntax };
  if (value === 'aci') {
    throw new ConfigurationError(subject, [
      `computeType is ${describeValue(ct)}: this file deploys to Azure Container Instances, and this library deploys ` +
        'to AKS only. To run the service on AKS, set computeType to AKS and review the settings (v1 AKS defaults ' +
        'differ from ACI: key auth is on by default, autoscaling is on unless numReplicas is set).',
    ]);
  }
  if (value === 'local') {
    throw new ConfigurationError(subject, [
      `computeType is ${describeValue(ct)}: this file deploys to a local Docker container, and this library deploys ` +
        'to AKS only. To run the service on AKS, set computeType to AKS (the "port" key has no effect there).',
    ]);
  }
  const spaced = typeof value === 'string' && ['aks', 'aksendpoint'].includes(value.trim());
  return {
    kind: typeof value === 'string' && value.trim() === 'aksendpoint' ? 'endpointVersion' : 'webservice',
    format: syntax,
    problem:
      `computeType ${typeof ct === 'string' ? 'is unknown' : 'must be a string'}; received ${describeValue(ct)}. ` +
      `Use AKS for a web service or AKSENDPOINT for an endpoint version (case does not matter${spaced ? ', but spaces do: v1 refused this value as an "unknown deployment type"' : ''}).`,
  };
}

/**
 * Validates the endpoint-version and name props (not part of the deploy configuration
 * model), adding every problem to `c` with the file's paths.
 */
function validateVersionProps(
  c: ProblemCollector,
  props: Record<string, unknown>,
  pathOf: (prop: LoadedDeploymentPropName) => string,
  nameGivenElsewhere = false,
): void {
  if (props.trafficPercentile !== undefined) {
    checkNumber(c, pathOf('trafficPercentile'), props.trafficPercentile, {
      atLeast: 0,
      atMost: 100,
      boundText: 'cannot be negative',
    });
  }
  checkBoolean(c, pathOf('isDefault'), props.isDefault);
  if (props.versionType !== undefined && props.versionType !== 'Control' && props.versionType !== 'Treatment') {
    c.add(pathOf('versionType'), props.versionType, 'must be "Control" or "Treatment"');
  }
  for (const p of ['versionName', 'name'] as const) {
    if (props[p] === undefined || (p === 'name' && nameGivenElsewhere)) continue;
    const nameCheck = new ProblemCollector();
    if (!checkServiceName(nameCheck, pathOf(p), props[p], false)) {
      const fixed = typeof props[p] === 'string' ? (props[p] as string).toLowerCase().replace(/[^a-z0-9-]+/g, '-') : '';
      const suggestion = fixed !== props[p] && checkServiceName(new ProblemCollector(), 'x', fixed) ? ` For example: "${fixed}".` : '';
      for (const problem of nameCheck.problems) c.addRaw(`${problem}${suggestion}`);
    }
  }
}

/** Rewrites the prop names of a core validation message into the file's JSON paths. */
function translator(fields: readonly FieldSpec[], sourceKeys: Record<string, string>): (text: string) => string {
  const pathOf = (prop: string): string => sourceKeys[prop] ?? fields.find((f) => f.prop === prop)?.path ?? prop;
  // Every prop name (longest first); "(v1: python_name)" is dropped: the file's key says it all.
  const names = [...new Set<string>([...DEPLOY_CONFIGURATION_PROPS, ...fields.map((f) => f.prop)])].sort(
    (a, b) => b.length - a.length,
  );
  const pattern = new RegExp(`\\b(${names.join('|')})\\b(?: \\(v1: [a-z_]+\\))?`, 'g');
  return (text) => text.replace(pattern, (_m, prop: string) => pathOf(prop));
}

/**
 * Validates the props with the deploy configuration rules of the core, adding every
 * problem to `c`; returns the warnings. Messages name the file's JSON paths.
 */
function validateDeployProps(
  c: ProblemCollector,
  props: Record<string, unknown>,
  fields: readonly FieldSpec[],
  sourceKeys: Record<string, string>,
): ConfigurationWarning[] {
  const translate = translator(fields, sourceKeys);
  const core = new ProblemCollector();
  const coreWarnings = validateDeployConfiguration(core, props as AksWebserviceDeployConfiguration);
  for (const problem of core.problems) c.addRaw(translate(problem));
  return coreWarnings.map((w) => ({ ...w, prop: translate(w.prop), message: translate(w.message) }));
}

/**
 * Loads a v1 deployment configuration: the `az ml model deploy` deploy-config file
 * (JSON or YAML; `computeType` AKS for a web service, AKSENDPOINT for an endpoint
 * version) or the parameters file of the `Azure/aml-deploy` GitHub Action.
 *
 * Keys map to props as v1 mapped them; `null` leaves a prop unset; quoted numbers and
 * booleans are coerced (with a warning); unknown keys are ignored with a warning
 * naming the nearest known key. Every type or range problem, with its JSON path,
 * is thrown in one {@link ConfigurationError}.
 */
export function loadDeploymentConfig(textOrObject: string | object, options: LoadV1ConfigOptions = {}): LoadedDeploymentConfig {
  const subject = subjectOf('deployment config', options.source);
  const { root, syntax, duplicateKeys } = readV1Root(textOrObject, subject);
  const { kind, format, problem } = detectKind(root, syntax, subject);

  const fields = format === 'aml-deploy-action' ? AML_FIELDS : CLI_FIELDS;
  const state: LoadState = { kind, format, fields, props: {}, sourceKeys: {}, warnings: duplicateKeyWarnings(duplicateKeys), c: new ProblemCollector(), inference: {} };
  if (problem) state.c.addRaw(problem);
  if (format === 'aml-deploy-action') walkAmlDeploy(state, root);
  else walkCli(state, root);

  const { props, sourceKeys, c } = state;
  const pathOf = (prop: LoadedDeploymentPropName) => sourceKeys[prop] ?? fields.find((f) => f.prop === prop)?.path ?? prop;
  validateVersionProps(c, props, pathOf, options.nameGivenElsewhere);
  state.warnings.push(...validateDeployProps(c, props, fields, sourceKeys));

  c.throwIfAny(subject, state.warnings);
  return {
    kind,
    props: props as LoadedDeploymentProps,
    warnings: state.warnings,
    format,
    sourceKeys,
    ...(Object.keys(state.inference).length > 0 ? { inferenceConfig: state.inference as V1InferenceConfig } : {}),
  };
}
