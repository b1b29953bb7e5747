import type { ComponentPropsWithoutRef } from "react";

/**
 * Table primitives with the house look; every element passes its other props (data-*, aria-*) through.
 * The scroll box is positioned so absolutely placed descendants (screen-reader text) scroll and clip
 * with the table instead of widening the page.
 */
export function Table({ className = "", ...rest }: ComponentPropsWithoutRef<"table">) {
  return (
    <div className="relative overflow-x-auto">
      <table {...rest} className={`w-full border-collapse text-left text-sm ${className}`} />
    </div>
  );
}

export function Th({ className = "", ...rest }: ComponentPropsWithoutRef<"th">) {
  return (
    <th
      scope="col"
      {...rest}
      className={`border-b border-zinc-200 px-3 py-2 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400 ${className}`}
    />
  );
}

export function Tr({ className = "", ...rest }: ComponentPropsWithoutRef<"tr">) {
  return (
    <tr
      {...rest}
      className={`border-b border-zinc-100 last:border-0 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40 ${className}`}
    />
  );
}

export function Td({ className = "", ...rest }: ComponentPropsWithoutRef<"td">) {
  return <td {...rest} className={`px-3 py-2 align-middle ${className}`} />;
}
