export type ConsoleMetrics = {
  step: number;
  /** every key:value whose value is a number; NaN and ±Infinity included */
  points: { key: string; value: number }[];
  /** keys whose value is not a number verl could print */
  unreadable: string[];
};

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
// "step:<N> - " not inside a longer word or path: Ray prefixes "(TaskRunner pid=1) ", tqdm leaves "...it]"
// without a newline, and keys such as "timing_s/step:1.2" or "global_step:9" must not match.
const STEP = /(?:^|[^\w/.-])step:(\d+) - /;
// numpy >= 2 scalars print through pprint as "np.float64(0.5)"; torch as "tensor(0.5)" never reach the logger.
const NUMPY_SCALAR = /^np\.\w+\((.*)\)$/;
const NUMBER = /^[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?)$/i;
const NAMED: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  "+inf": Number.POSITIVE_INFINITY,
  "-inf": Number.NEGATIVE_INFINITY,
  true: 1,
  false: 0,
};
const MAX_KEY_CHARS = 200;

/**
 * The metrics of one line of verl's console logger, or null when the line has none. verl's
 * LocalLogger prints `concat_dict_to_str(data, step)` (verl/utils/logger/aggregate_logger.py):
 * `step:<N>` then ` - <key>:<value>` for every numeric metric, values formatted `{v:.3f}` in older
 * releases and `pprint.pformat(v)` in newer ones (`0.123456`, `1e-06`, `nan`, `inf`, `True`, and
 * `np.float64(0.5)` under numpy 2). The step marker may follow other text (Ray's
 * `(TaskRunner pid=N)` prefix, a tqdm bar without a newline, ANSI colours); `key:value` is split at
 * the last `:`. Values read as numbers, NaN and ±Infinity included; anything else, and keys over 200
 * characters, are listed as `unreadable`.
 */
export function parseVerlConsoleLine(line: string): ConsoleMetrics | null {
  const text = line.replace(ANSI, "");
  const marker = STEP.exec(text);
  if (!marker) return null;
  const step = Number(marker[1]);
  if (!Number.isSafeInteger(step)) return null;
  const points: ConsoleMetrics["points"] = [];
  const unreadable: string[] = [];
  for (const pair of text
    .slice(marker.index + marker[0].length)
    .trimEnd()
    .split(" - ")) {
    const colon = pair.lastIndexOf(":");
    if (colon <= 0) continue;
    const key = pair.slice(0, colon).trim();
    const value = readValue(pair.slice(colon + 1).trim());
    if (value === null || key.length > MAX_KEY_CHARS) unreadable.push(key.slice(0, MAX_KEY_CHARS));
    else points.push({ key, value });
  }
  return { step, points, unreadable };
}

function readValue(raw: string): number | null {
  const inner = NUMPY_SCALAR.exec(raw)?.[1] ?? raw;
  const lower = inner.toLowerCase();
  if (Object.hasOwn(NAMED, lower)) return NAMED[lower]!;
  return NUMBER.test(inner) ? Number(inner) : null;
}
