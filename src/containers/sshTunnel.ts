import { readFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { Client, utils } from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, ClientChannel, ConnectConfig, ParsedKey } from 'ssh2';
import { EngineError } from './engineError';
import { hostKeyFingerprint, hostKeyType } from './knownHosts';
import type { KnownHosts } from './knownHosts';
import type { SshEndpoint } from './remoteEndpoint';

/** A host key seen for the first time, as shown to the user for confirmation. */
export interface HostKeyQuestion {
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  readonly fingerprint: string;
}

export interface SshTunnelOptions {
  readonly endpoint: SshEndpoint;
  /** For messages: the endpoint as the user wrote it. */
  readonly label: string;
  readonly knownHosts: KnownHosts;
  /**
   * Asked when the host is in no known_hosts file; true records the key. Absent, or answering undefined
   * (nobody to ask now): such a host is refused naming its key.
   */
  readonly confirmHostKey?: (q: HostKeyQuestion) => Promise<boolean | undefined>;
  /** The ssh-agent socket (SSH_AUTH_SOCK), tried first. */
  readonly agentSocket?: string;
  /** Private key files tried after the agent (the engine's own key file, else the usual ~/.ssh/id_* ones). */
  readonly keyFiles: readonly string[];
  /** The passphrase of the engine's key file and the account's password, from the secret store. */
  readonly passphrase?: string;
  readonly password?: string;
  readonly timeoutMs?: number;
}

type AuthStep = { type: 'agent'; agent: string } | { type: 'publickey'; key: ParsedKey } | { type: 'password'; password: string };

