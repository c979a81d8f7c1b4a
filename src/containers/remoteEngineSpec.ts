import type { NewEngine } from './engineRegistry';
import type { ToolConfigPlaces } from './foundEngine';

/**
 * What another tool's engine address becomes here: `unix://` a socket path, `ssh://` as is (the local user
 * name filled in when it names none, as ssh does), `tcp://` only with TLS client certificates.
 */
export function remoteEngineSpec(
  kind: 'podman' | 'docker',
  uri: string,
  places: ToolConfigPlaces,
  tls?: { cert: string; key: string },
  identity?: string,
): Omit<NewEngine, 'name'> | { problem: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { problem: `Not an address the catalog understands: ${uri}` };
  }
  switch (url.protocol) {
    case 'unix:':
      return { kind, endpoint: decodeURIComponent(url.pathname) };
    case 'ssh:':
      if (!url.username) url.username = encodeURIComponent(places.localUser);
      return { kind, endpoint: url.toString(), clientKey: identity || undefined };
    case 'tcp:':
      if (kind !== 'docker' || !tls) return { problem: `${uri} is plain TCP without TLS client certificates; the catalog does not send engine traffic unencrypted.` };
      return { kind, endpoint: `tcp://${url.host}`, clientCert: tls.cert, clientKey: tls.key };
    default:
      return { problem: `${url.protocol}// addresses are not supported (${uri}).` };
  }
}
