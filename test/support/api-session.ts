import type { FastifyInstance, InjectOptions } from 'fastify';

export interface ApiResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json<T = any>(): T;
}

/** Calls the app as one caller: a session cookie, a bearer key, or nobody. */
export interface ApiCaller {
  request(method: string, url: string, payload?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  get(url: string): Promise<ApiResponse>;
  post(url: string, payload?: unknown): Promise<ApiResponse>;
  patch(url: string, payload: unknown): Promise<ApiResponse>;
  delete(url: string): Promise<ApiResponse>;
}

export function callerWith(app: FastifyInstance, auth: { cookie?: string; bearer?: string } = {}): ApiCaller {
  const request = async (method: string, url: string, payload?: unknown, extraHeaders: Record<string, string> = {}) => {
    const headers: Record<string, string> = { ...extraHeaders };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    const options: InjectOptions = { method: method as InjectOptions['method'], url, headers };
    if (payload !== undefined) options.payload = payload as InjectOptions['payload'];
    return (await app.inject(options)) as unknown as ApiResponse;
  };
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, payload) => request('POST', url, payload),
    patch: (url, payload) => request('PATCH', url, payload),
    delete: (url) => request('DELETE', url),
  };
}

/** Signs in through the API and returns a caller carrying the session cookie. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<ApiCaller> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
  const setCookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('relance_session='));
  if (!setCookie) throw new Error('no session cookie');
  return callerWith(app, { cookie: setCookie.split(';')[0]! });
}

export const eur = (amount: string) => ({ amount, currency: 'EUR' });
