import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Logger } from '../shared/logger';
import { readCaFile } from './caFile';
import { findChallenge, parseAuthChallenges, type AuthChallenge } from './authChallenge';
import { httpRequest, type HttpResponse } from './httpRequest';
import { openHttpStream, type HttpStream } from './httpStream';
import { RegistryError } from './registryError';
import { errorFromNetwork, errorFromResponse, registryErrorBody, type RequestContext } from './registryErrors';
import type { RegistryEndpoint } from './registryUrl';
import { TokenCache } from './tokenCache';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface TransportOptions {
  readonly endpoint: RegistryEndpoint;
  readonly credentials?: RegistryCredentials;
  /** http allowed and TLS verification off. */
  readonly insecure?: boolean;
  /** PEM file with the CA that signed the registry's certificate (added to the system roots). */
  readonly caFile?: string;
  /** Per request, including the token request. Default 20 s. */
  readonly timeoutMs?: number;
  /** Nothing received for this long ends a request. Default 10 s (or the total, if shorter). */
  readonly idleTimeoutMs?: number;
  readonly logger?: Logger;
  /** For tests of token expiry. */
  readonly now?: () => number;
}

export interface SendResult {
  readonly res: HttpResponse;
  readonly url: URL;
  /** The last challenge said error="insufficient_scope": the token was valid but lacks this scope. */
  readonly insufficientScope: boolean;
  readonly withCredentials: boolean;
}

export type AuthScheme = 'none' | 'basic' | 'bearer';

/**
 * Sends requests to one registry, answering its auth challenges: Basic credentials on each request,
 * or Bearer tokens fetched from the realm per scope (with Basic credentials when logged in,
 * anonymously otherwise) and cached until they expire. Knows nothing of the API's operations.
 */
export class RegistryTransport {
  readonly endpoint: RegistryEndpoint;
  private base: URL;
  private agents?: { http: http.Agent; https: https.Agent };
  private scheme: AuthScheme | undefined;
  private bearer: { realm: string; service?: string } | undefined;
  private readonly tokens: TokenCache;
  private readonly timeoutMs: number;

