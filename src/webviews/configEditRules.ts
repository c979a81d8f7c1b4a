import { isEngineError } from '../containers/engineError';
import { keyProblem, nameProblem, valueProblem } from '../containers/objectRules';
import { FieldError } from './panelSession';

/**
 * What the container and profile panels check before an edit reaches the engine, each failure a
 * FieldError next to the field that carried it; and engine refusals put next to their field too.
 * The rules are the core's (objectRules), the ones the YAML import and the CLI apply.
 */
export const configEditRules = {
  /** A config key the user may set (trimmed); volatile.* keys are the engine's. */
  configKey(raw: string): string {
    const key = raw.trim();
    if (keyProblem(key)) throw new FieldError('key', 'A config key has letters, digits, dots, dashes and underscores only.');
    if (key.startsWith('volatile.')) throw new FieldError('key', 'volatile.* keys belong to the engine and cannot be set.');
    return key;
  },
  /** A device, snapshot … name (trimmed): no spaces or slashes. */
  simpleName(field: string, what: string, raw: string): string {
    const name = raw.trim();
    const problem = nameProblem(name);
    if (problem) throw new FieldError(field, /spaces|empty/.test(problem) ? `A ${what} name has no spaces or slashes.` : `A ${what} name ${problem}.`);
    return name;
  },
  deviceConfig(config: Record<string, string>): Record<string, string> {
    if (!config.type) throw new FieldError('deviceConfig', 'A device needs a type (nic, disk, proxy, …).');
    for (const [k, v] of Object.entries(config)) {
      const problem = keyProblem(k) ?? valueProblem(v);
      if (problem) throw new FieldError('deviceConfig', `The setting ${JSON.stringify(k.slice(0, 80))} ${problem}.`);
    }
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
