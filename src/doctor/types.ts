/**
 * The doctor's vocabulary: a check, what it found (a value with a kind, never a thrown string), and what
 * the checks share (the validated config, where it came from, the bot's own token).
 */
import type { Config } from '../config';

export type CheckId =
  'config' | 'credential' | 'entra' | 'token-service' | 'graph' | 'store' | 'manifest' | 'deployment';

/** Why a check failed: one kind per distinct thing to do. */
export type FailureKind =
  | 'config.invalid'
  | 'config.notProvisioned'
  | 'entra.unreachable'
  | 'entra.unknownTenant'
  | 'entra.wrongSecret'
  | 'entra.expiredSecret'
  | 'entra.unknownApp'
  | 'entra.noServicePrincipal'
  | 'entra.badCertificate'
  | 'entra.appDisabled'
  | 'entra.refused'
  | 'tokenService.unreachable'
  | 'tokenService.botRefused'
  | 'tokenService.noConnection'
  | 'tokenService.noTokenExchange'
  | 'tokenService.wrongTokenExchangeUri'
  | 'tokenService.error'
  | 'graph.unreachable'
  | 'graph.notGraph'
  | 'graph.noAppToken'
  | 'graph.permissionMissing'
  | 'store.unreachable'
  | 'store.notCreated'
  | 'store.pendingMigrations'
  | 'store.unknownMigrations'
  | 'manifest.unreadable'
  | 'manifest.unresolved'
  | 'manifest.mismatch'
  | 'manifest.stalePackage'
  | 'credential.expired'
  | 'credential.expiring'
  | 'credential.unknownEnd'
  | 'deployment.unreachable'
  | 'deployment.unhealthy'
  | 'deployment.notReady'
  | 'deployment.noVersion'
  | 'deployment.versionMismatch'
  | 'check.timeout'
  | 'check.crashed';

export type CheckResult =
  | { id: CheckId; status: 'pass'; text: string }
  | { id: CheckId; status: 'skip'; text: string }
  | { id: CheckId; status: 'fail'; kind: FailureKind; text: string; advice: string }
  /** Not broken yet, but will be (a secret ending within 30 days) or cannot be told: exit code 0, said plainly. */
  | { id: CheckId; status: 'warn'; kind: FailureKind; text: string; advice: string };

/** Where the configuration came from: the process environment (as the bot runs), or Toolkit env files. */
export type ConfigSource =
  { kind: 'process' } | { kind: 'toolkit'; envName: string; files: string[]; vars: Map<string, string> };

export interface DoctorContext {
  config: Config;
  /** The runtime variables the config was read from (BOT_DOMAIN etc. are read here too). */
  env: Record<string, string | undefined>;
  source: ConfigSource;
  /** The project folder (aad.manifest.json, appPackage/). */
  root: string;
  appDir: string;
  timeoutMs: number;
  /**
   * The bot's own Bot Framework token (client credentials), requested once: the Entra check reports it, the
   * token-service check uses it. Rejects with the credential's error.
   */
  botFrameworkToken(): Promise<string>;
  /** What was built here (package.json version, git commit when known): what the deployed bot should report. */
  build: BuildInfo;
  /** --url: where the deployed bot answers when it is not BOT_ENDPOINT (a custom domain, a front door). */
  deployedUrl?: string;
}

export interface BuildInfo {
  version: string;
  commit?: string;
}

export interface Check {
  id: CheckId;
  /** What to look at when the check does not answer in time. */
  timeoutAdvice(ctx: DoctorContext): string;
  run(ctx: DoctorContext): Promise<CheckResult>;
}

export const pass = (id: CheckId, text: string): CheckResult => ({ id, status: 'pass', text });
export const skip = (id: CheckId, text: string): CheckResult => ({ id, status: 'skip', text });
export const warn = (id: CheckId, kind: FailureKind, text: string, advice: string): CheckResult => ({
  id,
  status: 'warn',
  kind,
  text,
  advice,
});
export const fail = (id: CheckId, kind: FailureKind, text: string, advice: string): CheckResult => ({
  id,
  status: 'fail',
  kind,
  text,
  advice,
});
