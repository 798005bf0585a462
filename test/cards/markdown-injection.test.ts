/**
 * Names come from people (Entra display names), from Intune (partner display names) and from what users
 * type (queries). None of them may restyle a card, add a link or an image, or start a list.
 */
import { renderContext, signInOutcomeCard } from '../../src/cards';
import { renderReply } from '../../src/commands';
import type { Reply } from '../../src/core/replies';
import { allActions, assertValidCard, markdownTexts } from './card-shape';
import { appError, approvalChannel, approvalOperation, operation, partner } from './fixtures';

const EVIL =
  '**Pwned** [click me](https://evil.example/phish) ![x](https://evil.example/i.png) _it_ `code` <https://evil.example>';
const EVIL_ESCAPED =
  '\\*\\*Pwned\\*\\* \\[click me\\](https://evil.example/phish) !\\[x\\](https://evil.example/i.png) \\_it\\_ \\`code\\` \\<https://evil.example\\>';
const LIST = '- 1. # heading';

const evilPartner = partner({ id: 'p-[1]', displayName: EVIL });
const evilPerson = { id: 'u', name: EVIL };
const listPerson = { id: 'l', name: LIST };

const replies: [string, Reply][] = [
  ['partnerList', { type: 'partnerList', partners: [evilPartner] }],
  [
    'partnerStatus',
    { type: 'partnerStatus', partner: evilPartner, running: operation({ state: 'running', executor: evilPerson }) },
  ],
  [
    'choosePartner',
    { type: 'choosePartner', command: 'disconnect', query: EVIL, candidates: [evilPartner], noMatch: true },
  ],
  [
    'confirm',
    { type: 'confirm', operation: operation({ partnerName: EVIL, requester: evilPerson }), partner: evilPartner },
  ],
  [
    'operation succeeded',
    {
      type: 'operation',
      operation: operation({ state: 'succeeded', partnerName: EVIL, executor: evilPerson, requester: listPerson }),
      alreadyDecided: true,
    },
  ],
  [
    'operation cancelled',
    {
      type: 'operation',
      operation: operation({ state: 'cancelled', partnerName: EVIL, executor: evilPerson }),
      alreadyDecided: true,
    },
  ],
  [
    'operation running',
    {
      type: 'operation',
      operation: operation({ state: 'running', partnerName: EVIL, executor: evilPerson }),
      alreadyDecided: true,
    },
  ],
  [
    'operation denied',
    {
      type: 'operation',
      operation: operation({ state: 'denied', partnerName: EVIL, executor: evilPerson, errorKind: 'authz.notAllowed' }),
      alreadyDecided: false,
    },
  ],
  [
    'operation failed',
    {
      type: 'operation',
      operation: operation({ state: 'failed', partnerName: EVIL, executor: evilPerson, errorKind: EVIL }),
      alreadyDecided: false,
      error: appError('graph.forbidden', { requestId: EVIL }),
    },
  ],
  [
    'history',
    {
      type: 'history',
      operations: [
        operation({ partnerName: EVIL, requester: evilPerson, executor: listPerson, state: 'failed', errorKind: EVIL }),
      ],
      partnerQuery: EVIL,
    },
  ],
  ['history (empty)', { type: 'history', operations: [], partnerQuery: EVIL }],
  ['denied', { type: 'denied', reason: 'notAllowed', actor: evilPerson, contact: EVIL }],
  ['error', { type: 'error', error: appError('graph.unexpected', { requestId: EVIL, clientRequestId: EVIL }) }],
  [
    'approval request',
    {
      type: 'confirm',
      operation: approvalOperation({ partnerName: EVIL, requester: evilPerson }),
      partner: evilPartner,
      viewer: 'requester',
    },
  ],
  [
    'approval request (from the record)',
    {
      type: 'operation',
      operation: approvalOperation({ partnerName: EVIL, requester: listPerson }),
      alreadyDecided: false,
      viewer: 'onlooker',
    },
  ],
  [
    'approval rejected',
    {
      type: 'operation',
      operation: approvalOperation(
        { state: 'cancelled', partnerName: EVIL, executor: evilPerson, requester: listPerson },
        { status: 'rejected', decidedAt: '2026-11-28T10:03:00Z' },
      ),
      alreadyDecided: true,
    },
  ],
];

