/**
 * A bounded-parallel map: at most `limit` of the items' work at once, the results in the items' order. The fleet
 * (core/fleet.ts), the fleet reads (core/fleet-status.ts) and `customers` each ask many customer tenants; one copy
 * of the loop keeps their bound the same.
 */

/** Runs `work` over `items` with at most `limit` at once (at least one); resolves to the results in the items' order. */
export async function bounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