  constructor(private readonly options: TransportOptions) {
    this.endpoint = options.endpoint;
    this.base = new URL(options.endpoint.apiBase);
    this.tokens = new TokenCache(options.now);
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** The auth scheme the registry asked for, once known (after the first request). */
  get authScheme(): AuthScheme | undefined {
    return this.scheme;
  }

  get username(): string | undefined {
    return this.options.credentials?.username;
  }

  url(pathAndQuery: string): URL {
    return new URL(pathAndQuery, this.base);
  }

  /** True when `url` is on this registry's API origin (pagination links must not send credentials elsewhere). */
  sameOrigin(url: URL): boolean {
    return url.origin === this.base.origin;
  }

  /** Sends a request, answering one auth challenge. `scope` is e.g. `repository:team/app:pull`, or '' for /v2/. */
  async send(method: 'GET' | 'HEAD', url: URL, scope: string, ctx: RequestContext, signal?: AbortSignal, accept?: string): Promise<SendResult> {
    const baseHeaders: Record<string, string> = accept ? { accept } : {};
    let auth = await this.authorization(scope, ctx, signal);
    let res = await this.raw(method, url, { ...baseHeaders, ...auth.headers }, ctx, signal);
    if (res.status !== 401) return { res, url, insufficientScope: false, withCredentials: auth.withCredentials };

    const challenges = parseAuthChallenges(res.headers['www-authenticate']);
    const bearer = findChallenge(challenges, 'bearer');
    const basic = findChallenge(challenges, 'basic');
    if (bearer) {
      this.rememberBearer(bearer, ctx);
      const error = bearer.params.error;
      if (auth.kind === 'bearer' && error === 'insufficient_scope') return { res, url, insufficientScope: true, withCredentials: auth.withCredentials };
      if (auth.kind === 'bearer') this.tokens.delete(scope); // expired or revoked: one fresh try
      const challengeScope = bearer.params.scope ?? scope;
      auth = await this.bearerAuthorization(challengeScope, ctx, signal);
      res = await this.raw(method, url, { ...baseHeaders, ...auth.headers }, ctx, signal);
      const again = res.status === 401 ? findChallenge(parseAuthChallenges(res.headers['www-authenticate']), 'bearer') : undefined;
      return { res, url, insufficientScope: again?.params.error === 'insufficient_scope', withCredentials: auth.withCredentials };
    }
    if (basic) {
      this.scheme = 'basic';
      if (!this.options.credentials || auth.kind === 'basic') return { res, url, insufficientScope: false, withCredentials: auth.withCredentials };
      auth = this.basicAuthorization();
      res = await this.raw(method, url, { ...baseHeaders, ...auth.headers }, ctx, signal);
      return { res, url, insufficientScope: false, withCredentials: true };
    }
    const offered = challenges.map((c) => c.scheme).join(', ') || 'none';
    throw new RegistryError('protocol', `${ctx.registry} asks for an authentication scheme this extension does not support (${offered}); only Basic and Bearer are supported.`, { status: 401 });
  }

  /** `send` that follows redirects (blob downloads are often redirected to object storage), without credentials off-origin. */
  async sendFollowing(url: URL, scope: string, ctx: RequestContext, signal?: AbortSignal, accept?: string): Promise<SendResult> {
    let result = await this.send('GET', url, scope, ctx, signal, accept);
    for (let hops = 0; hops < 5 && [301, 302, 303, 307, 308].includes(result.res.status); hops++) {
      const location = result.res.headers.location?.[0];
      if (!location) break;
      const next = new URL(location, result.url);
      if (this.sameOrigin(next)) result = await this.send('GET', next, scope, ctx, signal, accept);
      else result = { ...result, url: next, res: await this.raw('GET', next, accept ? { accept } : {}, ctx, signal) };
    }
    return result;
  }

  /**
   * A GET whose body streams (a layer blob), authorised as `send` would be and following redirects
   * without credentials off-origin. The first attempt reuses what an earlier request of the same scope
   * learned (the manifest's token); a 401 is answered by a HEAD through `send`, then tried once more.
   */
  async openStream(url: URL, scope: string, ctx: RequestContext, limits: { timeoutMs: number; idleTimeoutMs: number }, signal?: AbortSignal): Promise<{ stream: HttpStream; url: URL }> {
    let current = url;
    for (let attempt = 0, hops = 0; ; ) {
      const onOrigin = this.sameOrigin(current);
      const headers = onOrigin ? (await this.authorization(scope, ctx, signal)).headers : {};
      const stream = await this.rawStream(current, headers, ctx, limits, signal);
      if (stream.status === 401 && onOrigin && attempt++ === 0) {
        stream.close();
        if (this.scheme === 'bearer') this.tokens.delete(scope);
        await this.send('HEAD', current, scope, ctx, signal);
        continue;
      }
      const location = stream.headers.location?.[0];
      if ([301, 302, 303, 307, 308].includes(stream.status) && location && hops++ < 5) {
        stream.close();
        current = new URL(location, current);
        continue;
      }
      return { stream, url: current };
    }
  }

  private async rawStream(url: URL, headers: Record<string, string>, ctx: RequestContext, limits: { timeoutMs: number; idleTimeoutMs: number }, signal?: AbortSignal): Promise<HttpStream> {
    const agents = await this.getAgents(ctx);
    this.options.logger?.trace(`registry GET ${url.origin}${url.pathname} (streamed)`);
    try {
      return await openHttpStream({ url, headers, ...limits, signal, agent: url.protocol === 'https:' ? agents.https : agents.http });
    } catch (err) {
      throw errorFromNetwork(err, { ...ctx, url, usingCaFile: this.options.caFile !== undefined });
    }
  }

  close(): void {
    this.agents?.http.destroy();
    this.agents?.https.destroy();
    this.agents = undefined;
    this.tokens.clear();
  }

  private rememberBearer(challenge: AuthChallenge, ctx: RequestContext): void {
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryError('protocol', `${ctx.registry} asks for a Bearer token but names no token service (no realm in its WWW-Authenticate header).`, { status: 401 });
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm, this.base);
    } catch {
      throw new RegistryError('protocol', `${ctx.registry} names an invalid token service address: "${realm}".`, { status: 401 });
    }
    if (realmUrl.protocol !== 'https:' && realmUrl.protocol !== 'http:') {
      throw new RegistryError('protocol', `${ctx.registry} names a token service with an unsupported scheme: "${realm}".`, { status: 401 });
    }
    this.scheme = 'bearer';
    this.bearer = { realm: realmUrl.toString(), service: challenge.params.service };
  }

  private async authorization(scope: string, ctx: RequestContext, signal?: AbortSignal): Promise<Auth> {
    if (this.scheme === 'basic' && this.options.credentials) return this.basicAuthorization();
    if (this.scheme === 'bearer') return this.bearerAuthorization(scope, ctx, signal);
    return { kind: 'none', headers: {}, withCredentials: false };
  }

  private basicAuthorization(): Auth {
    const { username, password } = this.options.credentials!;
    return { kind: 'basic', headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` }, withCredentials: true };
  }

  private async bearerAuthorization(scope: string, ctx: RequestContext, signal?: AbortSignal): Promise<Auth> {
    const withCredentials = this.options.credentials !== undefined;
    const cached = this.tokens.get(scope);
    if (cached) return { kind: 'bearer', headers: { authorization: `Bearer ${cached}` }, withCredentials };
    const { realm, service } = this.bearer!;
    const url = new URL(realm);
    if (service) url.searchParams.set('service', service);
    for (const s of scope.split(' ').filter(Boolean)) url.searchParams.append('scope', s);
    if (withCredentials) this.assertRealmMayHaveCredentials(url, ctx);
    const headers: Record<string, string> = withCredentials ? this.basicAuthorization().headers : {};
    const tokenCtx: RequestContext = { ...ctx, operation: 'token', withCredentials };
    const res = await this.raw('GET', url, headers, tokenCtx, signal);
    if (res.status < 200 || res.status > 299) {
      if (res.status === 401 && withCredentials) {
        const why = registryErrorBody(res.body).message;
        throw new RegistryError('unauthorized', `Wrong credentials: the token service of ${ctx.registry} rejected the user name or password for ${this.options.credentials!.username}${why ? ` (${why})` : ''}.`, { status: 401 });
      }
      if (res.status === 401 || res.status === 403) {
        throw new RegistryError('unauthorized', `${ctx.registry} does not allow anonymous access; log in first.`, { status: res.status });
      }
      throw errorFromResponse(res, tokenCtx);
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new RegistryError('protocol', `The token service of ${ctx.registry} answered something that is not JSON.`);
    }
    const token = typeof body.token === 'string' && body.token ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
    if (!token) throw new RegistryError('protocol', `The token service of ${ctx.registry} answered without a token.`);
    this.tokens.set(scope, token, typeof body.expires_in === 'number' ? body.expires_in : 60);
    return { kind: 'bearer', headers: { authorization: `Bearer ${token}` }, withCredentials };
  }

  /**
   * A token service is sent the user's password (Basic). Over plain http that is readable on the way, so
   * it is only done where the registry itself already gets it the same way: the same host, and the
   * registry on plain http too. Anything else is refused rather than asked, since the CLI cannot ask.
   */
  private assertRealmMayHaveCredentials(realm: URL, ctx: RequestContext): void {
    if (realm.protocol !== 'http:') return;
    const why = realm.hostname !== this.base.hostname ? 'is plain http on another host' : this.base.protocol === 'https:' ? `is plain http while ${ctx.registry} uses https` : undefined;
    if (!why) return;
    throw new RegistryError('protocol', `The token service of ${ctx.registry} (${realm.origin}) ${why}; your credentials were not sent. Browse it anonymously, or ask its operator to serve the token service over https.`, { status: 401 });
  }

  private async raw(method: 'GET' | 'HEAD', url: URL, headers: Record<string, string>, ctx: RequestContext, signal?: AbortSignal, retried = false): Promise<HttpResponse> {
    const agents = await this.getAgents(ctx);
    this.options.logger?.trace(`registry ${method} ${url.origin}${url.pathname}`);
    try {
      return await httpRequest({ method, url, headers, timeoutMs: this.timeoutMs, idleTimeoutMs: this.options.idleTimeoutMs ?? 10_000, signal, agent: url.protocol === 'https:' ? agents.https : agents.http });
    } catch (err) {
      // A kept-alive connection dropped while idle (the registry restarted, the host came back) fails at
      // once with a reset. GET and HEAD are safe to send again: once, on fresh connections.
      if (!retried && !signal?.aborted && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
        this.agents?.http.destroy();
        this.agents?.https.destroy();
        this.agents = undefined;
        return this.raw(method, url, headers, ctx, signal, true);
      }
      const mapped = errorFromNetwork(err, { ...ctx, url, usingCaFile: this.options.caFile !== undefined });
      // An insecure registry given without a scheme may speak plain http: fall back once, as docker does.
      if (mapped.kind === 'tls' && mapped.code === 'EPROTO' && this.options.insecure && !this.endpoint.schemeExplicit && url.protocol === 'https:' && this.sameOrigin(url)) {
        this.base = new URL(this.base.toString().replace(/^https:/, 'http:'));
        const httpUrl = new URL(url.toString().replace(/^https:/, 'http:'));
        this.options.logger?.info(`registry ${ctx.registry} does not speak https; using http as it is marked insecure`);
        return this.raw(method, httpUrl, headers, ctx, signal);
      }
      throw mapped;
    }
  }

  private async getAgents(ctx: RequestContext): Promise<{ http: http.Agent; https: https.Agent }> {
    if (this.agents) return this.agents;
    let ca: string[] | undefined;
    if (this.options.caFile) ca = [...rootCertificates, await readCaFile(this.options.caFile, ctx.registry)];
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 6 }),
      https: new https.Agent({ keepAlive: true, maxSockets: 6, ca, rejectUnauthorized: !this.options.insecure }),
    };
    return this.agents;
  }
}

interface Auth {
  readonly kind: 'none' | 'basic' | 'bearer';
  readonly headers: Record<string, string>;
  readonly withCredentials: boolean;
}
