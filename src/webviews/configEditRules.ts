import { isEngineError } from '../containers/engineError';
import { FieldError } from './panelSession';

// The rules the Containers commands apply to what users type.
const CONFIG_KEY = /^[A-Za-z0-9_.-]+$/;
const SIMPLE_NAME = /^[^\s/]+$/;

/**
 * What the container and profile panels check before an edit reaches the engine, each failure a
 * FieldError next to the field that carried it; and engine refusals put next to their field too.
 */
export const configEditRules = {
  /** A config key the user may set (trimmed); volatile.* keys are the engine's. */
  configKey(raw: string): string {
    const key = raw.trim();
    if (!CONFIG_KEY.test(key)) throw new FieldError('key', 'A config key has letters, digits, dots, dashes and underscores only.');
    if (key.startsWith('volatile.')) throw new FieldError('key', 'volatile.* keys belong to the engine and cannot be set.');
    return key;
  },
  /** A device, snapshot … name (trimmed): no spaces or slashes. */
  simpleName(field: string, what: string, raw: string): string {
    const name = raw.trim();
    if (!SIMPLE_NAME.test(name)) throw new FieldError(field, `A ${what} name has no spaces or slashes.`);
    return name;
  },
  deviceConfig(config: Record<string, string>): Record<string, string> {
    if (!config.type) throw new FieldError('deviceConfig', 'A device needs a type (nic, disk, proxy, …).');
    return { ...config };
  },
  /** Runs an engine call; a refusal ('api' error) becomes a FieldError on `field`. */
  async onField(field: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (e) {
      if (isEngineError(e, 'api')) throw new FieldError(field, e.message);
      throw e;
    }
  },
};
