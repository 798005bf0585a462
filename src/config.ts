/**
 * Environment -> one typed, validated config object. Every bad or missing variable is named in ONE
 * startup error, so a misconfigured deployment says everything that is wrong at once.
 *
 * Two modes:
 * - azure: BOT_ID is set. Inbound requests must carry a valid Bot Framework JWT; Entra, Graph and the Bot
 *   Framework token service are the real ones (unless overridden for a sovereign cloud or a test).
 * - local: BOT_ID is empty. Inbound auth is off (the Agents Playground sends no JWT) and the built-in
 *   simulated tenant stands in for Entra, Graph and the token service.
 */
import { abandonedAfterMs } from './core/call-budget';
import { INTUNE_CHECK_MODES, type IntuneCheckMode } from './core/intune-permissions';
import { botCredentialKind, credentialName, credentialProblems } from './config-credential';
import { GUID, LOOPBACK_HOSTS, Reader, type Env } from './config-reader';
import { readCustomers } from './config-customers';
import type { CustomerDirectory } from './core/customers';

export { botCredentialKind, type BotCredentialKind } from './config-credential';
import { readTelemetryConfig, redactTelemetry, type TelemetryConfig } from './telemetry/config';

export type BotType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** LOG_FORMAT: auto = readable lines on a terminal in local mode, JSON lines otherwise (logging.ts, logFormatFor). */
export type LogFormatSetting = 'auto' | 'json' | 'pretty';

