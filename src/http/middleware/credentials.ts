import type { IncomingHttpHeaders } from 'node:http';
import { publicUrl, type Config } from '../../config/config.ts';

// The one place that reads the admin credential off a request: `Authorization: Bearer …` first,
// else the standalone login's `rapport_session` cookie. Auth, logout and the cross-site check all
// use it, so they always agree on which credential a request carries.

export const SESSION_COOKIE = 'rapport_session';

export type Credential = { token: string; via: 'bearer' | 'cookie' };

export function credentialOf(headers: IncomingHttpHeaders): Credential | null {
  const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (m?.[1]) return { token: m[1], via: 'bearer' };
  const token = readCookie(headers.cookie, SESSION_COOKIE);
  return token ? { token, via: 'cookie' } : null;
}

/**
 * The value of one cookie, or null when it is absent or malformed. Never throws: a bad
 * percent-encoding from a client is no credential (401 later), not a 500.
 */
function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw) || null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The session cookie's attributes. Secure when Rapport is reached over https (its public URL),
 * and always in production; a plain-http local set-up keeps a cookie the browser will send back.
 */
export function sessionCookieOptions(config: Pick<Config, 'NODE_ENV' | 'PUBLIC_URL' | 'SHOPIFY_APP_URL'>) {
  const secure = config.NODE_ENV === 'production' || publicUrl(config)?.startsWith('https:') === true;
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}
