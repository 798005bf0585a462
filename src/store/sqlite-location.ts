/**
 * Where the embedded store may live. SQLite's locks and its WAL index (a shared-memory file) need a local
 * disk; on a network share they fail or lock up ("database is locked"), or worse, corrupt the file. Azure
 * App Service for Linux mounts /home from an SMB share. So before opening SQLite the store looks at the
 * folder: on App Service under /home, or on a network filesystem anywhere, it refuses with one sentence
 * that names DATABASE_URL (the PostgreSQL alternative). Never consulted when DATABASE_URL is set.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What the check needs to know about the machine: injectable, so tests can play any filesystem. */
export interface FilesystemProbe {
  /** The `f_type` that statfs(2) reports for the filesystem holding `dir` (Linux magic numbers). */
  filesystemType(dir: string): number | bigint;
  /** True on Azure App Service (it sets WEBSITE_INSTANCE_ID in every instance). */
  onAppService(): boolean;
}

export const hostFilesystem: FilesystemProbe = {
  filesystemType: (dir) => fs.statfsSync(dir).type,
  onAppService: () => Boolean(process.env.WEBSITE_INSTANCE_ID?.trim()),
};

/**
 * Network filesystems by statfs f_type, as defined in Linux's include/uapi/linux/magic.h (the same values
 * are in /usr/include/linux/magic.h). FUSE (0x65735546) is left out: it is local as often as not.
 */
export const NETWORK_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'], // NFS_SUPER_MAGIC
  [0x517b, 'SMB'], // SMB_SUPER_MAGIC
  [0xff534d42, 'CIFS/SMB'], // CIFS_SUPER_MAGIC ("the first four bytes of SMB PDUs")
  [0xfe534d42, 'SMB2/SMB3'], // SMB2_SUPER_MAGIC
  [0x5346414f, 'AFS'], // AFS_SUPER_MAGIC
  [0x6b414653, 'AFS'], // AFS_FS_MAGIC (kAFS)
  [0x73757245, 'Coda'], // CODA_SUPER_MAGIC
  [0x01021997, '9P'], // V9FS_MAGIC (e.g. WSL's /mnt/c)
  [0x00c36400, 'CephFS'], // CEPH_SUPER_MAGIC
]);

const FIX = 'Set DATABASE_URL to a PostgreSQL database (postgres://user:password@host:5432/db?sslmode=verify-full)';

/**
 * Why SQLite must not be opened in `dir`, or undefined when it may. Creates `dir` (so that statfs sees the
 * filesystem the file will be on); a folder that cannot be created or probed is left to the open to report.
 */
export function sqliteFolderRefusal(dir: string, probe: FilesystemProbe = hostFilesystem): string | undefined {
  const folder = path.resolve(dir);
  if (probe.onAppService() && (folder === '/home' || folder.startsWith('/home/'))) {
    return (
      `The data folder ${folder} is under /home, which Azure App Service mounts from a network share (SMB): ` +
      `SQLite locks up or loses data there. ${FIX}; \`teamsapp provision\` creates one and sets it (docs/deploy.md).`
    );
  }
  let type: number;
  try {
    fs.mkdirSync(folder, { recursive: true });
    // statfs reports f_type as a signed long on some platforms: compare as unsigned 32-bit.
    type = Number(BigInt.asUintN(32, BigInt(probe.filesystemType(folder))));
  } catch {
    return undefined;
  }
  const name = NETWORK_FILESYSTEMS.get(type);
  if (!name) return undefined;
  return (
    `The data folder ${folder} is on a network filesystem (${name}, statfs type 0x${type.toString(16)}): ` +
    `SQLite locks up or loses data there. ${FIX}, or point DATA_DIR at a local disk.`
  );
}
