"use client";

import { useEffect } from "react";
import { useApiToken } from "./use-api-token";

/** The API token writes need; kept in this browser's localStorage so it is typed once. */
export function ApiTokenField({ onChange }: { onChange: (token: string) => void }) {
  const { token, setToken, forget, isRemembered } = useApiToken();
  useEffect(() => onChange(token), [token, onChange]);
  return (
    <div className="text-xs text-zinc-600 dark:text-zinc-400">
      <label className="block font-medium">
        API token
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="Bearer token for writes"
          className="mt-1 block w-64 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        />
      </label>
      <p className="mt-1 max-w-64">
        {isRemembered
          ? "Remembered in this browser (localStorage). "
          : "Writes need it; once typed it is remembered in this browser (localStorage). "}
        {isRemembered ? (
          <button type="button" onClick={forget} className="underline underline-offset-2">
            Forget it
          </button>
        ) : null}
      </p>
    </div>
  );
}
