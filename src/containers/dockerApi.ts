/** The parts of the Docker Engine API (as served by Docker and by Podman's compat layer) read here. */

/** The part of an image's inspect (`GET /images/{id}/json`) read here: the platform it was built for. */
export interface DockerImageInspect {
  Architecture?: string;
  Variant?: string;
  Os?: string;
}

export interface DockerContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID?: string;
  State: string;
  Status: string;
  Created: number;
  Labels: Record<string, string> | null;
  NetworkSettings?: { Networks?: Record<string, DockerEndpoint> };
  Mounts?: DockerMount[] | null;
  /** Published ports as bound now: Docker lists them only while the container runs. */
  Ports?: DockerPort[] | null;
}

export interface DockerPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

/**
 * Podman's own list entry (`GET /libpod/containers/json`). Podman answers it in about half the time of
 * its compat list (182 vs 261 ms for 203 containers here), and it carries the command, auto-remove,
 * exact times and configured ports the compat list leaves out.
 */
export interface LibpodContainerSummary {
  Id: string;
  Names?: string[] | null;
  /** The image as the container was created from it (a name), and its id (no `sha256:`). */
  Image?: string;
  ImageID?: string;
  State?: string;
  Labels?: Record<string, string> | null;
  /** Mount destinations only: the volume or host path behind each is in the inspect. */
  Mounts?: string[] | null;
  /** Names of the networks it is connected to. */
  Networks?: string[] | null;
  AutoRemove?: boolean;
  /** The container's Cmd, as an array (the compat list joins entrypoint and command into one string). */
  Command?: string[] | null;
  /** RFC 3339 with nanoseconds, as inspect gives it (the compat list has whole seconds). */
  Created?: string;
  /** Unix seconds; Go's zero time (negative) when never started. */
  StartedAt?: number;
  /** Configured port mappings, ranges as one entry (the compat list shows a range's first port only). */
  Ports?: { host_ip?: string; container_port: number; host_port: number; range?: number; protocol?: string }[] | null;
}

export interface DockerEndpoint {
  IPAddress?: string;
  MacAddress?: string;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } | null;
}

export interface DockerMount {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  RW: boolean;
}

export interface DockerContainer {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  State: { Status: string; Running: boolean; Pid: number; StartedAt?: string; FinishedAt?: string };
  Config: {
    Image: string;
    Env: string[] | null;
    Labels: Record<string, string> | null;
    Cmd: string[] | null;
    Entrypoint?: string[] | string | null;
    WorkingDir?: string;
    User?: string;
    Tty?: boolean;
  };
  HostConfig: {
    AutoRemove?: boolean;
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    RestartPolicy?: { Name?: string };
  };
  Mounts: DockerMount[] | null;
  NetworkSettings: { Networks?: Record<string, DockerEndpoint> | null };
}

export interface DockerImage {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  Labels: Record<string, string> | null;
}

export interface DockerNetwork {
  Name: string;
  Id: string;
  Driver: string;
  Scope?: string;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null } | null;
}

export interface DockerVolume {
  Name: string;
  Driver: string;
  Mountpoint?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  CreatedAt?: string;
}

export interface DockerCreate {
  Image: string;
  Cmd?: string[];
  Env?: string[];
  Labels?: Record<string, string>;
  /** `"80/tcp": {}` for every port that is published. */
  ExposedPorts?: Record<string, Record<string, never>>;
  HostConfig?: {
    Binds?: string[];
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp?: string; HostPort: string }[]>;
    RestartPolicy?: { Name: string; MaximumRetryCount?: number };
  };
}
