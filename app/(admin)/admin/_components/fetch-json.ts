/** The studio's client-side calls to its route handlers (same origin, so the cross-site check passes). */
export interface ApiResult<T> {
  ok: boolean;
  status: number;
  data: T & { error?: string; issues?: { field: string; line: number; message: string }[] };
}

export async function callApi<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; json?: unknown; body?: BodyInit } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  try {
    const res = await fetch(url, { method: init.method ?? 'POST', headers, body, credentials: 'same-origin' });
    const data = (await res.json().catch(() => ({ error: `The server answered ${res.status}.` }))) as ApiResult<T>['data'];
    return { ok: res.ok, status: res.status, data };
  } catch {
    return { ok: false, status: 0, data: { error: 'The server could not be reached; try again.' } as ApiResult<T>['data'] };
  }
}
