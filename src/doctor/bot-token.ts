/**
 * The bot's Bot Framework token, requested once per doctor run and shared by the Entra check (which reports
 * it) and the token-service check (which sends it). Never printed.
 */
import type { Config } from '../config';
import { BOT_FRAMEWORK_SCOPE, botFrameworkCredential } from './bot-credential';

/** No credential can be built here (e.g. a managed identity off its Azure host, an unusable certificate file). */
export class CredentialUnavailableError extends Error {
  constructor(
    message: string,
    /** True when the credential exists only on the Azure host (not a misconfiguration). */
    readonly onlyOnHost: boolean,
  ) {
    super(message);
    this.name = 'CredentialUnavailableError';
  }
}

export function sharedBotFrameworkToken(
  config: Config,
  env: Record<string, string | undefined>,
): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () =>
    (pending ??= (async () => {
      const choice = botFrameworkCredential(config, env);
      if ('unavailable' in choice)
        throw new CredentialUnavailableError(choice.unavailable, /Azure host/.test(choice.unavailable));
      const token = await choice.credential.getToken(BOT_FRAMEWORK_SCOPE);
      if (!token?.token) throw new Error('Entra answered without a token');
      return token.token;
    })());
}
