/** Runs `fn` and returns the ConfigurationError it throws (fails the test otherwise). */
import { ConfigurationError } from '../../src/core/errors';

export function configurationErrorOf(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigurationError) return e;
    throw e;
  }
  throw new Error('expected a ConfigurationError');
}
