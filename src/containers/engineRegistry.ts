import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EntityManager } from 'typeorm';
import type { SecretStore } from '../shared/secrets';
import type { Catalog } from '../store/catalog';
import { clientKeySecretName, sshSecretName } from './engineSecretNames';
import { ENGINE_COLUMNS, ENGINE_KINDS, toEngineRecord } from './engineRecord';
import type { EngineKind, EngineRecord } from './engineRecord';
import { normalizePrivateKeyPem } from './pastedKey';
import { isHttpsEndpoint, isSshEndpoint, isTcpEndpoint, normalizeRemoteEndpoint, parseSshEndpoint, parseTcpEndpoint } from './remoteEndpoint';

export interface NewEngine {
  readonly kind: EngineKind;
  readonly endpoint: string;
  readonly name?: string;
  /** Paths of the PEM client certificate and key (HTTPS). */
  readonly clientCert?: string;
  readonly clientKey?: string;
  /** A private key pasted in instead of a path: kept only in the SecretStore, never in the catalog. */
  readonly clientKeyPem?: string;
  /** ssh:// engines: the key file's passphrase and the account's password, kept only in the SecretStore. */
  readonly sshPassphrase?: string;
  readonly sshPassword?: string;
}

/** Validates and records a new engine. Nothing is contacted; the first sync does that. */
export async function addEngine(catalog: Catalog, e: NewEngine, secrets?: SecretStore): Promise<EngineRecord> {
  let pastedKey: string | undefined;
  if (!ENGINE_KINDS.includes(e.kind)) throw new Error(`Unknown engine kind "${e.kind}" (lxd, podman or docker).`);
  let endpoint = e.endpoint.trim();
  if (isHttpsEndpoint(endpoint)) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new Error(`Not a valid https URL: ${endpoint}`);
    }
    // One spelling per server, so a re-add is recognised as a duplicate.
    endpoint = url.origin;
    if (e.kind !== 'lxd') throw new Error('Only LXD engines are reached over HTTPS here; give Podman/Docker a unix socket.');
    if (!e.clientCert || !(e.clientKey || e.clientKeyPem)) throw new Error('An https engine needs --cert and --key (PEM files).');
    if (!e.clientKey && e.clientKeyPem !== undefined) {
      pastedKey = normalizePrivateKeyPem(e.clientKeyPem);
      if (!pastedKey) throw new Error('The pasted client key is not a PEM private key (-----BEGIN … PRIVATE KEY-----).');
      if (!secrets) throw new Error('A pasted client key needs the secret store; give a key file path instead.');
    }
    if (url.pathname !== '/' || url.search) throw new Error(`Give the server address only, e.g. https://${url.host}`);
    for (const f of [e.clientCert, e.clientKey]) {
      if (f === undefined) continue;
      const s = await stat(f).catch(() => undefined);
      if (!s?.isFile()) throw new Error(`No such file: ${f}`);
    }
  } else if (isSshEndpoint(endpoint) || isTcpEndpoint(endpoint)) {
    endpoint = await checkRemoteEndpoint(e, endpoint, secrets);
  } else if (!endpoint.startsWith('/')) {
    throw new Error(`Expected a unix socket path (absolute), an https://, ssh:// or tcp:// URL, got "${endpoint}".`);
  }
  const name = (e.name ?? defaultName(e.kind, endpoint)).trim();
  if (!name) throw new Error('The engine name is empty.');
  const engine = await catalog.write(async (em) => {
    const dupName = await em.query('SELECT id FROM engines WHERE name = ?', [name]);
    if (dupName.length) throw new Error(`An engine named "${name}" already exists.`);
    const dupEp = (await em.query('SELECT name FROM engines WHERE endpoint = ?', [endpoint])) as { name: string }[];
    if (dupEp.length) throw new Error(`${endpoint} is already connected as "${dupEp[0].name}".`);
    await em.query('INSERT INTO engines (kind, name, endpoint, client_cert, client_key) VALUES (?, ?, ?, ?, ?)', [
      e.kind,
      name,
      endpoint,
      e.clientCert ?? null,
      e.clientKey ?? null,
    ]);
    return (await findEngine(em, name))!;
  });
  const toStore: [string, string][] = [];
  if (pastedKey) toStore.push([clientKeySecretName(engine.id), pastedKey]);
  if (e.sshPassphrase) toStore.push([sshSecretName(engine.id, 'passphrase'), e.sshPassphrase]);
  if (e.sshPassword) toStore.push([sshSecretName(engine.id, 'password'), e.sshPassword]);
  if (toStore.length && secrets) {
    try {
      for (const [key, value] of toStore) await secrets.store(key, value);
    } catch (err) {
      // Without its key the engine is unusable: take the row back rather than leave a broken entry.
      await catalog.write((em) => em.query('DELETE FROM engines WHERE id = ?', [engine.id]));
      for (const [key] of toStore) await Promise.resolve(secrets.delete(key)).catch(() => undefined);
      throw new Error(`Could not keep the engine's secret in the secret store: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return engine;
}

export async function listEngines(catalog: Catalog): Promise<EngineRecord[]> {
  return catalog.read(async (em) =>
    ((await em.query(`SELECT ${ENGINE_COLUMNS} FROM engines ORDER BY id`)) as Parameters<typeof toEngineRecord>[0][]).map(toEngineRecord),
  );
}

export async function getEngine(catalog: Catalog, name: string): Promise<EngineRecord> {
  const e = await catalog.read((em) => findEngine(em, name));
  if (!e) throw new Error(`No engine named "${name}".`);
  return e;
}

/** The engine with this row id, or undefined when it is gone (a view's node may outlive it). */
export async function readEngineById(catalog: Catalog, id: number): Promise<EngineRecord | undefined> {
  return catalog.read((em) => findEngineById(em, id));
}

/** Names of the engines holding a container (a snapshot by its full `ct/snap` name) or a profile called `name`, sorted. */
export async function enginesHolding(catalog: Catalog, what: 'container' | 'profile', name: string): Promise<string[]> {
  const table = what === 'container' ? 'containers' : 'profiles';
  const rows = (await catalog.read((em) =>
    em.query(`SELECT e.name FROM ${table} t JOIN engines e ON e.id = t.engine_id WHERE t.name = ? ORDER BY e.name`, [name]),
  )) as { name: string }[];
  return rows.map((r) => r.name);
}

export async function findEngine(em: EntityManager, name: string): Promise<EngineRecord | undefined> {
  const rows = await em.query(`SELECT ${ENGINE_COLUMNS} FROM engines WHERE name = ?`, [name]);
  return rows.length ? toEngineRecord(rows[0]) : undefined;
}

export async function findEngineById(em: EntityManager, id: number): Promise<EngineRecord | undefined> {
  const rows = await em.query(`SELECT ${ENGINE_COLUMNS} FROM engines WHERE id = ?`, [id]);
  return rows.length ? toEngineRecord(rows[0]) : undefined;
}

/** Forgets an engine, everything synced from it (cascades) and its pasted key. The local catalog cannot be removed. */
export async function removeEngine(catalog: Catalog, name: string, secrets?: SecretStore): Promise<void> {
  const id = await catalog.write(async (em) => {
    const e = await findEngine(em, name);
    if (!e) throw new Error(`No engine named "${name}".`);
    if (e.kind === 'catalog') throw new Error('The local catalog is built in and cannot be disconnected.');
    // Profile links do not cascade from profiles; drop the engine's containers first.
    await em.query('DELETE FROM containers WHERE engine_id = ? AND type = 1', [e.id]);
    await em.query('DELETE FROM containers WHERE engine_id = ?', [e.id]);
    await em.query('DELETE FROM engines WHERE id = ?', [e.id]);
    return e.id;
  });
  await secrets?.delete(clientKeySecretName(id));
  await secrets?.delete(sshSecretName(id, 'passphrase'));
  await secrets?.delete(sshSecretName(id, 'password'));
}

/**
 * ssh:// (a Podman/Docker socket on another machine) and tcp:// (Docker with TLS client certificates):
 * checks the URL and the files it needs, and returns its one spelling. Nothing is contacted.
 */
async function checkRemoteEndpoint(e: NewEngine, endpoint: string, secrets: SecretStore | undefined): Promise<string> {
  if (e.kind === 'lxd') throw new Error('An LXD engine is reached over https://; ssh:// and tcp:// are for Podman and Docker.');
  const kind = e.kind as 'podman' | 'docker';
  const files: string[] = [];
  let normalized: string;
  if (isSshEndpoint(endpoint)) {
    normalized = normalizeRemoteEndpoint(parseSshEndpoint(endpoint, kind));
    if (e.clientCert) throw new Error('An ssh:// engine takes a key file (--key), not a certificate.');
    if (e.clientKey) files.push(e.clientKey);
    if ((e.sshPassphrase || e.sshPassword) && !secrets) throw new Error('A passphrase or password needs the secret store.');
  } else {
    normalized = normalizeRemoteEndpoint(parseTcpEndpoint(endpoint));
    if (kind !== 'docker') throw new Error('tcp:// with TLS client certificates is Docker\'s; reach Podman through ssh://.');
    if (!e.clientCert || !e.clientKey) throw new Error('A tcp:// engine needs --cert and --key (cert.pem and key.pem, with ca.pem beside cert.pem).');
    files.push(e.clientCert, e.clientKey, join(dirname(e.clientCert), 'ca.pem'));
  }
  for (const f of files) {
    const s = await stat(f).catch(() => undefined);
    if (!s?.isFile()) throw new Error(`No such file: ${f}`);
  }
  return normalized;
}

function defaultName(kind: EngineKind, endpoint: string): string {
  if (isHttpsEndpoint(endpoint) || isTcpEndpoint(endpoint)) return `${kind} ${new URL(endpoint).host}`;
  if (isSshEndpoint(endpoint)) return `${kind} ${new URL(endpoint).host}`;
  return `${kind} ${endpoint}`;
}
