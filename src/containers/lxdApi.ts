/** The parts of LXD's (and Incus's) REST API objects this extension reads. Names match the API. */

export type StringMap = Record<string, string>;
export type DeviceMap = Record<string, StringMap>;

export interface LxdServer {
  auth: 'trusted' | 'untrusted' | string;
  api_extensions?: string[];
  config?: StringMap;
  environment?: { server?: string; server_version?: string; kernel_architecture?: string; certificate?: string };
}

export interface LxdInstance {
  name: string;
  architecture: string;
  type?: string;
  config: StringMap;
  devices: DeviceMap;
  profiles: string[];
  ephemeral: boolean;
  stateful: boolean;
  description?: string;
  created_at?: string;
  last_used_at?: string;
  status?: string;
  /** The cluster member the instance lives on ("none" on a server that is not clustered). */
  location?: string;
}

export interface LxdSnapshot {
  name: string;
  architecture: string;
  config: StringMap;
  devices: DeviceMap;
  profiles: string[];
  ephemeral: boolean;
  stateful: boolean;
  created_at?: string;
  last_used_at?: string;
  expires_at?: string;
}

export interface LxdInstanceState {
  status: string;
  status_code?: number;
  pid?: number;
  network?: Record<string, { addresses?: { family: string; address: string; scope: string }[]; host_name?: string; counters?: { bytes_received?: number; bytes_sent?: number } }>;
  /** CPU time used, in nanoseconds. */
  cpu?: { usage?: number };
  memory?: { usage?: number; usage_peak?: number };
  disk?: Record<string, { usage?: number }>;
  processes?: number;
}

export interface LxdProfile {
  name: string;
  description?: string;
  config: StringMap;
  devices: DeviceMap;
  used_by?: string[];
}

export interface LxdNetwork {
  name: string;
  description?: string;
  type: string;
  managed: boolean;
  config: StringMap;
  used_by?: string[] | null;
}

export interface LxdStoragePool {
  name: string;
  driver: string;
  description?: string;
  config: StringMap;
}

export interface LxdStorageVolume {
  name: string;
  type: string;
  description?: string;
  config: StringMap;
  content_type?: string;
}

export interface LxdImage {
  fingerprint: string;
  filename: string;
  size: number;
  public: boolean;
  auto_update: boolean;
  cached: boolean;
  architecture: string;
  type?: string;
  properties: StringMap;
  aliases: { name: string; description: string }[];
  created_at?: string;
  expires_at?: string;
  uploaded_at?: string;
  last_used_at?: string;
  update_source?: { server: string; protocol: string; certificate: string; alias: string };
}

export interface LxdCertificate {
  name: string;
  type: string;
  fingerprint: string;
  certificate: string;
}

export interface LxdOperation {
  id: string;
  status: string;
  status_code: number;
  err?: string;
  metadata?: unknown;
  may_cancel?: boolean;
}

/** The writable part of an instance, as `lxc config show` prints it and PUT accepts it. */
export interface LxdInstancePut {
  architecture: string;
  config: StringMap;
  devices: DeviceMap;
  ephemeral: boolean;
  profiles: string[];
  stateful: boolean;
  description: string;
}

export interface LxdInstancesPost {
  name: string;
  type?: 'container' | 'virtual-machine';
  source:
    | {
        type: 'image';
        alias?: string;
        fingerprint?: string;
        /** Pull from a remote image server instead of the local image store. */
        mode?: 'pull';
        server?: string;
        protocol?: 'simplestreams' | 'lxd';
        /** PEM of the server's certificate, so a server with its own CA or a self-signed one is trusted. */
        certificate?: string;
      }
    | { type: 'none' };
  profiles?: string[];
  config?: StringMap;
  devices?: DeviceMap;
  ephemeral?: boolean;
  description?: string;
}

/** `GET /1.0/cluster`: whether this server is a cluster member, and its name in the cluster. */
export interface LxdCluster {
  enabled: boolean;
  server_name: string;
}

/** A member of an LXD cluster (`GET /1.0/cluster/members?recursion=1`). */
export interface LxdClusterMember {
  server_name: string;
  url: string;
  roles?: string[] | null;
  status: string;
  message?: string;
  architecture?: string;
  failure_domain?: string;
  description?: string;
}
