import { X509Certificate } from 'node:crypto';
import type { Catalog } from '../store/catalog';

/** A client certificate an LXD engine trusts, as the catalog stores it (the PEM is read, not shown). */
export interface TrustedCertificate {
  readonly name: string;
  readonly fingerprint: string;
  readonly type: 'client' | 'server' | 'metrics';
  /** When it stops being valid, from the certificate itself; null when the stored PEM does not parse. */
  readonly expires: Date | null;
  /** The subject's common name (what `lxc config trust list` calls it), or '' when it has none. */
  readonly commonName: string;
}

const TYPES = ['client', 'server', 'metrics'] as const;

/**
 * The certificates an engine trusts, by name. LXD's database keeps only the PEM, so the expiry is read
 * from it here; a PEM that does not parse (a catalog edited by hand) gives no expiry rather than an error.
 */
export async function listEngineCertificates(catalog: Catalog, engineId: number): Promise<TrustedCertificate[]> {
  const rows = (await catalog.read((em) =>
    em.query('SELECT name, fingerprint, type, certificate FROM certificates WHERE engine_id = ? ORDER BY name, fingerprint', [engineId]),
  )) as { name: string; fingerprint: string; type: number; certificate: string }[];
  return rows.map((r) => {
    const parsed = parsePem(r.certificate);
    return {
      name: r.name,
      fingerprint: r.fingerprint,
      type: TYPES[Number(r.type)] ?? 'client',
      expires: parsed ? new Date(parsed.validTo) : null,
      commonName: parsed ? (/(?:^|\n)CN=([^\n]*)/.exec(parsed.subject)?.[1] ?? '') : '',
    };
  });
}

function parsePem(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}
