import type { Db } from "../db";

/** SQL text with bound values; built by `sql` and nestable, so fragments compose without string-pasting input. */
export type SqlFragment = { strings: readonly string[]; values: readonly unknown[] };

/** A tagged template whose values are bound parameters, except nested fragments, which are spliced in. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const outStrings = [strings[0]!];
  const outValues: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      outStrings[outStrings.length - 1] += value.strings[0]!;
      outValues.push(...value.values);
      outStrings.push(...value.strings.slice(1));
      outStrings[outStrings.length - 1] += strings[i + 1]!;
    } else {
      outValues.push(value);
      outStrings.push(strings[i + 1]!);
    }
  });
  return { strings: outStrings, values: outValues };
}

/** Runs a fragment through Prisma's tagged-template $queryRaw, so each engine gets its own placeholders. */
export function queryFragment<T>(db: Db, fragment: SqlFragment): Promise<T[]> {
  const strings = Object.assign([...fragment.strings], { raw: [...fragment.strings] });
  return db.$queryRaw<T[]>(strings as unknown as TemplateStringsArray, ...fragment.values);
}

function isFragment(value: unknown): value is SqlFragment {
  return typeof value === "object" && value !== null && "strings" in value && "values" in value;
}

/** Code-constant SQL text (identifiers, keywords); never input. */
export function raw(text: string): SqlFragment {
  return { strings: [text], values: [] };
}

/** Fragments joined by a constant separator. */
export function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  const strings = ["", ...fragments.map((_, i) => (i < fragments.length - 1 ? separator : ""))];
  return sql(Object.assign(strings, { raw: strings }) as unknown as TemplateStringsArray, ...fragments);
}
