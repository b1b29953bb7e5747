"use client";

import { useCallback, useEffect, useState } from "react";

const STORAGE_KEY = "spikewatch:api-token";

/** The API token for writes, remembered in this browser's localStorage (never sent anywhere but our API). */
export function useApiToken(): {
  token: string;
  setToken: (token: string) => void;
  forget: () => void;
  isRemembered: boolean;
} {
  const [token, setTokenState] = useState("");
  const [isRemembered, setIsRemembered] = useState(false);

  useEffect(() => {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored) {
      setTokenState(stored);
      setIsRemembered(true);
    }
  }, []);

  const setToken = useCallback((next: string) => {
    setTokenState(next);
    if (next.trim() === "") window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, next.trim());
    setIsRemembered(next.trim() !== "");
  }, []);

  const forget = useCallback(() => setToken(""), [setToken]);
  return { token, setToken, forget, isRemembered };
}
