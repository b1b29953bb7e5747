/** Appends rows one by one: `target.push(...rows)` overflows the call stack past about 100,000 rows. */
export function appendAll<T>(target: T[], rows: readonly T[]): void {
  for (const row of rows) target.push(row);
}
