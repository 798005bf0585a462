/**
 * No dead ends, in the core (in-memory ports, plain confirmations): an admin who asks for a change while its
 * confirmation is open in another conversation gets the request here, with its buttons; the earlier card says
 * where it continued; a click on either card acts once and every card shows the outcome. The end-to-end proof over
 * real HTTP is test/e2e/dead-ends.test.ts.
 */
import { Authorizer } from '../../src/core/authorization';
import type { CardRef } from '../../src/core/card-ref';
import { silentLogger } from '../../src/core/logger';
import type { ActionRecord } from '../../src/core/model';
import { openRequestReply } from '../../src/core/open-request-here';
import { Cards } from './support/memory-cards';
import {
  ADMIN,
  inMemoryCore,
  MemoryGateway,
  partners,
  READER,
  SECOND_ADMIN,
  TENANT,
  type Core,
} from './support/in-memory-ports';

const CHANNEL = '19:helpdesk@thread.tacv2;messageid=1';
const LEE_CHAT = 'a:lee';
const cardIn = (conversationId: string, activityId: string): CardRef => ({
  activityId,
  serviceUrl: 'https://smba.example/',
  channelId: 'msteams',
  conversationId,
  tenantId: TENANT,
  botId: '28:bot',
  locale: 'en-US',
});

describe('an open request asked for again elsewhere (plain confirmation)', () => {
  let core: Core;
  let cards: Cards;
  beforeEach(async () => {
    cards = new Cards();
    core = await inMemoryCore({}, { cards: { cards, publisher: cards } });
  });
  afterEach(() => core.close());

  const disconnect = (who: string, conversationId: string, kind: 'channel' | 'personal') =>
    core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, core.as(who, { conversationId, kind }));

  async function askInChannel(): Promise<ActionRecord> {
    const reply = await disconnect(ADMIN, CHANNEL, 'channel');
    if (reply.type !== 'confirm') throw new Error(reply.type);
    await core.service.cardPosted(reply, cardIn(CHANNEL, 'card-channel'));
    return reply.operation;
  }

  it('an admin elsewhere gets the request with its buttons (a copy); the earlier card says who continued it where', async () => {
    const op = await askInChannel();
    const elsewhere = await disconnect(SECOND_ADMIN, LEE_CHAT, 'personal');
    expect(elsewhere).toMatchObject({ type: 'confirm', copy: true, operation: { id: op.id } });
    expect(cards.updated.map((u) => [u.card.activityId, u.reply])).toEqual([
      [
        'card-channel',
        expect.objectContaining({
          type: 'confirm',
          continued: { by: { id: SECOND_ADMIN, name: SECOND_ADMIN }, at: expect.any(String), where: 'personal' },
        }),
      ],
    ]);
    if (elsewhere.type !== 'confirm') throw new Error(elsewhere.type);
    await core.service.cardPosted(elsewhere, cardIn(LEE_CHAT, 'card-lee'));
    expect(cards.own.get(op.id)?.activityId).toBe('card-channel'); // the request's own card stays where it was asked
    // Asked again where its card is: "already waiting" (its card is right there).
    expect(await disconnect(ADMIN, CHANNEL, 'channel')).toMatchObject({ type: 'operationOpen', here: true });
  });

  it('a click on the copy acts once and replaces the earlier card; a click on the earlier card then says already done', async () => {
    const op = await askInChannel();
    const elsewhere = await disconnect(SECOND_ADMIN, LEE_CHAT, 'personal');
    if (elsewhere.type !== 'confirm') throw new Error(elsewhere.type);
    await core.service.cardPosted(elsewhere, cardIn(LEE_CHAT, 'card-lee'));
    cards.updated.length = 0;
    const done = await core.service.confirm(op.id, core.as(SECOND_ADMIN, { conversationId: LEE_CHAT }));
    expect(done).toMatchObject({
      audience: 'everyone',
      reply: { type: 'operation', operation: { state: 'succeeded' } },
    });
    expect(
      cards.updated.map((u) => [u.card.activityId, u.reply.type === 'operation' && u.reply.operation.state]),
    ).toEqual([['card-channel', 'succeeded']]);
    const late = await core.service.confirm(op.id, core.as(ADMIN, { conversationId: CHANNEL, kind: 'channel' }));
    expect(late).toMatchObject({ reply: { type: 'operation', alreadyDecided: true } });
    expect(core.gateway.calls.filter((c) => c.startsWith('disconnect'))).toHaveLength(1);
  });

  it('Cancel on the copy cancels it everywhere', async () => {
    const op = await askInChannel();
    const elsewhere = await disconnect(SECOND_ADMIN, LEE_CHAT, 'personal');
    if (elsewhere.type !== 'confirm') throw new Error(elsewhere.type);
    await core.service.cardPosted(elsewhere, cardIn(LEE_CHAT, 'card-lee'));
    cards.updated.length = 0;
    await core.service.cancel(op.id, core.as(SECOND_ADMIN, { conversationId: LEE_CHAT }));
    expect(
      cards.updated.map((u) => [u.card.activityId, u.reply.type === 'operation' && u.reply.operation.state]),
    ).toEqual([['card-channel', 'cancelled']]);
  });

  it('a running operation still answers "in progress", with no buttons', async () => {
    const op = await askInChannel();
    await core.store.operations.transition(op.id, ['pending'], 'running', { executor: { id: ADMIN, name: ADMIN } });
    expect(await disconnect(SECOND_ADMIN, LEE_CHAT, 'personal')).toMatchObject({
      type: 'operationOpen',
      here: false,
      operation: { state: 'running' },
    });
    expect(cards.updated).toEqual([]);
  });

  it('somebody who may not act keeps "already waiting" (no buttons that would be refused), and no card changes', async () => {
    const op = await askInChannel();
    const authorizer = new Authorizer(
      {
        allowedTenantIds: [TENANT],
        adminUserIds: [ADMIN],
        adminGroupIds: [],
        readerUserIds: [READER],
        readerGroupIds: [],
        groupCacheSeconds: 300,
      },
      new MemoryGateway(partners()),
      core.clock,
    );
    const d = { authorizer, cards: { cards, publisher: cards }, clock: core.clock, log: silentLogger };
    const reply = await openRequestReply(d, op, core.as(READER, { conversationId: LEE_CHAT }), partners()[0]);
    expect(reply).toMatchObject({ type: 'operationOpen', here: false, operation: { id: op.id } });
    expect(cards.updated).toEqual([]);
  });
});
