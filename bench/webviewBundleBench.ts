import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

// The detail panels' browser bundle (dist/webview.js), as `node esbuild.mjs --release` builds it for
// the VSIX: its size, gzipped size, and what it is made of (per package, from esbuild's metafile).

const ROOT = resolve(__dirname, '../..');

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The package an input file belongs to (`@scope/name`, `name`) or our own source. */
function owner(input: string): string {
  const i = input.lastIndexOf('node_modules/');
  if (i < 0) return 'src/webviews/app (our pages)';
  const parts = input.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

export async function runWebviewBundleBench(): Promise<string> {
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--release'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node esbuild.mjs --release failed: ${build.stderr || build.stdout}`);
  const file = join(ROOT, 'dist', 'webview.js');
  const bytes = statSync(file).size;
  const gzip = gzipSync(readFileSync(file), { level: 9 }).length;
  // The same entry and options as esbuild.mjs's release webview bundle, in memory, for the breakdown.
  const meta = await esbuild.build({
    entryPoints: [join(ROOT, 'src/webviews/app/main.ts')],
    bundle: true,
    minify: true,
    legalComments: 'none',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    tsconfig: join(ROOT, 'src/webviews/app/tsconfig.json'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const by = new Map<string, number>();
  for (const out of Object.values(meta.metafile.outputs)) {
    for (const [input, v] of Object.entries(out.inputs)) by.set(owner(input), (by.get(owner(input)) ?? 0) + v.bytesInOutput);
  }
  const all = statSync(join(ROOT, 'node_modules/@vscode-elements/elements/dist/bundled.js')).size;
  const rows = [...by.entries()].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]);
  return [
    `Measured from \`node esbuild.mjs --release\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    '| file | size | gzip -9 |',
    '|---|---:|---:|',
    `| dist/webview.js (every detail panel) | ${kb(bytes)} | ${kb(gzip)} |`,
    `| dist/codicons/codicon.css + codicon.ttf (the icon font vscode-icon loads) | ${kb(statSync(join(ROOT, 'dist/codicons/codicon.css')).size + statSync(join(ROOT, 'dist/codicons/codicon.ttf')).size)} | |`,
    `| media/panels.css | ${kb(statSync(join(ROOT, 'media/panels.css')).size)} | |`,
    '',
    '| part of dist/webview.js | bytes |',
    '|---|---:|',
    ...rows.map(([k, b]) => `| ${k} | ${b.toLocaleString('en')} |`),
    '',
    `Only the @vscode-elements components the pages use are imported (button, checkbox, form-group, form-helper, icon, label, textfield, tabs); the library's all-in-one bundle is ${kb(all)}.`,
  ].join('\n');
}
