import type { Catalog } from '../store/catalog';
import { changeEngine } from './engineCall';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import type { LxdClient } from './lxdClient';
import { targetQuery } from './lxdClient';

const seg = encodeURIComponent;

/** A member of an LXD cluster as the views show it: read live each time, never stored (it changes by itself). */
export interface ClusterMember {
  readonly name: string;
  readonly url: string;
  readonly roles: readonly string[];
  /** LXD's word: Online, Offline, Evacuated, Blocked… */
  readonly status: string;
  readonly message: string;
  readonly online: boolean;
}

/** The members of the cluster `lxd` belongs to, or undefined when that server is not clustered. */
export async function readClusterMembers(lxd: LxdClient, signal?: AbortSignal): Promise<ClusterMember[] | undefined> {
  if (!(await lxd.cluster(signal)).enabled) return undefined;
  return (await lxd.clusterMembers(signal))
    .map((m) => ({
      name: m.server_name,
      url: m.url,
      roles: m.roles ?? [],
      status: m.status,
      message: m.message ?? '',
      online: m.status === 'Online',
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The members of an engine's cluster, asked now (for a pick); undefined when it is not a cluster. */
export async function listClusterMembers(e: EngineRecord, ctx: EngineContext, signal?: AbortSignal): Promise<ClusterMember[] | undefined> {
  const conn = await openEngine(e, ctx);
  try {
    if (conn.kind !== 'lxd') return undefined;
    return await readClusterMembers(conn.lxd, signal);
  } finally {
    conn.close();
  }
}

async function onCluster<T>(catalog: Catalog, e: EngineRecord, ctx: EngineContext, fn: (lxd: LxdClient, members: ClusterMember[]) => Promise<T>): Promise<T> {
  if (e.kind !== 'lxd') throw new EngineError('api', `${e.name} is not an LXD engine; only LXD has cluster members.`);
  return changeEngine(catalog, e, ctx, async (conn) => {
    if (conn.kind !== 'lxd') throw new EngineError('protocol', `${e.name} does not answer like LXD.`);
    const members = await readClusterMembers(conn.lxd);
    if (!members) throw new EngineError('api', `${e.name} is not an LXD cluster; it has no members to target.`);
    return fn(conn.lxd, members);
  });
}

function memberNamed(e: EngineRecord, members: readonly ClusterMember[], name: string): ClusterMember {
  const m = members.find((x) => x.name === name);
  if (!m) throw new EngineError('api', `${e.name} has no cluster member "${name}" (members: ${members.map((x) => x.name).join(', ')}).`);
  return m;
}

/**
 * `lxc move <name> --target <member>`: moves a stopped instance to another member of the cluster (LXD copies
 * it there and removes it here, one operation). Refused before asking LXD when the member is unknown, is where
 * the instance already is, or the instance runs (a container cannot move live).
 */
export async function moveInstanceToMember(catalog: Catalog, e: EngineRecord, ctx: EngineContext, p: { name: string; target: string }): Promise<void> {
  await onCluster(catalog, e, ctx, async (lxd, members) => {
    const m = memberNamed(e, members, p.target);
    if (!m.online) throw new EngineError('api', `Cluster member ${m.name} is ${m.status.toLowerCase()}; an instance can only move to an online member.`);
    const i = await lxd.instance(p.name);
    if (i.location === m.name) throw new EngineError('api', `${p.name} is already on ${m.name}.`);
    if (i.status === 'Running') throw new EngineError('api', `${p.name} is running; stop it before moving it to ${m.name}.`);
    await lxd.act('POST', `/1.0/instances/${seg(p.name)}${targetQuery(m.name)}`, { name: p.name, migration: true, live: false });
  });
}

export type MemberAction = 'evacuate' | 'restore';

/**
 * `lxc cluster evacuate|restore <member>`: evacuating moves or stops the member's instances (as its
 * `cluster.evacuate` settings say) and keeps new ones off it; restoring brings them back.
 */
export async function changeMemberState(catalog: Catalog, e: EngineRecord, ctx: EngineContext, p: { member: string; action: MemberAction }): Promise<void> {
  await onCluster(catalog, e, ctx, async (lxd, members) => {
    const m = memberNamed(e, members, p.member);
    if (p.action === 'evacuate' && m.status === 'Evacuated') throw new EngineError('api', `Cluster member ${m.name} is already evacuated.`);
    if (p.action === 'restore' && m.status !== 'Evacuated') throw new EngineError('api', `Cluster member ${m.name} is not evacuated (it is ${m.status.toLowerCase()}); there is nothing to restore.`);
    await lxd.act('POST', `/1.0/cluster/members/${seg(m.name)}/state`, { action: p.action });
  });
}