export interface Config {
  mode: 'azure' | 'local';
  host: string;
  port: number;
  logLevel: LogLevel;
  logFormat: LogFormatSetting;
  bot: {
    /** Entra app (client) id of the bot; also the SSO app (api://botid-{id}) and the OBO client. */
    id: string;
    /** Whether inbound activities must carry a Bot Framework JWT (always in azure mode; never in local mode). */
    inboundAuth: boolean;
    type: BotType;
    tenantId: string;
    /** Secret, or certificate, or neither (UserAssignedMsi). Never logged. */
    password?: string;
    certificatePem?: string;
    /**
     * A user-assigned managed identity's client id: for SingleTenant, the identity is the federated credential of
     * the bot's app (no secret); for UserAssignedMsi, the bot IS the identity (and its federated credential for OBO).
     */
    managedIdentityClientId?: string;
    /** When the client secret ends (BOT_PASSWORD_EXPIRES_AT): warned about 30 days ahead (bot/credential-expiry.ts). */
    passwordExpiresAt?: Date;
    oauthConnectionName: string;
    /** Bot Framework token service base URL override (OAuthUrl). */
    tokenServiceUrl?: string;
    /** Who signs the activities the bot accepts (the Bot Connector): its OpenID metadata and token issuer. */
    channelAuth: { openIdMetadataUrl: string; issuer: string };
  };
  /** tokenTimeoutSeconds: one token acquisition (the users' on-behalf-of tokens and the bot's own). */
  entra: { authorityHost: string; tokenTimeoutSeconds: number };
  /** timeoutSeconds: one Graph request, from sending to the last byte of the answer. */
  graph: { baseUrl: string; maxRetries: number; maxRetryAfterSeconds: number; timeoutSeconds: number };
  /** Extra CA certificates (PEM) to trust for Entra, Graph and the token service (the local simulator). */
  trustedCaPem?: string;
  access: {
    allowedTenantIds: string[];
    adminUserIds: string[];
    adminGroupIds: string[];
    readerUserIds: string[];
    readerGroupIds: string[];
    adminContact?: string;
    groupCacheSeconds: number;
    /** How long a user's effective Intune permissions (which buttons to offer) are trusted. */
    intunePermissionCacheSeconds: number;
    /** INTUNE_CHECK_MODE: off (never asked), advise (a note; the default), enforce (buttons left out on positive evidence). */
    intuneCheckMode: IntuneCheckMode;
  };
  store: { databaseUrl?: string; dataDir: string };
  operations: {
    ttlMinutes: number;
    /** A `running` record older than this is settled by the next `status` of its partner. */
    reconcileAfterSeconds: number;
    historyLimit: number;
    /** A card click is answered within this (an "in progress" card if its work is not done by then). */
    clickAnswerMs: number;
    /** How often the sweeper looks for `running` records whose instance went away. */
    sweepIntervalSeconds: number;
  };
  /** The watch: how often the partners are read (app-only), and how early an expiring onboarding request is announced. */
  watch: { intervalSeconds: number; expiryWarningHours: number };
  /**
   * Two-person approval (off by default): a disconnect or reconnect becomes a request that another approver (an
   * admin, or a listed approver) must approve within ttlMinutes.
   */
  approval: { required: boolean; ttlMinutes: number; approverUserIds: string[]; approverGroupIds: string[] };
  limits: { maxBodyBytes: number };
  /** Traces and metrics: where they are exported (src/telemetry/config.ts), and the build's commit. */
  telemetry: TelemetryConfig;
  /** An MSP's customer tenants (CUSTOMERS or CUSTOMERS_FILE, config-customers.ts); none: the home tenant only. */
  customers: CustomerDirectory;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md, section Configuration, and env/sample.env.`,
    );
    this.name = 'ConfigError';
  }
}

/** The Bot Connector's signing metadata and issuer in Microsoft's public cloud (botframework-connector's AuthenticationConstants). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
export const BOT_FRAMEWORK_TOKEN_ISSUER = 'https://api.botframework.com';
/** Reads and validates the configuration. Throws ConfigError naming every problem. */
export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  // The reads below run in this order, so the problems are listed in it (the bot, then who may, then the rest).
  const bot = readBotIdentity(r);
  const { mode } = bot;
  const people = readPeople(r);
  const config: Config = {
    mode,
    host: r.str('HOST', mode === 'local' ? '127.0.0.1' : '0.0.0.0'),
    port: r.int('PORT', 3978, 0, 65535),
    logLevel: r.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    logFormat: r.oneOf<LogFormatSetting>('LOG_FORMAT', ['auto', 'json', 'pretty'], 'auto'),
    bot: readBot(r, bot),
    entra: {
      authorityHost: r.url('AUTHORITY_HOST', 'https://login.microsoftonline.com', true),
      tokenTimeoutSeconds: r.int('TOKEN_TIMEOUT_SECONDS', 15, 1, 120),
    },
    graph: {
      baseUrl: r.url('GRAPH_BASE_URL', 'https://graph.microsoft.com', true),
      maxRetries: r.int('GRAPH_MAX_RETRIES', 3, 0, 10),
      maxRetryAfterSeconds: r.int('GRAPH_MAX_RETRY_AFTER_SECONDS', 10, 0, 120),
      timeoutSeconds: r.int('GRAPH_TIMEOUT_SECONDS', 30, 1, 300),
    },
    trustedCaPem: r.file('TRUSTED_CA_FILE'),
    access: readAccess(r, people),
    store: { databaseUrl: r.str('DATABASE_URL') || undefined, dataDir: r.str('DATA_DIR', './data') },
    operations: readOperations(r),
    watch: {
      // Graph allows the remote-assistance endpoints 100 requests per 20 s per app and tenant; a poll is one.
      intervalSeconds: r.int('WATCH_INTERVAL_SECONDS', 300, 1, 86_400),
      expiryWarningHours: r.int('WATCH_EXPIRY_WARNING_HOURS', 24, 1, 24 * 30),
    },
    approval: {
      required: r.bool('APPROVAL_REQUIRED', false),
      ttlMinutes: r.int('APPROVAL_TTL_MINUTES', 60, 1, 7 * 24 * 60),
      approverUserIds: r.guids('APPROVER_USER_IDS'),
      approverGroupIds: r.guids('APPROVER_GROUP_IDS'),
    },
    limits: { maxBodyBytes: r.int('MAX_BODY_BYTES', 256 * 1024, 1024, 10 * 1024 * 1024) },
    telemetry: readTelemetryConfig(env, r.problems),
    customers: readCustomers(r),
  };
  config.operations.reconcileAfterSeconds = r.int(
    'RECONCILE_AFTER_SECONDS',
    Math.ceil(abandonedAfterMs(callBounds(config)) / 1000),
    1,
    86_400,
  );
  r.problems.push(...combinationProblems(config));
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/** Who the bot is and its credential: BOT_ID decides the mode; in azure mode the credential must be complete. */
function readBotIdentity(r: Reader) {
  const botId = r.str('BOT_ID');
  const mode: Config['mode'] = botId ? 'azure' : 'local';
  if (botId && !GUID.test(botId)) r.problems.push(`BOT_ID must be a GUID (the Entra app id of the bot)`);
  const type = r.oneOf<BotType>('BOT_TYPE', ['MultiTenant', 'SingleTenant', 'UserAssignedMsi'], 'SingleTenant');
  const tenantId = r.str('BOT_TENANT_ID');
  const password = r.str('BOT_PASSWORD') || undefined;
  const certificatePem = r.file('BOT_CERTIFICATE_FILE');
  const managedIdentityClientId = r.str('BOT_MSI_CLIENT_ID') || undefined;
  if (mode === 'azure') {
    if (type !== 'MultiTenant' && !GUID.test(tenantId)) {
      r.problems.push('BOT_TENANT_ID must be the GUID of your Entra tenant');
    }
    if (type === 'UserAssignedMsi' && !managedIdentityClientId) {
      r.problems.push('BOT_MSI_CLIENT_ID is required when BOT_TYPE=UserAssignedMsi');
    }
    if (type !== 'UserAssignedMsi') {
      r.problems.push(...credentialProblems(type, { password, certificatePem, managedIdentityClientId }));
    }
  }
  return { mode, botId, type, tenantId, password, certificatePem, managedIdentityClientId };
}

/** The tenants and admins the bot serves: deny by default, so each must name someone. */
function readPeople(r: Reader) {
  const allowedTenantIds = r.guids('ALLOWED_TENANT_IDS');
  if (allowedTenantIds.length === 0) {
    r.problems.push('ALLOWED_TENANT_IDS must name at least one tenant (deny by default)');
  }
  const adminUserIds = r.guids('ADMIN_USER_IDS');
  const adminGroupIds = r.guids('ADMIN_GROUP_IDS');
  if (adminUserIds.length + adminGroupIds.length === 0) {
    r.problems.push('ADMIN_USER_IDS or ADMIN_GROUP_IDS must name at least one admin (deny by default)');
  }
  return { allowedTenantIds, adminUserIds, adminGroupIds };
}

function readBot(r: Reader, identity: ReturnType<typeof readBotIdentity>): Config['bot'] {
  const { mode, botId, type, tenantId, password, certificatePem, managedIdentityClientId } = identity;
  return {
    id: botId,
    inboundAuth: mode === 'azure' && r.bool('INBOUND_AUTH', true),
    type,
    tenantId,
    password,
    certificatePem,
    managedIdentityClientId,
    passwordExpiresAt: r.date('BOT_PASSWORD_EXPIRES_AT'),
    oauthConnectionName: r.str('OAUTH_CONNECTION_NAME', 'graph'),
    // The users' tokens travel there: https, as the other service URLs (http only for a stand-in on loopback).
    tokenServiceUrl: r.str('TOKEN_SERVICE_URL')
      ? r.httpsOrLoopbackUrl('TOKEN_SERVICE_URL', '').replace(/\/+$/, '')
      : undefined,
    channelAuth: {
      openIdMetadataUrl: r.httpsOrLoopbackUrl('BOT_OPENID_METADATA_URL', BOT_FRAMEWORK_OPENID_METADATA_URL),
      // Compared as is with the token's `iss`: no trailing slash is added or removed.
      issuer: r.httpsOrLoopbackUrl('BOT_TOKEN_ISSUER', BOT_FRAMEWORK_TOKEN_ISSUER),
    },
  };
}

function readAccess(r: Reader, people: ReturnType<typeof readPeople>): Config['access'] {
  return {
    ...people,
    readerUserIds: r.guids('READER_USER_IDS'),
    readerGroupIds: r.guids('READER_GROUP_IDS'),
    adminContact: r.str('ADMIN_CONTACT') || undefined,
    groupCacheSeconds: r.int('GROUP_CACHE_SECONDS', 300, 0, 86_400),
    intunePermissionCacheSeconds: r.int('INTUNE_PERMISSION_CACHE_SECONDS', 300, 0, 86_400),
    intuneCheckMode: r.oneOf<IntuneCheckMode>('INTUNE_CHECK_MODE', INTUNE_CHECK_MODES, 'advise'),
  };
}

function readOperations(r: Reader): Config['operations'] {
  return {
    ttlMinutes: r.int('OPERATION_TTL_MINUTES', 15, 1, 24 * 60),
    reconcileAfterSeconds: 0, // loadConfig: by default the sweeper's threshold, from the bounds read after this
    historyLimit: r.int('HISTORY_LIMIT', 15, 1, 100),
    // Teams gives an invoke about 5 s (then retries it or shows an error): leave room for the answer's way back.
    clickAnswerMs: r.int('CLICK_ANSWER_MS', 3000, 100, 4500),
    sweepIntervalSeconds: r.int('SWEEP_INTERVAL_SECONDS', 30, 1, 3600),
  };
}

/** What is wrong only in combination, once every variable is read. */
function combinationProblems(config: Config): string[] {
  const problems: string[] = [];
  const { mode, approval } = config;
  // Turning inbound auth off (for a tenant stand-in such as the simulator) is only allowed on loopback.
  if (mode === 'azure' && !config.bot.inboundAuth && !LOOPBACK_HOSTS.has(config.host)) {
    problems.push('INBOUND_AUTH=false is only allowed with HOST=127.0.0.1, localhost or ::1');
  }
  const people = new Set([...config.access.adminUserIds, ...approval.approverUserIds]);
  const groups = config.access.adminGroupIds.length + approval.approverGroupIds.length;
  if (approval.required && people.size < 2 && groups === 0) {
    problems.push(
      'APPROVAL_REQUIRED=true needs a second person who can approve: ADMIN_USER_IDS and APPROVER_USER_IDS name one, ' +
        'and no group (ADMIN_GROUP_IDS, APPROVER_GROUP_IDS) is named',
    );
  }
  if (mode === 'azure' && config.logFormat === 'pretty') {
    problems.push(
      'LOG_FORMAT=pretty is for local mode only: with BOT_ID set the bot writes JSON lines ' +
        '(App Service and Application Insights read them); leave LOG_FORMAT unset or json',
    );
  }
  if (config.store.databaseUrl && !/^postgres(ql)?:\/\//.test(config.store.databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  return problems;
}

/** The bounds of one Graph call of a click (core/call-budget.ts), from the config. */
export function callBounds(c: Config): {
  graphTimeoutMs: number;
  tokenTimeoutMs: number;
  maxRetries: number;
  maxRetryAfterSeconds: number;
} {
  return {
    graphTimeoutMs: c.graph.timeoutSeconds * 1000,
    tokenTimeoutMs: c.entra.tokenTimeoutSeconds * 1000,
    maxRetries: c.graph.maxRetries,
    maxRetryAfterSeconds: c.graph.maxRetryAfterSeconds,
  };
}

/** The config without secrets, for the startup log line. */
export function redactConfig(c: Config): Record<string, unknown> {
  return {
    mode: c.mode,
    host: c.host,
    port: c.port,
    botId: c.bot.id || '(local)',
    botType: c.bot.type,
    credential: credentialName(botCredentialKind(c)),
    oauthConnectionName: c.bot.oauthConnectionName,
    inboundAuth: c.bot.inboundAuth,
    channelOpenIdMetadataUrl: c.bot.channelAuth.openIdMetadataUrl,
    authorityHost: c.entra.authorityHost,
    graphBaseUrl: c.graph.baseUrl,
    allowedTenants: c.access.allowedTenantIds.length,
    admins: c.access.adminUserIds.length,
    adminGroups: c.access.adminGroupIds.length,
    store: c.store.databaseUrl ? 'postgres' : 'sqlite',
    clickAnswerMs: c.operations.clickAnswerMs,
    sweepIntervalSeconds: c.operations.sweepIntervalSeconds,
    abandonedAfterSeconds: abandonedAfterMs(callBounds(c)) / 1000,
    watchIntervalSeconds: c.watch.intervalSeconds,
    intuneCheckMode: c.access.intuneCheckMode,
    approvalRequired: c.approval.required,
    approvers: c.approval.approverUserIds.length,
    approverGroups: c.approval.approverGroupIds.length,
    telemetry: redactTelemetry(c.telemetry),
    customers: c.customers.customers.length,
  };
}
