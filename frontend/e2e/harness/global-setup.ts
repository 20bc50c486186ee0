/**
 * Starts the whole portal for the browser tests and tears it down afterwards:
 *  1. a fresh PostgreSQL database (derived from TEST_DATABASE_URL, default the local server),
 *  2. `flask db upgrade` and `flask create-user` for the test accounts (each then signs in once and
 *     replaces the initial password create-user gives, as an employee does on the first day),
 *  3. s3rver (checks SigV4 signatures) with a bucket whose CORS allows the app's origin,
 *  4. the Flask app under gunicorn, serving frontend/dist at / and the API at /api,
 *  5. boards created through the admin API,
 *  6. a real OpenID Connect provider (oidc-provider, tests/tools) the portal signs in with.
 * The base URL and accounts reach the tests through environment variables.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { ACCOUNTS, BOARDS, SSO_ACCOUNTS, SSO_DOMAIN } from './accounts';

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repo = resolve(frontend, '..');
const venvBin = process.env.PORTAL_VENV_BIN ?? join(repo, '.venv/bin');
const stateDir = join(frontend, 'e2e/.state');
const BUCKET = 'portal-e2e';

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** postgresql+psycopg://user@host:port/db for SQLAlchemy, postgresql://… for psql. */
function databaseUrls(name: string) {
  const raw = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const url = new URL(raw.replace(/^postgres(ql)?(\+\w+)?:\/\//, 'postgresql://'));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const test = new URL(url);
  test.pathname = `/${name}`;
  return {
    admin: admin.toString(),
    sqlalchemy: test.toString().replace(/^postgresql:\/\//, 'postgresql+psycopg://'),
  };
}

function psql(adminUrl: string, sql: string) {
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function flask(env: NodeJS.ProcessEnv, args: string[], input?: string) {
  execFileSync(join(venvBin, 'flask'), ['--app', 'wsgi', ...args], {
    cwd: repo, env, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'inherit'],
  });
}

async function waitForHealth(baseUrl: string, app: ChildProcess, logFile: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the portal exited with ${app.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the portal did not become healthy in 60 s; see ${logFile}`);
}

function corsXml(origin: string) {
  return `<CORSConfiguration><CORSRule><AllowedOrigin>${origin}</AllowedOrigin>` +
    '<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>' +
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>' +
    '</CORSRule></CORSConfiguration>';
}

/** The company's identity provider: oidc-provider on loopback with the portal registered. */
async function startIdentityProvider(baseUrl: string, dir: string, log: number) {
  const port = await freePort();
  const clientSecret = randomBytes(32).toString('hex');
  writeFileSync(join(dir, 'accounts.json'), JSON.stringify(SSO_ACCOUNTS));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({
    port, accounts_file: join(dir, 'accounts.json'), behaviour_file: join(dir, 'behaviour.json'),
    clients: [{
      client_id: 'portal', client_secret: clientSecret, redirect_uris: [`${baseUrl}/api/auth/sso/callback`],
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
    }],
  }));
  const provider = spawn('node', [join(repo, 'tests/tools/oidc-provider.mjs'), join(dir, 'settings.json')], {
    detached: true, stdio: ['ignore', log, log],
  });
  const issuer = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (provider.exitCode !== null) throw new Error(`the identity provider exited with ${provider.exitCode}`);
    try {
      if ((await fetch(`${issuer}/.well-known/openid-configuration`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('the identity provider did not start in 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { provider, env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'portal', OIDC_CLIENT_SECRET: clientSecret, OIDC_ALLOWED_DOMAINS: SSO_DOMAIN } };
}

/** The password `flask create-user` is given for an account: an initial one it must replace. */
const initialPasswordOf = (account: { password: string }) => `${account.password}-initial`;

/** The first sign-in: replace the initial password with the account's own (ACCOUNTS). */
async function replaceInitialPassword(baseUrl: string, account: { email: string; password: string }) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: initialPasswordOf(account) }),
  });
  if (!login.ok) throw new Error(`first sign-in of ${account.email} failed: ${login.status} ${await login.text()}`);
  const { access_token } = (await login.json()) as { access_token: string };
  const changed = await fetch(`${baseUrl}/api/auth/password`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access_token}` },
    body: JSON.stringify({ current_password: initialPasswordOf(account), new_password: account.password }),
  });
  if (changed.status !== 204) throw new Error(`changing the initial password of ${account.email}: ${changed.status} ${await changed.text()}`);
}

async function createBoards(baseUrl: string) {
  const admin = ACCOUNTS.admin;
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
  const { access_token } = (await login.json()) as { access_token: string };
  for (const board of BOARDS) {
    const response = await fetch(`${baseUrl}/api/admin/boards`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access_token}` },
      body: JSON.stringify(board),
    });
    if (response.status !== 201) throw new Error(`creating board ${board.slug}: ${response.status} ${await response.text()}`);
  }
}

export default async function globalSetup() {
  if (!existsSync(join(frontend, 'dist/index.html'))) {
    throw new Error('frontend/dist is missing: run `npm run build` first (`npm run e2e` does).');
  }
  mkdirSync(stateDir, { recursive: true });
  const dbName = `portal_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const db = databaseUrls(dbName);
  const [appPort, s3Port] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${appPort}`;
  const s3Dir = mkdtempSync(join(tmpdir(), 'portal-e2e-s3-'));
  const idpDir = mkdtempSync(join(tmpdir(), 'portal-e2e-idp-'));
  const logFile = join(stateDir, 'portal.log');
  let app: ChildProcess | undefined;
  let idp: ChildProcess | undefined;
  let s3: S3rver | undefined;
  let dbCreated = false;

  const teardown = async () => {
    if (app && app.exitCode === null && app.pid) {
      const exited = new Promise((r) => app?.once('exit', r));
      try { process.kill(-app.pid, 'SIGTERM'); } catch { /* already gone */ }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    if (idp && idp.exitCode === null && idp.pid) {
      try { process.kill(-idp.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    if (s3) await s3.close().catch(() => undefined);
    rmSync(s3Dir, { recursive: true, force: true });
    rmSync(idpDir, { recursive: true, force: true });
    if (dbCreated) psql(db.admin, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  };

  try {
    psql(db.admin, `CREATE DATABASE "${dbName}" ENCODING 'UTF8' TEMPLATE template0`);
    dbCreated = true;

    s3 = new S3rver({
      address: '127.0.0.1', port: s3Port, silent: true, directory: s3Dir,
      configureBuckets: [{ name: BUCKET, configs: [corsXml(baseUrl)] }],
    });
    await s3.run();
    const identity = await startIdentityProvider(baseUrl, idpDir, openSync(join(stateDir, 'identity-provider.log'), 'w'));
    idp = identity.provider;

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORTAL_ENV: 'development',
      DATABASE_URL: db.sqlalchemy,
      SECRET_KEY: randomBytes(32).toString('hex'),
      JWT_SECRET_KEY: randomBytes(32).toString('hex'),
      STORAGE_BACKEND: 's3',
      S3_BUCKET: BUCKET,
      S3_ENDPOINT_URL: `http://127.0.0.1:${s3Port}`,
      S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      FRONTEND_DIST: join(frontend, 'dist'),
      // Many sign-ins from one address within a minute: keep the limiter on, but roomy.
      LOGIN_LIMIT_PER_ACCOUNT: '200 per minute',
      LOGIN_LIMIT_PER_IP: '500 per minute',
      REDIS_URL: '',
      ...identity.env,
    };
    flask(env, ['db', 'upgrade']);
    for (const account of Object.values(ACCOUNTS)) {
      flask(env, ['create-user', account.email, '--name', account.name, ...(account.role === 'admin' ? ['--admin'] : []), '--password-stdin'], `${initialPasswordOf(account)}\n`);
    }

    const log = openSync(logFile, 'w');
    app = spawn(join(venvBin, 'gunicorn'), ['--bind', `127.0.0.1:${appPort}`, '--workers', '1', '--threads', '32', '--no-control-socket', '--access-logfile', '-', 'wsgi:app'], {
      cwd: repo, env, detached: true, stdio: ['ignore', log, log],
    });
    await waitForHealth(baseUrl, app, logFile);
    for (const account of Object.values(ACCOUNTS)) await replaceInitialPassword(baseUrl, account);
    await createBoards(baseUrl);
  } catch (error) {
    await teardown();
    throw error;
  }

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATABASE = dbName;
  return teardown;
}
