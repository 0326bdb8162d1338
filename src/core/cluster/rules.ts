/**
 * Small helpers of the cluster rules: the prop labels with their v1 names, the
 * name patterns and the string checks built on them. Internal to the cluster
 * folder (not exported by its index).
 */
import { ProblemCollector } from '../errors';
import { checkString } from '../validation';
import { V1_CLUSTER_PARAMETER_NAMES } from './props';

/** A prop with its v1 name, e.g. `agentCount (v1: agent_count)`. */
export function label(prop: string): string {
  const v1 = (V1_CLUSTER_PARAMETER_NAMES as Record<string, string | undefined>)[prop];
  return v1 && v1 !== prop ? `${prop} (v1: ${v1})` : prop;
}

// --- Name rules ----------------------------------------------------------------

export const AZURE_RESOURCE_ID_PATTERN =
  /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.ContainerService\/managedClusters\/[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/i;
/** Resource group names: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending in '.'. */
export const RESOURCE_GROUP_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;
/** Virtual network names: 2-64 chars, start with a letter or digit, end with a letter, digit or '_'. */
export const VNET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$/;
/** Subnet names: 1-80 chars, start with a letter or digit, end with a letter, digit or '_'. */
export const SUBNET_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
/** DNS host names (the TLS CNAME). */
export const HOSTNAME_PATTERN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** DNS label (the leaf domain label). */
export const DNS_LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** AKS Linux node pool names. */
export const NODE_POOL_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;
export const KUBERNETES_VERSION_PATTERN = /^(\d{1,3})\.(\d{1,3})(?:\.(\d{1,4}))?$/;
export const VM_SIZE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
export const CLUSTER_SKUS = ['Free', 'Standard', 'Premium'];
/** AKS: at most 1000 nodes per node pool. */
export const MAX_NODES_PER_POOL = 1000;

export function checkPattern(c: ProblemCollector, prop: string, value: unknown, pattern: RegExp, rule: string, maxLength = 256): boolean {
  if (value === undefined) return true;
  if (!checkString(c, label(prop), value, { maxLength })) return false;
  if (!pattern.test(value as string)) {
    c.add(label(prop), value, rule);
    return false;
  }
  return true;
}

/** Matches a string against an enum's values, case-insensitively. */
export function enumValue<T extends string>(values: readonly T[], value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  return values.find((v) => v.toLowerCase() === value.toLowerCase());
}
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
