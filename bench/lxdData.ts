/**
 * Deterministic LXD-style data for the benchmark: per container 5 config keys, 2 devices with 3
 * config keys each (eth0 nic, root disk), 1–2 profiles; 20 profiles (some with a nic on br0);
 * 200 images with aliases and properties; 50 registries. Ids are assigned here, as a bulk path should.
 */
export const BENCH_ENGINE_ID = 2;

export interface Table {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: unknown[][];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

export function generateLxdData(containers: number): Table[] {
  const rand = rng(containers);
  const profiles: unknown[][] = [];
  const profileDevices: unknown[][] = [];
  const profileDeviceConfig: unknown[][] = [];
  const profileConfig: unknown[][] = [];
  let pdcId = 0;
  for (let p = 1; p <= 20; p++) {
    profiles.push([p, BENCH_ENGINE_ID, p === 1 ? 'default' : `profile-${p}`, `bench profile ${p}`]);
    profileConfig.push([p, p, 'limits.memory', `${p}GiB`]);
    // Profiles 2..5 put their nic on br0; the others on lxdbr0.
    profileDevices.push([p, p, 'eth0', 1]);
    profileDeviceConfig.push([++pdcId, p, 'nictype', 'bridged'], [++pdcId, p, p >= 2 && p <= 5 ? 'parent' : 'network', p >= 2 && p <= 5 ? 'br0' : 'lxdbr0'], [++pdcId, p, 'name', 'eth0']);
  }
  const cs: unknown[][] = [];
  const cc: unknown[][] = [];
  const cd: unknown[][] = [];
  const cdc: unknown[][] = [];
  const cp: unknown[][] = [];
  let ccId = 0;
  let cdId = 0;
  let cdcId = 0;
  let cpId = 0;
  for (let c = 1; c <= containers; c++) {
    cs.push([c, BENCH_ENGINE_ID, `c${String(c).padStart(6, '0')}`, 2, 0, 0, 0, '2026-01-01 00:00:00.000', null, null, null]);
    for (const [k, v] of [['limits.cpu', String(1 + (c % 8))], ['limits.memory', `${1 + (c % 16)}GiB`], ['image.os', 'ubuntu'], ['image.release', c % 2 ? 'noble' : 'jammy'], ['volatile.base_image', `sha256-${c % 200}`]]) {
      cc.push([++ccId, c, k, v]);
    }
    const nic = ++cdId;
    cd.push([nic, c, 'eth0', 1]);
    const onBr0 = rand() < 0.2;
    cdc.push([++cdcId, nic, 'nictype', 'bridged'], [++cdcId, nic, onBr0 ? 'parent' : 'network', onBr0 ? 'br0' : 'lxdbr0'], [++cdcId, nic, 'hwaddr', `00:16:3e:${(c >> 16) & 255}:${(c >> 8) & 255}:${c & 255}`]);
    const root = ++cdId;
    cd.push([root, c, 'root', 2]);
    cdc.push([++cdcId, root, 'path', '/'], [++cdcId, root, 'pool', 'default'], [++cdcId, root, 'size', '10GiB']);
    cp.push([++cpId, c, 1, 0]);
    if (rand() < 0.5) cp.push([++cpId, c, 2 + Math.floor(rand() * 19), 1]);
  }
  const images: unknown[][] = [];
  const aliases: unknown[][] = [];
  const props: unknown[][] = [];
  for (let i = 1; i <= 200; i++) {
    images.push([i, BENCH_ENGINE_ID, 0, String(i).padStart(64, '0'), `image-${i}.tar.xz`, 100_000_000 + i, 0, 0, 2, '2026-01-01 00:00:00.000', null, '2026-01-02 00:00:00.000', null]);
    aliases.push([i, `ubuntu/${i}`, i, `alias ${i}`]);
    props.push([i * 2 - 1, i, 0, 'os', 'ubuntu'], [i * 2, i, 0, 'release', `r${i}`]);
  }
  const registries: unknown[][] = [];
  for (let r = 1; r <= 50; r++) {
    registries.push([`0190b000-0000-7000-8000-${String(r).padStart(12, '0')}`, `registry ${r}`, `registry${r}.bench.example:5000`, 0, 0]);
  }
  return [
    { table: 'engines', columns: ['id', 'kind', 'name', 'endpoint'], rows: [[BENCH_ENGINE_ID, 'lxd', 'bench-lxd', '/var/lib/lxd/unix.socket']] },
    { table: 'profiles', columns: ['id', 'engine_id', 'name', 'description'], rows: profiles },
    { table: 'profiles_config', columns: ['id', 'profile_id', 'key', 'value'], rows: profileConfig },
    { table: 'profiles_devices', columns: ['id', 'profile_id', 'name', 'type'], rows: profileDevices },
    { table: 'profiles_devices_config', columns: ['id', 'profile_device_id', 'key', 'value'], rows: profileDeviceConfig },
    { table: 'containers', columns: ['id', 'engine_id', 'name', 'architecture', 'type', 'ephemeral', 'stateful', 'creation_date', 'last_use_date', 'parent_id', 'description'], rows: cs },
    { table: 'containers_config', columns: ['id', 'container_id', 'key', 'value'], rows: cc },
    { table: 'containers_devices', columns: ['id', 'container_id', 'name', 'type'], rows: cd },
    { table: 'containers_devices_config', columns: ['id', 'container_device_id', 'key', 'value'], rows: cdc },
    { table: 'containers_profiles', columns: ['id', 'container_id', 'profile_id', 'apply_order'], rows: cp },
    { table: 'images', columns: ['id', 'engine_id', 'cached', 'fingerprint', 'filename', 'size', 'public', 'auto_update', 'architecture', 'creation_date', 'expiry_date', 'upload_date', 'last_use_date'], rows: images },
    { table: 'images_aliases', columns: ['id', 'name', 'image_id', 'description'], rows: aliases },
    { table: 'images_properties', columns: ['id', 'image_id', 'type', 'key', 'value'], rows: props },
    { table: 'registry', columns: ['id', 'name', 'url', 'logged_in', 'insecure'], rows: registries },
  ];
}

/** The same multi-row INSERTs for every engine: chunks of `chunk` rows, one statement each, made lazily. */
export function* insertStatements(tables: Table[], chunk = 500): Generator<{ sql: string; params: unknown[] }> {
  for (const t of tables) {
    const cols = t.columns.map((c) => `"${c}"`).join(', ');
    const one = `(${t.columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < t.rows.length; i += chunk) {
      const rows = t.rows.slice(i, i + chunk);
      yield { sql: `INSERT INTO "${t.table}" (${cols}) VALUES ${rows.map(() => one).join(', ')}`, params: rows.flat() };
    }
  }
}

export function rowCount(tables: Table[]): number {
  return tables.reduce((n, t) => n + t.rows.length, 0);
}
