import type { EntityManager } from 'typeorm';
import type { DockerClient } from './dockerClient';
import { stripSha } from './dockerInstance';
import { isEngineError } from './engineError';
import { mapLimit } from './mapLimit';
import type { EngineMemory } from './mirrorMemory';
import { architectureName } from './lxdCodes';

/** Docker's architecture names → LXD's. */
const ARCH: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', '386': 'i686', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/** `variant`: the image's (`v6` for 32-bit arm is LXD's armv6l; the default v7 is armv7l). */
export function lxdArchitecture(dockerArch: string | undefined, variant?: string): string {
  if (!dockerArch) return 'unknown';
  if (dockerArch === 'arm' && variant === 'v6') return 'armv6l';
  return ARCH[dockerArch] ?? dockerArch;
}

/**
 * Reads the architecture of each image in `ids` this memory does not know yet, from the image's inspect,
 * at most `concurrency` at a time. A container runs its image's architecture, which may differ from the
 * engine's (an emulated arm64 image on an x86_64 host). The engine's own `/version` was asked before: one
 * call, but Podman 4.3 spends over a second of its CPU on it (it runs its OCI runtime and conmon for their
 * versions), while an image's inspect takes tens of milliseconds and is asked once per image id.
 * An image gone meanwhile (404) is "unknown".
 */
export async function readImageArchitectures(
  client: DockerClient,
  memory: Pick<EngineMemory, 'imageArch'>,
  ids: Iterable<string | undefined>,
  signal?: AbortSignal,
  concurrency = 8,
): Promise<void> {
  const missing = [...new Set([...ids].filter((id): id is string => !!id).map(stripSha))].filter((id) => !memory.imageArch.has(id));
  await mapLimit(
    missing,
    concurrency,
    async (id) => {
      const arch = await client.image(id, signal).then(
        (i) => lxdArchitecture(i.Architecture, i.Variant),
        (err: unknown) => {
          if (isEngineError(err, 'api') && err.status === 404) return 'unknown';
          throw err;
        },
      );
      memory.imageArch.set(id, arch);
    },
    signal,
  );
}

/** An image's architecture as far as this memory knows it ("unknown" until readImageArchitectures read it). */
export function imageArchitecture(memory: Pick<EngineMemory, 'imageArch'>, id: string | undefined): string {
  return (id && memory.imageArch.get(stripSha(id))) || 'unknown';
}

/**
 * Teaches `memory` the architectures the catalog holds for the engine's images (by id) that it does not
 * know: an image id names its content, so what an earlier process read from the image's inspect still
 * holds. A new window's first sync then neither inspects those images again nor writes their rows with
 * "unknown" first.
 */
export async function rememberStoredArchitectures(em: EntityManager, engineId: number, memory: Pick<EngineMemory, 'imageArch'>): Promise<void> {
  const rows = (await em.query('SELECT fingerprint, architecture FROM "images" WHERE engine_id = ?', [engineId])) as { fingerprint: string; architecture: number }[];
  for (const r of rows) {
    const arch = architectureName(Number(r.architecture));
    if (arch !== 'unknown' && !memory.imageArch.has(r.fingerprint)) memory.imageArch.set(r.fingerprint, arch);
  }
}
