import * as vscode from 'vscode';
import { type KeptFirstPaint, NOTHING_KEPT } from './keptFirstPaint';
import type { ShownNodes } from './shownNodes';
import { testProbe } from './testProbes';

/** A tree view as its paint probes read it: its redraw counters, its paint times, its first paint from the kept copy. */
export interface PaintedView {
  readonly redraws: ShownNodes<never>['redraws'];
  readonly paint: ShownNodes<never>['paint'];
  /** Undefined in tests of a view alone (nothing kept). */
  readonly keptPaint: Pick<KeptFirstPaint<never>, 'stats' | 'replay'> | undefined;
}

/**
 * The two probes every tree view has (host tests and the benchmark): its redraws with its paint and
 * kept-copy stats; and the replay of a new window's first paint — `{ hold: true }` starts it with the
 * catalog counted as opening, `{ hold: false }` lets the catalog open.
 */
export function keptPaintProbes(ids: { readonly redraws: string; readonly replay: string }, view: PaintedView): vscode.Disposable {
  let release: (() => void) | undefined;
  return vscode.Disposable.from(
    testProbe(ids.redraws, () => ({ ...view.redraws, paint: { ...view.paint }, kept: { ...(view.keptPaint?.stats ?? NOTHING_KEPT) } })),
    testProbe(ids.replay, (arg?: { hold?: boolean }) => {
      if (arg?.hold) view.keptPaint?.replay(new Promise<void>((r) => (release = r)));
      else release?.();
    }),
  );
}
