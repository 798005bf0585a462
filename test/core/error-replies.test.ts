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
