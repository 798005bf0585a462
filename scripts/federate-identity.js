#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Provisioning step (teamsapp.yml, after arm/deploy): the bot's Entra app (BOT_ID) trusts the user-assigned
 * managed identity infra/identity.bicep made (BOT_MSI_PRINCIPAL_ID), through a federated identity credential:
 *   issuer   https://login.microsoftonline.com/<BOT_TENANT_ID>/v2.0
 *   subject  the identity's principal (object) id
 *   audience api://AzureADTokenExchange
 * (learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 * Then the bot asks its app's tokens with the identity's token instead of a secret.
 *
 * Why a script and not Bicep: the Microsoft Graph Bicep extension (GA since July 2025, types
 * microsoftgraph/v1.0:1.0.0, Bicep >= 0.36.1) addresses an existing app only by its `uniqueName`, which an app
 * created by the Toolkit's aadApp/create does not have (docs/deploy.md, "No expiring secret").
 * Idempotent: an existing credential with the same name is updated, an identical one left alone.
 * Needs the Azure CLI signed in (`az login`) as an owner of the app.
 */
const { az } = require('./lib/az');

const NAME = 'intune-bot-managed-identity';
const AUDIENCE = 'api://AzureADTokenExchange';

/**
 * @param {Record<string, string | undefined>} env
 * @param {{ run?: typeof az, log?: (line: string) => void }} [deps]
 * @returns {'skipped' | 'unchanged' | 'created' | 'updated'}
 */
function federateIdentity(env, deps = {}) {
  const { run = az, log = (l) => process.stdout.write(`${l}\n`) } = deps;
  const principal = (env.BOT_MSI_PRINCIPAL_ID || '').trim();
  if ((env.BOT_CREDENTIAL || 'managedIdentity') !== 'managedIdentity' || !principal) {
    log(
      'the bot uses its client secret (BOT_CREDENTIAL=secret, or no BOT_MSI_PRINCIPAL_ID): no federated credential to add',
    );
    return 'skipped';
  }
  const appId = String(env.BOT_ID || '');
  const authority = (env.AAD_APP_OAUTH_AUTHORITY_HOST || 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const wanted = {
    name: NAME,
    issuer: `${authority}/${env.BOT_TENANT_ID}/v2.0`,
    subject: principal,
    audiences: [AUDIENCE],
    description: 'The bot on App Service (infra/identity.bicep): its managed identity signs the app in, no secret',
  };
  /** @type {Array<{ id: string, name: string, issuer: string, subject: string, audiences: string[] }>} */
  const existing = run(['ad', 'app', 'federated-credential', 'list', '--id', appId]) ?? [];
  const same = existing.find(
    (c) => c.issuer === wanted.issuer && c.subject === wanted.subject && (c.audiences ?? []).includes(AUDIENCE),
  );
  if (same) {
    log(`app ${appId} already trusts managed identity ${principal} (federated credential "${same.name}")`);
    return 'unchanged';
  }
  const named = existing.find((c) => c.name === NAME);
  if (named) {
    run([
      'ad',
      'app',
      'federated-credential',
      'update',
      '--id',
      appId,
      '--federated-credential-id',
      named.id,
      '--parameters',
      JSON.stringify(wanted),
    ]);
    log(`app ${appId} now trusts managed identity ${principal} (federated credential "${NAME}" updated)`);
    return 'updated';
  }
  run(['ad', 'app', 'federated-credential', 'create', '--id', appId, '--parameters', JSON.stringify(wanted)]);
  log(
    `app ${appId} now trusts managed identity ${principal} (federated credential "${NAME}"); Entra may take a few minutes to honour it`,
  );
  return 'created';
}

if (require.main === module) {
  try {
    federateIdentity(process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

module.exports = { federateIdentity, FEDERATED_CREDENTIAL_NAME: NAME };
