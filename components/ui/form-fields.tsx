import Link from "next/link";
import type { ReactNode } from "react";

const CONTROL =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** A labelled <select> for GET filter forms; the first option ("any") submits an empty value. */
export function SelectField({
  label,
  name,
  value,
  options,
  anyLabel = "Any",
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly string[];
  anyLabel?: string;
}) {
  return (
    <label className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
      {label}
      <select name={name} defaultValue={value ?? ""} className={CONTROL}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

export function NumberField({
  label,
  name,
  value,
  placeholder,
}: {
  label: string;
  name: string;
  value: number | undefined;
  placeholder?: string;
}) {
  return (
    <label className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
      {label}
      <input
        type="number"
        min={0}
        step={1}
        name={name}
        defaultValue={value}
        placeholder={placeholder}
        className={`${CONTROL} w-28`}
      />
    </label>
  );
}

export function FilterActions({ resetHref, children }: { resetHref: string; children?: ReactNode }) {
  return (
    <div className="flex items-end gap-3">
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        Apply
      </button>
      <Link href={resetHref} className="py-1.5 text-sm underline underline-offset-2">
        Clear
      </Link>
      {children}
    </div>
  );
}
