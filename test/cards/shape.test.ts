import { checkCardAction, readCardAction, renderReply } from '../../src/commands';
import { allActions, assertValidCard, executeActions, markdownTexts } from './card-shape';
import { everyReply } from './fixtures';

const VIEWS = [
  { locale: 'en-US', timeZone: 'Europe/Berlin' },
  { locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
  { locale: 'fr-FR' },
];

describe('every reply renders a valid Adaptive Card 1.5', () => {
  for (const view of VIEWS) {
    describe(`${view.locale} ${view.timeZone ?? ''}`, () => {
      it.each(everyReply())('%s', (_, reply) => {
        const card = renderReply(reply, view);
        expect(card.type).toBe('AdaptiveCard');
        expect(card.version).toBe('1.5');
        expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
        assertValidCard(card);
        // No untranslated key leaks to the reader.
        for (const s of markdownTexts(card)) expect(s).not.toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
        // Every button's data reads back through the bot's side of the contract, unchanged.
        for (const a of executeActions(card)) {
          const read = readCardAction(a.verb, a.data);
          expect(read).toEqual({ verb: a.verb, ...a.data });
        }
      });
    });
  }

  it('renders in a few milliseconds', () => {
    const replies = everyReply();
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++)
      for (const [, r] of replies) renderReply(r, { locale: i % 2 ? 'zh-CN' : 'en-US', timeZone: 'Europe/Berlin' });
    const perCardMs = Number(process.hrtime.bigint() - start) / 1e6 / (20 * replies.length);
    expect(perCardMs).toBeLessThan(5);
  });

  it('the shape check itself rejects bad cards', () => {
    const good = renderReply({ type: 'operationUnknown' }, { locale: 'en-US' });
    const bad = (mutate: (c: typeof good) => void) => {
      const c = JSON.parse(JSON.stringify(good)) as typeof good;
      mutate(c);
      return () => assertValidCard(c);
    };
    expect(bad(() => undefined)).not.toThrow();
    expect(bad((c) => ((c as { version: string }).version = '1.4'))).toThrow(/version/);
    expect(bad((c) => c.body.push({ type: 'Image', url: 'https://x' } as never))).toThrow(/unknown type/);
    expect(bad((c) => ((c.body[0] as { wrap: unknown }).wrap = false))).toThrow(/wrap/);
    expect(bad((c) => ((c.actions![0] as { verb: string }).verb = 'op.delete'))).toThrow(/verb/);
    expect(bad((c) => ((c.actions![0] as { data: unknown }).data = { command: 'list', extra: 1 }))).toThrow(/data/);
    expect(bad((c) => ((c.actions![0] as { title: string }).title = ''))).toThrow(/title/);
    expect(bad((c) => ((c.body[0] as { width?: string }).width = '300px'))).toThrow();
  });
});

describe('readCardAction (the bot side of the contract)', () => {
  it('accepts the contract', () => {
    expect(readCardAction('op.confirm', { operationId: 'op-1' })).toEqual({ verb: 'op.confirm', operationId: 'op-1' });
    expect(readCardAction('op.cancel', { operationId: 'op-1' })).toEqual({ verb: 'op.cancel', operationId: 'op-1' });
    expect(readCardAction('command', { command: 'disconnect', partner: 'p1' })).toEqual({
      verb: 'command',
      command: 'disconnect',
      partner: 'p1',
    });
    expect(readCardAction('command', { command: 'list' })).toEqual({ verb: 'command', command: 'list' });
  });

  it.each([
    ['op.confirm', {}],
    ['op.confirm', { operationId: 42 }],
    ['op.cancel', null],
    ['command', { command: 'rm -rf' }],
    ['command', { command: 'status', partner: 7 }],
    ['command', { command: 'status', partner: 'x'.repeat(501) }],
    ['op.delete', { operationId: 'op-1' }],
    [undefined, undefined],
  ])('rejects %s %p', (verb, data) => {
    expect(readCardAction(verb, data)).toBeUndefined();
  });

  it.each([
    ['op.confirm', {}, 'invalid'],
    ['op.confirm', { operationId: 42 }, 'invalid'],
    ['op.confirm', { operationId: 'has space' }, 'invalid'],
    ['op.cancel', { operationId: 'x'.repeat(129) }, 'invalid'],
    ['op.cancel', null, 'invalid'],
    ['command', {}, 'invalid'],
    ['command', { command: 'status', partner: 7 }, 'invalid'],
    ['command', { command: 'rm -rf' }, 'stale'],
    ['op.delete', { operationId: 'op-1' }, 'stale'],
    [undefined, undefined, 'stale'],
  ])('checkCardAction: %s %p is %s', (verb, data, outcome) => {
    expect(Object.keys(checkCardAction(verb, data))).toEqual([outcome]);
  });

  it('checkCardAction: the contract is ok, with UUIDs as the bot makes them', () => {
    expect(checkCardAction('op.confirm', { operationId: '3f2b8c1e-9d4a-4f6b-8e2c-1a7d5b9c0e3f' })).toEqual({
      ok: { verb: 'op.confirm', operationId: '3f2b8c1e-9d4a-4f6b-8e2c-1a7d5b9c0e3f' },
    });
    expect(checkCardAction('command', { command: 'help' })).toEqual({ ok: { verb: 'command', command: 'help' } });
  });

  it('every action on every card is a known kind', () => {
    for (const [, reply] of everyReply()) {
      for (const a of allActions(renderReply(reply, { locale: 'en-US' })))
        expect(['Action.Execute', 'Action.OpenUrl']).toContain(a.type);
    }
  });
});
