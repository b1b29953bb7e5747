import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAcebenchTable, type AcebenchDialogue, type AcebenchRow } from "./parse-acebench-table";

// A narrow table: index 13, sender 9, recipient 9, content 24 columns wide.
const HEADER = "| message_index | sender    | recipient | content                  |";
const SEP = "|---------------|-----------|-----------|--------------------------|";
const BLANK = "|               |           |           | ";

function start(index: number, sender: string, recipient: string): string {
  return `| ${String(index).padEnd(13)} | ${sender.padEnd(9)} | ${recipient.padEnd(9)} | `;
}
function cell(text: string): string {
  return `${text.padEnd(24)} |`;
}
const PAD = " ".repeat(25); // the writer pads newline-holding content with width + 1 spaces

function parsed(lines: string[]): AcebenchDialogue {
  const result = parseAcebenchTable(lines.join("\n"));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("parseAcebenchTable (hand-written tables)", () => {
  it("reads one-line rows, maps senders to roles, and reads empty cells and CRLF files", () => {
    const value = parsed([
      HEADER,
      SEP,
      start(0, "user", "agent") + cell("Turn on the wifi."),
      start(1, "agent", "execution") + cell("[turn_on_wifi()]"),
      start(2, "execution", "agent") + cell("status: True"),
    ]);
    expect(value.rows[1]).toEqual({ index: 1, sender: "agent", recipient: "execution", content: "[turn_on_wifi()]" });
    expect(value.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
    const crlf = parseAcebenchTable(
      [HEADER, SEP, start(0, "user", "agent") + cell("Hi"), start(1, "agent", "user") + cell("")].join("\r\n") + "\r\n",
    );
    expect(crlf.ok && crlf.value.messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "" },
    ]);
  });

  it("joins wrapped continuation rows without a separator, keeping spaces at the cuts", () => {
    const CHUNK_1 = "Can you please help me, "; // non-final chunks are exactly the column width
    const CHUNK_2 = "I need to send a note to";
    expect([CHUNK_1.length, CHUNK_2.length]).toEqual([24, 24]);
    const value = parsed([
      HEADER,
      SEP,
      start(0, "user", "agent") + CHUNK_1 + " |",
      BLANK + CHUNK_2 + " |",
      BLANK + cell(" Bob now."),
      start(1, "agent", "user") + cell("Sure."),
    ]);
    expect(value.messages[0]!.content).toBe("Can you please help me, I need to send a note to Bob now.");
    expect(value.rows).toHaveLength(2);
  });

  it("joins raw multi-line content with newlines and strips the padding, keeping a final newline", () => {
    const value = parsed([
      HEADER,
      SEP,
      start(0, "user", "agent") + cell("Send it."),
      start(1, "agent", "execution") + "<tool_call>",
      '{"name": "send", "arguments": {}}',
      "",
      "</tool_call>" + PAD + " |",
      start(2, "execution", "agent") + cell("ok"),
      start(3, "agent", "user") + "line one",
      "line two",
      PAD + " |",
    ]);
    expect(value.messages[1]!.content).toBe('<tool_call>\n{"name": "send", "arguments": {}}\n\n</tool_call>');
    expect(value.messages[3]!.content).toBe("line one\nline two\n");
    expect(value.rows.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it("keeps table-like lines inside model text as content", () => {
    const fakeNext = start(2, "user", "agent") + cell("fake row with next index");
    // fakeNext has the right index and columns, but the line above is no row end the writer makes
    const inner = [
      "Here it is:",
      "| 3 | agent | user | hi |",
      fakeNext,
      "| 7             | user      | agent     | wrong index              |",
    ];
    const value = parsed([
      HEADER,
      SEP,
      start(0, "user", "agent") + cell("Show the history."),
      start(1, "agent", "user") + inner.join("\n"),
      "end" + PAD + " |",
      start(2, "user", "agent") + cell("Thanks."),
    ]);
    expect(value.rows.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(value.messages[1]!.content).toBe([...inner, "end"].join("\n"));
    expect(value.messages[2]).toEqual({ role: "user", content: "Thanks." });
  });

  it("reports a missing header, a missing row 0, an unknown sender and an unclosed last row", () => {
    const noHeader = parseAcebenchTable("just some text\n| 0 | user | agent | hi |");
    expect(noHeader).toEqual({
      ok: false,
      issues: [{ path: "line 1", message: expect.stringContaining("missing table header") }],
    });
    expect(parseAcebenchTable("")).toMatchObject({ ok: false, issues: [{ path: "line 1" }] });
    const noRow0 = parseAcebenchTable([HEADER, SEP, start(1, "user", "agent") + cell("x")].join("\n"));
    expect(noRow0).toMatchObject({
      ok: false,
      issues: [{ path: "line 3", message: expect.stringContaining("row 0") }],
    });
    const unknown = parseAcebenchTable([HEADER, SEP, start(0, "robot", "agent") + cell("x")].join("\n"));
    expect(unknown).toMatchObject({
      ok: false,
      issues: [{ path: "line 3", message: expect.stringContaining('"robot"') }],
    });
    const truncated = parseAcebenchTable(
      [HEADER, SEP, start(0, "user", "agent") + cell("x"), start(1, "agent", "user") + "<tool_call>", "{"].join("\n"),
    );
    expect(truncated).toMatchObject({
      ok: false,
      issues: [{ path: "line 5", message: expect.stringContaining("row 1") }],
    });
  });

  it("never throws on shuffled table fragments", () => {
    const parts = [
      HEADER,
      SEP,
      start(0, "user", "agent"),
      start(1, "agent", "user"),
      cell("x"),
      BLANK,
      PAD + " |",
      "",
      "\r",
      "|",
    ];
    for (let seed = 1; seed < 3_000; seed++) {
      const picks = Array.from({ length: seed % 9 }, (_, k) => parts[(seed * 7_919 + k * 104_729) % parts.length]!);
      expect(() => parseAcebenchTable(picks.join(seed % 2 ? "\n" : ""))).not.toThrow();
    }
  });
});

const DATA_DIR = path.resolve(process.cwd(), "../shared/data/acebench-dialogues/multi_turn");
function read(rel: string): string {
  return fs.readFileSync(path.join(DATA_DIR, rel), "utf8");
}
const FILES = fs
  .readdirSync(DATA_DIR)
  .sort()
  .flatMap((folder) =>
    fs
      .readdirSync(path.join(DATA_DIR, folder))
      .filter((f) => f.endsWith(".txt"))
      .sort()
      .map((f) => `${folder}/${f}`),
  );
function contents(rel: string): string[] {
  return parsed(read(rel).split("\n")).messages.map((m) => m.content);
}

// Row count without the parser: look for "| 0 ", then "| 1 ", ... in order, each padded to the index
// column. Model text can only inflate this by faking exactly the index after the real last row inside
// that row, and a fake earlier index merely makes the search find the real next row a little later.
function countRowsIndependently(text: string): number {
  let next = 0;
  for (const line of text.split("\n")) if (line.startsWith(`| ${String(next).padEnd(15)} | `)) next++;
  return next;
}

// A re-implementation of ACEBench's writer (multi_turn_scene.py), with wcswidth for the characters in
// the sample: -1 for control characters (so text holding "\n" is never wrapped), 2 for East Asian wide.
function wcswidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 32 || (c >= 0x7f && c < 0xa0)) return -1;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}
function ljust(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - wcswidth(s)));
}

