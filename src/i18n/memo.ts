/**
 * Memos for the pure helpers every card calls (resolveLocale, formatWhen): the benchmark's profile showed
 * `Intl.Locale` and the date formatting of each status card as a tenth of rendering it. A memo holds at most
 * `limit` answers and forgets them all when full (the keys are few: locales, partners' timestamps, time zones);
 * a key longer than `maxKeyLength` is not kept (it is computed each time), so odd input cannot fill memory.
 */
export function memo<V>(limit: number, maxKeyLength: number): (key: string, compute: () => V) => V {
  const answers = new Map<string, V>();
  return (key, compute) => {
    if (key.length > maxKeyLength) return compute();
    const hit = answers.get(key);
    if (hit !== undefined || answers.has(key)) return hit as V;
    const value = compute();
    if (answers.size >= limit) answers.clear();
    answers.set(key, value);
    return value;
  };
}
