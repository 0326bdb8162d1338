/**
 * Container image references: validity (`[registry/]path[:tag][@digest]`), the
 * registry prefix of a v1 base image, and the message for a bad reference.
 */

/** The prebuilt Azure ML inference image suggested in messages. */
export const EXAMPLE_INFERENCE_IMAGE = 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest';

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`,
);

/** True when `ref` is a valid container image reference (`[registry/]path[:tag][@digest]`). */
export function isValidImageReference(ref: string): boolean {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 512) return false;
  const name = ref.split('@')[0].replace(/:[\w][\w.-]{0,127}$/, '');
  return name.length <= 255 && IMAGE_REFERENCE.test(ref);
}

function hasRegistryDomain(ref: string): boolean {
  const first = ref.split('/')[0];
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** `image` prefixed with the registry `address`, unless it already names a registry. */
export function withRegistry(image: string, address: string | undefined): string {
  if (!address) return image;
  const host = address.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  if (!host || image.startsWith(`${host}/`) || hasRegistryDomain(image)) return image;
  return `${host}/${image}`;
}

/** Why `ref` is not an image reference (a problem's rule text), with a fix when spaces are the cause. */
export function imageProblem(ref: string): string {
  const spaces = /\s/.test(ref);
  const fixed = ref.replace(/\s+/g, '');
  const suggestion = spaces && fixed.includes('/') && isValidImageReference(fixed) ? ` (without the spaces it would read "${fixed}")` : '';
  return `is not a valid image reference${spaces ? ': it contains spaces' : ''}${suggestion}`;
}
