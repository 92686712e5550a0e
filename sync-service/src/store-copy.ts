/**
 * `npm run store:copy -- --from sqlite:data/store.sqlite --to postgres://…`: moves an existing
 * SQLite store into an empty PostgreSQL database (see README, «PostgreSQL»). The service must be
 * stopped meanwhile, so that no sync writes the SQLite file during the copy.
 */
import './quiet-sqlite-warning.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { copySqliteToPostgres } = await import('./store/copy.js');
const { isPostgresUrl, redactUrl } = await import('./store/postgres.js');
const { existsSync } = await import('node:fs');

const USAGE =
  'Использование: npm run store:copy -- --from sqlite:путь/к/store.sqlite --to postgres://пользователь:пароль@сервер:5432/база';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let values: { from?: string; to?: string };
try {
  ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true }));
} catch (e) {
  fail(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
}
if (!values.from || !values.to) fail(USAGE);
const cwd = process.env.INIT_CWD || process.cwd();
const from = resolve(cwd, values.from.replace(/^sqlite:/i, ''));
const to = values.to.trim();
if (!existsSync(from)) fail(`Файл хранилища SQLite не найден: ${from}`);
if (!isPostgresUrl(to)) fail(`--to: нужен адрес PostgreSQL вида postgres://… \n${USAGE}`);

process.stdout.write(`Копирую хранилище ${from} → ${redactUrl(to)}\n`);
try {
  const report = await copySqliteToPostgres(from, to, (table, rows) =>
    process.stdout.write(`  ${table}: ${rows} строк\n`),
  );
  const total = report.tables.reduce((n, t) => n + t.rows, 0);
  process.stdout.write(
    `Готово: скопировано ${total} строк. Запускайте сервис с DATABASE_URL=${redactUrl(to)}\n`,
  );
} catch (e) {
  fail(
    `Копирование не выполнено, база PostgreSQL не изменена: ${e instanceof Error ? e.message : String(e)}`,
  );
}
