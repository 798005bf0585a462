// @ts-check
'use strict';
/**
 * Builds and checks the Teams app package (appPackage/ -> appPackage/build/appPackage.<env>.zip):
 * placeholders resolved from the environment files, the manifest and its localization files validated
 * against the JSON schemas bundled in @microsoft/app-manifest (no network), icons checked, zipped.
 */
const fs = require('node:fs');
const path = require('node:path');
const AdmZip = require('adm-zip');
const { PNG } = require('pngjs');
const { loadEnvironment, resolvePlaceholders } = require('./env-files');

const ROOT = path.resolve(__dirname, '..', '..');

class PackageError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'PackageError';
  }
}

/** Parsed schemas by file, and their compiled validators (compiling the manifest schema takes ~0.5 s). */
/** @type {Map<string, object>} */
const schemaCache = new Map();
/** @type {WeakMap<object, Map<boolean, (doc: unknown) => boolean>>} */
const validatorCache = new WeakMap();

/**
 * The directory of the Teams JSON schemas shipped inside @microsoft/app-manifest.
 * @returns {string}
 */
function bundledSchemaDir() {
  const pkg = require.resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams');
}

/**
 * Reads a bundled schema file. Like the library's own loader, it rewrites the `\a` and `\v` escapes
 * that some published schemas contain, which a unicode-mode RegExp would reject.
 * @param {string} manifestVersion e.g. "1.30"
 * @param {'MicrosoftTeams.schema.json' | 'MicrosoftTeams.Localization.schema.json'} file
 * @returns {object}
 */
function loadBundledSchema(manifestVersion, file) {
  const full = path.join(bundledSchemaDir(), `v${manifestVersion}`, file);
  const cached = schemaCache.get(full);
  if (cached) return cached;
  if (!fs.existsSync(full)) {
    throw new PackageError(
      `The schema ${file} for manifest version ${manifestVersion} is not bundled in @microsoft/app-manifest (${full}).`,
    );
  }
  const raw = fs.readFileSync(full, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = JSON.parse(raw);
  schemaCache.set(full, schema);
  return schema;
}

/**
 * Validates a JSON document against a schema with the validator @microsoft/app-manifest uses in
 * AppManifestUtils.validateAgainstSchema: its own ajv-draft-04 and ajv-formats, with its options
 * (allErrors, strictTypes off, formats uri/email/regex). The schema is passed in: nothing is fetched.
 *
 * The library's function itself is not called here because the library cannot be loaded inside Jest
 * (it requires the ES module strip-bom); a test runs it in a child process and checks that it agrees.
 *
 * `unicodeRegExp: false` is needed for the localization schemas: the bundled ones contain the pattern
 * `...\b]\.description$`, whose lone `]` is a syntax error in Unicode mode, so the library's own
 * validation throws while compiling them.
 * @param {object} doc
 * @param {object} schema
 * @param {{ unicodeRegExp?: boolean }} [options]
 * @returns {string[]} the problems, empty when valid
 */
function validateAgainst(doc, schema, options = {}) {
  const unicodeRegExp = options.unicodeRegExp !== false;
  const bySchema = validatorCache.get(schema) || new Map();
  validatorCache.set(schema, bySchema);
  /** @type {any} */
  let validate = bySchema.get(unicodeRegExp);
  if (!validate) {
    const { createRequire } = require('node:module');
    const fromLibrary = createRequire(require.resolve('@microsoft/app-manifest/package.json'));
    const Ajv04 = fromLibrary('ajv-draft-04');
    const addFormats = fromLibrary('ajv-formats');
    const ajv = new (Ajv04.default || Ajv04)({ allErrors: true, strictTypes: false, unicodeRegExp });
    (addFormats.default || addFormats)(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema);
    bySchema.set(unicodeRegExp, validate);
  }
  // Like the library: validate what would be serialized.
  if (validate(JSON.parse(JSON.stringify(doc)))) return [];
  return (validate.errors || []).map(
    (/** @type {any} */ e) => `${e.instancePath} ${e.message || ''}. Details: ${JSON.stringify(e.params || {})}`,
  );
}

/**
 * @param {{ manifestVersion?: string }} manifest
 * @returns {Promise<string[]>}
 */
async function validateManifest(manifest) {
  if (!manifest.manifestVersion) return ['manifestVersion is missing'];
  return validateAgainst(manifest, loadBundledSchema(manifest.manifestVersion, 'MicrosoftTeams.schema.json'));
}

/**
 * @param {object} localization
 * @param {string} manifestVersion
 * @returns {Promise<string[]>}
 */
async function validateLocalization(localization, manifestVersion) {
  return validateAgainst(localization, loadBundledSchema(manifestVersion, 'MicrosoftTeams.Localization.schema.json'), {
    unicodeRegExp: false,
  });
}

/**
 * Checks an icon against the Teams rules: PNG, exact size; the outline icon white on transparent.
 * @param {Buffer} buffer
 * @param {{ name: string, size: number, outline: boolean }} rule
 * @returns {string[]} problems
 */
function checkIcon(buffer, rule) {
  /** @type {PNG} */
  let png;
  try {
    png = PNG.sync.read(buffer);
  } catch (e) {
    return [`${rule.name} is not a readable PNG (${e instanceof Error ? e.message : String(e)})`];
  }
  const problems = [];
  if (png.width !== rule.size || png.height !== rule.size) {
    problems.push(`${rule.name} is ${png.width}x${png.height}; it must be ${rule.size}x${rule.size}`);
  }
  if (rule.outline) {
    let bad = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a !== 0 && !(r === 255 && g === 255 && b === 255)) bad++;
    }
    if (bad) problems.push(`${rule.name} has ${bad} pixel(s) that are neither white nor fully transparent`);
  }
  return problems;
}

