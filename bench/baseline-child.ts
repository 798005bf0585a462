/**
 * B, the baseline: the bare stack the bot is built on, doing nothing of its own. restify with the same
 * body parser, a TeamsAdapter with inbound auth off, and a teams-ai Application (no storage, no sign-in)
 * that echoes a message's text back with sendActivity and answers a card click with a one-line card
 * after echoing its verb. Same machine, same recording connector, same activities as the bot.
 */
import restify from 'restify';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, TurnState, type AdaptiveCard } from '@microsoft/teams-ai';
import { serve } from './ipc';
import { processMetrics, type ProcessFigures } from './process-metrics';
import { turnTiming, type TimingFigures } from './turn-timing';

let server: restify.Server | undefined;
const metrics = processMetrics();
// Every outbound request of the baseline goes to the connector.
const timing = turnTiming(() => 'connector');

async function start(): Promise<{ url: string }> {
  const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' });
  const app = new Application<TurnState>({ adapter });
  app.activity(ActivityTypes.Message, async (context: TurnContext) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
  app.adaptiveCards.actionExecute(/.*/, async (context: TurnContext, _state, data): Promise<AdaptiveCard> => {
    const verb = (context.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb ?? '';
    await context.sendActivity(`echo: ${verb}`);
    return {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: `echo: ${verb} ${JSON.stringify(data)}` }],
    } as AdaptiveCard;
  });
  const s = restify.createServer({ name: 'bench-baseline', handleUncaughtExceptions: false });
  s.use(restify.plugins.bodyParser({ maxBodySize: 262144, mapParams: false, mapFiles: false, rejectUnknown: true }));
  s.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  server = s;
  const { port } = s.address() as { port: number };
  return { url: `http://127.0.0.1:${port}` };
}

serve({
  start,
  timing(on: boolean): boolean {
    timing.enable(on);
    return on;
  },
  figures(reset?: boolean): ProcessFigures & { timing: TimingFigures } {
    return { ...metrics.figures(Boolean(reset)), timing: timing.figures(Boolean(reset)) };
  },
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    setImmediate(() => process.exit(0));
  },
});
