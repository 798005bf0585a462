/**
 * Shared by the app-package suites: paths, the plain-JS packaging libraries (scripts/lib) with their
 * types, the Toolkit YAML files, and small readers for the bicep files.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = path.resolve(__dirname, '..', '..');
export const at = (...p: string[]): string => path.join(ROOT, ...p);
export const readText = (...p: string[]): string => readFileSync(at(...p), 'utf8');
export const readJson = <T = any>(...p: string[]): T => JSON.parse(readText(...p)) as T;

export interface EnvFilesLib {
  PLACEHOLDER: RegExp;
  parseEnvText(text: string): Map<string, string>;
  readEnvFile(file: string): Map<string, string>;
  loadEnvironment(o: { envName: string; envDir: string; fallback?: Record<string, string | undefined> }): {
    vars: Map<string, string>;
    files: string[];
  };
  placeholdersIn(text: string): string[];
  resolvePlaceholders(
    text: string,
    vars: Map<string, string>,
    o?: { json?: boolean },
  ): { text: string; unresolved: string[] };
}

export interface AppPackageLib {
  validateManifest(manifest: object): Promise<string[]>;
  validateLocalization(localization: object, manifestVersion: string): Promise<string[]>;
  checkIcon(buffer: Buffer, rule: { name: string; size: number; outline: boolean }): string[];
  packageFiles(manifest: object): string[];
  bundledSchemaDir(): string;
  buildAppPackage(o?: {
    envName?: string;
    envDir?: string;
    outDir?: string;
    fallback?: Record<string, string | undefined>;
  }): Promise<{ zipPath: string; entries: string[]; manifest: any; envFiles: string[] }>;
}

export interface AccessSettingsLib {
  accessSettings(env: Record<string, string | undefined>): { settings: Record<string, string>; problems: string[] };
  updateEnvFile(file: string, values: Record<string, string>): void;
  LISTS: string[];
  APPROVAL: string[];
  INTUNE: string[];
}

export interface IconsLib {
  renderIcons(): {
    color: { width: number; height: number; data: Buffer };
    outline: { width: number; height: number; data: Buffer };
  };
  ACCENT: string;
}

// The scripts are plain CommonJS JavaScript (run by node without a build step).

export const envFiles = require('../../scripts/lib/env-files.js') as EnvFilesLib;
export const appPackage = require('../../scripts/lib/app-package.js') as AppPackageLib;
export const icons = require('../../scripts/make-icons.js') as IconsLib;
export const access = require('../../scripts/access-settings.js') as AccessSettingsLib;

/** Stand-ins for the values that provisioning writes, used where the committed env files are empty. */
export const SAMPLE_VALUES: Record<string, string> = {
  TEAMS_APP_ID: '0c0ffee0-1111-4222-8333-444455556666',
  BOT_ID: '8badf00d-aaaa-4bbb-8ccc-ddddeeeeffff',
  BOT_OBJECT_ID: '5ca1ab1e-0000-4000-8000-000000000001',
  BOT_TENANT_ID: 'feedface-0000-4000-8000-000000000002',
  BOT_DOMAIN: 'k7x2p9-3978.euw.devtunnels.ms',
  BOT_ENDPOINT: 'https://k7x2p9-3978.euw.devtunnels.ms',
  AAD_APP_ACCESS_AS_USER_PERMISSION_ID: 'deadbeef-0000-4000-8000-000000000003',
};

/** An environment's variables from the committed file, with SAMPLE_VALUES filling what is empty. */
export function sampleEnvironment(envName: string): Map<string, string> {
  const vars = envFiles.readEnvFile(at('env', `.env.${envName}`));
  for (const [k, v] of Object.entries(SAMPLE_VALUES)) if (!vars.get(k)) vars.set(k, v);
  return vars;
}

export interface ToolkitStep {
  uses: string;
  name?: string;
  env?: Record<string, string>;
  with?: Record<string, any>;
  writeToEnvironmentFile?: Record<string, string>;
}

export interface ToolkitProject {
  version: string;
  environmentFolderPath?: string;
  provision?: ToolkitStep[];
  deploy?: ToolkitStep[];
  publish?: ToolkitStep[];
}

export const PROJECT_FILES = { dev: 'teamsapp.yml', local: 'teamsapp.local.yml' } as const;

export function readProject(file: string): ToolkitProject {
  return parseYaml(readText(file)) as ToolkitProject;
}

/** `param name type [= default]` declarations of a bicep file. */
export function bicepParams(file: string): Map<string, { type: string; hasDefault: boolean }> {
  const out = new Map<string, { type: string; hasDefault: boolean }>();
  for (const m of readText(file).matchAll(/^param\s+(\w+)\s+(\w+)(\s*=.*)?$/gm)) {
    out.set(m[1], { type: m[2], hasDefault: Boolean(m[3]) });
  }
  return out;
}

/** `output NAME type = ...` names of a bicep file (arm/deploy persists them as environment variables). */
export function bicepOutputs(file: string): string[] {
  return [...readText(file).matchAll(/^output\s+(\w+)\s+\w+\s*=/gm)].map((m) => m[1]);
}

/** The names of the `{ name: 'X' ... }` entries (app settings) in a bicep file. */
export function bicepSettingNames(file: string): string[] {
  return [...readText(file).matchAll(/^\s*name:\s*'([A-Z][A-Z0-9_]*)'\s*$/gm)].map((m) => m[1]);
}

/** The value expression of the `{ name: 'NAME' value: ... }` app setting in a bicep file, or undefined. */
export function bicepSettingValue(file: string, name: string): string | undefined {
  return new RegExp(`^\\s*name:\\s*'${name}'\\s*\\n\\s*value:\\s*(.+?)\\s*$`, 'm').exec(readText(file))?.[1];
}

/** The bot's runtime variables: docs/deploy.md, src/config.ts. */
export const RUNTIME_VARIABLES = [
  'BOT_ID',
  'BOT_PASSWORD',
  'BOT_TENANT_ID',
  'BOT_TYPE',
  'OAUTH_CONNECTION_NAME',
  'ALLOWED_TENANT_IDS',
  'ADMIN_USER_IDS',
  'ADMIN_GROUP_IDS',
  'READER_USER_IDS',
  'READER_GROUP_IDS',
  'APPROVAL_REQUIRED',
  'APPROVAL_TTL_MINUTES',
  'APPROVER_USER_IDS',
  'APPROVER_GROUP_IDS',
  'INTUNE_CHECK_MODE',
  'ADMIN_CONTACT',
  'DATABASE_URL',
  'DATA_DIR',
  'PORT',
  'LOG_LEVEL',
] as const;
