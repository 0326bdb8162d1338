/**
 * Labels and annotations: the standard `app.kubernetes.io/*` set, the v1 tags
 * (sanitized into labels, kept verbatim in an annotation), properties, description.
 */
import { ConfigurationWarning } from './errors';
import { LABEL_DOMAIN, isValidLabelValue, sanitizeLabelName, sanitizeLabelValue } from './kube';

export const MANAGED_BY = 'aks-ml-constructs';
/** The label that selects the pods of one scoring deployment. */
export const SELECTOR_LABEL = `${LABEL_DOMAIN}/service`;

export interface ServiceMetadata {
  /** Labels for every object of the service. */
  readonly labels: Record<string, string>;
  /** The pod selector (a subset of the labels). */
  readonly selector: Record<string, string>;
  /** Annotations for the Deployment and the Service. */
  readonly annotations: Record<string, string>;
  readonly warnings: ConfigurationWarning[];
}

export interface MetadataInput {
  /** The Kubernetes name of the deployment (the service, or endpoint-version). */
  readonly workloadName: string;
  /** The app this belongs to (the service, or the endpoint). */
  readonly partOf: string;
  readonly component?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly computeTargetName?: string;
  /** Extra labels (e.g. the endpoint version). */
  readonly extraLabels?: Record<string, string>;
}

export function buildMetadata(input: MetadataInput): ServiceMetadata {
  const warnings: ConfigurationWarning[] = [];
  const selector = { [SELECTOR_LABEL]: input.workloadName };
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': input.workloadName,
    'app.kubernetes.io/component': input.component ?? 'scoring',
    'app.kubernetes.io/part-of': input.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    ...(input.extraLabels ?? {}),
    ...selector,
  };
  const annotations: Record<string, string> = {};
  const tagKeys = Object.keys(input.tags);
  for (const key of tagKeys) {
    const value = input.tags[key];
    const name = `tags.${LABEL_DOMAIN}/${sanitizeLabelName(key)}`;
    const v = sanitizeLabelValue(value);
    if (labels[name] !== undefined) {
      warnings.push({ id: 'aks-ml:metadata:tagLabelCollision', prop: `tags[${JSON.stringify(key)}]`, message: `sanitizes to the same label as another tag (${name}); only the first is a label, all are kept in the ${LABEL_DOMAIN}/tags annotation.` });
      continue;
    }
    labels[name] = v;
    if (v !== value || !isValidLabelValue(value) || sanitizeLabelName(key) !== key) {
      warnings.push({
        id: 'aks-ml:metadata:tagNotALabel',
        prop: `tags[${JSON.stringify(key)}]`,
        message: `is not a valid Kubernetes label; written as label ${name}=${JSON.stringify(v)}, the original is kept in the ${LABEL_DOMAIN}/tags annotation.`,
      });
    }
  }
  if (tagKeys.length > 0) annotations[`${LABEL_DOMAIN}/tags`] = JSON.stringify(input.tags);
  for (const [key, value] of Object.entries(input.properties)) {
    const name = `properties.${LABEL_DOMAIN}/${sanitizeLabelName(key)}`;
    if (sanitizeLabelName(key) !== key || annotations[name] !== undefined) {
      warnings.push({ id: 'aks-ml:metadata:propertyNotAnAnnotation', prop: `properties[${JSON.stringify(key)}]`, message: `is not a valid annotation name; written as ${name}.` });
    }
    if (annotations[name] === undefined) annotations[name] = value;
  }
  if (input.description !== undefined) annotations[`${LABEL_DOMAIN}/description`] = input.description;
  if (input.computeTargetName !== undefined) annotations[`${LABEL_DOMAIN}/compute-target-name`] = input.computeTargetName;
  return { labels, selector, annotations, warnings };
}
