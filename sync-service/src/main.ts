/**
 * `npm start`: the service at http://localhost:8787 with the data folder sync-service/data/,
 * a sync on start and every SYNC_INTERVAL_MIN minutes, tokens created and shown once on the
 * first start, a clean stop on Ctrl+C or SIGTERM.
 */
import './quiet-sqlite-warning.js';
import { consoleLogger } from './sync/log.js';

const { loadConfig } = await import('./config.js');
const { startService } = await import('./app.js');
const { roleLabel } = await import('./middleware/auth/index.js');
const { redactUrl } = await import('./store/postgres.js');

const logger = consoleLogger;

function fail(e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    logger.error(`Порт уже занят другой программой. Укажите другой: PORT=8788 npm start`);
  else logger.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (e) {
  fail(e);
}

logger.info('ММО Sync: сервис сводки запускается…');
logger.info(
  `  Папка данных: ${config.dataDir}${config.configFile ? ` (настройки: ${config.configFile})` : ''}`,
);

const service = await startService(config, { logger }).catch(fail);

if (service.seeded.length)
  logger.info(
    `  Папка источников была пуста — записан демонстрационный регион: ${service.seeded.length} файлов в ${config.sourcesDir}`,
  );
logger.info(
  `  Источники: ${service.mode === 'google' ? `Google Таблицы (${config.googleConfigPath}) и файлы .xlsx в ${config.sourcesDir}` : `файлы .xlsx в ${config.sourcesDir}`}`,
);

logger.info(
  `  Хранилище: ${config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `файл SQLite ${config.storePath}`}`,
);

if (service.issuedTokens) {
  // Printed straight to the terminal, once: the file keeps only hashes, and no log ever has them.
  const width = Math.max(...service.issuedTokens.map((t) => t.name.length));
  const lines = service.issuedTokens.map(
    (t) => `    ${roleLabel(t.role).padEnd(6)} ${t.name.padEnd(width)}  ${t.token}`,
  );
  process.stdout.write(
    [
      '',
      '  Созданы токены доступа. Они показываются ОДИН РАЗ — сохраните их сейчас и передайте ММО:',
      ...lines,
      `  В файле ${config.tokensPath} хранятся только их SHA-256-хэши: по файлу токен восстановить нельзя.`,
      '  Потерянный токен: удалите его запись из файла и добавьте новую (см. README, «Сервис сводки»).',
      '',
    ].join('\n') + '\n',
  );
}

logger.info(`  Сводка открыта: ${service.url}  (API: ${service.url}/api/status, нужен токен)`);
logger.info(`  Отправка файлов ММО: ${service.url}/upload`);
logger.info(
  config.syncIntervalMin > 0
    ? `  Синхронизация: сейчас и затем каждые ${config.syncIntervalMin} мин (SYNC_INTERVAL_MIN)`
    : '  Синхронизация: сейчас и по запросу (SYNC_INTERVAL_MIN=0)',
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) {
    logger.warn('Повторный сигнал — выхожу сразу.');
    process.exit(1);
  }
  stopping = true;
  logger.info(`Получен ${signal}: останавливаю сервис (дожидаюсь окончания текущей синхронизации)…`);
  try {
    await service.close();
    logger.info('Сервис остановлен.');
    process.exit(0);
  } catch (e) {
    logger.error(`Ошибка при остановке: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const first = await service.startupSync();
if (first.run.status === 'done') logger.info(`Готово. Сводка: ${service.url}  Таблица: ${config.outputPath}`);
