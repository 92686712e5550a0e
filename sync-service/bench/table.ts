/** The bench result as the Markdown people read: in the terminal, in README «Производительность». */
import { fmt, type BenchResult, type BenchRow } from './bench.js';
import { readerTables, type ReaderBenchResult } from './reader-bench.js';

const STATUS: Readonly<Record<BenchRow['status'], string>> = {
  PASS: 'PASS',
  MISS: 'MISS',
  INFO: '—',
  NOT_MEASURED: '—',
};

/** A pipe inside a cell would split the Markdown column. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function machineLine(r: BenchResult): string {
  const m = r.machine;
  return (
    `Машина: ${m.os}, ${m.cpus} ЦП (${m.cpuModel}), ${fmt(m.memoryGiB, 1)} ГиБ ОЗУ, Node ${m.node}; ` +
    `средняя загрузка при старте ${m.loadAverage.map((x) => fmt(x, 1)).join(' / ')} (машина общая, замеры шумные).`
  );
}

export function regionLine(r: BenchResult): string {
  const g = r.generated;
  const c = r.consolidated;
  const found = c
    ? `Сводка нашла: мероприятий ${fmt(c.planEvents)}, заявок ${fmt(c.applications)}, анкет ${fmt(c.questionnaires)}, листов показателей ${fmt(c.indicatorSheets)}; отклонено строк ${fmt(c.rejectedRows)}, ошибок ${fmt(c.errors)}, предупреждений ${fmt(c.warnings)}.`
    : 'Сводка не выполнялась.';
  return (
    `Регион (${r.scale === 'full' ? 'полный масштаб' : 'малый масштаб'}, зерно ${r.seed}): 8 ММО, ${fmt(g.sources)} файлов .xlsx, ${fmt(g.sheets)} листов, ${fmt(g.bytes / 2 ** 20, 1)} МиБ; ` +
    `мероприятий ${fmt(g.planEvents)}, строк заявок ${fmt(g.applications)}, анкет ${fmt(g.questionnaires)}, листов показателей ${fmt(g.indicatorSheets)}. ${found}`
  );
}

export function markdownTable(r: BenchResult): string {
  const lines = [
    '| № | Цель (target) | Порог (threshold) | Измерено (measured) | Итог |',
    '|---|---|---|---|---|',
    ...r.rows.map(
      (row) =>
        `| ${row.target} | ${cell(row.name)} | ${cell(row.threshold)} | ${cell(row.measured)} | ${STATUS[row.status]} |`,
    ),
  ];
  return lines.join('\n');
}

/** Table plus the lines that say where and on what it was measured. */
export function markdownReport(r: BenchResult): string {
  const readers = r.details.readers as ReaderBenchResult | undefined;
  return [
    markdownTable(r),
    '',
    machineLine(r),
    '',
    regionLine(r),
    '',
    `Запуск: ${r.startedAt} — ${r.finishedAt}.`,
    ...(readers ? ['', readerTables(readers)] : []),
  ].join('\n');
}
