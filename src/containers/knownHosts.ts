import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What the known_hosts files say about the key a server just presented. */
export type HostKeyVerdict =
  | { readonly status: 'known' }
  | { readonly status: 'unknown' }
  /** The host is listed with other keys: OpenSSH's "REMOTE HOST IDENTIFICATION HAS CHANGED". */
  | { readonly status: 'changed'; readonly file: string; readonly line: number; readonly knownFingerprint: string }
  | { readonly status: 'revoked'; readonly file: string; readonly line: number };

interface Entry {
  readonly file: string;
  readonly line: number;
  readonly marker: '' | '@revoked' | '@cert-authority';
  readonly patterns: string;
  readonly keyType: string;
  readonly key: Buffer;
}

/** OpenSSH's fingerprint spelling: `SHA256:` and unpadded base64 of the key blob's sha256. */
export function hostKeyFingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

/** The key type named inside an SSH public key blob (its first string), e.g. `ssh-ed25519`. */
export function hostKeyType(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const n = key.readUInt32BE(0);
  return n > 0 && n < 64 && key.length >= 4 + n ? key.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

/** The name known_hosts gives a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * Reads OpenSSH known_hosts files (plain and hashed names, wildcards, negations, `@revoked`) and appends
 * keys the user confirmed. `@cert-authority` lines are skipped: host certificates are not checked here,
 * so such a host is treated as not yet known and its key is shown for confirmation.
 */
export class KnownHosts {
  constructor(
    /** Read in order; a missing file is simply empty. */
    private readonly files: readonly string[],
    /** Where confirmed keys are appended (one of `files`, or another file read with them). */
    private readonly recordFile: string,
  ) {}

  async check(host: string, port: number, key: Buffer): Promise<HostKeyVerdict> {
    const name = knownHostName(host, port);
    const entries = (await this.entries()).filter((e) => e.marker !== '@cert-authority' && matchesHost(e.patterns, name));
    const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(key));
    if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
    const plain = entries.filter((e) => e.marker === '');
    if (plain.some((e) => e.key.equals(key))) return { status: 'known' };
    const other = plain.find((e) => e.keyType === hostKeyType(key)) ?? plain[0];
    if (other) return { status: 'changed', file: other.file, line: other.line, knownFingerprint: hostKeyFingerprint(other.key) };
    return { status: 'unknown' };
  }

  /** Key types listed for the host, so the client can ask the server for one of those first. */
  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    const name = knownHostName(host, port);
    const types = (await this.entries()).filter((e) => e.marker === '' && matchesHost(e.patterns, name)).map((e) => e.keyType);
    return [...new Set(types)];
  }

  async record(host: string, port: number, key: Buffer): Promise<void> {
    await mkdir(dirname(this.recordFile), { recursive: true });
    const line = `${knownHostName(host, port)} ${hostKeyType(key)} ${key.toString('base64')}\n`;
    const before = await readFile(this.recordFile, 'utf8').catch(() => '');
    await appendFile(this.recordFile, (before && !before.endsWith('\n') ? '\n' : '') + line, { mode: 0o600 });
  }

  private async entries(): Promise<Entry[]> {
    const out: Entry[] = [];
    const seen = new Set<string>();
    for (const file of [...this.files, this.recordFile]) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = await readFile(file, 'utf8').catch(() => '');
      text.split('\n').forEach((raw, i) => {
        const fields = raw.trim().split(/\s+/);
        if (!fields[0] || fields[0].startsWith('#')) return;
        const marker = fields[0].startsWith('@') ? fields.shift()! : '';
        if (marker !== '' && marker !== '@revoked' && marker !== '@cert-authority') return;
        const [patterns, keyType, b64] = fields;
        if (!patterns || !keyType || !b64) return;
        out.push({ file, line: i + 1, marker, patterns, keyType, key: Buffer.from(b64, 'base64') });
      });
    }
    return out;
  }
}

/** OpenSSH's host matching: any positive pattern matches and no negated one does; `|1|salt|hash` hashed names. */
function matchesHost(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let hit = false;
  for (const p of patterns.split(',')) {
    const negated = p.startsWith('!');
    if (!wildcard(negated ? p.slice(1) : p).test(name)) continue;
    if (negated) return false;
    hit = true;
  }
  return hit;
}

function wildcard(p: string): RegExp {
  const body = p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
