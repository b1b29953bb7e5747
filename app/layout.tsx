import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NavLink } from "@/components/ui/nav-link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Spikewatch",
  description: "Collapse diagnostics for multi-step tool-use RL",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a
          href="#main"
          className="sr-only rounded bg-white px-3 py-2 text-sm font-medium text-zinc-900 shadow focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50"
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3 sm:px-6">
            <Link href="/" className="rounded font-semibold tracking-tight">
              Spikewatch
            </Link>
            <nav aria-label="Main">
              <NavLink href="/" sectionPrefixes={["/runs/"]}>
                Runs
              </NavLink>
              <NavLink href="/compare">Compare</NavLink>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
