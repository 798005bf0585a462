#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * One-command rotation of the bot app's client secret (docs/deploy.md, "Rotate the client secret"):
 *   npm run rotate-secret -- --env dev [--days 180] [--env-dir env]
 * 1. a new secret for the app (BOT_ID), the old ones kept (`az ad app credential reset --append`);
 * 2. the Azure Bot's OAuth connection gets it (the users' sign-in), read back and written whole;
 * 3. the App Service settings: BOT_PASSWORD_EXPIRES_AT, and BOT_PASSWORD when the bot uses the secret
 *    (BOT_CREDENTIAL=secret); the web app restarts with them;
 * 4. env/.env.<env>.user (SECRET_BOT_PASSWORD) and env/.env.<env> (BOT_PASSWORD_EXPIRES_AT), so that the next
 *    `teamsapp provision` deploys the new secret, not the old one;
 * 5. prints the old credentials and the command that deletes each, to run once sign-in works.
 * The secret is never printed and never on a command line (scripts/lib/az.js, secretFile).
 */
const fs = require('node:fs');
const path = require('node:path');
const { az, secretFile } = require('./lib/az');
const { loadEnvironment } = require('./lib/env-files');

const DAY_MS = 24 * 60 * 60 * 1000;
const BOT_API = '2022-09-15';
const USAGE = 'Usage: npm run rotate-secret -- --env <name> [--days <1-730>] [--env-dir <dir>]';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ envName?: string, days: number, envDir: string }} */
  const out = { days: 180, envDir: path.join(__dirname, '..', 'env') };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(env|days|env-dir)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`Unknown argument "${argv[i]}". ${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (!value || value.startsWith('--')) throw new Error(`--${m[1]} needs a value. ${USAGE}`);
    if (m[1] === 'env') out.envName = value;
    else if (m[1] === 'env-dir') out.envDir = path.resolve(value);
    else {
      out.days = Number(value);
      if (!Number.isInteger(out.days) || out.days < 1 || out.days > 730)
        throw new Error(`--days must be a whole number from 1 to 730. ${USAGE}`);
    }
  }
  if (!out.envName) throw new Error(`--env is required. ${USAGE}`);
  return out;
}

/**
 * Sets KEY=value in a dotenv file (the line replaced, or appended), leaving every other line as it was.
 * @param {string} file @param {string} key @param {string} value
 */
function setEnvLine(file, key, value) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const line = new RegExp(`^${key}=.*$`, 'm');
  const next = line.test(text)
    ? text.replace(line, () => `${key}=${value}`)
    : `${text}${text && !text.endsWith('\n') ? '\n' : ''}${key}=${value}\n`;
  fs.writeFileSync(file, next, { mode: 0o600 });
}

/** @param {Map<string, string>} vars @param {string} name */
function need(vars, name) {
  const value = vars.get(name);
  if (!value)
    throw new Error(`${name} is empty in the environment files: provision first (teamsapp provision --env <name>)`);
  return value;
}

/**
 * @param {{ envName: string, days: number, envDir: string }} args
 * @param {{ run?: typeof az, now?: Date, log?: (line: string) => void }} [deps]
 */
function rotateSecret(args, deps = {}) {
  const { run = az, now = new Date(), log = (l) => process.stdout.write(`${l}\n`) } = deps;
  const { vars } = loadEnvironment({ envName: args.envName, envDir: args.envDir, fallback: {} });
  const appId = need(vars, 'BOT_ID');
  const site = need(vars, 'BOT_AZURE_APP_SERVICE_RESOURCE_ID');
  const connection = need(vars, 'OAUTH_CONNECTION_NAME');
  /** @type {Array<{ keyId: string, displayName?: string, endDateTime?: string }>} */
  const old = run(['ad', 'app', 'credential', 'list', '--id', appId]) ?? [];
  const end = new Date(now.getTime() + args.days * DAY_MS);
  const endText = end.toISOString().replace(/\.\d{3}Z$/, 'Z');
  /** @type {{ password: string }} */
  const made = run([
    'ad',
    'app',
    'credential',
    'reset',
    '--id',
    appId,
    '--append',
    '--display-name',
    `rotated-${now.toISOString().slice(0, 10)}`,
    '--end-date',
    endText,
  ]);
  const secret = made?.password;
  if (!secret)
    throw new Error(
      'az ad app credential reset returned no secret: nothing was changed in Azure but the new credential; see the app in the Entra admin center',
    );
  log(`1/4 app ${appId}: a new client secret, valid until ${endText}`);

  // The OAuth connection: read it back and write it whole with the new secret (the GET never returns the secret).
  const botService = site.replace(
    /\/providers\/Microsoft\.Web\/sites\//i,
    '/providers/Microsoft.BotService/botServices/',
  );
  const url = `https://management.azure.com${botService}/connections/${encodeURIComponent(connection)}?api-version=${BOT_API}`;
  const current = run(['rest', '--method', 'get', '--url', url]);
  const p = current?.properties ?? {};
  const body = {
    location: current?.location ?? 'global',
    properties: {
      serviceProviderId: p.serviceProviderId,
      serviceProviderDisplayName: p.serviceProviderDisplayName,
      clientId: p.clientId,
      scopes: p.scopes,
      parameters: p.parameters,
      clientSecret: secret,
    },
  };
  secretFile(JSON.stringify(body), (file) =>
    run(['rest', '--method', 'put', '--url', url, '--headers', 'Content-Type=application/json', '--body', `@${file}`]),
  );
  log(`2/4 the Azure Bot's OAuth connection "${connection}" uses the new secret`);

  const usesSecret = (vars.get('BOT_CREDENTIAL') || 'managedIdentity') === 'secret';
  const settings = [
    { name: 'BOT_PASSWORD_EXPIRES_AT', value: endText, slotSetting: false },
    ...(usesSecret ? [{ name: 'BOT_PASSWORD', value: secret, slotSetting: false }] : []),
  ];
  secretFile(JSON.stringify(settings), (file) =>
    run(['webapp', 'config', 'appsettings', 'set', '--ids', site, '--settings', `@${file}`]),
  );
  log(
    `3/4 App Service settings: BOT_PASSWORD_EXPIRES_AT${usesSecret ? ' and BOT_PASSWORD' : ' (the bot itself uses its managed identity)'}; the web app restarts`,
  );

  setEnvLine(path.join(args.envDir, `.env.${args.envName}.user`), 'SECRET_BOT_PASSWORD', secret);
  setEnvLine(path.join(args.envDir, `.env.${args.envName}`), 'BOT_PASSWORD_EXPIRES_AT', endText);
  log(`4/4 env/.env.${args.envName}.user and env/.env.${args.envName}: the next provision keeps the new secret`);
  for (const c of old) {
    log(
      `old secret "${c.displayName ?? ''}" (ends ${c.endDateTime ?? '?'}): once sign-in works, delete it: az ad app credential delete --id ${appId} --key-id ${c.keyId}`,
    );
  }
  log(`then: npm run doctor -- --env ${args.envName}`);
  return { expiresAt: endText, oldKeyIds: old.map((c) => c.keyId) };
}

if (require.main === module) {
  try {
    rotateSecret(/** @type {{ envName: string, days: number, envDir: string }} */ (parseArgs(process.argv.slice(2))));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

module.exports = { rotateSecret, parseArgs, setEnvLine };
