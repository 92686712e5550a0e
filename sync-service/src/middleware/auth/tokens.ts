/**
 * The token file: who may call the API and as whom. It holds SHA-256 hashes of generated tokens
 * (so a copy of the file gives nobody access), and accepts plaintext entries that admins write by
 * hand. Tokens are compared in constant time and never appear in messages or logs.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DISTRICTS, districtByNo } from '@mmo/shared';
import { z } from 'zod';
import '../../zod-russian.js';

export type Role = { readonly kind: 'rmc' } | { readonly kind: 'mmo'; readonly mmo: number };

export interface Principal {
  readonly role: Role;
  /** Who the token was given to, for the start banner; never the token. */
  readonly name: string | null;
}

/** The characters hono's bearerAuth accepts in a token (RFC 6750 b64token). */
export const TOKEN_CHARS = /^[A-Za-z0-9._~+/-]+=*$/;

const ROLE = /^(rmc|mmo:([1-9]\d*))$/;
const mmoNumbers = DISTRICTS.map((d) => d.no);

const roleSchema = z
  .string({ error: 'роль — строка "rmc" или "mmo:<номер ММО>"' })
  .refine(
    (r) => {
      const m = ROLE.exec(r);
      return m !== null && (m[1] === 'rmc' || mmoNumbers.includes(Number(m[2])));
    },
    { error: `роль — "rmc" или "mmo:1" … "mmo:${Math.max(...mmoNumbers)}"` },
  )
  .transform((r): Role => (r === 'rmc' ? { kind: 'rmc' } : { kind: 'mmo', mmo: Number(r.slice(4)) }));

/** Bits a plain token must carry by its letters' spread: 16 random base64 characters give 96. */
const MIN_BITS = 64;

/**
 * What a guesser must try, estimated from the token itself: its length times the Shannon entropy
 * of its characters. «aaaaaaaaaaaaaaaa» carries 0 bits, «abababab…» 1 bit a character.
 */
export function tokenBits(token: string): number {
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / token.length) * Math.log2(n / token.length);
  return perChar * token.length;
}

const entrySchema = z.union(
  [
    z.strictObject({
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, { error: 'sha256 — 64 шестнадцатеричных символа' }),
      role: roleSchema,
      name: z.string().optional(),
    }),
    z.strictObject({
      token: z
        .string()
        .min(16, { error: 'токен короче 16 символов — его легко подобрать' })
        .regex(TOKEN_CHARS, { error: 'в токене допустимы только латинские буквы, цифры и . _ ~ + / -' })
        .refine((t) => tokenBits(t) >= MIN_BITS, {
          error:
            'токен слишком простой (повторяющиеся знаки, мало разных символов) — его легко подобрать; удалите запись, и сервис при запуске создаст новый, или возьмите случайную строку, например из openssl rand -base64 24',
        }),
      role: roleSchema,
      name: z.string().optional(),
    }),
  ],
  { error: 'запись — { "sha256": "…", "role": "…" } или { "token": "…", "role": "…" }' },
);

const fileSchema = z.strictObject(
  { tokens: z.array(entrySchema) },
  { error: 'файл токенов — объект { "tokens": [ … ] }' },
);

export class TokenFileError extends Error {
  override name = 'TokenFileError';
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

interface Entry {
  readonly hash: Buffer;
  readonly principal: Principal;
}

export function roleLabel(role: Role): string {
  return role.kind === 'rmc' ? 'rmc' : `mmo:${role.mmo}`;
}

export class TokenRegistry {
  private constructor(private readonly entries: readonly Entry[]) {}

  static parse(json: unknown, where = 'файл токенов'): TokenRegistry {
    const result = fileSchema.safeParse(json);
    if (!result.success) {
      const lines = result.error.issues.map((i) => {
        const place =
          i.path[0] === 'tokens' && typeof i.path[1] === 'number' ? `запись №${i.path[1] + 1}: ` : '';
        return `— ${place}${i.message}`;
      });
      throw new TokenFileError(`Ошибки в ${where}:\n${lines.join('\n')}`);
    }
    const entries = result.data.tokens.map((e) => ({
      hash: 'sha256' in e ? Buffer.from(e.sha256, 'hex') : sha256(e.token),
      principal: { role: e.role, name: e.name ?? null },
    }));
    // One token for two entries would let verify() pick either: the first role silently wins.
    const seen = new Map<string, number>();
    const clashes: string[] = [];
    entries.forEach((e, i) => {
      const key = e.hash.toString('hex');
      const first = seen.get(key);
      if (first === undefined) return void seen.set(key, i);
      const [a, b] = [roleLabel(entries[first].principal.role), roleLabel(e.principal.role)];
      clashes.push(
        a === b
          ? `— записи №${first + 1} и №${i + 1}: один и тот же токен записан дважды (роль ${a}) — оставьте одну запись`
          : `— записи №${first + 1} и №${i + 1}: один и тот же токен для ролей ${a} и ${b} — у каждой роли должен быть свой токен`,
      );
    });
    if (clashes.length) throw new TokenFileError(`Ошибки в ${where}:\n${clashes.join('\n')}`);
    return new TokenRegistry(entries);
  }

  static load(path: string): TokenRegistry {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new TokenFileError(`Файл токенов ${path} не читается как JSON (${(e as Error).message})`);
    }
    return TokenRegistry.parse(json, `файле токенов ${path}`);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every entry is compared, matched or not, so the time taken says nothing about which one matched. */
  verify(token: string): Principal | null {
    const presented = sha256(token);
    let found: Principal | null = null;
    for (const e of this.entries) {
      if (timingSafeEqual(e.hash, presented) && found === null) found = e.principal;
    }
    return found;
  }
}

export interface IssuedToken {
  readonly role: Role;
  readonly name: string;
  readonly token: string;
}

/** 32 random bytes in base64url: within the characters bearerAuth accepts. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Creates the token file when there is none: one rmc token and one per ММО. The secrets are
 * returned once, for the terminal; the file keeps only their hashes.
 */
export function ensureTokenFile(path: string): IssuedToken[] | null {
  if (existsSync(path)) return null;
  const issued: IssuedToken[] = [
    { role: { kind: 'rmc' }, name: 'РМЦ ДИРО', token: newToken() },
    ...DISTRICTS.map((d) => ({
      role: { kind: 'mmo', mmo: d.no } as Role,
      name: `ММО №${d.no} «${districtByNo(d.no)?.name ?? ''}»`,
      token: newToken(),
    })),
  ];
  const file = {
    tokens: issued.map((t) => ({
      sha256: sha256(t.token).toString('hex'),
      role: roleLabel(t.role),
      name: t.name,
    })),
  };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  return issued;
}
