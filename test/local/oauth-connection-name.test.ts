/**
 * Local mode with a connection name of one's own (OAUTH_CONNECTION_NAME): the simulated token service must know the
 * OAuth connection by the name the bot asks for, or a signed-in user gets no token (GetToken answers 404 for an
 * unknown connection, as the real service does) and every command ends at a sign-in that cannot complete.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/core/logger';
import { localModeEnv, startLocalMode, type LocalMode } from '../../src/local';
import { defaultUsers } from '../../src/simulator';
import { postActivity } from '../support/post-activity';
import { startRecordingConnector, type RecordingConnector } from '../support/recording-connector';
import { cardOf, cardText, TeamsClient } from '../support/teams';

let local: LocalMode | undefined;
let connector: RecordingConnector | undefined;
let dataDir: string;
afterEach(async () => {
  await local?.close();
  await connector?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("OAUTH_CONNECTION_NAME=intune-sso: a signed-in user's `list` is answered with the partners, not a sign-in", async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ra-bot-conn-'));
  const { env } = localModeEnv(
    {
      DATA_DIR: dataDir,
      PORT: '0',
      SIMULATOR_PORT: '0',
      SIMULATOR_TOKEN_SERVICE_PORT: '0',
      LOCAL_PLAYGROUND: 'false',
      OAUTH_CONNECTION_NAME: 'intune-sso',
    },
    undefined,
  );
  const config = loadConfig(env);
  expect(config.bot.oauthConnectionName).toBe('intune-sso');
  local = await startLocalMode({ config, env, log: silentLogger });
  connector = await startRecordingConnector();
  const alex = defaultUsers()[0];
  const teams = new TeamsClient({ serviceUrl: connector.url, botId: local.sim.botId });
  const user = { id: alex.channelUserId, aadObjectId: alex.aadObjectId, tenantId: alex.tenantId, name: alex.name };
  const res = await postActivity(local.botEndpoint, teams.message(user, 'list'));
  expect(res.status).toBe(200);
  const answers = connector.messages();
  expect(answers).toHaveLength(1);
  expect(answers[0].activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardText(cardOf(answers[0].activity))).toContain('TeamViewer Connector');
});
