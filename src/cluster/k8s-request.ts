import type { ConfigurationOptions, ObservableMiddleware } from '@kubernetes/client-node';
import { ApiException } from '@kubernetes/client-node';

/** The outcome of one API call: the value, or why it failed in words fit for a comment line. */
export type K8sResult<T> = { ok: true; value: T } | { ok: false; code: number | null; reason: string };

/**
 * Runs one Kubernetes API call with a deadline. The call gets request options that carry an
 * AbortSignal, so a slow API server does not keep a socket open after we gave up on it.
 * Never throws: a probe failure must cost one comment line, not the diagnosis.
 */
export async function k8sRequest<T>(
  timeoutMs: number,
  call: (options: ConfigurationOptions<ObservableMiddleware>) => Promise<T>,
): Promise<K8sResult<T>> {
  const controller = new AbortController();
  // The object-parameter API hands options straight to the observable layer, so the middleware
  // must return the client's tiny Observable shape ({ toPromise }), not a Promise.
  type Observed = ReturnType<ObservableMiddleware['post']> & ReturnType<ObservableMiddleware['pre']>;
  const observable = <C>(value: C) => ({ toPromise: () => Promise.resolve(value) }) as unknown as Observed;
  const options: ConfigurationOptions<ObservableMiddleware> = {
    middleware: [
      {
        pre: (ctx) => {
          ctx.setSignal(controller.signal);
          return observable(ctx);
        },
        post: (ctx) => observable(ctx),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<K8sResult<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, code: null, reason: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const attempt = call(options).then(
    (value): K8sResult<T> => ({ ok: true, value }),
    (err: unknown): K8sResult<T> => failure(err),
  );
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const REASONS: Record<number, string> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  409: 'conflict',
  429: 'too many requests',
};

function failure(err: unknown): { ok: false; code: number | null; reason: string } {
  if (err instanceof ApiException) {
    const code = err.code;
    const message = statusMessage(err.body);
    const word = REASONS[code] ?? (code >= 500 ? 'server error' : 'error');
    return { ok: false, code, reason: `${word} (${code})${message && code >= 500 ? `: ${message}` : ''}` };
  }
  const e = err as { code?: string; message?: string; cause?: { code?: string } } | undefined;
  const sys = e?.code ?? e?.cause?.code;
  if (sys === 'ECONNREFUSED' || sys === 'ENOTFOUND' || sys === 'EHOSTUNREACH' || sys === 'ECONNRESET') {
    return { ok: false, code: null, reason: `cannot reach the API server (${sys})` };
  }
  return { ok: false, code: null, reason: `request failed: ${e?.message ?? String(err)}` };
}

/** The `message` of a v1 Status body (the client hands it over as a string or already parsed). */
function statusMessage(body: unknown): string | null {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 200) || null;
    }
  }
  const msg = (parsed as { message?: unknown } | null)?.message;
  return typeof msg === 'string' ? msg.slice(0, 200) : null;
}
