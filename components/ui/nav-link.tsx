"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * A header link that marks itself current (aria-current) on its own section of the app: when the
 * path equals `href` or starts with one of `sectionPrefixes` (e.g. "/runs/" for the Runs section).
 */
export function NavLink({
  href,
  sectionPrefixes = [],
  children,
}: {
  href: string;
  sectionPrefixes?: string[];
  children: ReactNode;
}) {
  const pathname = usePathname();
  const isCurrent = pathname === href || sectionPrefixes.some((prefix) => pathname.startsWith(prefix));
  return (
    <Link
      href={href}
      aria-current={isCurrent ? "page" : undefined}
      className="rounded px-2 py-1 text-sm text-zinc-600 hover:text-zinc-900 aria-[current=page]:font-semibold aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:aria-[current=page]:text-zinc-100"
    >
      {children}
    </Link>
  );
}
