// @ts-check
'use strict';
/**
 * The Teams Toolkit environment files (env/.env.<name> and env/.env.<name>.user) and the `${{VAR}}`
 * placeholders that the Toolkit fills from them in manifests, YAML and ARM parameter files.
 */
const fs = require('node:fs');
const path = require('node:path');

/** `${{NAME}}`, as the Toolkit writes it (spaces inside the braces tolerated). */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Parses a dotenv-style file: KEY=VALUE lines, `#` comments, optional single or double quotes around
 * the value. An unquoted value ends at ` #` (an inline comment).
 * @param {string} text
 * @returns {Map<string, string>}
 */
function parseEnvText(text) {
  /** @type {Map<string, string>} */
  const vars = new Map();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line
      .slice(0, eq)
      .replace(/^export\s+/, '')
      .trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    let value = line.slice(eq + 1).trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    vars.set(key, value);
  }
  return vars;
}

/**
 * @param {string} file
 * @returns {Map<string, string>}
 */
function readEnvFile(file) {
  return parseEnvText(fs.readFileSync(file, 'utf8'));
}

/** @param {string} envDir */
function listEnvironments(envDir) {
  if (!fs.existsSync(envDir)) return [];
  return fs
    .readdirSync(envDir)
    .map((f) => /^\.env\.([A-Za-z0-9_-]+)$/.exec(f))
    .filter((m) => m !== null)
    .map((m) => /** @type {RegExpExecArray} */ (m)[1])
    .sort();
}

/**
 * Loads an environment the way the Toolkit does: env/.env.<name>, then env/.env.<name>.user (local
 * secrets; it wins for keys it defines). `fallback` (normally process.env) only fills names that the
 * files leave undefined or empty, so a CI job can supply values without writing files.
 * @param {{ envName: string, envDir: string, fallback?: Record<string, string | undefined> }} options
 * @returns {{ vars: Map<string, string>, files: string[] }}
 */
function loadEnvironment({ envName, envDir, fallback = {} }) {
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) throw new Error(`Invalid environment name "${envName}".`);
  const main = path.join(envDir, `.env.${envName}`);
  if (!fs.existsSync(main)) {
    const known = listEnvironments(envDir);
    throw new Error(
      `No environment file ${path.relative(process.cwd(), main) || main}. ` +
        (known.length ? `Known environments: ${known.join(', ')}.` : `No env/.env.* files were found in ${envDir}.`),
    );
  }
  const vars = readEnvFile(main);
  const files = [main];
  const user = `${main}.user`;
  if (fs.existsSync(user)) {
    for (const [k, v] of readEnvFile(user)) vars.set(k, v);
    files.push(user);
  }
  for (const [k, v] of Object.entries(fallback)) {
    if (v !== undefined && v !== '' && !vars.get(k)) vars.set(k, v);
  }
  return { vars, files };
}

/**
 * The placeholder names used in a text, in order of first appearance, without duplicates.
 * @param {string} text
 * @returns {string[]}
 */
function placeholdersIn(text) {
  const names = new Set();
  for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

/**
 * Replaces every `${{NAME}}` by its value. A name with no value, or an empty one, is reported in
 * `unresolved` and left in place. With `json: true` the values are escaped for use inside a JSON string.
 * @param {string} text
 * @param {Map<string, string>} vars
 * @param {{ json?: boolean }} [options]
 * @returns {{ text: string, unresolved: string[] }}
 */
function resolvePlaceholders(text, vars, options = {}) {
  /** @type {Set<string>} */
  const unresolved = new Set();
  const out = text.replace(PLACEHOLDER, (whole, /** @type {string} */ name) => {
    const value = vars.get(name);
    if (value === undefined || value === '') {
      unresolved.add(name);
      return whole;
    }
    return options.json ? JSON.stringify(value).slice(1, -1) : value;
  });
  return { text: out, unresolved: [...unresolved] };
}

module.exports = {
  PLACEHOLDER,
  parseEnvText,
  readEnvFile,
  listEnvironments,
  loadEnvironment,
  placeholdersIn,
  resolvePlaceholders,
};
