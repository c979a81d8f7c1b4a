/**
 * What a user typed as a registry address, normalised once so that the catalog stores one spelling per
 * registry (re-adding `https://docker.io/` finds the existing `docker.io`) and the client knows where the
 * API lives (Docker Hub's API is not on docker.io itself).
 */
export interface RegistryEndpoint {
  /** The canonical spelling stored in the catalog's unique `url` column, e.g. `docker.io`, `127.0.0.1:5000`, `http://reg.lan:5000`. */
  readonly key: string;
  /** Host (and port) used in image references: `docker.io/library/busybox:1.36`. */
  readonly referenceHost: string;
  /** Origin of the distribution API, e.g. `https://registry-1.docker.io`, `http://127.0.0.1:5000`. */
  readonly apiBase: string;
  readonly scheme: 'http' | 'https';
  /** True when the user wrote the scheme; otherwise it is the default for the host. */
  readonly schemeExplicit: boolean;
  /** Docker Hub puts single-name repositories under `library/`. */
  readonly dockerHub: boolean;
  /**
   * True when the address carried `user[:password]@`: it was dropped, so it is never stored, logged or
   * sent; callers tell the user to log in instead.
   */
  readonly credentialsDropped: boolean;
}

export class RegistryUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryUrlError';
  }
}

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Loopback registries are almost always plain-http development registries (`localhost:5000`). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/** Normalises a registry address or throws a RegistryUrlError that names the part that is wrong. */
export function normalizeRegistryUrl(input: string): RegistryEndpoint {
  let raw = (input ?? '').trim();
  if (!raw) throw new RegistryUrlError('The registry address is empty. Enter a host such as docker.io, ghcr.io or localhost:5000.');
  // Not quoted when it has an "@": what comes before it may be a password.
  if (/\s/.test(raw)) throw new RegistryUrlError(raw.includes('@') ? 'The registry address contains spaces.' : `The registry address "${raw}" contains spaces.`);

  let rest = raw;
  let scheme: 'http' | 'https' | undefined;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (schemeMatch) {
    const s = schemeMatch[1].toLowerCase();
    if (s !== 'http' && s !== 'https') {
      throw new RegistryUrlError(`The scheme "${schemeMatch[1]}://" is not supported: use https:// (or http:// for a plain-http registry).`);
    }
    scheme = s;
    rest = rest.slice(schemeMatch[0].length);
  } else if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/(?!\/)/.test(rest)) {
    throw new RegistryUrlError(`The registry address${raw.includes('@') ? '' : ` "${raw}"`} looks like a URL with a malformed scheme: write it as https://host[:port].`);
  }

  const slash = rest.search(/[/?#]/);
  let authority = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? '' : rest.slice(slash);
  // Userinfo ends at the last "@" (as in WHATWG URL): a password may itself contain "@". Nothing from
  // it is kept or quoted in a message; without it, the address can be shown.
  const at = authority.lastIndexOf('@');
  const credentialsDropped = at >= 0;
  if (credentialsDropped) authority = authority.slice(at + 1);
  if (tail.includes('@')) {
    throw new RegistryUrlError('The registry address has an "@" that is not before its host; a registry address is only [scheme://]host[:port]. Log in to give a user name and password.');
  }
  if (credentialsDropped) raw = `${scheme ? `${scheme}://` : ''}${authority}${tail}`;
  if (tail.includes('?') || tail.includes('#')) {
    throw new RegistryUrlError(`The registry address "${raw}" has a query or fragment ("${tail.slice(tail.search(/[?#]/))}"); a registry address is only [scheme://]host[:port].`);
  }
  const path = tail.replace(/\/+$/, '');
  // `/v1/` appears in docker config keys (`https://index.docker.io/v1/`), `/v2/` in pasted API URLs.
  if (path && path.toLowerCase() !== '/v2' && path.toLowerCase() !== '/v1') {
    throw new RegistryUrlError(
      `The path "${path}" is not part of a registry address. Enter only the host (e.g. "${authority}"); repositories such as "${path.replace(/^\/+/, '')}" are browsed or tracked inside the registry.`,
    );
  }
  if (!authority) throw new RegistryUrlError(`The registry address "${raw}" has no host.`);

  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) throw new RegistryUrlError(`The IPv6 host in "${raw}" is missing its closing "]".`);
    host = authority.slice(0, end + 1).toLowerCase();
    const after = authority.slice(end + 1);
    if (after && !after.startsWith(':')) throw new RegistryUrlError(`Unexpected "${after}" after the IPv6 host in "${raw}".`);
    portText = after ? after.slice(1) : undefined;
    if (!/^\[[0-9a-f:.]+\]$/.test(host)) throw new RegistryUrlError(`The IPv6 host "${host}" is not a valid address.`);
    host = canonicalIp(host, `The IPv6 host "${host}" is not a valid address.`);
  } else {
    const parts = authority.split(':');
    if (parts.length > 2) throw new RegistryUrlError(`The host "${authority}" has more than one ":"; write IPv6 addresses in brackets, e.g. [::1]:5000.`);
    host = parts[0].toLowerCase();
    portText = parts[1];
    host = validateHost(host, raw);
  }

  let port: number | undefined;
  if (portText !== undefined) {
    if (!/^\d+$/.test(portText)) throw new RegistryUrlError(`The port "${portText}" in "${raw}" is not a number.`);
    port = Number(portText);
    if (port < 1 || port > 65535) throw new RegistryUrlError(`The port ${portText} in "${raw}" is out of range (1–65535).`);
  }

  const dockerHub = DOCKER_HUB_ALIASES.has(host) && port === undefined;
  const defaultScheme = isLoopbackHost(host) ? 'http' : 'https';
  const effective = scheme ?? defaultScheme;
  const defaultPort = effective === 'https' ? 443 : 80;
  if (port === defaultPort) port = undefined;
  const hostPort = port === undefined ? host : `${host}:${port}`;

  if (dockerHub) {
    if (effective === 'http') throw new RegistryUrlError('Docker Hub is only reachable over https; drop "http://".');
    return { key: 'docker.io', referenceHost: 'docker.io', apiBase: 'https://registry-1.docker.io', scheme: 'https', schemeExplicit: scheme !== undefined, dockerHub: true, credentialsDropped };
  }
  return {
    key: effective === defaultScheme ? hostPort : `${effective}://${hostPort}`,
    referenceHost: hostPort,
    apiBase: `${effective}://${hostPort}`,
    scheme: effective,
    schemeExplicit: scheme !== undefined,
    dockerHub: false,
    credentialsDropped,
  };
}

