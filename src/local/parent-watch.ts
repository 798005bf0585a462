/**
 * Local mode ends when whatever started it ends. `npm start` runs node under `sh -c`: a SIGTERM to npm is
 * forwarded to that shell, which dies without passing it on, and node would live on as an orphan (with the
 * playground). So local mode watches its parent: once it is gone (we are re-parented), it stops cleanly.
 * Works the same on every OS and launcher; a no-op when started directly by init (ppid 1).
 */
export function onParentExit(callback: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      callback();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
