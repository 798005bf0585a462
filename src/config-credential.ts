/**
 * The bot app's credential (config.ts): one of a user-assigned managed identity as the app's federated credential
 * (the cloud default, no secret: docs/deploy.md, "No expiring secret"), a client secret or a certificate; or, for
 * BOT_TYPE=UserAssignedMsi, the identity that the bot is.
 */
import type { BotType, Config } from './config';

/** One client credential for the bot's app (SingleTenant / MultiTenant): a managed identity, a secret or a certificate. */
export function credentialProblems(
  type: BotType,
  given: { password?: string; certificatePem?: string; managedIdentityClientId?: string },
): string[] {
  const problems: string[] = [];
  if (given.managedIdentityClientId) {
    // Azure Bot Service supports the federated credential for single-tenant bots only (MicrosoftDocs/bot-docs, 86.bot-authentication-fic).
    if (type !== 'SingleTenant')
      problems.push(
        'BOT_MSI_CLIENT_ID needs BOT_TYPE=SingleTenant (or UserAssignedMsi, where the bot is the identity)',
      );
    const other = given.password ? 'BOT_PASSWORD' : given.certificatePem ? 'BOT_CERTIFICATE_FILE' : undefined;
    if (other)
      problems.push(
        `BOT_MSI_CLIENT_ID and ${other} are both set: keep one (the managed identity needs no secret; remove ${other})`,
      );
  } else if (!given.password && !given.certificatePem) {
    problems.push(
      'BOT_MSI_CLIENT_ID (managed identity), BOT_PASSWORD (client secret) or BOT_CERTIFICATE_FILE (PEM with private key) is required',
    );
  }
  return problems;
}

/** How the bot's app proves who it is, in the order the identity room uses them. */
export type BotCredentialKind = 'secret' | 'certificate' | 'federatedManagedIdentity' | 'managedIdentity' | 'none';

export function botCredentialKind(c: Config): BotCredentialKind {
  if (c.bot.type === 'UserAssignedMsi') return c.bot.managedIdentityClientId ? 'managedIdentity' : 'none';
  if (c.bot.password) return 'secret';
  if (c.bot.certificatePem) return 'certificate';
  return c.bot.managedIdentityClientId ? 'federatedManagedIdentity' : 'none';
}

const NAMES: Record<BotCredentialKind, string> = {
  secret: 'secret',
  certificate: 'certificate',
  federatedManagedIdentity: 'managed identity (federated credential of the app)',
  managedIdentity: 'managed identity',
  none: 'none',
};

/** For the start line and the doctor. */
export function credentialName(kind: BotCredentialKind): string {
  return NAMES[kind];
}
