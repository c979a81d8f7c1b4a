// Loads one CommonJS file (dist/core.js) with a V8 code cache kept in the extension's global storage.
// Compiling the 3.5 MB core bundle is one of the larger costs of a window's first catalog open (about
// 130 ms of the host's thread in a fresh process here, 90 ms with the cache read back, of which the
// file reads are most). Node 20, which the extension host runs, has no compile cache of its own for a
// required file, and VS Code keeps none for extensions. Only this file is loaded this way; nothing global
// (no require hook) changes for other extensions in the same host.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Node's own module internals this loader uses (stable since Node 12, not in its types). */
interface ModuleInternals {
  _cache: Record<string, NodeJS.Module>;
  _nodeModulePaths(dir: string): string[];
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: { paths?: string[] }): string;
  _extensions: NodeJS.RequireExtensions;
  wrap(source: string): string;
}

interface LoadableModule extends NodeJS.Module {
  load(filename: string): void;
  _compile(content: string, filename: string): unknown;
}

export interface CodeCachedModule {
  readonly exports: unknown;
  /** The cache this load found: used, refused by V8 (another V8, or damaged), or none. */
  readonly cache: 'accepted' | 'rejected' | 'none';
  /**
   * Writes the cache from what was compiled so far (call it after the module has done its first work,
   * so the functions that work compiled are in it); removes caches of other versions of the file. Only
   * when this load found none or V8 refused it. Never throws: the cache only saves time.
   */
  writeCache(): boolean;
}

/**
 * Requires `file` as Node would (its own module object, `require`, children, the require cache), but
 * compiled with the code cache kept in `cacheDir` for exactly this file: its path, size and mtime and
 * the V8 version name the cache, as V8 itself checks only the source's length.
 */
export function requireWithCodeCache(file: string, cacheDir: string, parent?: NodeJS.Module): CodeCachedModule {
  const M = Module as unknown as ModuleInternals & (new (id: string, parent?: NodeJS.Module) => LoadableModule);
  const st = statSync(file);
  const key = createHash('sha256').update(`${process.versions.v8}\0${file}\0${st.size}\0${st.mtimeMs}`).digest('hex').slice(0, 20);
  const prefix = `${basename(file)}.`;
  const cacheFile = join(cacheDir, `${prefix}${key}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  let script: Script | undefined;
  const m = new M(file, parent);
  m._compile = function compileWithCache(content: string, filename: string): unknown {
    script = new Script(M.wrap(content), { filename, cachedData });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const req = Object.assign((id: string) => m.require(id), {
      resolve: Object.assign((request: string, options?: { paths?: string[] }) => M._resolveFilename(request, m, false, options), { paths: () => m.paths }),
      cache: M._cache,
      main: require.main,
      extensions: M._extensions,
    });
    return fn.call(m.exports, m.exports, req, m, filename, dirname(filename));
  };
  m.filename = file;
  m.paths = M._nodeModulePaths(dirname(file));
  M._cache[file] = m;
  try {
    m.load(file);
  } catch (err) {
    delete M._cache[file];
    throw err;
  }
  const cache = !cachedData ? 'none' : script?.cachedDataRejected ? 'rejected' : 'accepted';
  let written = cache === 'accepted';
  return {
    exports: m.exports,
    cache,
    writeCache() {
      if (written || !script) return false;
      written = true;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
        for (const f of readdirSync(cacheDir)) {
          if (f.startsWith(prefix) && f.endsWith('.v8cache') && join(cacheDir, f) !== cacheFile) rmSync(join(cacheDir, f), { force: true });
        }
        return true;
      } catch {
        rmSync(tmp, { force: true });
        return false;
      }
    },
  };
}
