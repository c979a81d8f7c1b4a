import type { NewEngine } from './engineRegistry';

/** An engine the user already configured for another tool (a Docker context, a Podman connection). */
export interface FoundEngine {
  /** Where it was found, for the list the user picks from: `Docker context "x"`, `Podman connection "y"`. */
  readonly origin: string;
  /** The file it was read from. */
  readonly file: string;
  /** What to record, or why it cannot be used here (then `engine` is absent). */
  readonly engine?: NewEngine & { readonly name: string };
  readonly problem?: string;
}

/** Where the other tools keep their settings; the real ones by default, a temp HOME in tests. */
export interface ToolConfigPlaces {
  readonly home: string;
  /** DOCKER_CONFIG: Docker's folder (default `<home>/.docker`). */
  readonly dockerConfig?: string;
  /** XDG_CONFIG_HOME (default `<home>/.config`): Podman's `containers/` lives there. */
  readonly xdgConfigHome?: string;
  /** CONTAINERS_CONF: a containers.conf read instead of the user's own. */
  readonly containersConf?: string;
  /** The local user name, for ssh:// URLs that name none (ssh's own default). */
  readonly localUser: string;
  /** The engine variables of the environment (DOCKER_HOST, CONTAINER_HOST and their companions). */
  readonly env?: Readonly<Partial<Record<'DOCKER_HOST' | 'DOCKER_TLS_VERIFY' | 'DOCKER_TLS' | 'DOCKER_CERT_PATH' | 'CONTAINER_HOST' | 'CONTAINER_SSHKEY', string | undefined>>>;
}
