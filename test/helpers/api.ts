import type { TestServer } from './server.ts';

// The admin API as a client calls it: JSON in, JSON (or text) out, a bearer token or none.

export type ApiReply = { status: number; text: string; headers: Headers; body: Record<string, any> };

export async function apiCall(server: TestServer, method: string, path: string, body: unknown, bearer: string | null): Promise<ApiReply> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    headers: res.headers,
    body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null) as Record<string, any>,
  };
}

/** Signs in with a standalone login and returns its bearer token. */
export async function loginToken(server: TestServer, email: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await res.json()) as { token: string }).token;
}
