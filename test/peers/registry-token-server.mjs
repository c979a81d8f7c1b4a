// A small Docker/OCI token server (the "realm" of a Bearer registry), for the test peers only.
// It speaks the protocol CNCF distribution expects: GET /token?service=…&scope=…[&scope=…], optional
// Basic credentials, answers {token, access_token, expires_in, issued_at} with an RS256 JWT whose
// header carries the signing certificate in x5c. Access is granted per user by a small policy so
// that tests can see a real denied scope.
//
//   node registry-token-server.mjs <config.json>
// config: { port, issuer, service, key, cert, ttl, users: {name: password}, policy: {...} }
// policy: { "<user>|anonymous": { catalog: bool, deny: ["repo", …], actions: ["pull", …] } }
import { createServer } from 'node:http';
import { createSign, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const key = readFileSync(config.key, 'utf8');
const certPem = readFileSync(config.cert, 'utf8');
const certDer = new X509Certificate(certPem).raw.toString('base64');
const ttl = Number(config.ttl ?? 300);
const stats = { issued: 0, rejected: 0, requests: [] };

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function sign(claims) {
  const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer] };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64url(signature)}`;
}

function parseBasic(header) {
  const m = /^basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

// "repository:team/app:pull,push" → {type, name, actions}; names may hold ':' only in a registry host part,
// which distribution never sends, so splitting at the first and last ':' is exact.
function parseScope(scope) {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',') };
}

function grant(user, requested) {
  const rule = config.policy[user ?? 'anonymous'] ?? { catalog: false, deny: [], actions: [] };
  if (requested.type === 'registry') {
    return requested.name === 'catalog' && rule.catalog ? { ...requested, actions: ['*'] } : undefined;
  }
  if (requested.type !== 'repository' || (rule.deny ?? []).includes(requested.name)) return undefined;
  const actions = requested.actions.filter((a) => rule.actions.includes(a) || rule.actions.includes('*'));
  return actions.length ? { ...requested, actions } : undefined;
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const reply = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/stats') return reply(200, stats);
  if (url.pathname === '/stats/reset') {
    Object.assign(stats, { issued: 0, rejected: 0, requests: [] });
    return reply(200, stats);
  }
  if (url.pathname !== '/token') return reply(404, { errors: [{ code: 'NOT_FOUND' }] });

  const creds = parseBasic(req.headers.authorization);
  if (req.headers.authorization && !creds) return reply(400, { errors: [{ code: 'BAD_REQUEST', message: 'malformed Authorization header' }] });
  if (creds && config.users[creds.user] !== creds.password) {
    stats.rejected++;
    return reply(401, { details: 'incorrect username or password' });
  }
  const service = url.searchParams.get('service');
  if (service && service !== config.service) return reply(400, { details: `unknown service ${service}` });
  const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
  const access = scopes.map(parseScope).filter(Boolean).map((s) => grant(creds?.user, s)).filter(Boolean);
  const now = Math.floor(Date.now() / 1000);
  const token = sign({
    iss: config.issuer,
    sub: creds?.user ?? '',
    aud: config.service,
    exp: now + ttl,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access,
  });
  stats.issued++;
  stats.requests.push({ user: creds?.user ?? null, scopes });
  if (stats.requests.length > 200) stats.requests.shift();
  return reply(200, { token, access_token: token, expires_in: ttl, issued_at: new Date(now * 1000).toISOString() });
});

server.listen(config.port, '127.0.0.1', () => process.stdout.write(`token server on 127.0.0.1:${config.port}\n`));
