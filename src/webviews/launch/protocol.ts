import type { CommonPageMessage } from '../protocol';

/** An engine that can take the panel's source, with what its form offers (from the catalog; members live). */
export interface LaunchEngine {
  name: string;
  kind: 'lxd' | 'podman' | 'docker';
  /** LXD: the engine's profiles, by name. */
  profiles: string[];
  /** Podman/Docker: the engine's networks, by name. */
  networks: string[];
}

/**
 * What the Launch panel starts from: an image of a simplestreams server, a registry tag, an image an engine
 * holds, or a downloaded local image (a rootfs, imported into the chosen engine first).
 */
export interface LaunchView {
  id: string;
  source:
    | { kind: 'imageSource'; label: string; server: string; image: string; https: boolean }
    | { kind: 'registryTag'; label: string; registry: string; repository: string; tag: string }
    | { kind: 'engineImage'; label: string; engine: string; image: string; tags: string[] }
    | { kind: 'localImage'; label: string; distribution: string; release: string; arch: string; importAs: Record<string, string> };
  /**
   * Only the engines that can take this source: LXD for simplestreams images; Podman/Docker for tags; the
   * one engine that holds an engine image; LXD, Podman and Docker for a local image.
   */
  engines: LaunchEngine[];
  suggestedName: string;
}

/** Read live (an LXD cluster's members change by themselves): engine name → online member names; absent = not a cluster. */
export interface LaunchLive {
  members: Record<string, string[]>;
}

/** The form as typed; kept in webview state (no secrets in it). */
export interface LaunchDraft {
  engine: string;
  name: string;
  /** LXD: comma-separated, applied in this order. */
  profiles: string;
  /** LXD: KEY=VALUE each. */
  config: string[];
  /** LXD cluster: a member name, or '' for LXD's choice. */
  target: string;
  /** LXD: path of the image server's certificate (PEM) for an https server with its own CA; '' = LXD's trust. */
  certificateFile: string;
  /** Podman/Docker: comma-separated `[ip:]host:container[/proto]`. */
  ports: string;
  /** Podman/Docker: KEY=VALUE each. */
  env: string[];
  /** Podman/Docker: comma-separated `volume:/path[:ro]` or `/host:/path[:ro]`. */
  volumes: string;
  network: string;
  restart: string;
  /** Podman/Docker: replaces the image's command; split like a shell does (quotes keep spaces). */
  command: string;
  start: boolean;
}

/** Creates the container: the fields of the draft, each checked by the host before the engine is asked. */
export interface LaunchRequestMessage extends LaunchDraft {
  type: 'launch';
  requestId: number;
}

export type LaunchRequest = LaunchRequestMessage;
export type LaunchPageMessage = CommonPageMessage | LaunchRequest;
