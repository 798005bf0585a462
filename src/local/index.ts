/**
 * Local mode: `npm start` with no BOT_ID. The simulated tenant, the bot (same wiring as production) and the
 * Microsoft 365 Agents Playground, in one process tree; `npm run sim` to look at and break the tenant.
 * Defaults and the simulator wiring live in ../local-mode.ts (the tests use them too).
 */
export { isLocalMode, localModeEnv, LOCAL_ENV_FILE, readLocalOptions, type LocalOptions } from './local-env';
export { readyLine, startLocalMode, type LocalMode, type LocalModeOptions } from './launcher';
export { parseFaultSpec, type FaultsBody } from './fault-spec';
export { onParentExit } from './parent-watch';
