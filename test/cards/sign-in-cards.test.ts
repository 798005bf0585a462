/** The sign-in cards that are not core replies: the signin/failure card and the outcome of a sign-in without a prompt. */
import { renderContext, signInFailureCard, signInOutcomeCard } from '../../src/cards';
import { assertValidCard, markdownTexts, textBlocks } from './card-shape';
import { cardText } from '../support/teams';

const LOCALES = ['en-US', 'zh-CN', 'fr-FR'];

describe.each(LOCALES)('%s', (locale) => {
  const ctx = renderContext({ locale });
  const cards = {
    failure: signInFailureCard({ code: 'resourcematchfailed' }, ctx),
    signedIn: signInOutcomeCard({ signedIn: true, name: 'Adele Vance', cardOwner: 'Megan Bowen' }, ctx),
    signedInOwn: signInOutcomeCard({ signedIn: true, name: 'Megan Bowen' }, ctx),
    notSignedIn: signInOutcomeCard({ signedIn: false, name: 'Lee Gu' }, ctx),
  };
  it.each(Object.entries(cards))('%s is a valid Adaptive Card 1.5 with no untranslated key', (_, card) => {
    assertValidCard(card);
    for (const s of markdownTexts(card)) expect(s).not.toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
  });
  it('names the people and the code', () => {
    expect(cardText(cards.failure)).toContain('resourcematchfailed');
    expect(cardText(cards.signedIn)).toMatch(/Adele Vance[\s\S]*Megan Bowen/);
    // Only a card of somebody else's says whose it was.
    expect(textBlocks(cards.signedIn)).toHaveLength(textBlocks(cards.signedInOwn).length + 1);
    expect(cardText(cards.notSignedIn)).toContain('Lee Gu');
  });
});

it('speaks Chinese for zh-CN', () => {
  const zh = cardText(
    signInOutcomeCard(
      { signedIn: true, name: 'Adele Vance', cardOwner: 'Megan Bowen' },
      renderContext({ locale: 'zh-CN' }),
    ),
  );
  expect(zh).toContain('Adele Vance，你已登录');
  expect(cardText(signInFailureCard({ code: 'x' }, renderContext({ locale: 'zh-CN' })))).toContain('自动登录未成功');
});

it('a name cannot add a link or restyle the card', () => {
  const card = signInOutcomeCard(
    { signedIn: true, name: '[click](https://evil.example) **boss**', cardOwner: '_x_' },
    renderContext({ locale: 'en-US' }),
  );
  const text = cardText(card);
  expect(text).not.toMatch(/(^|[^\\])\[click\]\(/);
  expect(text).toContain('\\*\\*boss\\*\\*');
  expect(text).toContain('\\_x\\_');
});
