// A local OpenID Provider for the single sign-on tests and demos (SPEC R23), built on the npm
// package oidc-provider with its development login and consent pages.
//
//   node provider.mjs --port 9000 --client-id mypage-api --client-secret SECRET \
//     --redirect-uri http://127.0.0.1:8000/docs/sso-callback [--issuer URL] [--jwks FILE]
//   node provider.mjs --generate-jwks      prints a new private JWK set (one RS256 key) and exits
//
// Every option may also come from the environment: OIDC_PORT, OIDC_HOST, OIDC_ISSUER,
// OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-separated), OIDC_JWKS.
// --port 0 takes a free port. Prints one line `ready <issuer>` on stdout once listening.
// The login page accepts any login (it becomes the `sub`) and any password. Everything,
// sessions and codes included, lives in memory and is lost when the process stops.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

function generateJwks() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }] };
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    issuer: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    jwks: { type: 'string' },
    'generate-jwks': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

if (values['generate-jwks']) {
  process.stdout.write(`${JSON.stringify(generateJwks())}\n`);
  process.exit(0);
}

const env = process.env;
const port = Number(values.port ?? env.OIDC_PORT ?? 9000);
const host = values.host ?? env.OIDC_HOST ?? '127.0.0.1';
const clientId = values['client-id'] ?? env.OIDC_CLIENT_ID ?? 'mypage-api';
const clientSecret = values['client-secret'] ?? env.OIDC_CLIENT_SECRET;
const redirectUris = (values['redirect-uri'] ?? [env.OIDC_REDIRECT_URIS ?? ''])
  .flatMap((value) => value.split(','))
  .map((value) => value.trim())
  .filter(Boolean);
const jwksFile = values.jwks ?? env.OIDC_JWKS;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`--port must be a port number, not ${values.port ?? env.OIDC_PORT}`);
}
if (!clientSecret) {
  throw new Error('--client-secret (or OIDC_CLIENT_SECRET) is required');
}
if (redirectUris.length === 0) {
  throw new Error('--redirect-uri (or OIDC_REDIRECT_URIS) is required');
}
const jwks = jwksFile ? JSON.parse(readFileSync(jwksFile, 'utf8')) : generateJwks();

// oidc-provider prints notices about its development-only parts (in-memory storage,
// development interactions, the runtime check) through console.info and console.warn;
// this provider is those parts on purpose, so they are dropped unless --verbose.
if (!values.verbose) {
  for (const method of ['info', 'warn']) {
    const original = console[method].bind(console);
    console[method] = (first, ...rest) => {
      if (typeof first === 'string' && /oidc-provider (WARNING|NOTICE)/.test(first)) return;
      original(first, ...rest);
    };
  }
}
const { default: Provider } = await import('oidc-provider');

// Listen first so that --port 0 can name the port the issuer carries.
const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, host, resolve);
});
const issuer = values.issuer ?? env.OIDC_ISSUER ?? `http://${host}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // A client registered for client_secret_basic may also use client_secret_post.
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  responseTypes: ['code'],
  scopes: ['openid'],
  claims: { openid: ['sub'] },
  pkce: { methods: ['S256'], required: () => true },
  jwks,
  findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  features: { devInteractions: { enabled: true } },
  cookies: {
    keys: [randomBytes(32).toString('base64url')],
    long: { secure: false },
    short: { secure: false },
  },
});

server.on('request', provider.callback());
process.stdout.write(`ready ${issuer}\n`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
