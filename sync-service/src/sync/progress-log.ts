/**
 * Russian progress lines of syncs for the terminal. Counts only: rows of заявки carry personal
 * data, and nothing of a row's content is ever written here.
 */
import { districtByNo, plural } from '@mmo/shared';
import type { SyncTrigger } from '../store/index.js';
import { logSafe, type Logger } from './log.js';
import { googleReportLine } from './publish.js';
import type { SyncEvent, SyncRunner } from './runner.js';

const TRIGGER: Readonly<Record<SyncTrigger, string>> = {
  start: 'при запуске',
  timer: 'по расписанию',
  api: 'по запросу API',
  addon: 'из дополнения Google Таблиц',
  dashboard: 'с панели РМЦ',
  upload: 'после загрузки файла',
};

function scope(mmo: number | null): string {
  if (mmo === null) return 'весь регион';
  const d = districtByNo(mmo);
  return d ? `ММО №${mmo} «${d.name}»` : `ММО №${mmo}`;
}

function counts(e: { rows: number; errors: number; warnings: number }): string {
  return `${plural(e.rows, ['строка', 'строки', 'строк'])}, ${plural(e.errors, ['ошибка', 'ошибки', 'ошибок'])}, ${plural(e.warnings, ['предупреждение', 'предупреждения', 'предупреждений'])}`;
}

/** Every value in these lines that comes from outside (names, reasons, paths) goes through logSafe. */
export function progressLine(e: SyncEvent, perSource: boolean): string | null {
  switch (e.type) {
    case 'start':
      return `Синхронизация №${e.runId} (${scope(e.mmo)}, ${TRIGGER[e.trigger]}) началась${e.notice ? `; ${logSafe(e.notice)}` : ''}`;
    case 'listed':
      return e.listError
        ? `  ${logSafe(e.listError)} — источники взяты из сохранённых снимков (${e.total})`
        : perSource
          ? `  Источников: ${e.total}`
          : null;
    case 'source': {
      if (!perSource) return null;
      const who = `  [${e.index}/${e.total}] ${e.mmo === null ? 'без ММО' : `ММО №${e.mmo}`} «${logSafe(e.name)}»`;
      switch (e.read) {
        case 'ok':
          return `${who}: прочитан — ${counts(e)}`;
        case 'unchanged':
          return `${who}: без изменений — ${counts(e)}`;
        case 'skipped':
          return `${who}: не входит в запрос, из снимка — ${counts(e)}`;
        case 'failed':
          return `${who}: НЕ ПРОЧИТАН (${logSafe(e.reason ?? 'причина неизвестна')})${e.fromSnapshot ? ` — взяты данные последней удачной синхронизации: ${counts(e)}` : ' — данных нет'}`;
      }
      return null;
    }
    case 'written':
      return perSource ? `  Сводная таблица записана: ${logSafe(e.path)}` : null;
    case 'finish': {
      const { run } = e.result;
      const seconds = (e.ms / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
      if (run.status === 'failed')
        return `Синхронизация №${run.runId} не удалась за ${seconds} с: ${logSafe(run.error ?? '')}`;
      const c = run.counts!;
      const problems = [
        c.sourcesFailed ? `не прочитано ${c.sourcesFailed}` : '',
        c.sourcesStale ? `устаревших ${c.sourcesStale}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return (
        `Синхронизация №${run.runId} завершена за ${seconds} с: ${plural(c.sources, ['источник', 'источника', 'источников'])}` +
        `${problems ? ` (${problems})` : ''}, ${plural(c.events, ['мероприятие', 'мероприятия', 'мероприятий'])}, ` +
        `${plural(c.applications, ['заявка', 'заявки', 'заявок'])}, ${plural(c.errors, ['ошибка', 'ошибки', 'ошибок'])}, ` +
        `${plural(c.warnings, ['предупреждение', 'предупреждения', 'предупреждений'])}`
      );
    }
  }
}

/** Logs every sync; source by source for the ones started with `perSource` triggers (the start). */
export function attachProgressLog(
  runner: SyncRunner,
  logger: Logger,
  perSourceTriggers: readonly SyncTrigger[] = ['start'],
): () => void {
  let perSource = false;
  const listener = (e: SyncEvent) => {
    if (e.type === 'start') perSource = perSourceTriggers.includes(e.trigger);
    const google = e.type === 'written' && e.google ? googleReportLine({ google: e.google }) : null;
    if (google) logger[google.level](google.text);
    const line = progressLine(e, perSource);
    if (line === null) return;
    if (e.type === 'finish' && e.result.run.status === 'failed') logger.error(line);
    else if (e.type === 'source' && e.read === 'failed') logger.warn(line);
    else logger.info(line);
  };
  runner.on('progress', listener);
  return () => runner.off('progress', listener);
}
