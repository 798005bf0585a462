/**
 * "Try again" only where trying again can help (issue 16): a permanent failure (403 not permitted in Intune, 404 the
 * partner is gone, an incomplete list, a bad id) offers no button that would only meet the same answer.
 */
import { errorReply, mayTryAgain } from '../../src/core/error-replies';
import { AppError, type ErrorKind } from '../../src/core/errors';
import { silentLogger } from '../../src/core/logger';
import { actor } from './support/in-memory-ports';

const ctx = { actor: actor('aad-admin'), conversation: { id: 'a:chat', kind: 'personal' as const } };
const reply = (kind: ErrorKind) =>
  errorReply({ log: silentLogger }, new AppError(kind, 'test'), ctx, { command: 'list' });

describe('Try again', () => {
  it.each<ErrorKind>(['graph.forbidden', 'graph.notFound', 'graph.incompleteList', 'input.invalidPartnerId'])(
    '%s is permanent: no Try again',
    (kind) => {
      expect(reply(kind)).toEqual({
        type: 'error',
        error: expect.objectContaining({ kind }),
        retry: undefined,
        consentUrl: undefined,
      });
    },
  );

  it.each<ErrorKind>([
    'graph.throttled',
    'graph.unavailable',
    'graph.network',
    'auth.signInRequired',
    'auth.tokenEndpointUnreachable',
    'internal',
  ])('%s may pass: Try again', (kind) => {
    expect(reply(kind)).toMatchObject({ retry: { command: 'list' } });
  });

  it('a recorded failure: Intune did not apply an interrupted change (try again), a refusal or a denial (none)', () => {
    expect(mayTryAgain('reconciled.notApplied')).toBe(true);
    expect(mayTryAgain('graph.outcomeUnknown')).toBe(true);
    expect(mayTryAgain('graph.forbidden')).toBe(false);
    expect(mayTryAgain('authz.notAllowed')).toBe(false);
    expect(mayTryAgain(undefined)).toBe(false);
  });
});

describe('the consent link', () => {
  const consentUrl = (tenantId: string) => `https://login.example/${tenantId}/adminconsent?client_id=bot`;
  const contoso = {
    name: 'contoso',
    tenantId: 'tenant-contoso',
    displayName: 'Contoso Ltd',
    technicianGroupIds: [],
    readerGroupIds: [],
  };

  it("at home: the home tenant's admin consent", () => {
    const r = errorReply({ log: silentLogger, consentUrl }, new AppError('auth.consentRequired', 'x'), ctx);
    expect(r).toMatchObject({ consentUrl: `https://login.example/${ctx.actor.tenantId}/adminconsent?client_id=bot` });
  });

  it("in a customer that has not consented (AADSTS90099): that customer's admin consent, never the home tenant's", () => {
    const inContoso = { ...ctx, customer: contoso };
    for (const kind of ['auth.customerNotConsented', 'auth.consentRequired'] as const) {
      const r = errorReply({ log: silentLogger, consentUrl }, new AppError(kind, 'AADSTS90099'), inContoso);
      expect(r).toMatchObject({ consentUrl: 'https://login.example/tenant-contoso/adminconsent?client_id=bot' });
    }
    const noAccess = errorReply(
      { log: silentLogger, consentUrl },
      new AppError('auth.customerNoAccess', 'x'),
      inContoso,
    );
    expect(noAccess).toMatchObject({ consentUrl: undefined });
  });
});
