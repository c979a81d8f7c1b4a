import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageSource } from '../src/entities/ImageSource';
import { parseProducts } from '../src/images/simplestreamsParser';
import { refreshSimplestreams } from '../src/images/refreshSimplestreams';
import { addServer } from '../src/images/serverList';
import { openTempCatalog } from '../src/store/openTempCatalog';

// Refresh of a 2,000-product simplestreams catalog (images.linuxcontainers.org has ~1,000), served
// by a loopback HTTP server that sends ETags and answers If-None-Match with 304. Reported as times
// and as ratios to the parse alone, so the numbers compare across machines.

const PRODUCTS = 2000;

/** A simplestreams images.json of `products` products (two versions each); `build` changes every hash. */
export function catalogJson(build: number, products = PRODUCTS): Buffer {
  const byName: Record<string, unknown> = {};
  const arches = ['amd64', 'arm64', 'armhf', 'ppc64el', 's390x'];
  const variants = ['default', 'cloud'];
  let count = 0;
  for (let i = 0; count < products; i++) {
    const os = `os${i % 40}`;
    const release = `r${Math.floor(i / 40)}`;
    for (const arch of arches) {
      for (const variant of variants) {
        if (count >= products) break;
        count++;
        const versions: Record<string, unknown> = {};
        for (const v of [`20260101_0000`, `2026010${2 + (build % 7)}_0000`]) {
          const h = (s: string): string => createHash('sha256').update(`${os}${release}${arch}${variant}${v}${s}${build}`).digest('hex');
          const base = `images/${os}/${release}/${arch}/${variant}/${v}`;
          versions[v] = {
            items: {
              'lxd.tar.xz': { ftype: 'lxd.tar.xz', path: `${base}/lxd.tar.xz`, sha256: h('m'), size: 900, combined_rootxz_sha256: h('c'), combined_squashfs_sha256: h('q') },
              'root.tar.xz': { ftype: 'root.tar.xz', path: `${base}/rootfs.tar.xz`, sha256: h('r'), size: 3_000_000 },
              'rootfs.squashfs': { ftype: 'squashfs', path: `${base}/rootfs.squashfs`, sha256: h('s'), size: 3_500_000 },
            },
          };
        }
        byName[`${os}:${release}:${arch}:${variant}`] = {
          aliases: `${os}/${release}/${variant},${os}/${release}`, arch, os, release, release_title: release, variant, versions,
        };
      }
    }
  }
  return Buffer.from(JSON.stringify({ content_id: 'images', datatype: 'image-downloads', format: 'products:1.0', products: byName }));
}

/** A loopback simplestreams server answering with `get()` and honouring If-None-Match. */
export async function serve(get: () => Buffer): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const body = req.url === '/streams/v1/index.json'
      ? Buffer.from(JSON.stringify({ format: 'index:1.0', index: { images: { datatype: 'image-downloads', path: 'streams/v1/images.json', format: 'products:1.0', products: ['x'] } } }))
      : req.url === '/streams/v1/images.json' ? get() : null;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(200, { ETag: etag, 'Content-Type': 'application/json', 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export interface ImagesBenchResult {
  products: number;
  parseMs: number;
  firstRefreshMs: number;
  notModifiedMs: number;
  changedRefreshMs: number;
  rows: number;
}

export async function benchImagesRefresh(runs = 3): Promise<ImagesBenchResult> {
  let build = 0;
  let body = catalogJson(build);
  const { server, url } = await serve(() => body);
  const parse: number[] = [];
  const first: number[] = [];
  const notModified: number[] = [];
  const changed: number[] = [];
  let rows = 0;
  try {
    for (let r = 0; r < runs; r++) {
      parse.push(await time(async () => parseProducts(url, `${url}/streams/v1/images.json`, JSON.parse(body.toString('utf8')))));
      const t = await openTempCatalog();
      try {
        await addServer(t.catalog, url, []);
        first.push(await time(() => refreshSimplestreams(t.catalog, { force: true })));
        notModified.push(await time(() => refreshSimplestreams(t.catalog, { force: true })));
        body = catalogJson(++build);
        changed.push(await time(() => refreshSimplestreams(t.catalog, { force: true })));
        rows = await t.catalog.read((em) => em.count(ImageSource));
      } finally {
        await t.dispose();
      }
    }
  } finally {
    server.close();
  }
  return {
    products: PRODUCTS, parseMs: median(parse), firstRefreshMs: median(first), notModifiedMs: median(notModified),
    changedRefreshMs: median(changed), rows,
  };
}

export function formatImagesBench(r: ImagesBenchResult): string {
  const x = (v: number): string => `${(v / r.parseMs).toFixed(1)}×`;
  return [
    `### Image catalog refresh (${r.products} simplestreams products → ${r.rows} ImageSource rows)`,
    '',
    '| step | median ms | ratio to parse alone |',
    '|---|---:|---:|',
    `| parse images.json (no HTTP, no catalog) | ${r.parseMs.toFixed(1)} | 1.0× |`,
    `| first refresh (GET + parse + one transaction) | ${r.firstRefreshMs.toFixed(1)} | ${x(r.firstRefreshMs)} |`,
    `| refresh answered 304 (LastUpdate only) | ${r.notModifiedMs.toFixed(1)} | ${x(r.notModifiedMs)} |`,
    `| changed catalog (every digest new: upsert + purge + reconcile) | ${r.changedRefreshMs.toFixed(1)} | ${x(r.changedRefreshMs)} |`,
  ].join('\n');
}

if (require.main === module) {
  void benchImagesRefresh().then((r) => console.log(formatImagesBench(r)));
}
