/**
 * `npm start` (`node dist/start.js` after the build): local mode with no BOT_ID, the production entry with it.
 * It decides before loading either, so the bot against Azure never loads local mode or the simulated tenant.
 * App Service does not come through here: it runs the production entry, dist/index.js, directly.
 */
import { isLocalMode } from './lifecycle';

/* eslint-disable @typescript-eslint/no-require-imports */
if (isLocalMode(process.env)) require('./local/main');
else require('./index');
