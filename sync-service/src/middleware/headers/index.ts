/**
 * Security headers on every answer (hono's secureHeaders: nosniff, no framing, no referrer…), and
 * on an HTML answer that set none of its own a Content-Security-Policy that allows no script at
 * all: the message pages need none, and the dashboard sets a stricter one with its script's nonce.
 * No Strict-Transport-Security: the service speaks plain HTTP; a TLS proxy in front decides that.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const HTML_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler[] {
  return [
    secureHeaders({
      strictTransportSecurity: false,
      xFrameOptions: 'DENY',
      crossOriginEmbedderPolicy: false,
    }),
    async (c, next) => {
      await next();
      if (
        /^text\/html/i.test(c.res.headers.get('Content-Type') ?? '') &&
        !c.res.headers.has('Content-Security-Policy')
      ) {
        c.res.headers.set('Content-Security-Policy', HTML_CSP);
      }
    },
  ];
}