/** Cards where the names appear only inside a sentence (a translator value): nothing of them may be live markdown. */
const inSentences: [string, Reply][] = [
  [
    'history (approval)',
    {
      type: 'history',
      operations: [
        approvalOperation({ partnerName: EVIL, state: 'succeeded', executor: evilPerson }, { status: 'approved' }),
      ],
    },
  ],
  [
    'approvals',
    {
      type: 'approvals',
      policy: { required: true, ttlMinutes: 60, approverUsers: 1, approverGroups: 0 },
      channel: approvalChannel({ setBy: evilPerson }),
    },
  ],
];

/** A markdown character that is not preceded by an escaping backslash. */
const UNESCAPED = /(^|[^\\])(\\\\)*[*_`~[\]<>]/;

describe('markdown injection', () => {
  it.each(replies)('%s: user-controlled values show literally', (_, reply) => {
    for (const locale of ['en-US', 'zh-CN']) {
      const card = renderReply(reply, { locale, timeZone: 'Europe/Berlin' });
      assertValidCard(card);
      const texts = markdownTexts(card);
      expect(texts.some((s) => s.includes(EVIL_ESCAPED))).toBe(true);
      for (const s of texts) {
        expect(s).not.toContain('[click me](');
        expect(s).not.toContain('**Pwned');
        expect(s).not.toMatch(/(^|[^\\])!\[/);
        // Our own texts use _x_ and [..] only in the help card; everywhere else every such character is escaped.
        expect({ text: s, unescaped: UNESCAPED.test(s) }).toEqual({ text: s, unescaped: false });
        // A name cannot start a list or a heading.
        expect(s).not.toMatch(/^(- |\d+\. |# )/);
      }
    }
  });

  it.each(inSentences)('%s: names inside sentences are no live markdown', (_, reply) => {
    for (const locale of ['en-US', 'zh-CN']) {
      const card = renderReply(reply, { locale, timeZone: 'Europe/Berlin' });
      assertValidCard(card);
      const texts = markdownTexts(card);
      // Escaped once (no longer again by the translator).
      expect(texts.some((s) => s.includes(EVIL_ESCAPED))).toBe(true);
      for (const s of texts) {
        expect(s).not.toContain('[click me](');
        expect(s).not.toContain('**Pwned');
        expect({ text: s, unescaped: UNESCAPED.test(s) }).toEqual({ text: s, unescaped: false });
      }
    }
  });

  // The Adaptive Card schema: fallbackText "may contain markdown" (adaptivecards.io/explorer/AdaptiveCard.html),
  // and Teams shows it where the card cannot be: it is escaped as the body is.
  it.each(replies)('%s: the fallbackText shows them literally too', (_, reply) => {
    for (const locale of ['en-US', 'zh-CN']) {
      const fallback = renderReply(reply, { locale }).fallbackText;
      if (fallback === undefined) continue;
      expect(fallback).not.toContain('[click me](');
      expect(fallback).not.toContain('**Pwned');
      expect({ text: fallback, unescaped: UNESCAPED.test(fallback) }).toEqual({ text: fallback, unescaped: false });
    }
  });

  it('a partner named as a javascript: link is no live link in the fallbackText of the cards that name it', () => {
    const name = '[x](javascript:alert(1))';
    const escaped = '\\[x\\](javascript:alert(1))';
    const named = partner({ displayName: name });
    const fallback = (reply: Reply) => renderReply(reply, { locale: 'en-US' }).fallbackText;
    expect(fallback({ type: 'confirm', operation: operation({ partnerName: name }), partner: named })).toBe(
      `Disconnect ${escaped}?`,
    );
    expect(fallback({ type: 'partnerStatus', partner: named })).toBe(escaped);
    expect(
      fallback({ type: 'choosePartner', command: 'status', query: name, candidates: [], noMatch: true }),
    ).toContain(escaped);
    const signedIn = signInOutcomeCard({ signedIn: true, name }, renderContext({ locale: 'en-US' }));
    expect(signedIn.fallbackText).toContain(escaped);
    expect(signedIn.fallbackText).not.toContain('[x](');
  });

  it('button titles are plain text (not markdown) and keep the name as written, on one line', () => {
    const card = renderReply(
      {
        type: 'choosePartner',
        command: 'status',
        query: 'x',
        candidates: [partner({ displayName: 'A*B\n[c]' })],
        noMatch: true,
      },
      { locale: 'en-US' },
    );
    expect(allActions(card).map((a) => a.title)).toContain('A*B [c]');
  });

  it('a list marker or heading at the start of a name is escaped', () => {
    const card = renderReply(
      {
        type: 'partnerList',
        partners: [
          partner({ displayName: '- item' }),
          partner({ id: 'p2', displayName: '1. first' }),
          partner({ id: 'p3', displayName: '# big' }),
        ],
      },
      { locale: 'en-US' },
    );
    const names = markdownTexts(card).filter((s) => /item|first|big/.test(s));
    expect(names).toEqual(['\\- item', '1\\. first', '\\# big']);
  });

  // A name inside a sentence is a translator value: escaped once, by the translator (issue 16: `john_doe` showed as
  // `john\_doe` on every card, escaped by ctx.who and again by the translator).
  it.each([
    [
      'confirm',
      (p: { id: string; name: string }): Reply => ({
        type: 'confirm',
        operation: operation({ requester: p }),
        partner: partner(),
      }),
      /Requested by (\S+) at/,
    ],
    [
      'operation running',
      (p: { id: string; name: string }): Reply => ({
        type: 'operation',
        operation: operation({ state: 'running', executor: p }),
        alreadyDecided: true,
      }),
      /by (john[^\s).,]*)/,
    ],
    [
      'denied',
      (p: { id: string; name: string }): Reply => ({ type: 'denied', reason: 'notAllowed', actor: p }),
      /(john\S*)/,
    ],
    [
      'approval rejected',
      (p: { id: string; name: string }): Reply => ({
        type: 'operation',
        operation: approvalOperation(
          { state: 'cancelled', executor: p },
          { status: 'rejected', decidedAt: '2026-11-28T10:03:00Z' },
        ),
        alreadyDecided: true,
      }),
      /Rejected by (\S+)/i,
    ],
  ] as const)(
    '%s: a name with markdown characters inside a sentence is escaped once (john_doe shows as john_doe)',
    (_, reply, pattern) => {
      const card = renderReply(reply({ id: 'j', name: 'john_doe' }), { locale: 'en-US', timeZone: 'Europe/Berlin' });
      const sentence = markdownTexts(card).find((s) => pattern.test(s) && s.includes('john'));
      expect(sentence).toBeDefined();
      expect(pattern.exec(sentence!)?.[1]).toBe('john\\_doe');
    },
  );

  it('times inside sentences are escaped once too, and button titles built from a sentence carry no backslashes', () => {
    const card = renderReply(
      {
        type: 'confirm',
        operation: operation({ requester: { id: 'j', name: 'john_doe [admin]' } }),
        partner: partner(),
      },
      { locale: 'en-US' },
    );
    expect(markdownTexts(card).some((s) => s.includes('Requested by john\\_doe \\[admin\\] at'))).toBe(true);
    for (const a of allActions(card)) expect(a.title ?? '').not.toContain('\\');
  });

  it('long names are cut, so a card stays small', () => {
    const card = renderReply(
      { type: 'partnerStatus', partner: partner({ displayName: 'W'.repeat(10_000) }) },
      { locale: 'en-US' },
    );
    assertValidCard(card);
    expect(Math.max(...markdownTexts(card).map((s) => s.length))).toBeLessThanOrEqual(220);
  });
});