/** ssh2's names for the signature algorithms of a known_hosts key type, to ask the server for a known one first. */
const HOST_KEY_ALGORITHMS: Readonly<Record<string, string[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * One SSH connection to a machine, opened on first use, and one `direct-streamlocal@openssh.com` channel
 * per HTTP connection to the engine's unix socket there: `EngineTransport` speaks HTTP over each channel as
 * over a local socket. The host key is checked against known_hosts before anything is sent; credentials
 * come from the agent, key files and the secret store, and are never logged.
 */
export class SshTunnel {
  private client: Promise<Client> | undefined;
  private refusal: EngineError | undefined;

  constructor(private readonly o: SshTunnelOptions) {}

  /** A new channel to the remote socket, shaped like a net.Socket for Node's HTTP client. */
  async dial(): Promise<Duplex> {
    const client = await this.connected();
    const path = this.o.endpoint.socketPath;
    return new Promise<Duplex>((resolve, reject) => {
      client.openssh_forwardOutStreamLocal(path, (err, channel) => {
        if (err) {
          reject(new EngineError('unreachable', `${this.o.label}: the SSH server would not open the socket ${path} (${err.message}). Is the engine running there, and may this user open its socket?`));
          return;
        }
        resolve(socketLike(channel));
      });
    });
  }

  close(): void {
    const c = this.client;
    this.client = undefined;
    void c?.then((cl) => cl.end()).catch(() => undefined);
  }

  private connected(): Promise<Client> {
    this.client ??= this.connect().catch((e: unknown) => {
      this.client = undefined;
      throw e;
    });
    return this.client;
  }

  private async connect(): Promise<Client> {
    const { endpoint: ep } = this.o;
    const methods = await this.authMethods();
    const knownTypes = await this.o.knownHosts.knownKeyTypes(ep.host, ep.port);
    const prefer = knownTypes.flatMap((t) => HOST_KEY_ALGORITHMS[t] ?? []);
    this.refusal = undefined;
    const client = new Client();
    const cfg: ConnectConfig = {
      host: ep.host,
      port: ep.port,
      username: ep.user,
      readyTimeout: this.o.timeoutMs ?? 20_000,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        this.verifyHostKey(key).then(
          (refusal) => {
            this.refusal = refusal;
            verify(!refusal);
          },
          (e: unknown) => {
            this.refusal = new EngineError('untrusted', `${this.o.label}: could not check the host key: ${(e as Error).message}`);
            verify(false);
          },
        );
      },
      // Each method once, in order; `false` (no more) is what ssh2 expects although its types omit it.
      authHandler: (_left: AuthenticationType[], _partial: boolean, next: (m: AnyAuthMethod) => void) => {
        const m = methods.shift();
        next(m ? ({ ...m, username: ep.user } as AnyAuthMethod) : (false as never));
      },
      ...(prefer.length ? { algorithms: { serverHostKey: { prepend: prefer } as never } } : {}),
    };
    return new Promise<Client>((resolve, reject) => {
      let ready = false;
      client.once('ready', () => {
        ready = true;
        resolve(client);
      });
      client.on('error', (e: Error & { level?: string }) => {
        if (ready) return; // channels report their own failures; the next dial reconnects
        client.end();
        reject(this.describe(e));
      });
      client.on('close', () => {
        if (this.client && ready) this.client = undefined;
        if (!ready) reject(this.refusal ?? new EngineError('unreachable', `${this.o.label}: the SSH connection closed before login.`));
      });
      client.connect(cfg);
    });
  }

  /** Undefined when the key may be used; otherwise why not, in words that say what to do. */
  private async verifyHostKey(key: Buffer): Promise<EngineError | undefined> {
    const { host, port } = this.o.endpoint;
    const fingerprint = hostKeyFingerprint(key);
    const verdict = await this.o.knownHosts.check(host, port, key);
    switch (verdict.status) {
      case 'known':
        return undefined;
      case 'revoked':
        return new EngineError('untrusted', `${this.o.label}: the host key ${fingerprint} is marked @revoked in ${verdict.file}:${verdict.line}. Refusing to connect.`);
      case 'changed':
        return new EngineError(
          'untrusted',
          `${this.o.label}: the host key CHANGED. The server presented ${hostKeyType(key)} ${fingerprint}, but ${verdict.file}:${verdict.line} ` +
            `records ${verdict.knownFingerprint}. Refusing to connect: someone may be intercepting the connection. ` +
            `If the host was reinstalled, remove that line and connect again.`,
        );
      case 'unknown': {
        const q = { host, port, keyType: hostKeyType(key), fingerprint };
        const trusted = await this.o.confirmHostKey?.(q);
        if (trusted === undefined) {
          return new EngineError('untrusted', `${this.o.label}: the host key ${q.keyType} ${fingerprint} is not in known_hosts. Connect once from VS Code to confirm it, or add it with ssh-keyscan.`);
        }
        if (!trusted) {
          return new EngineError('untrusted', `${this.o.label}: the host key ${fingerprint} was not confirmed; not connected.`);
        }
        await this.o.knownHosts.record(host, port, key);
        return undefined;
      }
    }
  }

  private async authMethods(): Promise<AuthStep[]> {
    const out: AuthStep[] = [];
    if (this.o.agentSocket) out.push({ type: 'agent', agent: this.o.agentSocket });
    for (const file of this.o.keyFiles) {
      const text = await readFile(file).catch(() => undefined);
      if (!text) continue;
      const parsed = utils.parseKey(text, this.o.passphrase);
      if (parsed instanceof Error) {
        this.skipped.push(/encrypted|passphrase|decrypt/i.test(parsed.message) ? `${file} (encrypted: its passphrase is needed)` : `${file} (${parsed.message})`);
        continue;
      }
      const key = (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey;
      out.push({ type: 'publickey', key });
    }
    if (this.o.password) out.push({ type: 'password', password: this.o.password });
    this.tried = out.map((m) => (m.type === 'publickey' ? 'key' : m.type));
    return out;
  }

  private skipped: string[] = [];
  private tried: string[] = [];

  private describe(e: Error & { level?: string; code?: string }): EngineError {
    if (e instanceof EngineError) return e;
    if (this.refusal) return this.refusal;
    const { user, host, port } = this.o.endpoint;
    if (e.level === 'client-authentication' || /authentication methods failed/i.test(e.message)) {
      const skipped = this.skipped.length ? ` Skipped: ${this.skipped.join('; ')}.` : '';
      const tried = this.tried.length ? this.tried.join(', ') : 'nothing (no agent, key file or password)';
      return new EngineError('untrusted', `${this.o.label}: SSH login as ${user}@${host}:${port} was refused (tried ${tried}).${skipped}`);
    }
    if (e.level === 'client-timeout') return new EngineError('unreachable', `${this.o.label}: no SSH handshake within ${Math.round((this.o.timeoutMs ?? 20_000) / 1000)} s.`);
    const code = e.code ? ` (${e.code})` : '';
    return new EngineError('unreachable', `Cannot reach ${host}:${port} over SSH${code}: ${e.message}`);
  }
}

/**
 * Node's HTTP client and agent call a few net.Socket methods on their connection. A channel has none of
 * them: keep-alive and no-delay belong to the SSH connection, and the idle timeout is kept here, re-armed
 * by every chunk that arrives (an HTTP request's `timeout` is an idle timeout on its socket).
 */
function socketLike(ch: ClientChannel): Duplex {
  const s = ch as ClientChannel & Record<string, unknown>;
  let idleMs = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = idleMs > 0 ? setTimeout(() => s.emit('timeout'), idleMs) : undefined;
    timer?.unref();
  };
  const push = s.push.bind(s);
  s.push = (chunk: unknown, enc?: BufferEncoding): boolean => {
    if (idleMs > 0) arm();
    return push(chunk, enc);
  };
  s.setTimeout = (ms: number, cb?: () => void): Duplex => {
    idleMs = ms;
    // As net.Socket does: a callback is a one-off listener, and a zero timeout takes it back.
    if (cb) {
      if (ms === 0) s.removeListener('timeout', cb);
      else s.once('timeout', cb);
    }
    arm();
    return s;
  };
  s.on('close', () => timer && clearTimeout(timer));
  // A channel is half-open by default; a socket of Node's HTTP client is not: when the engine ends its side
  // (an exec's shell exits), end ours too, so the connection closes as a local socket's would.
  s.once('end', () => s.end());
  s.setKeepAlive = (): Duplex => s;
  s.setNoDelay = (): Duplex => s;
  s.ref = (): Duplex => s;
  s.unref = (): Duplex => s;
  return s;
}
