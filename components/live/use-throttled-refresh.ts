"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

/**
 * Returns a function that re-renders the page's server components (router.refresh), at most once per
 * `intervalMs`: the first request refreshes at once, requests inside the interval collapse into one
 * trailing refresh, so a burst of ingest events costs one round trip instead of dozens.
 */
export function useThrottledRefresh(intervalMs: number): () => void {
  const router = useRouter();
  const lastRefreshAt = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  return useCallback(() => {
    if (pending.current) return;
    const wait = Math.max(0, lastRefreshAt.current + intervalMs - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      lastRefreshAt.current = Date.now();
      router.refresh();
    }, wait);
  }, [router, intervalMs]);
}
