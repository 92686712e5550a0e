/**
 * Uploaded files of the ММО: the one the sync reads and every version ever accepted.
 *
 * The current file of ММО n for a set of forms is `<sources>/Загрузки/ММО-n <формы>.xlsx`, inside
 * the sources folder, so the folder adapter (and its worker threads) read it like any other file,
 * with the ММО from its name. Every accepted version is also kept in `<data>/uploads/ММО-n/` as `<id>.xlsx` with an
 * `<id>.json` record of who sent it and when: one file per version, written whole (temp file +
 * rename), so two uploads at once never interleave and the records can be fed to an audit log.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { sha256 } from '../sources/xlsx-folder.js';

/** The sub-folder of the sources folder that holds the current uploaded file of each ММО. */
export const UPLOAD_FOLDER = 'Загрузки';

/**
 * The current file of ММО n for a set of forms: «ММО-3 Заявка.xlsx», «ММО-3 Заявка, План ММО.xlsx».
 * A new file with the same forms replaces the old one; a plan sent after a заявка does not.
 */
export function uploadFileName(mmo: number, formSheetNames: readonly string[]): string {
  const forms = [...new Set(formSheetNames)]
    .sort((a, b) => a.localeCompare(b, 'ru'))
    .join(', ')
    .replace(/[\\/:*?"<>|]/g, ' ');
  return `ММО-${mmo} ${forms.length > 120 ? `${forms.slice(0, 110).trim()}… (${new Set(formSheetNames).size} форм)` : forms}.xlsx`;
}

/** The source id the sync gives that current file (a path relative to the sources folder). */
export function uploadSourceId(mmo: number, formSheetNames: readonly string[]): string {
  return `${UPLOAD_FOLDER}/${uploadFileName(mmo, formSheetNames)}`;
}

export const VERSION_ID = /^\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}$/;

export const uploadRecordSchema = z.object({
  id: z.string().regex(VERSION_ID),
  mmo: z.number().int(),
  receivedAt: z.string(),
  /** The token's name (who it was given to), or its role when it has none. Never the token. */
  by: z.string(),
  role: z.string(),
  fileName: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  forms: z.array(z.object({ sheet: z.string(), form: z.string(), sheetName: z.string() })),
  /** The source id of the current file this version went to. */
  sourceId: z.string(),
});

export type UploadRecord = z.infer<typeof uploadRecordSchema>;

export interface UploadInput {
  readonly mmo: number;
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly by: string;
  readonly role: string;
  readonly forms: readonly UploadRecord['forms'][number][];
  readonly receivedAt: Date;
  /** Arrival order: the current file is replaced only by a later arrival. */
  readonly seq: number;
}

async function writeWhole(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

// Control characters are exactly what is removed from a sent file's name.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f"]/g;

/** Names from people are shown in headers: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE_IN_NAME, '').trim().slice(0, 200);
  return clean || 'файл.xlsx';
}

export class UploadStore {
  readonly #written = new Map<string, number>();
  /** Writes of the current file of one ММО, one after another: the later arrival's rename is the last. */
  readonly #queue = new Map<string, Promise<unknown>>();

  constructor(
    readonly sourcesDir: string,
    readonly historyDir: string,
  ) {}

  currentPath(sourceId: string): string {
    return join(this.sourcesDir, ...sourceId.split('/'));
  }

  #mmoDir(mmo: number): string {
    return join(this.historyDir, `ММО-${mmo}`);
  }

  /** Keeps the version, then makes it current unless a later arrival already is. */
  async save(input: UploadInput): Promise<{ record: UploadRecord; current: boolean }> {
    const stamp = input.receivedAt.toISOString().replace(/[-:.]/g, '');
    const id = `${stamp}-${String(input.seq).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
    const sourceId = uploadSourceId(
      input.mmo,
      input.forms.map((f) => f.sheetName),
    );
    const record: UploadRecord = {
      id,
      mmo: input.mmo,
      receivedAt: input.receivedAt.toISOString(),
      by: input.by,
      role: input.role,
      fileName: cleanFileName(input.fileName),
      bytes: input.bytes.length,
      sha256: sha256(input.bytes),
      forms: [...input.forms],
      sourceId,
    };
    const dir = this.#mmoDir(input.mmo);
    await mkdir(dir, { recursive: true });
    await writeWhole(join(dir, `${id}.xlsx`), input.bytes);
    await writeWhole(join(dir, `${id}.json`), `${JSON.stringify(record, null, 2)}\n`);
    // Checked and set with no await in between: of two uploads at once, the later arrival wins.
    const last = this.#written.get(sourceId) ?? -1;
    if (input.seq < last) return { record, current: false };
    this.#written.set(sourceId, input.seq);
    const write = (this.#queue.get(sourceId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        await mkdir(join(this.sourcesDir, UPLOAD_FOLDER), { recursive: true });
        await writeWhole(this.currentPath(sourceId), input.bytes);
      });
    this.#queue.set(sourceId, write);
    await write;
    return { record, current: true };
  }

  /** Versions, newest first: of one ММО, or of all. */
  async list(mmo?: number): Promise<UploadRecord[]> {
    const dirs =
      mmo !== undefined
        ? [this.#mmoDir(mmo)]
        : (await readdir(this.historyDir).catch(() => [] as string[])).map((d) => join(this.historyDir, d));
    const records: UploadRecord[] = [];
    for (const dir of dirs) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const n of names) {
        if (!n.endsWith('.json')) continue;
        const parsed = uploadRecordSchema.safeParse(
          JSON.parse(await readFile(join(dir, n), 'utf8').catch(() => 'null')),
        );
        if (parsed.success) records.push(parsed.data);
      }
    }
    return records.sort((a, b) => b.id.localeCompare(a.id));
  }

  async get(mmo: number, id: string): Promise<{ record: UploadRecord; bytes: Buffer } | null> {
    if (!VERSION_ID.test(id)) return null;
    const dir = this.#mmoDir(mmo);
    try {
      const record = uploadRecordSchema.parse(JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')));
      return { record, bytes: await readFile(join(dir, `${id}.xlsx`)) };
    } catch {
      return null;
    }
  }
}
