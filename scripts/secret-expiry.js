#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Provisioning step (teamsapp.yml, after aadApp/create): makes the client secret's end known as
 * BOT_PASSWORD_EXPIRES_AT, written back to env/.env.<env> through the Toolkit's `::set-teamsfx-env` output.
 * aadApp/create writes the secret (SECRET_BOT_PASSWORD) but not its end. The bot cannot read its app's
 * passwordCredentials (that needs Application.Read.All), so the end travels as a setting: infra/azure.bicep puts
 * it into the app settings, where the bot warns 30 days ahead and the alert fires (bot.credential.expiry_days).
 *
 * - Already known: nothing to do.
 * - Else, with the Azure CLI signed in: the endDateTime of the app's password credential whose hint (its first
 *   three characters, as Graph keeps them) is the secret's.
 * - Else: now + CLIENT_SECRET_DAYS (aadApp/create's clientSecretExpireDays, 180 by default), said so.
 * - No secret at all: "none" (the Toolkit refuses empty placeholders; infra/azure.bicep reads "none" as empty).
 * The secret itself is never printed.
 */
const { az } = require('./lib/az');

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @param {Record<string, string | undefined>} env
 * @param {{ now?: Date, run?: typeof az, log?: (line: string) => void }} [deps]
 * @returns {string} the value of BOT_PASSWORD_EXPIRES_AT
 */
function secretExpiry(env, deps = {}) {
  const { now = new Date(), run = az, log = (l) => process.stdout.write(`${l}\n`) } = deps;
  const known = (env.BOT_PASSWORD_EXPIRES_AT || '').trim();
  if (known) {
    log(`BOT_PASSWORD_EXPIRES_AT is ${known}: kept`);
    return known;
  }
  const secret = env.SECRET_BOT_PASSWORD || '';
  if (!secret) {
    log('no client secret (SECRET_BOT_PASSWORD is empty): nothing expires');
    return 'none';
  }
  try {
    /** @type {Array<{ hint?: string, endDateTime?: string }>} */
    const credentials = run(['ad', 'app', 'credential', 'list', '--id', String(env.BOT_ID)]) ?? [];
    const ends = credentials
      .filter((c) => c.hint && secret.startsWith(c.hint) && c.endDateTime)
      .map((c) => String(c.endDateTime))
      .sort();
    if (ends.length) {
      log(`the client secret ends on ${ends[ends.length - 1]} (read from the app's credentials)`);
      return new Date(ends[ends.length - 1]).toISOString();
    }
    log("the app's credentials list no secret starting like SECRET_BOT_PASSWORD: assuming it was made now");
  } catch (e) {
    log(
      `cannot read the app's credentials (${e instanceof Error ? e.message : String(e)}): assuming the secret was made now`,
    );
  }
  const days = Number(env.CLIENT_SECRET_DAYS || 180);
  const end = new Date(now.getTime() + days * DAY_MS).toISOString();
  log(
    `the client secret ends on ${end} (${days} days, aadApp/create's lifetime); correct BOT_PASSWORD_EXPIRES_AT in env/.env.<env> if it was made earlier`,
  );
  return end;
}

if (require.main === module) {
  const value = secretExpiry(process.env);
  process.stdout.write(`::set-teamsfx-env BOT_PASSWORD_EXPIRES_AT=${value}\n`);
}

module.exports = { secretExpiry };
