import type { DockerCreate } from './dockerApi';

/** A published port: `[hostIp:]hostPort:containerPort[/tcp|udp]`. */
export interface PortMapping {
  readonly hostIp?: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
}

export const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;
export type RestartPolicy = (typeof RESTART_POLICIES)[number];

/** What a new Podman/Docker container gets besides its image (the `docker run` options we offer). */
export interface RunSpec {
  readonly name: string;
  /** `KEY=VALUE` each. */
  readonly env?: readonly string[];
  readonly ports?: readonly PortMapping[];
  /** `volume:/path[:ro]` or `/host/path:/path[:ro]`, as the engine takes them. */
  readonly binds?: readonly string[];
  readonly restart?: RestartPolicy;
  /** Replaces the image's CMD. */
  readonly command?: readonly string[];
  /** A network by name; the engine's default otherwise. */
  readonly network?: string;
  /** Start after create (default true). */
  readonly start?: boolean;
}

const PORT = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d{1,5}):(\d{1,5})(?:\/(tcp|udp))?$/;

/** Parses one `[ip:]host:container[/proto]`; throws a message that names what is wrong. */
export function parsePortMapping(text: string): PortMapping {
  const m = PORT.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a port mapping; write HOST:CONTAINER, e.g. 8080:80 or 127.0.0.1:8080:80/tcp.`);
  const hostPort = Number(m[2]);
  const containerPort = Number(m[3]);
  for (const p of [hostPort, containerPort]) if (p < 1 || p > 65535) throw new Error(`Port ${p} in "${text}" is out of range (1–65535).`);
  return { hostIp: m[1]?.replace(/^\[|\]$/g, ''), hostPort, containerPort, protocol: (m[4] as 'tcp' | 'udp' | undefined) ?? 'tcp' };
}

/** Checks one `KEY=VALUE`; returns it unchanged. */
export function checkEnvEntry(text: string): string {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (eq < 1 || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) throw new Error(`"${text}" is not an environment entry; write KEY=VALUE.`);
  return text;
}

/** The Engine API body that creates the container `spec` describes from `image`. */
export function toDockerCreate(image: string, spec: RunSpec): DockerCreate {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp?: string; HostPort: string }[]> = {};
  for (const p of spec.ports ?? []) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  }
  const restart = spec.restart && spec.restart !== 'no' ? { Name: spec.restart, MaximumRetryCount: spec.restart === 'on-failure' ? 3 : undefined } : undefined;
  return {
    Image: image,
    Cmd: spec.command?.length ? [...spec.command] : undefined,
    Env: spec.env?.map(checkEnvEntry),
    ExposedPorts: spec.ports?.length ? exposed : undefined,
    HostConfig: {
      Binds: spec.binds?.length ? [...spec.binds] : undefined,
      NetworkMode: spec.network || undefined,
      PortBindings: spec.ports?.length ? bindings : undefined,
      RestartPolicy: restart,
    },
  };
}

/**
 * Splits a command line typed in one field into its arguments as a shell would for plain words and quotes:
 * whitespace separates, '…' and "…" keep spaces, \ escapes the next character outside single quotes.
 * Nothing is expanded. Throws on an unclosed quote.
 */
export function splitCommandLine(text: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`The command has an unclosed ${quote} quote.`);
  if (word !== undefined) out.push(word);
  return out;
}
