import type { CommandHandler } from '../../../common/runCommand';
import type { ViewQuery } from '../../../../shared/viewQuery';
import type { ViewQueryContext } from '../viewQueryContext';

/** `<view>.clearView` — the view's title action: no filter, sort and grouping as the settings say. Resolves with the query. */
export function clearView<Row>(ctx: ViewQueryContext<Row>): CommandHandler {
  return async (): Promise<ViewQuery> => ctx.state.clear();
}
