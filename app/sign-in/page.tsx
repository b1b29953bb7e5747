import { safeReturnPath } from "@/lib/server/auth/read-session";
import { getConfig } from "@/lib/server/context";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ next?: string | string[]; failed?: string | string[] }> };

// `/sign-in?next=`: the read token (or a write token) in, an httpOnly cookie out; a plain form, no script needed.
export default async function SignInPage({ searchParams }: Props) {
  const { next, failed } = await searchParams;
  const returnTo = safeReturnPath(typeof next === "string" ? next : undefined);
  if (!getConfig().readToken) {
    return (
      <div className="mx-auto mt-12 max-w-sm space-y-3 rounded-lg border border-zinc-200 bg-white p-6 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-semibold">No sign-in needed</h1>
        <p className="text-zinc-600 dark:text-zinc-400">
          This Spikewatch has no read token (<code className="font-mono">SPIKEWATCH_READ_TOKEN</code>), so its pages are
          open to anyone who can reach it.
        </p>
        <a
          className="inline-block rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
          href={returnTo}
        >
          Continue
        </a>
      </div>
    );
  }
  return (
    <form
      method="post"
      action="/api/sign-in"
      className="mx-auto mt-12 max-w-sm space-y-4 rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h1 className="text-lg font-semibold">Sign in</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        This Spikewatch needs its read token (or an API token) to show runs.
      </p>
      {failed ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          That token was not accepted.
        </p>
      ) : null}
      <input type="hidden" name="next" value={returnTo} />
      <label className="block text-sm font-medium">
        Token
        <input
          name="token"
          type="password"
          required
          autoComplete="current-password"
          spellCheck={false}
          className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
      </label>
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        Sign in
      </button>
    </form>
  );
}
