import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAcebenchTable } from "../transcripts/parse-acebench-table";
import { classifyTranscript, type ClassifiedTurn } from "./classify-transcript";
import type { FailureKind, StructuralState } from "./types";

// Real ACEBench multi-turn dialogues of Qwen2.5-1.5B after ten training configurations (../shared/data/README.md).
const ROOT = path.resolve(process.cwd(), "../shared/data/acebench-dialogues/multi_turn");
const FOLDERS = [
  "Qwen2.5-1.5B-Instruct-local", // base model
  "Qwen2.5-1.5B-FCL-SFT-lr1e-5",
  "Qwen2.5-1.5B-ACE-SFT-lr1e-5",
  "Qwen2.5-1.5B-GRPO", // vanilla RL
  "Qwen2.5-1.5B-GRPO+FCL-SFT", // SFT then RL; every tool call failed in the harness
  "Qwen2.5-1.5B-GRPO+ACE-SFT",
  "Qwen2.5-1.5B-GRPO-sft-replace-1", // OPS
  "Qwen2.5-1.5B-GRPO-hint-asst-2-sys", // HBG
  "Qwen2.5-1.5B-GRPO-sft-turn-3-lr1e-5", // ETS
  "Qwen2.5-1.5B-GRPO-pr-turn-3", // PRS
] as const;
type Folder = (typeof FOLDERS)[number];
type Dialogue = { file: string; lines: string[]; contents: string[]; turns: ClassifiedTurn[] };

const cache = new Map<Folder, Dialogue[]>();
function load(folder: Folder): Dialogue[] {
  const hit = cache.get(folder);
  if (hit) return hit;
  const dir = path.join(ROOT, folder);
  const dialogues = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith("_dialogue_history.txt"))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const parsed = parseAcebenchTable(text);
      if (!parsed.ok) throw new Error(`${folder}/${file}: ${JSON.stringify(parsed.issues)}`);
      const { messages } = parsed.value;
      return {
        file,
        lines: text.split("\n"),
        contents: messages.map((m) => m.content),
        turns: classifyTranscript(messages),
      };
    });
  cache.set(folder, dialogues);
  return dialogues;
}
const allTurns = (folder: Folder) => load(folder).flatMap((d) => d.turns.map((t) => ({ file: d.file, ...t })));

