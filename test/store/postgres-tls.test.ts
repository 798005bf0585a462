/**
 * TLS to PostgreSQL as the store opens DATABASE_URL (pg 8 Pool with `connectionString`), against a stand-in
 * server on loopback that speaks the first steps of the PostgreSQL protocol: it answers the client's
 * SSLRequest with 'S', upgrades to TLS with a self-signed certificate, reads the StartupMessage and ends
 * the session with an ErrorResponse naming what it saw. So each test shows what really went over the wire.
 *
 * The provisioned URL asks `sslmode=verify-full` (infra/azure.bicep). Microsoft's guidance for Azure
 * Database for PostgreSQL recommends full verification and lists the roots its server certificates chain
 * to: DigiCert Global Root G2 and Microsoft RSA Root CA 2017 (MicrosoftDocs/azure-databases-docs,
 * articles/postgresql/security/security-tls.md, "Recommended configurations for TLS"). Node bundles both,
 * so no CA file is needed in the cloud; here the stand-in's own certificate is given with `sslrootcert`.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls, { rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { openStore, StoreError } from '../../src/store';
import { createTlsIdentity, type TlsIdentity } from '../../src/simulator/tls';

const SSL_REQUEST_CODE = 80877103; // PostgreSQL protocol: SSLRequest (Int32 length 8, Int32 80877103)

interface Session {
  sslRequested: boolean;
  tls: boolean;
  startupUser?: string;
}

/** An ErrorResponse: severity FATAL, SQLSTATE 28000, message. */
function errorResponse(message: string): Buffer {
  const fields = Buffer.concat([
    Buffer.from('SFATAL\0VFATAL\0C28000\0', 'utf8'),
    Buffer.from(`M${message}\0`, 'utf8'),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E', 0, 'ascii');
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/** The user named in a StartupMessage (Int32 length, Int32 protocol 3.0, then name\0value\0 pairs). */
function startupUser(msg: Buffer): string | undefined {
  const pairs = msg.subarray(8).toString('utf8').split('\0');
  const i = pairs.indexOf('user');
  return i >= 0 ? pairs[i + 1] : undefined;
}

async function standIn(identity: TlsIdentity): Promise<{ port: number; sessions: Session[]; close(): Promise<void> }> {
  const sessions: Session[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    const session: Session = { sslRequested: false, tls: false };
    sessions.push(session);
    raw.once('data', (first) => {
      if (first.length >= 8 && first.readInt32BE(4) === SSL_REQUEST_CODE) {
        session.sslRequested = true;
        raw.write('S');
        const secure = new tls.TLSSocket(raw, { isServer: true, key: identity.key, cert: identity.cert });
        secure.on('error', () => undefined); // the client refusing our certificate ends up here
        secure.once('secure', () => (session.tls = true));
        secure.once('data', (startup) => {
          session.startupUser = startupUser(startup);
          secure.end(errorResponse('stand-in: startup received over TLS'));
        });
      } else {
        session.startupUser = startupUser(first);
        raw.end(errorResponse('stand-in: startup received in plain text'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('DATABASE_URL and TLS (pg 8, as the store opens it)', () => {
  let identity: TlsIdentity;
  let server: Awaited<ReturnType<typeof standIn>>;
  let dir: string;
  let caFile: string;
  const url = (query: string) => `postgresql://intunebot:s3cret-pw@127.0.0.1:${server.port}/intunebot${query}`;
  // Every URL here must fail to open (the stand-in never completes a session): the error is what is checked.
  const open = (databaseUrl: string): Promise<StoreError> =>
    openStore({ databaseUrl }).then(
      async (store) => (await store.close(), Promise.reject(new Error('opened: the stand-in cannot do that'))),
      (e: unknown) => e as StoreError,
    );

  beforeAll(async () => {
    identity = await createTlsIdentity();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-tls-'));
    caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, identity.cert);
  });
  beforeEach(async () => {
    server = await standIn(identity);
  });
  afterEach(() => server.close());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sslmode=verify-full: TLS, and a certificate no trusted root vouches for is refused before the password is sent', async () => {
    const err = await open(url('?sslmode=verify-full'));
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({
      kind: 'store.unavailable',
      message: expect.stringMatching(/self[- ]signed certificate/),
    });
    expect(err.message).not.toContain('s3cret-pw');
    expect(server.sessions[0].sslRequested).toBe(true);
    expect(server.sessions[0].startupUser).toBeUndefined(); // no StartupMessage, so no password exchange
  });

  it("sslmode=verify-full with the server's root trusted: the session is encrypted end to end", async () => {
    const err = await open(url(`?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}`));
    expect(err).toMatchObject({
      kind: 'store.unavailable',
      message: expect.stringContaining('stand-in: startup received over TLS'),
    });
    expect(server.sessions[0]).toEqual({ sslRequested: true, tls: true, startupUser: 'intunebot' });
  });

  it('sslmode=require (what Azure portal strings say) verifies too in pg 8, with a warning that pg 9 will not', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const err = await open(url('?sslmode=require'));
      expect(err).toMatchObject({
        kind: 'store.unavailable',
        message: expect.stringMatching(/self[- ]signed certificate/),
      });
      expect(String(emitWarning.mock.calls[0]?.[0])).toContain(
        "The SSL modes 'prefer', 'require', and 'verify-ca' are treated as aliases for 'verify-full'",
      );
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('without sslmode the client speaks plain text (the local default; Azure would refuse it)', async () => {
    const err = await open(url(''));
    expect(err).toMatchObject({ message: expect.stringContaining('stand-in: startup received in plain text') });
    expect(server.sessions[0]).toMatchObject({ sslRequested: false, startupUser: 'intunebot' });
  });

  it('Node bundles the roots Azure Database for PostgreSQL chains to, so the cloud needs no CA file', () => {
    const names = rootCertificates.map((pem) =>
      new X509Certificate(pem).subject.split('\n').find((l) => l.startsWith('CN=')),
    );
    expect(names).toEqual(
      expect.arrayContaining(['CN=DigiCert Global Root G2', 'CN=Microsoft RSA Root Certificate Authority 2017']),
    );
  });
});
