// A real OpenID Connect provider (oidc-provider, a certified implementation) for the portal's
// single sign-on tests: `node oidc-provider.mjs <settings.json>`.
//
// settings.json: { port, clients: [...], keys: {keys: [private JWKs]} (optional), accounts_file, behaviour_file }
// The accounts file is read on every lookup, so a test removes an employee at the "company"
// by rewriting it. The behaviour file makes the token endpoint misbehave on purpose:
//   {"id_token": "expired"}  re-signs the ID token with the provider's own key, expired an hour ago
//   {"id_token": "rogue"}    re-signs it with another key under the provider's key id
//   {"down": true}           answers every request with 503
// The sign-in page is a minimal form (an account id), so Chromium and `requests` can both use it.
import fs from 'node:fs';
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const settings = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (!settings.keys) { // no keys given (the browser tests): a fresh signing key for this run
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  settings.keys = { keys: [{ ...(await jose.exportJWK(privateKey)), kid: 'e2e', alg: 'RS256', use: 'sig' }] };
}
const issuer = `http://127.0.0.1:${settings.port}`;

const readJson = (file, fallback) => {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return fallback; }
};

const provider = new Provider(issuer, {
  clients: settings.clients,
  jwks: settings.keys,
  cookies: { keys: ['portal-test-cookie-key'] },
  pkce: { required: () => true, methods: ['S256'] },
  features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
  scopes: ['openid', 'offline_access', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  conformIdTokenClaims: false, // put the scopes' claims in the ID token, as Google and Entra do
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  async findAccount(ctx, id) {
    const account = readJson(settings.accounts_file, {})[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  // First-party client: no consent screen. The grant has no offline_access, so signing out at
  // the provider drops it, and with it the refresh token the portal holds.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => { ctx.type = 'json'; ctx.body = out; },
});

// The token endpoint, made to misbehave when the behaviour file says so.
provider.use(async (ctx, next) => {
  await next();
  const mode = readJson(settings.behaviour_file, {}).id_token;
  if (ctx.path !== '/token' || ctx.status !== 200 || !mode || !ctx.body?.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const header = jose.decodeProtectedHeader(ctx.body.id_token);
  let key;
  if (mode === 'expired') {
    const now = Math.floor(Date.now() / 1000);
    Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    key = await jose.importJWK(settings.keys.keys.find((k) => k.kid === header.kid), header.alg);
  } else {
    ({ privateKey: key } = await jose.generateKeyPair(header.alg));
  }
  ctx.body = { ...ctx.body, id_token: await new jose.SignJWT(claims).setProtectedHeader(header).sign(key) };
});

const page = (uid, error) => `<!doctype html><meta charset=utf-8><title>Company sign-in</title>
<h1>Company sign-in</h1>${error ? `<p role=alert>${error}</p>` : ''}
<form method=post action="/interaction/${uid}/login">
<label>Account <input name=login autofocus></label> <button type=submit>Sign in</button></form>`;

async function interaction(req, res) {
  const [, , uid, action] = req.url.split('?')[0].split('/');
  const details = await provider.interactionDetails(req, res);
  if (uid !== details.uid) throw new Error('interaction mismatch');
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(page(uid));
  }
  if (action === 'login') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const login = new URLSearchParams(body).get('login');
    if (!readJson(settings.accounts_file, {})[login]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(uid, 'No such account'));
    }
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  res.writeHead(404);
  return res.end();
}

const callback = provider.callback();
http.createServer(async (req, res) => {
  try {
    if (readJson(settings.behaviour_file, {}).down) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      return res.end('down');
    }
    if (req.url.startsWith('/interaction/')) return await interaction(req, res);
    return callback(req, res);
  } catch (error) {
    console.error(error);
    res.writeHead(500);
    return res.end(String(error));
  }
}).listen(settings.port, '127.0.0.1', () => console.log(`oidc-provider on ${issuer}`));
