/**
 * App Service's managed identity endpoint, standing in for the platform: what @azure/identity's
 * ManagedIdentityCredential (MSAL's AppService source) calls when IDENTITY_ENDPOINT and IDENTITY_HEADER are set.
 * Contract (learn.microsoft.com/azure/app-service/overview-managed-identity, "REST endpoint reference"):
 * GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=...&client_id=... with the header X-IDENTITY-HEADER;
 * answer {access_token, expires_on (epoch seconds), resource, token_type, client_id}.
 * For `api://AzureADTokenExchange` it answers with the simulator's federated assertion (Simulator.issueClientAssertion):
 * the token the app registration's federated identity credential trusts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ManagedIdentityEndpoint {
  /** IDENTITY_ENDPOINT and IDENTITY_HEADER, to put into process.env before the first ManagedIdentityCredential. */
  env: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** Each request: the client id and resource asked for, and whether the header was right. */
  requests: Array<{ clientId: string | null; resource: string | null; headerOk: boolean }>;
  close(): Promise<void>;
}

/** `issue`: the token to hand out for api://AzureADTokenExchange (e.g. () => sim.issueClientAssertion()), asked per request. */
export async function startManagedIdentityEndpoint(
  issue: () => string,
  clientId: string,
): Promise<ManagedIdentityEndpoint> {
  const header = 'fake-identity-header';
  const requests: ManagedIdentityEndpoint['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry = {
      clientId: url.searchParams.get('client_id'),
      resource: url.searchParams.get('resource'),
      headerOk: req.headers['x-identity-header'] === header,
    };
    requests.push(entry);
    const known = entry.headerOk && entry.clientId === clientId && entry.resource === 'api://AzureADTokenExchange';
    res.writeHead(known ? 200 : 400, { 'content-type': 'application/json' });
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    res.end(
      JSON.stringify(
        known
          ? {
              access_token: issue(),
              expires_on: String(expiresOn),
              resource: entry.resource,
              token_type: 'Bearer',
              client_id: clientId,
            }
          : { statusCode: 400, message: 'unknown identity' },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: header },
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
