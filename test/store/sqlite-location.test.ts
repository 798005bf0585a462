/**
 * The embedded store refuses a folder where SQLite cannot work: a network filesystem (statfs f_type from
 * Linux's include/uapi/linux/magic.h), or /home on Azure App Service (an SMB share). The probe is injected,
 * so each filesystem is played here; the real probe is checked on this machine's own disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, StoreError, type FilesystemProbe } from '../../src/store';
import { openDb } from '../../src/store/db';
import { hostFilesystem, NETWORK_FILESYSTEMS, sqliteFolderRefusal } from '../../src/store/sqlite-location';

const EXT4 = 0xef53; // EXT4_SUPER_MAGIC
const CIFS = 0xff534d42; // CIFS_SUPER_MAGIC: what App Service's /home reports when mounted with cifs
const SMB2 = 0xfe534d42; // SMB2_SUPER_MAGIC
const NFS = 0x6969; // NFS_SUPER_MAGIC

/** A probe that answers `type` for every folder and records what it was asked. */
function probe(type: number | bigint, onAppService = false): FilesystemProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    filesystemType: (dir) => (asked.push(dir), type),
    onAppService: () => onAppService,
  };
}

describe('SQLite on a network filesystem', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-location-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['CIFS/SMB', CIFS],
    ['SMB2/SMB3', SMB2],
    ['NFS', NFS],
  ])('is refused on %s with one error that names DATABASE_URL, before any file is created', async (name, type) => {
    const dataDir = path.join(dir, 'data');
    const fsProbe = probe(type);
    const err = await openStore({ dataDir, filesystem: fsProbe }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ kind: 'store.config' });
    const message = (err as Error).message;
    expect(message).toContain(`The data folder ${dataDir} is on a network filesystem (${name}`);
    expect(message).toContain('Set DATABASE_URL to a PostgreSQL database');
    expect(message.split('\n')).toHaveLength(1);
    // The folder was created first, so that statfs saw the filesystem the file would be on; no SQLite file.
    expect(fsProbe.asked).toEqual([dataDir]);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('reads f_type as unsigned, whichever sign statfs gave it', () => {
    // 0xFF534D42 as a signed 32-bit long, and as the bigint of fs.statfsSync(dir, { bigint: true }).
    expect(sqliteFolderRefusal(dir, probe(CIFS - 2 ** 32))).toContain('(CIFS/SMB, statfs type 0xff534d42)');
    expect(sqliteFolderRefusal(dir, probe(BigInt(CIFS)))).toContain('(CIFS/SMB, statfs type 0xff534d42)');
  });

  it('opens on a local filesystem', async () => {
    const fsProbe = probe(EXT4);
    const store = await openStore({ dataDir: dir, filesystem: fsProbe });
    await store.close();
    expect(store.engine).toBe('sqlite');
    expect(fsProbe.asked).toEqual([dir]);
  });

  it('does not look at the filesystem at all when DATABASE_URL is set', async () => {
    const fsProbe = probe(CIFS, true);
    // openDb builds the pool without connecting: nothing to reach here.
    const { db, engine } = openDb({
      databaseUrl: 'postgres://bot@127.0.0.1:1/bot',
      dataDir: '/home/data',
      filesystem: fsProbe,
    });
    await db.destroy();
    expect(engine).toBe('postgres');
    expect(fsProbe.asked).toEqual([]);
  });

  it('does not look at the filesystem for an in-memory database', async () => {
    const fsProbe = probe(CIFS, true);
    const store = await openStore({ sqliteFile: ':memory:', filesystem: fsProbe });
    await store.close();
    expect(fsProbe.asked).toEqual([]);
  });

  it('on App Service, refuses any folder under /home, without creating it', () => {
    const refusal = sqliteFolderRefusal('/home/ra-bot-never-created/data', probe(EXT4, true));
    expect(refusal).toBe(
      'The data folder /home/ra-bot-never-created/data is under /home, which Azure App Service mounts from a network share (SMB): ' +
        'SQLite locks up or loses data there. Set DATABASE_URL to a PostgreSQL database ' +
        '(postgres://user:password@host:5432/db?sslmode=verify-full); `teamsapp provision` creates one and sets it (docs/deploy.md).',
    );
    expect(fs.existsSync('/home/ra-bot-never-created')).toBe(false);
    expect(sqliteFolderRefusal('/home', probe(EXT4, true))).toContain('is under /home');
  });

  it('on App Service, accepts a local folder outside /home, and /home lookalikes', () => {
    expect(sqliteFolderRefusal(path.join(dir, 'data'), probe(EXT4, true))).toBeUndefined();
    expect(sqliteFolderRefusal(path.join(dir, 'home'), probe(EXT4, true))).toBeUndefined();
  });

  it('off App Service, /home is judged by its filesystem only', () => {
    // A developer's own /home/<user>/project/data on a local disk is fine.
    expect(sqliteFolderRefusal(path.join(dir, 'data'), probe(EXT4, false))).toBeUndefined();
  });

  it('leaves a folder it cannot create to the open, which names the file', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    await expect(openStore({ dataDir: blocker, filesystem: probe(EXT4) })).rejects.toMatchObject({
      kind: 'store.unavailable',
    });
  });

  it("the real probe: this machine's temp folder is not on a network filesystem, and WEBSITE_INSTANCE_ID decides App Service", () => {
    const type = Number(BigInt.asUintN(32, BigInt(hostFilesystem.filesystemType(dir))));
    expect(NETWORK_FILESYSTEMS.has(type)).toBe(false);
    expect(sqliteFolderRefusal(dir)).toBeUndefined();
    const saved = process.env.WEBSITE_INSTANCE_ID;
    try {
      delete process.env.WEBSITE_INSTANCE_ID;
      expect(hostFilesystem.onAppService()).toBe(false);
      process.env.WEBSITE_INSTANCE_ID = '4f1a0b2c3d';
      expect(hostFilesystem.onAppService()).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.WEBSITE_INSTANCE_ID;
      else process.env.WEBSITE_INSTANCE_ID = saved;
    }
  });

  it('knows the network filesystems by the values of linux/magic.h', () => {
    expect([...NETWORK_FILESYSTEMS.keys()].map((k) => `0x${k.toString(16)}`)).toEqual([
      '0x6969',
      '0x517b',
      '0xff534d42',
      '0xfe534d42',
      '0x5346414f',
      '0x6b414653',
      '0x73757245',
      '0x1021997',
      '0xc36400',
    ]);
    // Where the machine has the kernel's header, the values are checked against it.
    const header = '/usr/include/linux/magic.h';
    if (!fs.existsSync(header)) return;
    const text = fs.readFileSync(header, 'utf8');
    for (const name of [
      'NFS_SUPER_MAGIC',
      'SMB_SUPER_MAGIC',
      'CIFS_SUPER_MAGIC',
      'SMB2_SUPER_MAGIC',
      'AFS_SUPER_MAGIC',
      'AFS_FS_MAGIC',
      'CODA_SUPER_MAGIC',
      'V9FS_MAGIC',
      'CEPH_SUPER_MAGIC',
    ]) {
      const m = new RegExp(`#define\\s+${name}\\s+(0x[0-9a-fA-F]+)`).exec(text);
      expect(m).not.toBeNull();
      expect(NETWORK_FILESYSTEMS.has(Number(m![1]))).toBe(true);
    }
  });
});