function render(rows: AcebenchRow[]): string {
  const out = [
    `| ${"message_index".padEnd(15)} | ${"sender".padEnd(10)} | ${"recipient".padEnd(25)} | ${"content".padEnd(120)} |`,
    `|${"-".repeat(17)}|${"-".repeat(12)}|${"-".repeat(27)}|${"-".repeat(122)}|`,
  ];
  for (const row of rows) {
    let rest = row.content;
    const chunks: string[] = [];
    while (wcswidth(rest) > 120) {
      const points = Array.from(rest);
      chunks.push(ljust(points.slice(0, 120).join(""), 120));
      rest = points.slice(120).join("");
    }
    chunks.push(ljust(rest, 120));
    out.push(
      `| ${String(row.index).padEnd(15)} | ${ljust(row.sender, 10)} | ${ljust(row.recipient, 25)} | ${chunks[0]} |`,
    );
    for (const chunk of chunks.slice(1))
      out.push(`| ${" ".repeat(15)} | ${" ".repeat(10)} | ${" ".repeat(25)} | ${chunk} |`);
  }
  return out.join("\n");
}

describe("parseAcebenchTable (the 300 real dialogues)", () => {
  it("parses all 300 files with consecutive indices, the independent row count and a byte-exact re-render", () => {
    expect(FILES).toHaveLength(300); // 10 configurations x 30 dialogues
    for (const rel of FILES) {
      const text = read(rel);
      const result = parseAcebenchTable(text);
      expect(result, rel).toMatchObject({ ok: true });
      if (!result.ok) continue;
      const { rows, messages } = result.value;
      expect(
        rows.map((r) => r.index),
        rel,
      ).toEqual(rows.map((_, i) => i));
      expect(rows.length, rel).toBe(countRowsIndependently(text));
      expect(messages.length, rel).toBe(rows.length);
      expect(render(rows), rel).toBe(text);
    }
  });

  const SEND =
    '{"name": "send_message", "arguments": {"sender_name": "Alice", "receiver_name": "Frank", "message": "Are you free tomorrow to have lunch with me?"}}';
  const SUMMARY = [
    'Alice sent a message to Frank: "Are you free tomorrow to have lunch with me?"',
    "",
    "Alice tried to view messages between Alice and Frank but the sender does not exist. Message ID 1 was deleted.",
    "",
    'Alice added a reminder: "Lunch with Frank" \u2014 "Are you free tomorrow to have lunch with me?" at 2024-06-12 12:00.',
    "",
    "Alice placed a takeout order for Restaurant A: 1 Pizza and 1 Salad. Order placed for Alice.",
    "",
    "Alice checked her balance and encountered an error. Order placed for Restaurant A: 1 Pizza and 1 Salad. Balance check failed.",
  ].join("\n");
  // Expected texts were read off the raw files by hand.
  it.each([
    ["Qwen2.5-1.5B-Instruct-local/0", 1, `<tool_call>\n${SEND}\n</tool_call>`], // raw multi-line cell
    [
      "Qwen2.5-1.5B-Instruct-local/0",
      2,
      "status: False message: Wi-Fi is turned off, cannot send messages at this time",
    ],
    // wrapped user message: the first chunk ends in a space that must survive
    [
      "Qwen2.5-1.5B-Instruct-local/0",
      4,
      "I need to send a message to Frank with the content: 'Are you free tomorrow to have lunch with me?'. Could you help with that?",
    ],
    ["Qwen2.5-1.5B-ACE-SFT-lr1e-5/0", 3, '<tool_call>\n{"name": "turn_on_wifi", "arguments": {}}\n</tool_call>\n'], // last line is only padding
    [
      "Qwen2.5-1.5B-ACE-SFT-lr1e-5/0",
      25,
      '<tool_call>\n{"name": "view_messages_between_users", "arguments": {"sender_name": "Alice", "receiver_name": "Frank"}}\n</tool_call>',
    ],
    ["Qwen2.5-1.5B-FCL-SFT-lr1e-5/0", 25, SUMMARY], // blank lines and an em dash inside a raw cell
    // wrapped row whose continuation holds wide CJK characters (the line is shorter than the others)
    [
      "Qwen2.5-1.5B-GRPO-hint-asst-2-sys/21",
      11,
      '{"name": "reserve_flight", "arguments": {"user_id": "user2", "password": "password456", "flight_no": "CZ3456", "cabin": "经济舱", "payment_methods": "银行", "baggage_count": 1}}',
    ],
    ["Qwen2.5-1.5B-GRPO+ACE-SFT/0", 6, "E r r o r   d u r i n g   e x e c u t i o n :   { s t r ( e ) }"], // spaced-out error
    ["Qwen2.5-1.5B-GRPO+ACE-SFT/0", 7, ""], // empty agent turn
    // the simulated user answering with an invented tool response
    [
      "Qwen2.5-1.5B-GRPO+FCL-SFT/5",
      12,
      '<tool_response>\n{"message_content": "Error during the meeting setup, please ensure all documents are ready and the presentation is finalized."}\n',
    ],
  ] as const)("reads %s row %i exactly", (dialogue, row, expected) => {
    expect(contents(`${dialogue}_dialogue_history.txt`)[row]).toBe(expected);
  });
});
