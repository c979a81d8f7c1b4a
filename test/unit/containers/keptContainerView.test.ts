import * as assert from 'node:assert/strict';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import type { ContainerNode, ContainerTreeNode } from '../../../src/providers/containers/containerTreeNodes';
import { keptContainerChildren, revivedContainerNode } from '../../../src/providers/containers/keptContainerView';

const engine: EngineRecord = {
  id: 1, kind: 'lxd', name: 'lxd', endpoint: 'https://127.0.0.1:8443', clientCert: 'CERT-PEM', clientKey: 'KEY-PEM',
  lastSyncAt: new Date('2026-12-06T10:00:00Z'), lastError: null,
};
const root: ContainerTreeNode = { type: 'engine', id: 'engine/lxd', engine, status: { health: 'ok', label: 'synced just now' } };
const c1: ContainerNode = { type: 'container', id: 'engine/lxd/c/web', engineId: 1, engine: 'lxd', kind: 'lxd', name: 'web', profiles: ['default'], snapshots: 0, live: { status: 'Running', running: true, ipv4: ['10.0.0.2'] } };

describe('the Containers view as kept for the next first paint', () => {
  it('keeps the top level and the expanded engine, without keys, certificates or runtime state', () => {
    const given = new Map<string, readonly ContainerTreeNode[]>([
      ['', [root]],
      [root.id, [{ type: 'message', id: `${root.id}/live-error`, severity: 'error', message: 'unreachable' }, c1, { type: 'group', id: `${root.id}/g/profiles`, engineId: 1, engine: 'lxd', kind: 'lxd', group: 'profiles', count: 2 }]],
      [c1.id, [{ type: 'section', id: `${c1.id}/s/config` } as unknown as ContainerTreeNode]],
    ]);
    const kept = keptContainerChildren(given, (n) => n);
    assert.ok(kept);
    assert.deepEqual(Object.keys(kept).sort(), ['', root.id], 'only the top level and its expanded children');
    const text = JSON.stringify(kept);
    assert.doesNotMatch(text, /KEY-PEM|CERT-PEM/, 'no client key or certificate');
    assert.doesNotMatch(text, /Running|unreachable/, 'no runtime state');
    assert.deepEqual(kept[root.id].map((n) => n.id), [c1.id, `${root.id}/g/profiles`]);
  });

  it('keeps nothing under a cluster engine (its members are live data), and revives the sync time', () => {
    const member = { type: 'member', id: `${root.id}/m/n1`, engineId: 1, engine: 'lxd', member: { name: 'n1' }, containers: [] } as unknown as ContainerTreeNode;
    const kept = keptContainerChildren(new Map([['', [root]], [root.id, [member]]]), (n) => n);
    assert.deepEqual(Object.keys(kept ?? {}), ['']);
    const back = revivedContainerNode(JSON.parse(JSON.stringify(kept!['']))[0] as ContainerTreeNode);
    assert.ok(back.type === 'engine' && back.engine.lastSyncAt instanceof Date && back.engine.lastSyncAt.getTime() === engine.lastSyncAt!.getTime());
  });
});