/**
 * The files the package must contain, as named by the manifest: the manifest itself, the two icons,
 * and every additional language file.
 * @param {any} manifest
 * @returns {string[]}
 */
function packageFiles(manifest) {
  const langs = (manifest.localizationInfo && manifest.localizationInfo.additionalLanguages) || [];
  return [
    'manifest.json',
    manifest.icons.color,
    manifest.icons.outline,
    ...langs.map((/** @type {any} */ l) => l.file),
  ];
}

/**
 * Reads a JSON template of the app package and resolves its placeholders.
 * @param {string} file
 * @param {Map<string, string>} vars
 * @param {Set<string>} unresolved collects names without a value
 */
function readResolvedJson(file, vars, unresolved) {
  const resolved = resolvePlaceholders(fs.readFileSync(file, 'utf8'), vars, { json: true });
  resolved.unresolved.forEach((n) => unresolved.add(n));
  try {
    return JSON.parse(resolved.text);
  } catch (e) {
    throw new PackageError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Builds appPackage.<env>.zip.
 * @param {{
 *   envName?: string,
 *   root?: string,
 *   appDir?: string,
 *   envDir?: string,
 *   outDir?: string,
 *   fallback?: Record<string, string | undefined>,
 * }} [options]
 * @returns {Promise<{ zipPath: string, entries: string[], manifest: any, envFiles: string[] }>}
 */
async function buildAppPackage(options = {}) {
  const envName = options.envName || 'local';
  const root = options.root || ROOT;
  const appDir = options.appDir || path.join(root, 'appPackage');
  const envDir = options.envDir || path.join(root, 'env');
  const outDir = options.outDir || path.join(appDir, 'build');

  /** @type {{ vars: Map<string, string>, files: string[] }} */
  let env;
  try {
    env = loadEnvironment({ envName, envDir, fallback: options.fallback || {} });
  } catch (e) {
    throw new PackageError(e instanceof Error ? e.message : String(e));
  }

  /** @type {Set<string>} */
  const unresolved = new Set();
  const manifest = readResolvedJson(path.join(appDir, 'manifest.json'), env.vars, unresolved);
  const files = packageFiles(manifest);
  /** @type {Map<string, Buffer>} */
  const contents = new Map();
  const missing = files.filter((f) => !fs.existsSync(path.join(appDir, f)));
  if (missing.length)
    throw new PackageError(`The manifest names file(s) that are not in ${appDir}: ${missing.join(', ')}`);
  for (const f of files.slice(1)) {
    if (f.endsWith('.json')) {
      const loc = readResolvedJson(path.join(appDir, f), env.vars, unresolved);
      contents.set(f, Buffer.from(`${JSON.stringify(loc, null, 2)}\n`, 'utf8'));
    } else {
      contents.set(f, fs.readFileSync(path.join(appDir, f)));
    }
  }

  if (unresolved.size) {
    const names = [...unresolved].sort();
    throw new PackageError(
      `Unresolved variable(s) in the app package for environment "${envName}": ${names.join(', ')}.\n` +
        `Each needs a non-empty value in ${env.files.map((f) => path.relative(root, f)).join(' or ')} ` +
        `(or in the process environment). Most are written by \`teamsapp provision --env ${envName}\`; ` +
        `see docs/deploy.md.`,
    );
  }

  const problems = await validateManifest(manifest);
  for (const [f, buf] of contents) {
    if (f.endsWith('.json')) {
      const locProblems = await validateLocalization(JSON.parse(buf.toString('utf8')), manifest.manifestVersion);
      problems.push(...locProblems.map((p) => `${f}: ${p}`));
    }
  }
  problems.push(
    ...checkIcon(/** @type {Buffer} */ (contents.get(manifest.icons.color)), {
      name: manifest.icons.color,
      size: 192,
      outline: false,
    }),
  );
  problems.push(
    ...checkIcon(/** @type {Buffer} */ (contents.get(manifest.icons.outline)), {
      name: manifest.icons.outline,
      size: 32,
      outline: true,
    }),
  );
  if (problems.length) {
    throw new PackageError(`The app package for "${envName}" is not valid:\n  - ${problems.join('\n  - ')}`);
  }

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  for (const [f, buf] of contents) zip.addFile(f, buf);
  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${envName}.zip`);
  zip.writeZip(zipPath);
  return { zipPath, entries: zip.getEntries().map((e) => e.entryName), manifest, envFiles: env.files };
}

module.exports = {
  PackageError,
  bundledSchemaDir,
  loadBundledSchema,
  validateManifest,
  validateLocalization,
  checkIcon,
  packageFiles,
  buildAppPackage,
};
