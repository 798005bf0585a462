/**
 * An Entra refusal of the bot's client-credentials request -> what it means and what to do.
 *
 * @azure/identity 4.13.1 hands over MSAL's message only ("invalid_client: Error(s): 7000215 - ... Description:
 * AADSTS7000215: Invalid client secret provided. ... Trace ID: ..."; see identity/errors.ts), so the AADSTS
 * number and its first sentence are read from the message. The message holds app and tenant ids, never the
 * secret.
 *
 * Meanings, from Microsoft's descriptions:
 * - 7000215 invalid secret, 7000222 expired secret, 700016 app not found in the tenant, 700027 certificate
 *   assertion not valid: "Troubleshoot service principal authentication" (Azure SDK),
 *   https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal
 * - 7000229 "The client application ... is missing service principal in the tenant" (401 invalid_client), a
 *   single-tenant bot without a service principal: Teams SDK "Authentication Troubleshooting",
 *   https://microsoft.github.io/teams-sdk/teams/app-authentication/troubleshooting
 * - 90002 tenant not found, 7000112 application disabled: Entra error codes reference,
 *   https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
import type { Config } from '../config';
import type { FailureKind } from './types';

export interface EntraRefusal {
  kind: FailureKind;
  /** What Entra said, short: "AADSTS7000215: Invalid client secret provided." */
  said: string;
  advice: string;
}

const NETWORK =
  /network_error|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up|certificate|self[- ]signed|UNABLE_TO_VERIFY/i;

/** "AADSTS7000215: Invalid client secret provided." from MSAL's message (first sentence, no trace ids). */
export function entraSaid(message: string): string {
  const m = /AADSTS(\d+):\s*([^]*?)(?:\s+Trace ID:|\s+-\s+Correlation ID:|$)/.exec(message);
  if (!m) return message.split('\n')[0].slice(0, 200);
  const sentence = /^[^.]*\./.exec(m[2])?.[0] ?? m[2].slice(0, 160);
  return `AADSTS${m[1]}: ${sentence.trim()}`;
}

export function adviseEntra(error: unknown, config: Config, tenant: string): EntraRefusal {
  const message = error instanceof Error ? error.message : String(error);
  const codes = [...message.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  const said = entraSaid(message);
  const app = config.bot.id;
  const secretVar = 'BOT_PASSWORD (SECRET_BOT_PASSWORD in env/.env.<env>.user; an app setting on App Service)';
  const registration = `Entra admin center > App registrations > ${app}`;
  const has = (c: number) => codes.includes(c);
  if (has(7000215)) {
    return {
      kind: 'entra.wrongSecret',
      said,
      advice: `the client secret is not the app's: copy the secret's Value (not its Secret ID), or add a new one in ${registration} > Certificates & secrets, and set ${secretVar}`,
    };
  }
  if (has(7000222)) {
    return {
      kind: 'entra.expiredSecret',
      said,
      advice: `the client secret has expired: add a new one in ${registration} > Certificates & secrets and set ${secretVar}`,
    };
  }
  if (has(700016)) {
    return {
      kind: 'entra.unknownApp',
      said,
      advice: `no app ${app} in tenant ${tenant}: check BOT_ID and BOT_TENANT_ID (a SingleTenant bot's app is registered in BOT_TENANT_ID); re-run \`teamsapp provision\` if the app was deleted`,
    };
  }
  if (has(7000229)) {
    return {
      kind: 'entra.noServicePrincipal',
      said,
      advice: `the app has no service principal in tenant ${tenant}: provision with aadApp/create \`generateServicePrincipal: true\`, or create it once (\`az ad sp create --id ${app}\`, or Entra admin center > Enterprise applications)`,
    };
  }
  if (has(90002)) {
    return {
      kind: 'entra.unknownTenant',
      said,
      advice: `tenant ${tenant} does not exist at ${config.entra.authorityHost}: set BOT_TENANT_ID to your Entra tenant id (Entra admin center > Overview)`,
    };
  }
  if (has(700027) || has(700023) || has(700024) || has(7000274)) {
    return {
      kind: 'entra.badCertificate',
      said,
      advice: `Entra refused the certificate assertion: upload the certificate's public part to ${registration} > Certificates & secrets, and check BOT_CERTIFICATE_FILE holds its private key`,
    };
  }
  if (has(7000112)) {
    return {
      kind: 'entra.appDisabled',
      said,
      advice: `the app is disabled in tenant ${tenant}: enable it (Entra admin center > Enterprise applications > ${app} > Properties > Enabled for users to sign in)`,
    };
  }
  if (!codes.length && NETWORK.test(message)) {
    return {
      kind: 'entra.unreachable',
      said,
      advice: `check outbound HTTPS from this host to ${config.entra.authorityHost} (proxy, firewall) and AUTHORITY_HOST`,
    };
  }
  return {
    kind: 'entra.refused',
    said,
    advice: `see https://login.microsoftonline.com/error?code=${codes[0] ?? ''} and the app registration ${app}`,
  };
}
