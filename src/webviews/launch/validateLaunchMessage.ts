import { commonVariants } from '../commonMessages';
import { array, bool, literal, messageUnion, object, requestId, str } from '../validate';
import type { LaunchPageMessage } from './protocol';

/** Longest field texts the page may send (its inputs carry the same limits). */
export const LAUNCH_LIMITS = { name: 255, short: 255, list: 8192, items: 64, item: 8192, path: 4096 } as const;

const short = str({ max: LAUNCH_LIMITS.short });
const list = str({ max: LAUNCH_LIMITS.list });
const entries = array(str({ max: LAUNCH_LIMITS.item }), LAUNCH_LIMITS.items);

/**
 * Validates every message the Launch panel's page sends: the shape and sizes here; what each field says
 * (a name the engine takes, ports, env) is checked by the panel logic, which answers next to the field.
 */
export const validateLaunchMessage = messageUnion<LaunchPageMessage>({
  ...commonVariants,
  launch: object({
    type: literal('launch'),
    requestId,
    engine: str({ max: LAUNCH_LIMITS.short, min: 1 }),
    name: str({ max: LAUNCH_LIMITS.name }),
    profiles: list,
    config: entries,
    target: short,
    certificateFile: str({ max: LAUNCH_LIMITS.path }),
    ports: list,
    env: entries,
    volumes: list,
    network: short,
    restart: short,
    command: list,
    start: bool,
  }),
});
