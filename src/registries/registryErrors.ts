import { HttpAbortError, HttpTimeoutError, type HttpResponse } from './httpRequest';
import { RegistryError } from './registryError';

/** What the client was doing, so a status code becomes a sentence about it. */
export interface RequestContext {
  readonly operation: 'ping' | 'catalog' | 'tags' | 'manifest' | 'blob' | 'token';
  /** How the user knows the registry, e.g. `docker.io` or `127.0.0.1:5000`. */
  readonly registry: string;
  readonly repository?: string;
  readonly reference?: string;
  readonly username?: string;
  /** True when the request carried credentials (Basic, or a token obtained with them). */
  readonly withCredentials?: boolean;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'INVALID_CA',
]);

/** The registry's own error body: `{"errors":[{"code","message"}]}`, or a token server's `{"details"}`. */
export function registryErrorBody(body: Buffer): { code?: string; message?: string } {
  try {
    const json = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown; message?: unknown }[]; details?: unknown; error?: unknown; message?: unknown };
    const first = Array.isArray(json.errors) ? json.errors[0] : undefined;
    if (first) return { code: typeof first.code === 'string' ? first.code : undefined, message: typeof first.message === 'string' ? first.message : undefined };
    const msg = [json.details, json.message, json.error].find((v) => typeof v === 'string') as string | undefined;
    return { message: msg };
  } catch {
    return {};
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function what(ctx: RequestContext): string {
  switch (ctx.operation) {
    case 'catalog':
      return `list the repositories of ${ctx.registry}`;
    case 'tags':
      return `list the tags of ${ctx.repository} on ${ctx.registry}`;
    case 'manifest':
    case 'blob':
      return `read ${ctx.repository}:${ctx.reference} on ${ctx.registry}`;
    case 'token':
      return `get an access token for ${ctx.registry}`;
    default:
      return `reach ${ctx.registry}`;
  }
}

/** Maps a non-2xx answer to a RegistryError. `insufficientScope` is true when a Bearer challenge said so. */
export function errorFromResponse(res: HttpResponse, ctx: RequestContext, insufficientScope = false): RegistryError {
  const status = res.status;
  const body = registryErrorBody(res.body);
  const detail = body.message ? ` (${body.code ? `${body.code}: ` : ''}${body.message})` : body.code ? ` (${body.code})` : '';
  const extra = { status, code: body.code };

  // A 401 that is not about scope, after sending credentials, means the credentials are wrong (handled below).
  if (ctx.operation === 'catalog' && (status === 403 || status === 404 || status === 405 || (status === 401 && insufficientScope))) {
    return new RegistryError(
      'catalogNotAllowed',
      `${ctx.registry} does not allow listing its repositories${ctx.withCredentials ? ` for ${ctx.username ?? 'this account'}` : ''} (HTTP ${status}). Track the repositories you use by name to browse their tags.`,
      extra,
    );
  }
  if (status === 401) {
    if (insufficientScope || body.code === 'DENIED') {
      return new RegistryError('forbidden', `No permission to ${what(ctx)}${ctx.username ? ` as ${ctx.username}` : ' anonymously'}${detail}.`, extra);
    }
    if (ctx.withCredentials) {
      return new RegistryError('unauthorized', `Wrong credentials: ${ctx.registry} rejected the user name or password${ctx.username ? ` for ${ctx.username}` : ''}${detail}. Log in again.`, extra);
    }
    if (ctx.operation === 'catalog') {
      return new RegistryError('catalogNotAllowed', `${ctx.registry} does not allow listing its repositories anonymously (HTTP 401). Log in, or track the repositories you use by name.`, extra);
    }
    return new RegistryError('unauthorized', `${ctx.registry} requires you to log in to ${what(ctx).replace(/ on .*$/, '')}${detail}.`, extra);
  }
  if (status === 403) {
    return new RegistryError('forbidden', `No permission to ${what(ctx)}${ctx.username ? ` as ${ctx.username}` : ''}${detail}.`, extra);
  }
  if (status === 404) {
    if (ctx.operation === 'ping') return new RegistryError('protocol', `${ctx.registry} is not a container registry: it has no /v2/ API (HTTP 404).`, extra);
    if (ctx.operation === 'token') return new RegistryError('protocol', `The token service of ${ctx.registry} was not found (HTTP 404).`, extra);
    if (ctx.operation === 'manifest' && body.code !== 'NAME_UNKNOWN') {
      return new RegistryError('notFound', `Tag or digest ${ctx.reference} not found in ${ctx.repository} on ${ctx.registry}.`, extra);
    }
    return new RegistryError('notFound', `Repository ${ctx.repository ?? ''} not found on ${ctx.registry}.`.replace('  ', ' '), extra);
  }
  if (status === 405) return new RegistryError('protocol', `${ctx.registry} does not support this request (HTTP 405) while trying to ${what(ctx)}.`, extra);
  if (status === 429 || (status === 503 && res.headers['retry-after'])) {
    const retry = parseRetryAfter(res.headers['retry-after']?.[0]);
    const when = retry === undefined ? 'later' : retry < 120 ? `in ${retry} s` : `in ${Math.ceil(retry / 60)} min`;
    return new RegistryError('rateLimited', `${ctx.registry} is rate limiting requests (HTTP ${status}); try again ${when}.${ctx.withCredentials ? '' : ' Logging in usually raises the limit.'}`, {
      ...extra,
      retryAfterSeconds: retry,
    });
  }
  // 502/504 come from a proxy or load balancer in front of the registry, 503 from either: not the registry's own fault.
  if (status === 502 || status === 504) {
    return new RegistryError('server', `The proxy in front of ${ctx.registry} could not reach the registry (HTTP ${status} ${status === 502 ? 'Bad Gateway' : 'Gateway Timeout'}) while trying to ${what(ctx)}${detail}. Try again later.`, extra);
  }
  if (status === 503) {
    return new RegistryError('server', `${ctx.registry} is unavailable (HTTP 503) while trying to ${what(ctx)}${detail}. Try again later.`, extra);
  }
  if (status >= 500) {
    return new RegistryError('server', `${ctx.registry} had an internal error (HTTP ${status}) while trying to ${what(ctx)}${detail}. Try again later.`, extra);
  }
  if (status === 400 && /HTTP request to an HTTPS server/i.test(res.body.toString('utf8'))) {
    return new RegistryError('protocol', `${ctx.registry} speaks HTTPS, but the address uses http://. Use https:// (and a CA file if its certificate is self-signed).`, extra);
  }
  return new RegistryError('protocol', `Unexpected answer HTTP ${status} from ${ctx.registry} while trying to ${what(ctx)}${detail}.`, extra);
}

/** Maps a transport failure (socket, DNS, TLS, timeout, abort) to a RegistryError naming the fix. */
export function errorFromNetwork(err: unknown, ctx: RequestContext & { readonly url: URL; readonly usingCaFile: boolean }): RegistryError {
  if (err instanceof RegistryError) return err;
  if (err instanceof HttpAbortError) return new RegistryError('cancelled', `Cancelled while trying to ${what(ctx)}.`, { cause: err });
  if (err instanceof HttpTimeoutError) {
    const t = seconds(err.timeoutMs);
    const said =
      err.reason === 'idle' ? `sent nothing for ${t} (idle timeout)` : err.reason === 'answered' ? `did not finish its answer within ${t} (total timeout)` : `did not answer within ${t}`;
    return new RegistryError('timeout', `${ctx.url.host} ${said} while trying to ${what(ctx)}.`, { cause: err });
  }
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = e?.code ?? '';
  const host = ctx.url.host;
  if (code === 'ECONNREFUSED') return new RegistryError('connectionRefused', `Connection refused by ${host}: is the registry running and is the port right?`, { cause: err });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new RegistryError('dns', `The host name ${ctx.url.hostname} could not be resolved (DNS${code === 'EAI_AGAIN' ? ', temporary failure' : ''}). Check the address.`, { cause: err });
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return new RegistryError('timeout', `Connecting to ${host} timed out.`, { cause: err });
  if (TLS_CODES.has(code) || /certificate/i.test(e?.message ?? '')) {
    const why = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `its certificate is not valid for ${ctx.url.hostname}` : code === 'CERT_HAS_EXPIRED' ? 'its certificate has expired' : `its certificate is not trusted (${e.message})`;
    const fix = ctx.usingCaFile
      ? 'The configured CA file does not vouch for it: check that it is the CA that signed the registry certificate, or mark the registry insecure.'
      : "Give the registry's CA certificate file (CA file) in its settings, or mark the registry insecure to skip verification.";
    return new RegistryError('tls', `Could not connect securely to ${host}: ${why}. ${fix}`, { cause: err, code });
  }
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(e?.message ?? '')) {
    return new RegistryError('tls', `${host} does not speak HTTPS. If it is a plain-http registry, use http:// in its address or mark it insecure.`, { cause: err, code });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new RegistryError('network', `The connection to ${host} failed (${code}) while trying to ${what(ctx)}.`, { cause: err, code });
  }
  return new RegistryError('network', `Could not ${what(ctx)}: ${e?.message ?? String(err)}`, { cause: err, code: code || undefined });
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
