/**
 * Local mode: no Azure. The built-in simulated tenant stands in for Entra, Graph and the Bot Framework token
 * service; the bot runs the SAME code path against it (real OnBehalfOfCredential, real Graph client) -
 * only the URLs, the trusted CA and the credentials differ. Nothing in core/ knows about it.
 */
import type { Config } from '../config';
import type { Simulator } from '../simulator';
import {
  DEFAULT_ADMIN_GROUP_ID,
  DEFAULT_TENANT_ID,
  MSP_TECHNICIANS_GROUP_ID,
  defaultCustomers,
  defaultUsers,
} from '../simulator';

/**
 * Who may do what in local mode, unless the environment says otherwise: the simulated tenant, and its
 * admin group (Alex Wilber, the Agents Playground's user, and Megan Bowen are members; Adele Vance is not).
 */
export function localModeDefaults(): Record<string, string> {
  const alex = defaultUsers()[0];
  return {
    ALLOWED_TENANT_IDS: DEFAULT_TENANT_ID,
    ADMIN_USER_IDS: alex.aadObjectId,
    ADMIN_GROUP_IDS: DEFAULT_ADMIN_GROUP_ID,
    ADMIN_CONTACT: 'the Intune team (local mode: see env/local-mode.env)',
    CUSTOMERS: JSON.stringify(localCustomers()),
  };
}

/**
 * The simulated MSP world's customers (contoso, fabrikam, northwind) and a group `eu`, the simulated technicians'
 * group acting in each: `npm start` serves them (CUSTOMERS, config-customers.ts).
 */
export function localCustomers(): { customers: object[]; groups: Record<string, string[]> } {
  const customers = defaultCustomers().map((c) => ({
    name: c.name,
    tenantId: c.tenantId,
    displayName: c.displayName,
    technicians: [MSP_TECHNICIANS_GROUP_ID],
  }));
  return { customers, groups: { eu: ['contoso', 'fabrikam'] } };
}

/**
 * Local mode's telemetry: unless the environment chose an exporter (or turned it off), OTLP to the simulator's
 * receiver, so that `npm run sim -- traces` shows the last turns. Spans leave within the batch processor's 5 s.
 */
export function telemetryToSimulator(config: Config, env: Record<string, string | undefined>, sim: Simulator): Config {
  const chosen = ['APPLICATIONINSIGHTS_CONNECTION_STRING', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SDK_DISABLED'].some(
    (k) => (env[k] ?? '').trim(),
  );
  if (chosen) return config;
  return { ...config, telemetry: { ...config.telemetry, exporter: 'otlp', otlpEndpoint: sim.tokenServiceUrl } };
}

/** The config pointed at a running simulator: its URLs, its CA, its bot app id and secret; inbound auth off. */
export function withSimulator(config: Config, sim: Simulator): Config {
  return {
    ...config,
    mode: 'local',
    bot: {
      ...config.bot,
      id: sim.botId,
      inboundAuth: false,
      type: 'SingleTenant',
      tenantId: sim.tenantId,
      password: sim.clientSecret,
      certificatePem: undefined,
      managedIdentityClientId: undefined,
      tokenServiceUrl: sim.tokenServiceUrl,
    },
    entra: { ...config.entra, authorityHost: sim.authorityHost },
    graph: { ...config.graph, baseUrl: sim.graphBaseUrl },
    trustedCaPem: sim.ca,
  };
}
