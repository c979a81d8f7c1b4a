import { dirname, join, resolve } from 'node:path';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';
import { copyFromContainer, copyToContainer } from '../../containers/containerFileCopy';
import { ContainerFiles } from '../../containers/containerFiles';
import { openEngine } from '../../containers/engineConnection';
import { getEngine } from '../../containers/engineRegistry';
import { parseCliArgs } from '../parseCliArgs';

interface CpResult {
  direction: 'from' | 'to';
  engine: string;
  container: string;
  path: string;
  local: string;
  bytes: number;
}

/** `<engine>/<container>:<absolute path>`: the container side of a copy (engine and container names have no `/` or `:`). */
const CONTAINER_SIDE = /^([^/:]+)\/([^/:]+):(\/.*)$/;

/**
 * `containers cp <engine>/<container>:<path> <local>` and `containers cp <local> <engine>/<container>:<path>`:
 * one file copied over the engine's API (LXD's file API, the Engine API's archive endpoints), streamed both
 * ways. An existing target is refused unless `--overwrite`; a failed download leaves no partial file.
 */
export const containersCpCommand: CliCommand<CpResult> = {
  name: 'containers cp',
  summary: 'copy one file out of a container or into it, over the engine API (--overwrite to replace)',
  usage: '<engine>/<container>:<path> <local> | <local> <engine>/<container>:<path> [--overwrite]',
  async run(ctx, args) {
    const { positionals, values } = parseCliArgs(args, { overwrite: { type: 'boolean' } }, 2);
    const [a, b] = positionals;
    const from = CONTAINER_SIDE.exec(a);
    const to = CONTAINER_SIDE.exec(b);
    if (!!from === !!to) throw new CliUsageError('exactly one side must be <engine>/<container>:<absolute path>, the other a local path');
    const [, engineName, container, path] = (from ?? to)!;
    const local = resolve(from ? b : a);
    const engine = await getEngine(await ctx.openCatalog(), engineName);
    const conn = await openEngine(engine, { certDir: join(dirname(ctx.catalogFile), 'servercerts') });
    try {
      const files = new ContainerFiles(conn, container);
      const overwrite = values.overwrite === true;
      const bytes = from ? await copyFromContainer(files, path, local, { overwrite }) : await copyToContainer(files, local, path, { overwrite });
      return { direction: from ? 'from' : 'to', engine: engine.name, container, path, local, bytes };
    } finally {
      conn.close();
    }
  },
  text: (r) =>
    r.direction === 'from'
      ? `copied ${r.bytes} bytes from ${r.engine}/${r.container}:${r.path} to ${r.local}`
      : `copied ${r.bytes} bytes from ${r.local} to ${r.engine}/${r.container}:${r.path}`,
};
