import type { EntityManager } from 'typeorm';

/** A value SQLite takes as is. Booleans become 0/1 and dates TypeORM's UTC text, as the entities read them. */
export type SqlValue = string | number | null;

// Well under SQLite's 32766 bound parameters per statement, and small enough to keep the parser cheap.
const MAX_PARAMS = 8000;

/** TypeORM's sqlite `datetime` format: UTC "YYYY-MM-DD HH:MM:SS.SSS". */
export function sqlDate(d: Date | null | undefined): string | null {
  return d ? d.toISOString().replace('T', ' ').replace('Z', '') : null;
}

export function sqlBool(b: boolean): number {
  return b ? 1 : 0;
}

/**
 * Multi-row INSERT in chunks. With `upsertKey`, an existing row with the same key is updated in place
 * (ON CONFLICT … DO UPDATE), never deleted and re-inserted, so ON DELETE CASCADE children are not touched.
 */
export async function insertRows(
  em: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][],
  upsertKey?: string,
): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const tail = upsertKey
    ? ` ON CONFLICT("${upsertKey}") DO UPDATE SET ${columns
        .filter((c) => c !== upsertKey)
        .map((c) => `"${c}" = excluded."${c}"`)
        .join(', ')}`
    : '';
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await em.query(`INSERT INTO "${table}" (${cols}) VALUES ${chunk.map(() => tuple).join(', ')}${tail}`, chunk.flat());
  }
}

/** DELETE … WHERE <column> IN (ids), chunked. */
export async function deleteIn(em: EntityManager, table: string, column: string, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += MAX_PARAMS) {
    const chunk = ids.slice(i, i + MAX_PARAMS);
    await em.query(`DELETE FROM "${table}" WHERE "${column}" IN (${chunk.map(() => '?').join(', ')})`, chunk);
  }
}

/** Hands out ids above the table's current maximum, so parents and children can be inserted in bulk. */
export class IdAllocator {
  private readonly next = new Map<string, number>();
  constructor(private readonly em: EntityManager) {}

  async take(table: string, count = 1): Promise<number> {
    let n = this.next.get(table);
    if (n === undefined) {
      const [row] = (await this.em.query(`SELECT COALESCE(MAX(id), 0) AS m FROM "${table}"`)) as { m: number }[];
      n = Number(row.m) + 1;
    }
    this.next.set(table, n + count);
    return n;
  }
}
