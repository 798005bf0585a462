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
 * Two-person approval (src/config.ts, `approval`) has a switch and a lifetime that are never empty either:
 * APPROVAL_REQUIRED true / false and APPROVAL_TTL_MINUTES; its approvers are lists like the others
 * (APPROVER_USER_IDS, APPROVER_GROUP_IDS; "none" = only the administrators approve).
 * INTUNE_CHECK_MODE (src/config.ts, `access.intuneCheckMode`) is off, advise or enforce (docs/deploy.md).
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
const LISTS = [
  'ALLOWED_TENANT_IDS',
  'ADMIN_USER_IDS',
  'ADMIN_GROUP_IDS',
  'READER_USER_IDS',
  'READER_GROUP_IDS',
  'APPROVER_USER_IDS',
  'APPROVER_GROUP_IDS',
];
/** The approval settings that are not lists; their rules are src/config.ts's (bool, int 1..7 days). */
const APPROVAL = ['APPROVAL_REQUIRED', 'APPROVAL_TTL_MINUTES'];
const TTL_MAX_MINUTES = 7 * 24 * 60;
/** The Intune pre-check's mode, as src/config.ts reads it (any case). */
const INTUNE = ['INTUNE_CHECK_MODE'];
const INTUNE_CHECK_MODES = ['off', 'advise', 'enforce'];
const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/** @param {string | undefined} list comma-separated, as resolved in the settings */
const idsOf = (list) => (list ? list.split(',') : []);

/**
 * APPROVAL_REQUIRED and APPROVAL_TTL_MINUTES, checked as the bot checks them, and the rule the bot refuses
 * to start without: a required approval needs a second person who can approve (the requester never does).
 * @param {Record<string, string | undefined>} env
 * @param {Record<string, string>} settings the lists, already resolved
 * @param {string[]} problems
 */
function approvalSettings(env, settings, problems) {
  const required = (env.APPROVAL_REQUIRED || '').trim().toLowerCase();
  if (!required) problems.push('APPROVAL_REQUIRED is empty: give true or false');
  else if (TRUE_WORDS.includes(required)) settings.APPROVAL_REQUIRED = 'true';
  else if (FALSE_WORDS.includes(required)) settings.APPROVAL_REQUIRED = 'false';
  else problems.push(`APPROVAL_REQUIRED must be true or false (got "${required}")`);
  const ttl = (env.APPROVAL_TTL_MINUTES || '').trim();
  const minutes = Number(ttl);
  if (!ttl)
    problems.push(`APPROVAL_TTL_MINUTES is empty: give the minutes a request stays open, from 1 to ${TTL_MAX_MINUTES}`);
  else if (!Number.isInteger(minutes) || minutes < 1 || minutes > TTL_MAX_MINUTES) {
    problems.push(`APPROVAL_TTL_MINUTES must be a whole number from 1 to ${TTL_MAX_MINUTES} (got "${ttl}")`);
  } else settings.APPROVAL_TTL_MINUTES = String(minutes);
  if (settings.APPROVAL_REQUIRED !== 'true') return;
  // Nobody at all is already named by the administrator rule; one person alone could only approve themselves.
  const people = new Set([...idsOf(settings.ADMIN_USER_IDS), ...idsOf(settings.APPROVER_USER_IDS)]);
  const groups = idsOf(settings.ADMIN_GROUP_IDS).length + idsOf(settings.APPROVER_GROUP_IDS).length;
  if (people.size === 1 && groups === 0) {
    problems.push(
      'APPROVAL_REQUIRED is true but only one person could approve: name a second one in ADMIN_USER_IDS or APPROVER_USER_IDS, or a group in ADMIN_GROUP_IDS or APPROVER_GROUP_IDS',
    );
  }
}

/**
 * INTUNE_CHECK_MODE, checked as the bot checks it; never empty (the Toolkit cannot substitute an empty value).
 * @param {Record<string, string | undefined>} env
 * @param {Record<string, string>} settings
 * @param {string[]} problems
 */
function intuneSettings(env, settings, problems) {
  const mode = (env.INTUNE_CHECK_MODE || '').trim().toLowerCase();
  if (!mode) problems.push('INTUNE_CHECK_MODE is empty: give off, advise (the default) or enforce');
  else if (!INTUNE_CHECK_MODES.includes(mode))
    problems.push(`INTUNE_CHECK_MODE must be one of off, advise, enforce (got "${mode}")`);
  else settings.INTUNE_CHECK_MODE = mode;
}

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
        if (!GUID.test(tenant))
          problems.push('ALLOWED_TENANT_IDS uses "self" but BOT_TENANT_ID is not set yet (run provision first)');
        return tenant.toLowerCase();
      }
      if (!GUID.test(item)) problems.push(`${name}: "${item}" is not a GUID`);
      return item.toLowerCase();
    });
    settings[name] = resolved.join(',');
  }
  if (none.has('ALLOWED_TENANT_IDS'))
    problems.push('ALLOWED_TENANT_IDS cannot be "none": name at least one tenant, or "self"');
  if (none.has('ADMIN_USER_IDS') && none.has('ADMIN_GROUP_IDS')) {
    problems.push(
      'ADMIN_USER_IDS and ADMIN_GROUP_IDS are both "none": name at least one administrator (user or group object id)',
    );
  }
  const contact = (env.ADMIN_CONTACT || '').trim();
  if (!contact) problems.push('ADMIN_CONTACT is empty: give a contact (mail, channel, ...) or "none"');
  settings.ADMIN_CONTACT = contact.toLowerCase() === 'none' ? '' : contact;
  approvalSettings(env, settings, problems);
  intuneSettings(env, settings, problems);
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
    process.stderr.write(
      `Access settings in env/.env.${process.env.TEAMSFX_ENV || '<env>'} are not valid:\n  - ${problems.join('\n  - ')}\nSee docs/deploy.md, "Who may use the bot".\n`,
    );
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
    const count = (/** @type {string} */ v) => idsOf(v).length;
    const approval =
      settings.APPROVAL_REQUIRED === 'true'
        ? `approval required (${settings.APPROVAL_TTL_MINUTES} min), ${count(settings.APPROVER_USER_IDS)} approver user(s), ${count(settings.APPROVER_GROUP_IDS)} approver group(s)`
        : 'approval not required';
    const intune = `; Intune check: ${settings.INTUNE_CHECK_MODE}`;
    process.stdout.write(
      `Access settings OK: ${count(settings.ALLOWED_TENANT_IDS)} tenant(s), ` +
        `${count(settings.ADMIN_USER_IDS)} admin user(s), ${count(settings.ADMIN_GROUP_IDS)} admin group(s), ` +
        `${count(settings.READER_USER_IDS)} reader user(s), ${count(settings.READER_GROUP_IDS)} reader group(s); ${approval}${intune}.\n`,
    );
  } else {
    throw new Error('Usage: node scripts/access-settings.js --check | --write <file>');
  }
}

module.exports = { accessSettings, updateEnvFile, LISTS, APPROVAL, INTUNE };

if (require.main === module) main(process.argv.slice(2));
