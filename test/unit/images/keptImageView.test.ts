import * as assert from 'node:assert/strict';
import type { ImageNode } from '../../../src/providers/images/imageTreeModel';
import { keptImageChildren } from '../../../src/providers/images/keptImageView';

const type: ImageNode = { type: 'sourceType', id: 'type:Simplestreams', sourceType: 'Simplestreams', count: 2, lastUpdate: 1_796_000_000 };
const local: ImageNode = { type: 'localGroup', id: 'local', count: 1, outdated: 0 };
const source = (id: string): ImageNode => ({
  type: 'source', id: `source:${id}`, sourceId: id, sourceType: 'Simplestreams', label: `alpine ${id}`, description: 'amd64', tooltip: '', downloadable: true, localState: null,
});

describe('the Image Sources view as kept for the next first paint', () => {
  it('keeps the top level and the expanded rows\' children', () => {
    const given = new Map<string, readonly ImageNode[]>([['', [type, local]], [type.id, [source('a'), source('b')]]]);
    const kept = keptImageChildren(given, (n) => n, new Map());
    assert.deepEqual(Object.keys(kept ?? {}).sort(), ['', type.id]);
    assert.deepEqual(kept![type.id].map((n) => n.id), ['source:a', 'source:b']);
  });

  it('does not keep a list holding a source that is downloading (its progress is not catalog data), whatever its text says', () => {
    const given = new Map<string, readonly ImageNode[]>([['', [type, local]], [type.id, [source('a'), source('b')]]]);
    const kept = keptImageChildren(given, (n) => n, new Map([['b', 40]]));
    assert.deepEqual(Object.keys(kept ?? {}), [''], 'the top level is kept, the list with the download is not');
    // A source whose own label mentions downloading is kept: the state comes from the running downloads.
    const named = { ...source('c'), description: 'downloading-tools · amd64' };
    assert.deepEqual(Object.keys(keptImageChildren(new Map([['', [type]], [type.id, [named]]]), (n) => n, new Map()) ?? {}).sort(), ['', type.id]);
  });

  it('keeps nothing when the top level is an error', () => {
    const err: ImageNode = { type: 'error', id: 'error', message: 'The catalog could not be read' };
    assert.equal(keptImageChildren(new Map([['', [err]]]), (n) => n, new Map()), undefined);
  });
});
