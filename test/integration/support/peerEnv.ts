/** Peers by the prefix of the variables their start script writes (.build/peers/<peer>.env). */
const PEERS: readonly [prefix: string, peer: string][] = [
  ['CC_LXD_', 'lxd'],
  ['CC_PODMAN_', 'podman'],
  ['CC_DOCKER_', 'docker'],
  ['CC_REGISTRY_', 'registry'],
  ['CC_SIMPLESTREAMS_', 'simplestreams'],
  ['CC_SSHD_', 'sshd'],
  ['CC_LXDC_', 'lxd-cluster'],
];

/** A test peer's endpoint from the environment; throws, naming the peer to start, when it is not running. */
export function need(k: string): string {
  const v = process.env[k];
  if (v) return v;
  const peer = PEERS.find(([prefix]) => k.startsWith(prefix))?.[1];
  throw new Error(`${k} is not set: the ${peer ?? 'test'} peer is not running (${peer ? `bash test/peers/${peer}.sh start, or ` : ''}npm test starts every peer)`);
}