/** The host in its one spelling; an IPv4 address in any WHATWG form (`0177.0.0.1`, `127.1`, `0x7f.1`) as dotted decimal. */
function validateHost(host: string, raw: string): string {
  if (!host) throw new RegistryUrlError(`The registry address "${raw}" has no host before the port.`);
  if (endsInNumber(host)) return canonicalIp(host, `The IP address "${host}" is not valid (each part must be 0–255, or one number for the whole address).`);
  if (host.length > 253) throw new RegistryUrlError(`The host name "${host.slice(0, 40)}…" is longer than 253 characters.`);
  const bad = host.split('.').find((label) => !HOST_LABEL.test(label));
  if (bad !== undefined) {
    const why = bad === '' ? 'has an empty part (".." or a leading/trailing dot)' : `has an invalid part "${bad}" (letters, digits and inner "-" only)`;
    throw new RegistryUrlError(`The host name "${host}" ${why}.`);
  }
  return host;
}

/** WHATWG's test for a host the URL parser reads as IPv4: its last part (a trailing dot aside) is a number. */
function endsInNumber(host: string): boolean {
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const last = parts[parts.length - 1];
  return /^\d+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/** Node's WHATWG URL parser writes IP addresses one way (IPv4 dotted decimal, IPv6 compressed); it refuses bad ones. */
function canonicalIp(host: string, problem: string): string {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    throw new RegistryUrlError(problem);
  }
}