// Oracles read the raw tables with line regexes, independently of the parser and the classifier.
const AGENT_ROW = /^\| \d+ +\| agent +\| \w+ +\| /;
const EMPTY_AGENT_ROW = /^\| \d+ +\| agent +\| \w+ +\| +\|$/; // a blank content cell
const BARE_TAG_ROW = /^\| \d+ +\| agent +\| \w+ +\| <tool_call> +\|$/; // exactly "<tool_call>"
const BARE_TAG_RAW_ROW = /^\| \d+ +\| agent +\| \w+ +\| <tool_call>$/; // "<tool_call>\n", then a padding-only line
const UNTAGGED_CALL_ROW = /^\| (\d+) +\| agent +\| \w+ +\| \{"name": ?"/;
function countRows(folder: Folder, test: (line: string, next: string | undefined) => boolean): number {
  let n = 0;
  for (const d of load(folder)) d.lines.forEach((line, i) => (n += test(line, d.lines[i + 1]) ? 1 : 0));
  return n;
}
const bareTagRows = (folder: Folder) =>
  countRows(
    folder,
    (line, next) =>
      BARE_TAG_ROW.test(line) || (BARE_TAG_RAW_ROW.test(line) && next !== undefined && /^ +\|$/.test(next)),
  );

describe("ACEBench dialogues: parsing and coverage", () => {
  it.each(FOLDERS)("%s: every agent row is classified", (folder) => {
    expect(load(folder)).toHaveLength(30);
    expect(allTurns(folder).length).toBe(countRows(folder, (line) => AGENT_ROW.test(line)));
  });

  it.each(FOLDERS)("%s: blank agent cells are exactly the empty_turn collapses", (folder) => {
    const empty = allTurns(folder).filter((t) => t.failures.includes("empty_turn"));
    expect(empty.length).toBe(countRows(folder, (line) => EMPTY_AGENT_ROW.test(line)));
    expect(empty.every((t) => t.state === "full_collapse")).toBe(true);
  });
});

describe("ACEBench dialogues: configuration-level claims", () => {
  it("vanilla GRPO: bare <tool_call> turns are full_collapse with bare_tag, and the majority", () => {
    const turns = allTurns("Qwen2.5-1.5B-GRPO");
    const bare = turns.filter((t) => t.state === "full_collapse" && t.failures.includes("bare_tag"));
    const oracle = bareTagRows("Qwen2.5-1.5B-GRPO");
    expect(oracle).toBeGreaterThan(turns.length / 2); // the grep alone shows the majority (295 of 340)
    expect(bare.length).toBe(oracle);
    expect(bare.every((t) => t.failures.join() === "bare_tag")).toBe(true);
  });

  it("base model: no full_collapse turn (and no blank or bare-tag row in the raw files)", () => {
    expect(countRows("Qwen2.5-1.5B-Instruct-local", (line) => EMPTY_AGENT_ROW.test(line))).toBe(0);
    expect(bareTagRows("Qwen2.5-1.5B-Instruct-local")).toBe(0);
    expect(allTurns("Qwen2.5-1.5B-Instruct-local").filter((t) => t.state === "full_collapse")).toEqual([]);
  });

  it("hint-guided GRPO: the drift to untagged JSON calls is text_pollution with untagged_call", () => {
    const folder = "Qwen2.5-1.5B-GRPO-hint-asst-2-sys";
    const oracle = new Set<string>();
    for (const d of load(folder))
      for (const line of d.lines) {
        const m = UNTAGGED_CALL_ROW.exec(line);
        if (m) oracle.add(`${d.file}#${m[1]}`);
      }
    const flagged = allTurns(folder).filter((t) => t.failures.includes("untagged_call"));
    expect(oracle.size).toBe(15);
    expect(new Set(flagged.map((t) => `${t.file}#${t.messageIndex}`))).toEqual(oracle);
    expect(flagged.every((t) => t.state === "text_pollution")).toBe(true);
  });

  it("role confusion: every agent row asking to view the messages someone 'sent to me' is text_pollution", () => {
    // The user asks "I need to view the messages Frank sent to me."; these agent rows ask it back as the user.
    const ASKS_AS_USER = new RegExp(
      String.raw`^\| (\d+) +\| agent +\| \w+ +\| (?:I see\. |I have the messages\. Now, )?` +
        String.raw`I need to view the messages \w+ sent to me\. +\|$`,
    );
    let rows = 0;
    for (const folder of FOLDERS) {
      for (const d of load(folder))
        for (const line of d.lines) {
          const m = ASKS_AS_USER.exec(line);
          if (!m) continue;
          rows++;
          const turn = d.turns.find((t) => t.messageIndex === Number(m[1]));
          expect(turn).toMatchObject({ state: "text_pollution", failures: ["role_confusion"] });
        }
    }
    expect(rows).toBe(33);
  });

  it.each(FOLDERS)("%s: role_confusion is only ever text pollution", (folder) => {
    const confused = allTurns(folder).filter((t) => t.failures.includes("role_confusion"));
    for (const t of confused) expect(t.state).toBe("text_pollution");
  });

  it.each(FOLDERS)("%s: a turn that is only <tool_call> is a bare-tag collapse", (folder) => {
    const bare = load(folder).flatMap((d) =>
      d.turns.filter((t) => d.contents[t.messageIndex]!.trim() === "<tool_call>"),
    );
    expect(bare.length).toBe(bareTagRows(folder));
    expect(bare.every((t) => t.state === "full_collapse" && t.failures.join() === "bare_tag")).toBe(true);
  });
});

// Hand-picked after reading each dialogue: [folder, file number, message index, state, failures].
type Pick = [Folder, number, number, StructuralState, FailureKind[]];
const PICKS: Pick[] = [
  ["Qwen2.5-1.5B-GRPO", 0, 1, "full_collapse", ["bare_tag"]], // "<tool_call>\n"
  ["Qwen2.5-1.5B-GRPO", 11, 15, "full_collapse", ["empty_turn"]],
  ["Qwen2.5-1.5B-GRPO", 8, 29, "full_collapse", ["leaked_role_word"]], // "[System]" and nothing else
  ["Qwen2.5-1.5B-GRPO", 14, 35, "text_pollution", ["python_list_call"]], // [login_food_platform(username='Grace', ...)]
  ["Qwen2.5-1.5B-GRPO", 11, 17, "healthy_response", []], // the model itself says "finish conversation"
  ["Qwen2.5-1.5B-Instruct-local", 3, 7, "healthy_tool_call", []], // two calls in one turn
  ["Qwen2.5-1.5B-Instruct-local", 0, 11, "healthy_response", []], // "You're welcome. I'll wait for the Wi-Fi ..." paraphrases the user
  ["Qwen2.5-1.5B-Instruct-local", 4, 15, "text_pollution", ["echo_of_user"]], // "Sure, <the user's own question>"
  ["Qwen2.5-1.5B-FCL-SFT-lr1e-5", 3, 1, "healthy_response", []], // a refusal is still a well-formed answer
  ["Qwen2.5-1.5B-ACE-SFT-lr1e-5", 22, 1, "healthy_tool_call", []],
  ["Qwen2.5-1.5B-GRPO+FCL-SFT", 3, 3, "healthy_response", []], // reacting to "E r r o r   d u r i n g ..." in plain text
  ["Qwen2.5-1.5B-GRPO+FCL-SFT", 6, 13, "healthy_response", []], // "HostException occurred ... {str(e)}."
  ["Qwen2.5-1.5B-GRPO+FCL-SFT", 5, 11, "text_pollution", ["unclosed_tag", "bad_json"]], // call cut at "Error during
  ["Qwen2.5-1.5B-GRPO+FCL-SFT", 21, 11, "text_pollution", ["bad_json"]], // {"origin=Shanghai, ..."})
  ["Qwen2.5-1.5B-GRPO+FCL-SFT", 22, 5, "text_pollution", ["missing_arguments"]], // arguments flattened into the call
  ["Qwen2.5-1.5B-GRPO+ACE-SFT", 5, 1, "healthy_tool_call", []],
  ["Qwen2.5-1.5B-GRPO+ACE-SFT", 5, 5, "full_collapse", ["empty_turn"]], // silence after an execution error
  ["Qwen2.5-1.5B-GRPO+ACE-SFT", 6, 31, "text_pollution", ["bad_json"]], // <tool_call>{"finish conversation"}</tool_call>
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 3, 1, "full_collapse", ["empty_turn"]],
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 3, 3, "healthy_response", []],
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 3, 5, "text_pollution", ["untagged_call"]],
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 8, 1, "text_pollution", ["python_list_call"]],
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 10, 35, "text_pollution", ["python_list_call", "invented_tool_output"]],
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 28, 13, "text_pollution", ["echo_of_user"]], // repeats the user verbatim
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 16, 19, "healthy_response", []], // "I have added ..." confirms "I need to add ..."
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 0, 15, "full_collapse", ["no_alphanumeric"]], // "!"
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 24, 17, "full_collapse", ["no_alphanumeric"]], // "!\n!\n!..."
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 17, 33, "full_collapse", ["no_alphanumeric", "leaked_role_word"]], // "!\nassistant"
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 14, 21, "full_collapse", ["bare_tag", "no_alphanumeric"]], // "<tool_call>{}"
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 8, 19, "text_pollution", ["leaked_role_word"]], // "!\nuser\nFrank and Grace ..."
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 1, 17, "text_pollution", ["leaked_role_word"]],
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 29, 17, "text_pollution", ["leaked_role_word", "echo_of_user"]],
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 3, 7, "text_pollution", ["leaked_role_word", "invented_tool_output"]],
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 25, 1, "text_pollution", ["junk_tail"]], // call + "untlet"
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 1, 9, "text_pollution", ["junk_tail"]], // "!\n" + call
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 4, 5, "text_pollution", ["unclosed_tag", "untagged_call"]],
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 10, 5, "text_pollution", ["unclosed_tag", "python_list_call"]],
  ["Qwen2.5-1.5B-GRPO-sft-turn-3-lr1e-5", 27, 19, "text_pollution", ["bad_json"]],
  ["Qwen2.5-1.5B-GRPO-sft-turn-3-lr1e-5", 3, 3, "healthy_response", []],
  ["Qwen2.5-1.5B-GRPO-pr-turn-3", 2, 11, "healthy_response", []], // quotes the real tool result, not invented
  // Role confusion: the agent speaks as the user.
  // "I need to view the messages Frank sent to me."
  ["Qwen2.5-1.5B-GRPO+FCL-SFT", 13, 37, "text_pollution", ["role_confusion"]],
  // "I need to check the balance of my account to ensure I have enough funds to complete the order."
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 13, 27, "text_pollution", ["role_confusion"]],
  // "... Now, I need to add the order to my reminder list. Can you assist me with that?"
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 8, 25, "text_pollution", ["role_confusion"]],
  // "user\nI am Grace and my password is password789." after the user wrote "I am Grace"
  ["Qwen2.5-1.5B-GRPO-sft-replace-1", 11, 21, "text_pollution", ["leaked_role_word", "role_confusion"]],
  // "Great! Now, I need to view the messages between Eve and John.": its own plan, restatement 0.40 < 0.5
  ["Qwen2.5-1.5B-GRPO-hint-asst-2-sys", 16, 13, "healthy_response", []],
  // "I'm sorry, but I can't view the messages Frank sent to you ...": addresses the user
  ["Qwen2.5-1.5B-Instruct-local", 10, 3, "healthy_response", []],
];

describe("ACEBench dialogues: hand-picked turns", () => {
  it.each(PICKS)("%s/%i_dialogue_history.txt message %i is %s %j", (folder, n, index, state, failures) => {
    const dialogue = load(folder).find((d) => d.file === `${n}_dialogue_history.txt`)!;
    const turn = dialogue.turns.find((t) => t.messageIndex === index);
    expect(turn).toBeDefined();
    expect(turn!.state).toBe(state);
    expect(turn!.failures).toEqual(failures);
  });

  it("keeps the parsed calls of a two-call turn", () => {
    const turn = load("Qwen2.5-1.5B-Instruct-local")
      .find((d) => d.file === "3_dialogue_history.txt")!
      .turns.find((t) => t.messageIndex === 7)!;
    expect(turn.toolCalls).toEqual([
      { name: "get_earliest_message_id", arguments: {} },
      { name: "delete_message", arguments: { message_id: 1 } },
    ]);
  });
});
