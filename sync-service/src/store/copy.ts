/**
 * Moves a SQLite store into an empty PostgreSQL database: every table of the schema, row by row,
 * ids kept (so runs, their sources and consolidations still point at each other), in one
 * transaction — a copy that fails leaves the target empty. Tables are found from the schema
 * itself, so a table a later migration adds is copied without touching this file.
 */
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import pg from 'pg';
import { openPgStore, redactUrl } from './postgres.js';
import { openSqliteStore } from './sqlite.js';

export interface CopyReport {
  /** Rows copied, by table, in copy order. */
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function pgValue(v: SQLOutputValue): unknown {
  if (typeof v === 'bigint') return v.toString();
  // 0/1 flags go as text: PostgreSQL reads '0'/'1' as boolean and as integer alike.
  return v;
}

export async function copySqliteToPostgres(
  from: string,
  to: string,
  onTable?: (table: string, rows: number) => void,
): Promise<CopyReport> {
  // Both at this service's schema version first: the same tables and columns on both sides.
  await openSqliteStore(from).close();
  await (await openPgStore(to)).close();

  const source = new DatabaseSync(from, { readOnly: true });
  const target = new pg.Client({ connectionString: to });
  await target.connect();
  try {
    const tables = (
      source
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' AND name <> 'source_reads' ORDER BY rowid`,
        )
        .all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    const { rows: pgColumns } = await target.query<{
      table_name: string;
      column_name: string;
      is_identity: string;
    }>(
      `SELECT table_name, column_name, is_identity FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    for (const table of tables) {
      const { rows } = await target
        .query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`)
        .catch(() => ({ rows: [{ n: '-1' }] }));
      if (rows[0].n === '-1')
        throw new Error(`В базе PostgreSQL ${redactUrl(to)} нет таблицы «${table}» из хранилища SQLite`);
      if (Number(rows[0].n) > 0) {
        throw new Error(
          `База PostgreSQL ${redactUrl(to)} не пуста (в таблице «${table}» ${rows[0].n} строк): копировать можно только в пустую базу`,
        );
      }
    }

    const report: { table: string; rows: number }[] = [];
    await target.query('BEGIN');
    try {
      for (const table of tables) {
        const columns = (
          source.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]
        ).map((c) => c.name);
        const known = new Set(pgColumns.filter((c) => c.table_name === table).map((c) => c.column_name));
        const missing = columns.filter((c) => !known.has(c));
        if (missing.length)
          throw new Error(
            `В таблице «${table}» базы PostgreSQL нет столбцов ${missing.map((c) => `«${c}»`).join(', ')}`,
          );
        const insert = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
        let n = 0;
        // One row at a time: a snapshot row can be megabytes, and the whole store need not fit in memory.
        for (const row of source
          .prepare(`SELECT * FROM ${quote(table)} ORDER BY rowid`)
          .iterate() as Iterable<Record<string, SQLOutputValue>>) {
          await target.query(
            insert,
            columns.map((c) => pgValue(row[c])),
          );
          n++;
        }
        report.push({ table, rows: n });
        onTable?.(table, n);
      }
      // Identity columns continue after the copied ids: the next run must not reuse one.
      for (const c of pgColumns.filter((c) => c.is_identity === 'YES' && tables.includes(c.table_name))) {
        await target.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quote(c.column_name)}) FROM ${quote(c.table_name)}), 0) + 1, false)`,
          [quote(c.table_name), c.column_name],
        );
      }
      await target.query('COMMIT');
    } catch (e) {
      await target.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return { tables: report };
  } finally {
    source.close();
    await target.end();
  }
}
