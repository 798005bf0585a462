#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Who may use the bot, as written in env/.env.<name>, turned into the bot's runtime settings.
 *
 * Teams Toolkit refuses to substitute an empty ${{VAR}} (the action fails with "unresolved
 * placeholders"), so optional settings cannot be left empty in the env files. They use words instead:
 *   none    an empty list (or no admin contact)
 *   self    in ALLOWED_TENANT_IDS: the tenant the bot is registered in (BOT_TENANT_ID)
 * infra/azure.bicep applies the same rules for the cloud; this script does it for local debugging and
 * checks the values before anything is deployed.
 *
 * Run by teamsapp*.yml through the Toolkit's `script` action, which passes the environment's variables
 * in the process environment:
 *   node scripts/access-settings.js --check                 validate, exit 1 naming every problem
 *   node scripts/access-settings.js --write ./.localConfigs validate, then set the keys in that file
 */
const fs = require('node:fs');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LISTS = ['ALLOWED_TENANT_IDS', 'ADMIN_USER_IDS', 'ADMIN_GROUP_IDS', 'READER_USER_IDS', 'READER_GROUP_IDS'];

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ settings: Record<string, string>, problems: string[] }}
 */
function accessSettings(env) {
  /** @type {Record<string, string>} */
  const settings = {};
  const problems = [];
  /** @type {Set<string>} lists given as "none" */
  const none = new Set();
  const tenant = (env.BOT_TENANT_ID || '').trim();
  for (const name of LISTS) {
    const raw = (env[name] || '').trim();
    if (!raw) {
      problems.push(`${name} is empty: give Entra object ids separated by commas, or "none"`);
      continue;
    }
    const items = raw.split(/[,;\s]+/).filter(Boolean);
    if (items.length === 1 && items[0].toLowerCase() === 'none') {
      settings[name] = '';
      none.add(name);
      continue;
    }
    const resolved = items.map((item) => {
      if (name === 'ALLOWED_TENANT_IDS' && item.toLowerCase() === 'self') {
        if (!GUID.test(tenant)) problems.push('ALLOWED_TENANT_IDS uses "self" but BOT_TENANT_ID is not set yet (run provision first)');
        return tenant.toLowerCase();
      }
      if (!GUID.test(item)) problems.push(`${name}: "${item}" is not a GUID`);
      return item.toLowerCase();
    });
    settings[name] = resolved.join(',');
  }
  if (none.has('ALLOWED_TENANT_IDS')) problems.push('ALLOWED_TENANT_IDS cannot be "none": name at least one tenant, or "self"');
  if (none.has('ADMIN_USER_IDS') && none.has('ADMIN_GROUP_IDS')) {
    problems.push('ADMIN_USER_IDS and ADMIN_GROUP_IDS are both "none": name at least one administrator (user or group object id)');
  }
  const contact = (env.ADMIN_CONTACT || '').trim();
  if (!contact) problems.push('ADMIN_CONTACT is empty: give a contact (mail, channel, ...) or "none"');
  settings.ADMIN_CONTACT = contact.toLowerCase() === 'none' ? '' : contact;
  return { settings, problems };
}

/**
 * Sets keys in a dotenv file, keeping its other lines.
 * @param {string} file
 * @param {Record<string, string>} values
 */
function updateEnvFile(file, values) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(/\r?\n/) : [];
  const pending = new Map(Object.entries(values));
  const out = lines.map((line) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m && pending.has(m[1])) {
      const value = /** @type {string} */ (pending.get(m[1]));
      pending.delete(m[1]);
      return `${m[1]}=${value}`;
    }
    return line;
  });
  while (out.length && out[out.length - 1] === '') out.pop();
  for (const [k, v] of pending) out.push(`${k}=${v}`);
  fs.writeFileSync(file, `${out.join('\n')}\n`);
}

/** @param {string[]} argv */
function main(argv) {
  const { settings, problems } = accessSettings(process.env);
  if (problems.length) {
    process.stderr.write(`Access settings in env/.env.${process.env.TEAMSFX_ENV || '<env>'} are not valid:\n  - ${problems.join('\n  - ')}\nSee docs/deploy.md, "Who may use the bot".\n`);
    process.exitCode = 1;
    return;
  }
  const writeAt = argv.indexOf('--write');
  if (writeAt >= 0) {
    const file = argv[writeAt + 1];
    if (!file) throw new Error('--write needs a file');
    updateEnvFile(file, settings);
    process.stdout.write(`Access settings written to ${file}.\n`);
  } else if (argv.includes('--check')) {
    const count = (/** @type {string} */ v) => (v ? v.split(',').length : 0);
    process.stdout.write(
      `Access settings OK: ${count(settings.ALLOWED_TENANT_IDS)} tenant(s), ` +
        `${count(settings.ADMIN_USER_IDS)} admin user(s), ${count(settings.ADMIN_GROUP_IDS)} admin group(s), ` +
        `${count(settings.READER_USER_IDS)} reader user(s), ${count(settings.READER_GROUP_IDS)} reader group(s).\n`,
    );
  } else {
    throw new Error('Usage: node scripts/access-settings.js --check | --write <file>');
  }
}

module.exports = { accessSettings, updateEnvFile, LISTS };

if (require.main === module) main(process.argv.slice(2));
