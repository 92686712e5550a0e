/**
 * Bearer tokens with roles: hono's bearerAuth checks the header, our registry says who the token
 * belongs to, and the principal rides on the context for the routes to filter by ММО.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import type { Principal, TokenRegistry } from './tokens.js';

export * from './tokens.js';

export type AppEnv = { Variables: { principal: Principal } };

export const MESSAGES = {
  noToken:
    'Нужен токен доступа: передайте его в заголовке «Authorization: Bearer <токен>». Токены выдаёт РМЦ.',
  badHeader:
    'Заголовок Authorization должен иметь вид «Bearer <токен>»: токен из латинских букв, цифр и знаков . _ ~ + / -',
  unknownToken: 'Токен не подошёл: проверьте, что он скопирован целиком, или попросите новый в РМЦ.',
  rmcOnly: 'Это действие доступно только РМЦ (токен с ролью rmc).',
} as const;

export function onlyMmoMessage(mmo: number): string {
  return `Этот токен даёт доступ только к ММО №${mmo}`;
}

/** Authenticates every request it guards; the principal is then `c.get('principal')`. */
export function bearerRoles(options: { tokens: TokenRegistry; realm?: string }): MiddlewareHandler<AppEnv> {
  return bearerAuth<AppEnv>({
    realm: options.realm ?? 'mmo-sync',
    verifyToken: (token, c) => {
      const principal = options.tokens.verify(token);
      if (principal) c.set('principal', principal);
      return principal !== null;
    },
    noAuthenticationHeader: { message: { error: MESSAGES.noToken } },
    invalidAuthenticationHeader: { message: { error: MESSAGES.badHeader } },
    invalidToken: { message: { error: MESSAGES.unknownToken } },
  });
}

/** A 403 whose message the error middleware shows as `{ "error": … }`. */
export class AccessDenied extends HTTPException {
  constructor(message: string) {
    super(403, { message });
  }
}

/** Throws unless the caller may see (and trigger) this ММО: rmc sees every ММО, mmo:n only n. */
export function assertMmoAccess(principal: Principal, mmo: number): void {
  if (principal.role.kind === 'mmo' && principal.role.mmo !== mmo)
    throw new AccessDenied(onlyMmoMessage(principal.role.mmo));
}

/** The ММО a request is about: the one asked for (checked), else the caller's own, else all (rmc). */
export function scopeFor(principal: Principal, requested: number | undefined): number | null {
  if (requested !== undefined) {
    assertMmoAccess(principal, requested);
    return requested;
  }
  return principal.role.kind === 'mmo' ? principal.role.mmo : null;
}

export function requireRmc(): MiddlewareHandler<AppEnv> {
  return async (c: Context<AppEnv>, next) => {
    const { role } = c.get('principal');
    if (role.kind !== 'rmc') {
      throw new AccessDenied(
        `${MESSAGES.rmcOnly} ${onlyMmoMessage(role.mmo)}: используйте /api/sync/${role.mmo}.`,
      );
    }
    await next();
  };
}
