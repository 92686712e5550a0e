/**
 * A per-client budget for requests without a valid token: the public page and every failed or
 * missing authentication. A token bucket per IP address (the socket's, never a header a client
 * can write) refills `perMinute` requests a minute; an empty bucket gets a Russian 429 with
 * Retry-After. Requests with a valid token are not counted: РМЦ and the add-ons are never slowed
 * by someone flooding the page. The table of clients is bounded; the least recently seen go first.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { html } from 'hono/html';
import type { TokenRegistry } from '../auth/index.js';

/** Requests a minute one client may make without a token: a person reloading the page never gets near it. */
export const DEFAULT_PUBLIC_REQUESTS_PER_MINUTE = 120;

export interface RateLimitOptions {
  /** Requests a minute per client; 0 turns the limit off. */
  readonly perMinute: number;
  readonly tokens: TokenRegistry;
  /** Clients remembered at most (each a few dozen bytes). */
  readonly maxClients?: number;
  readonly now?: () => number;
}

interface Bucket {
  left: number;
  at: number;
}

/** The socket's address; «unknown» where there is none (requests made in-process, by tests). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function hasValidToken(c: Context, tokens: TokenRegistry): boolean {
  const header = c.req.header('Authorization');
  const m = header ? /^Bearer +(\S+)\s*$/i.exec(header) : null;
  return m !== null && tokens.verify(m[1]) !== null;
}

export function tooManyMessage(perMinute: number, retrySeconds: number): string {
  return `Слишком много запросов с вашего адреса: не больше ${perMinute} в минуту без токена. Повторите через ${retrySeconds} с.`;
}

export function anonymousRateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { perMinute, tokens } = options;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? (() => Date.now());
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  return async (c, next) => {
    if (perMinute <= 0 || hasValidToken(c, tokens)) return next();
    const key = clientAddress(c);
    const t = now();
    let b = buckets.get(key);
    if (b) {
      buckets.delete(key);
      b.left = Math.min(perMinute, b.left + (t - b.at) * perMs);
      b.at = t;
    } else {
      b = { left: perMinute, at: t };
    }
    buckets.set(key, b);
    while (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
    if (b.left >= 1) {
      b.left -= 1;
      return next();
    }
    const retry = Math.max(1, Math.ceil((1 - b.left) / perMs / 1000));
    const message = tooManyMessage(perMinute, retry);
    c.header('Retry-After', String(retry));
    c.header('Cache-Control', 'no-store');
    if (c.req.path.startsWith('/api/')) return c.json({ error: message }, 429);
    return c.html(
      html`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Слишком много запросов — ММО Sync</title></head><body><h1>Слишком много запросов</h1><p>${message}</p></body></html>`,
      429,
    );
  };
}
