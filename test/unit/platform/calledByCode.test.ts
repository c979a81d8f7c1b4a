import * as assert from 'node:assert/strict';
import { calledByCode, runAsCode } from '../../../src/providers/common/calledByCode';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('calledByCode: the mark a run by code leaves on its async context', () => {
  it('is set inside a run by code, across awaits and timers, and not outside it', async () => {
    assert.equal(calledByCode(), false);
    const seen = await runAsCode(async () => {
      const first = calledByCode();
      await tick();
      const later = await new Promise<boolean>((r) => setTimeout(() => r(calledByCode()), 1));
      return [first, later];
    });
    assert.deepEqual(seen, [true, true]);
    assert.equal(calledByCode(), false);
  });

  it('work started outside any run (the user\'s) is never marked, even while a run by code is in flight', async () => {
    let release!: () => void;
    const held = runAsCode(() => new Promise<void>((r) => (release = r)));
    const user = await (async () => {
      await tick();
      return calledByCode();
    })();
    release();
    await held;
    assert.equal(user, false);
  });

  it('overlapping runs: the first to end leaves the other marked; after the last, the storage is disabled (no promise hooks left on)', async () => {
    let releaseA!: () => void;
    const a = runAsCode(() => new Promise<void>((r) => (releaseA = r)));
    const b = runAsCode(async () => {
      await tick(20);
      return calledByCode();
    });
    releaseA();
    await a;
    assert.equal(await b, true, 'b still marked after a ended');
    assert.equal(calledByCode(), false);
  });

  it('after the last run ends the storage is disabled: a timer a run left behind fires unmarked', async () => {
    let later!: Promise<boolean>;
    await runAsCode(async () => {
      later = new Promise<boolean>((r) => setTimeout(() => r(calledByCode()), 20));
    });
    // The timer's async context still holds the run's store; only a disabled storage reads it as unset.
    assert.equal(await later, false);
  });

  it('a rejection passes through and still ends the run', async () => {
    await assert.rejects(runAsCode(async () => {
      await tick();
      throw new Error('engine gone');
    }), /engine gone/);
    assert.equal(calledByCode(), false);
  });
});
