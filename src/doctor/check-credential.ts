/**
 * The bot's credential and its end: a managed identity (federated credential of the app) has none the bot
 * holds; a client secret's end is BOT_PASSWORD_EXPIRES_AT (set at provisioning and by scripts/rotate-secret.sh,
 * since the bot cannot read the app's passwordCredentials without Application.Read.All); a certificate's end is
 * its notAfter. Fails once an end has passed, warns within 30 days (as the bot and its alert do) or when a
 * secret's end is unknown. The secret's date is reported with a managed identity too: the OAuth connection may
 * still hold that secret (docs/deploy.md, "What still expires").
 */
import { botCredentialKind } from '../config';
import { credentialEnds, daysLeft, EXPIRY_WARNING_DAYS, type CredentialEnd } from '../identity';
import { fail, pass, warn, type Check, type CheckResult, type DoctorContext } from './types';

const ROTATE =
  'rotate it with one command: scripts/rotate-secret.sh --env <name> (docs/deploy.md, "Rotate the client secret"), or move the bot to the managed identity (docs/deploy.md)';

function describeEnd(end: CredentialEnd, now: Date): string {
  const name = end.credential === 'client_secret' ? 'client secret' : 'certificate';
  const days = daysLeft(end.expiresAt, now);
  const date = end.expiresAt.toISOString().slice(0, 10);
  return days < 0
    ? `the ${name} ended on ${date} (${-days} days ago)`
    : `the ${name} ends on ${date} (${days} days left)`;
}

function identityText(ctx: DoctorContext): string {
  const { bot } = ctx.config;
  switch (botCredentialKind(ctx.config)) {
    case 'federatedManagedIdentity':
      return `managed identity ${bot.managedIdentityClientId} is the federated credential of app ${bot.id}: nothing the bot holds expires`;
    case 'managedIdentity':
      return `the bot is managed identity ${bot.managedIdentityClientId}: nothing the bot holds expires`;
    case 'secret':
      return 'the bot signs in with a client secret';
    case 'certificate':
      return 'the bot signs in with a certificate';
    case 'none':
      return 'no credential';
  }
}

export const credentialCheck: Check = {
  id: 'credential',
  timeoutAdvice: () => 'this check reads only the configuration: report it as a bug',
  async run(ctx): Promise<CheckResult> {
    const now = new Date();
    const ends = credentialEnds(ctx.config.bot);
    const text = [identityText(ctx), ...ends.map((e) => describeEnd(e, now))].join('; ');
    const worst = Math.min(...ends.map((e) => daysLeft(e.expiresAt, now)));
    if (worst < 0) return fail('credential', 'credential.expired', text, ROTATE);
    if (worst < EXPIRY_WARNING_DAYS) return warn('credential', 'credential.expiring', text, ROTATE);
    if (botCredentialKind(ctx.config) === 'secret' && !ctx.config.bot.passwordExpiresAt) {
      return warn(
        'credential',
        'credential.unknownEnd',
        `${text}, whose end is unknown (BOT_PASSWORD_EXPIRES_AT is empty)`,
        `set BOT_PASSWORD_EXPIRES_AT to its end (\`az ad app credential list --id ${ctx.config.bot.id} --query "[].endDateTime"\`), or rotate it with scripts/rotate-secret.sh, which sets it`,
      );
    }
    return pass('credential', text);
  },
};
