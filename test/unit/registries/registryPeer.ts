import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Endpoints of the real registries started by test/peers/registry.sh (see .build/peers/registry.env). */
export interface RegistryPeer {
  readonly anon: string;
  readonly basic: string;
  readonly bearer: string;
  readonly tokenServer: string;
  readonly tls: string;
  readonly tlsCa: string;
  readonly down: string;
  /** nginx rate-limiting the anonymous registry: one request a minute, then 429 with Retry-After: 60. */
  readonly rateLimited: string;
  /** That nginx's access log: one line per request it answered (tests count what reached it). */
  readonly rateLimitedLog: string;
  /** nginx in front of the down port: 502 Bad Gateway. */
  readonly badGateway: string;
  readonly user: string;
  readonly password: string;
  readonly limitedUser: string;
  readonly limitedPassword: string;
  readonly deniedRepo: string;
  readonly emptyRepo: string;
  readonly repos: string[];
  readonly tagsRepo: string;
  readonly tags: string[];
  readonly v2s2Ref: string;
  readonly digests: Record<string, string>;
}

const ENV_FILE = join(process.cwd(), '.build', 'peers', 'registry.env');

/** `export KEY=VALUE` / `export KEY='VALUE'` lines, as the peer script writes them. */
function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    out[m[1]] = m[2].startsWith("'") && m[2].endsWith("'") ? m[2].slice(1, -1) : m[2];
  }
  return out;
}

/**
 * Reads the CC_REGISTRY_* environment (the harness sources the env file; a bare `npm run test:unit`
 * after `test/peers/registry.sh start` reads the file itself). Fails loudly when the peers are absent.
 */
export function registryPeer(): RegistryPeer {
  let env: Record<string, string | undefined> = process.env;
  if (!env.CC_REGISTRY_ANON && existsSync(ENV_FILE)) env = { ...readEnvFile(ENV_FILE), ...process.env };
  const need = (k: string): string => {
    const v = env[k];
    if (!v) throw new Error(`${k} is not set: the registry test peers are not running. Run "test/peers/registry.sh start" (writes .build/peers/registry.env) or "npm test".`);
    return v;
  };
  return {
    anon: need('CC_REGISTRY_ANON'),
    basic: need('CC_REGISTRY_BASIC'),
    bearer: need('CC_REGISTRY_BEARER'),
    tokenServer: need('CC_REGISTRY_TOKEN_SERVER'),
    tls: need('CC_REGISTRY_TLS'),
    tlsCa: need('CC_REGISTRY_TLS_CA'),
    down: need('CC_REGISTRY_DOWN'),
    rateLimited: need('CC_REGISTRY_RATE_LIMITED'),
    // Where registry.sh puts it, for a peer started by an older script that did not export it.
    rateLimitedLog: env.CC_REGISTRY_RATE_LIMITED_LOG ?? join(process.cwd(), '.build', 'peers', 'registry', 'proxy', 'access.log'),
    badGateway: need('CC_REGISTRY_BAD_GATEWAY'),
    user: need('CC_REGISTRY_USER'),
    password: need('CC_REGISTRY_PASSWORD'),
    limitedUser: need('CC_REGISTRY_LIMITED_USER'),
    limitedPassword: need('CC_REGISTRY_LIMITED_PASSWORD'),
    deniedRepo: need('CC_REGISTRY_DENIED_REPO'),
    emptyRepo: need('CC_REGISTRY_EMPTY_REPO'),
    repos: need('CC_REGISTRY_REPOS').split(' ').filter(Boolean),
    tagsRepo: need('CC_REGISTRY_TAGS_REPO'),
    tags: need('CC_REGISTRY_TAGS').split(' ').filter(Boolean),
    v2s2Ref: need('CC_REGISTRY_V2S2_REF'),
    digests: JSON.parse(need('CC_REGISTRY_DIGESTS')) as Record<string, string>,
  };
}
