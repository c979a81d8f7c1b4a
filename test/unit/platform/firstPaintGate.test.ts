import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type * as vscode from 'vscode';
import { FirstPaintGate } from '../../../src/providers/platform/firstPaintGate';

/**
 * The two members of a TreeView the gate reads (it imports vscode as a type only, so it runs here); the
 * whole gate in the real host is exercised by the host bench's first paint and the kept-copy host tests.
 */
function view(visible: boolean): { view: vscode.TreeView<unknown>; show: (v: boolean) => void } {
  const events = new EventEmitter();
  const v = {
    visible,
    onDidChangeVisibility: (listener: (e: { visible: boolean }) => void) => {
      events.on('change', listener);
      return { dispose: () => events.off('change', listener) };
    },
  };
  return { view: v as unknown as vscode.TreeView<unknown>, show: (now) => { v.visible = now; events.emit('change', { visible: now }); } };
}

/** Whether `p` resolved within `ms` (the gate opens 100 ms after the views' last change). */
const state = async (p: Promise<void>, ms = 20): Promise<'resolved' | 'pending'> =>
  Promise.race([p.then(() => 'resolved' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe('FirstPaintGate: background work waits for the visible views\' first paint', () => {
  it('is open when no view of ours is visible (once the views were quiet for a moment)', async () => {
    const gate = new FirstPaintGate();
    gate.track('containers', view(false).view);
    assert.equal(await state(gate.whenPainted(), 300), 'resolved');
    assert.equal(await state(gate.whenPainted()), 'resolved', 'at once, long after the last change');
  });

  it('stays closed until every visible view has painted, and a moment after the last paint', async () => {
    const gate = new FirstPaintGate();
    const a = view(false);
    const b = view(false);
    gate.track('containers', a.view);
    gate.track('registries', b.view);
    a.show(true);
    b.show(true);
    const waiting = gate.whenPainted();
    let opened = false;
    void waiting.then(() => (opened = true));
    gate.paintedView('containers');
    assert.equal(await state(waiting), 'pending');
    gate.paintedView('registries');
    await Promise.resolve();
    assert.equal(opened, false, 'not in the same task as the answer');
    assert.equal(await state(waiting), 'pending', 'a view becoming visible just after another painted still holds it');
    assert.equal(await state(waiting, 300), 'resolved');
    // Painted views stay painted: becoming visible again holds nothing back.
    b.show(false);
    b.show(true);
    assert.equal(await state(gate.whenPainted(), 300), 'resolved');
  });

  it('a view that becomes visible just after another painted (VS Code may ask before any visibility) holds the gate', async () => {
    const gate = new FirstPaintGate();
    const a = view(false);
    const b = view(false);
    gate.track('registries', a.view);
    gate.track('containers', b.view);
    await new Promise((r) => setTimeout(r, 150));
    gate.paintedView('registries');
    const waiting = gate.whenPainted();
    await new Promise((r) => setTimeout(r, 20));
    b.show(true);
    assert.equal(await state(waiting, 300), 'pending');
    gate.paintedView('containers');
    assert.equal(await state(waiting, 300), 'resolved');
  });

  it('a view hidden again before it painted no longer holds the others back', async () => {
    const gate = new FirstPaintGate();
    const a = view(true);
    gate.track('imageSources', a.view);
    const waiting = gate.whenPainted();
    assert.equal(await state(waiting), 'pending');
    a.show(false);
    assert.equal(await state(waiting, 300), 'resolved');
  });

  it('a visible view that never asks holds the others back for a bounded time', async function () {
    this.timeout(5000);
    const gate = new FirstPaintGate();
    gate.track('containers', view(true).view);
    const waiting = gate.whenPainted();
    assert.equal(await state(waiting, 300), 'pending');
    await waiting; // resolves on its own (MAX_WAIT_MS); the test's timeout fails it otherwise
  });
});
