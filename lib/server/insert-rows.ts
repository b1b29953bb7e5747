import type { Tx } from "./tx";

const MAX_PARAMS_PER_STATEMENT = 30_000; // under SQLite's 32,766 and PostgreSQL's 65,535

type Value = string | number | boolean | null;

/**
 * Multi-row INSERT for bulk rows where Prisma's createMany costs more than the database does (tens of
 * thousands of turns per batch). Goes through the tagged-template form of $executeRaw, so Prisma
 * writes the placeholder style of the active engine and every value stays a bound parameter.
 * `table`, `columns` and `onConflict` (a clause both engines accept, e.g. `ON CONFLICT (...) DO UPDATE ...`)
 * must be code constants, never input.
 */
export async function insertRows(
  tx: Tx,
  table: string,
  columns: readonly string[],
  rows: readonly Value[][],
  onConflict = "",
): Promise<void> {
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMS_PER_STATEMENT / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (`;
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const strings: string[] = [];
    const values: Value[] = [];
    chunk.forEach((row, r) => {
      row.forEach((value, c) => {
        strings.push(c > 0 ? ", " : r === 0 ? head : "), (");
        values.push(value);
      });
    });
    strings.push(onConflict ? `) ${onConflict}` : ")");
    await tx.$executeRaw(Object.assign(strings, { raw: strings }) as unknown as TemplateStringsArray, ...values);
  }
}
