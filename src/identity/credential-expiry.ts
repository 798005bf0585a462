/**
 * No silent death: when the bot's app credential has an end (a client secret: BOT_PASSWORD_EXPIRES_AT; a
 * certificate: its notAfter), the days left are
 * - published as the observable gauge `bot.credential.expiry_days` {credential: client_secret | certificate}
 *   (the telemetry contract's name; absent when there is nothing that expires, e.g. a managed identity without a
 *   secret date), on which the alert rule fires 30 days ahead (infra/, docs/operations.md);
 * - logged: a warning every day from 30 days before the end, an error once it has passed, each naming the
 *   one-command rotation (docs/deploy.md). The secret itself is never read here.
 * The secret's date is carried even when the bot no longer uses the secret: the Azure Bot's OAuth connection
 * may still hold one (docs/deploy.md, "What still expires"), and users cannot sign in once it ends.
 */
import { X509Certificate } from 'node:crypto';
import { metrics } from '@opentelemetry/api';
import type { Logger } from '../core/logger';

export type ExpiringCredential = 'client_secret' | 'certificate';
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CredentialEnd {
  credential: ExpiringCredential;
  expiresAt: Date;
}

/** The credentials whose end is known: the secret's date (as provisioned) and the certificate's notAfter. */
export function credentialEnds(bot: { passwordExpiresAt?: Date; certificatePem?: string }): CredentialEnd[] {
  const ends: CredentialEnd[] = [];
  if (bot.passwordExpiresAt) ends.push({ credential: 'client_secret', expiresAt: bot.passwordExpiresAt });
  const certificate = bot.certificatePem
    ? /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(bot.certificatePem)?.[0]
    : undefined;
  if (certificate) {
    try {
      ends.push({ credential: 'certificate', expiresAt: new Date(new X509Certificate(certificate).validTo) });
    } catch {
      // not readable: the token request says so, with the identity room's error
    }
  }
  return ends;
}

/** Whole days left (negative once past), as the doctor prints them too. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS);
}

const NAMES: Record<ExpiringCredential, string> = { client_secret: 'client secret', certificate: 'certificate' };

function report(end: CredentialEnd, now: Date, log: Logger): void {
  const days = daysLeft(end.expiresAt, now);
  const fields = {
    event: 'credential.expiring',
    credential: end.credential,
    expiresAt: end.expiresAt.toISOString(),
    daysLeft: days,
  };
  const rotate =
    'rotate it with one command: scripts/rotate-secret.sh (docs/deploy.md, "Rotate the client secret"), or move to the managed identity';
  if (days < 0)
    log.error(
      `the bot's ${NAMES[end.credential]} has expired: sign-in and the bot's own tokens fail; ${rotate}`,
      fields,
    );
  else if (days < EXPIRY_WARNING_DAYS)
    log.warn(`the bot's ${NAMES[end.credential]} expires in ${days} days: ${rotate}`, fields);
}

/** Starts the daily check and the gauge; returns stop(). Nothing at all when no credential end is known. */
export function watchCredentialExpiry(
  ends: CredentialEnd[],
  options: { log: Logger; clock: { now(): Date }; intervalMs?: number },
): () => void {
  if (ends.length === 0) return () => {};
  const gauge = metrics.getMeter('intune-ra-bot').createObservableGauge('bot.credential.expiry_days', {
    description: "Whole days until the bot's client secret or certificate ends (negative once past)",
    unit: 'd',
  });
  const observe = (result: { observe(value: number, attributes: Record<string, string>): void }) => {
    for (const end of ends)
      result.observe(daysLeft(end.expiresAt, options.clock.now()), { credential: end.credential });
  };
  gauge.addCallback(observe);
  const check = () => ends.forEach((end) => report(end, options.clock.now(), options.log));
  check();
  const timer = setInterval(check, options.intervalMs ?? DAY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    gauge.removeCallback(observe);
  };
}
