/**
 * The operation kinds' table (core/kinds): what the rest of the bot reads from a row instead of testing for a kind.
 */
import { commandFor } from '../../src/core/catalogue';
import { kindSpec, kindWords, MUTATING_KINDS, OPERATION_KINDS, partnerButtonKinds } from '../../src/core/kinds';
import type { OnboardingStatus } from '../../src/core/model';
import { REMOTE_ASSISTANCE_UPDATE } from '../../src/core/resource-actions';

describe('the operation kinds', () => {
  it('are the rows of the table, each asked for by a command', () => {
    expect(MUTATING_KINDS).toEqual(Object.keys(OPERATION_KINDS));
    expect(MUTATING_KINDS.map((k) => [k, commandFor(k)])).toEqual([
      ['disconnect', 'disconnect'],
      ['reconnect', 'reconnect'],
    ]);
  });

  it('name their Graph action and the Intune permission it needs', () => {
    expect(MUTATING_KINDS.map((k) => [k, kindSpec(k).graphAction, kindSpec(k).intunePermission])).toEqual([
      ['disconnect', 'disconnect', REMOTE_ASSISTANCE_UPDATE],
      ['reconnect', 'beginOnboarding', REMOTE_ASSISTANCE_UPDATE],
    ]);
  });

  it('offer on the partner cards Disconnect first, then Reconnect', () => {
    expect(partnerButtonKinds()).toEqual(['disconnect', 'reconnect']);
    const offered = (status: OnboardingStatus) => partnerButtonKinds().find((k) => !kindSpec(k).alreadyThere(status));
    expect(
      (['onboarded', 'onboarding', 'notOnboarded', 'unknownFutureValue'] as const).map((s) => [s, offered(s)]),
    ).toEqual([
      ['onboarded', 'disconnect'],
      ['onboarding', 'disconnect'],
      ['notOnboarded', 'reconnect'],
      ['unknownFutureValue', 'disconnect'],
    ]);
  });

  it('carry their words in every locale, with the same placeholders', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const kind of MUTATING_KINDS) {
      const [en, zh] = [kindWords('en-US')[kind], kindWords('zh-CN')[kind]];
      expect(Object.keys(zh)).toEqual(Object.keys(en));
      for (const word of Object.keys(en) as (keyof typeof en)[]) {
        expect([kind, word, vars(zh[word])]).toEqual([kind, word, vars(en[word])]);
        expect(zh[word]).toMatch(/\p{Script=Han}/u);
      }
    }
  });
});
