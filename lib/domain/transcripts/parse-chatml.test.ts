import { describe, expect, it } from "vitest";
import { parseChatml } from "./parse-chatml";

const SYSTEM = [
  "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
  "",
  "# Tools",
  "",
  "You may call one or more functions to assist with the user query.",
  "",
  "You are provided with function signatures within <tools></tools> XML tags:",
  "<tools>",
  '{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}',
  "</tools>",
  "",
  "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:",
  "<tool_call>",
  '{"name": <function-name>, "arguments": <args-json-object>}',
  "</tool_call>",
].join("\n");
const USER = "What is the weather in Paris?";
const CALL = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';
const RESULT = '<tool_response>\n{"temperature": 21, "sky": "clear"}\n</tool_response>';
const ANSWER = "It is 21 °C and clear in Paris.";

function turn(role: string, content: string): string {
  return `<|im_start|>${role}\n${content}<|im_end|>\n`;
}
const PROMPT = turn("system", SYSTEM) + turn("user", USER) + "<|im_start|>assistant\n";
const RESPONSE = `${CALL}<|im_end|>\n` + turn("user", RESULT) + `<|im_start|>assistant\n${ANSWER}<|im_end|>`;
const EXPECTED = [
  { role: "system", content: SYSTEM },
  { role: "user", content: USER },
  { role: "assistant", content: CALL },
  { role: "tool", content: RESULT },
  { role: "assistant", content: ANSWER },
];

describe("parseChatml with special tokens", () => {
  it("splits a full Qwen transcript and turns tool-response user turns into tool messages", () => {
    expect(parseChatml(PROMPT + RESPONSE)).toEqual({ format: "chatml", messages: EXPECTED });
  });

  it("reads a verl response alone: the text before the first <|im_start|> is the assistant turn", () => {
    expect(parseChatml(RESPONSE).messages).toEqual(EXPECTED.slice(2));
  });

  it("tolerates a cut last turn and <|endoftext|> padding", () => {
    const cut = parseChatml(PROMPT + `${CALL}<|im_end|>\n` + turn("user", RESULT) + "<|im_start|>assistant\nIt is 21");
    expect(cut.messages.at(-1)).toEqual({ role: "assistant", content: "It is 21" });
    const padded = parseChatml(PROMPT + `${ANSWER}<|im_end|><|endoftext|><|endoftext|>`);
    expect(padded.messages.slice(2)).toEqual([{ role: "assistant", content: ANSWER }]);
    const eos = parseChatml(PROMPT + `${ANSWER}<|endoftext|>`);
    expect(eos.messages.slice(2)).toEqual([{ role: "assistant", content: ANSWER }]);
  });

  it("keeps empty assistant turns, bare tags and exact whitespace", () => {
    const text =
      PROMPT + "<|im_end|>\n<|im_start|>user\n  spaced  \n<|im_end|>\n<|im_start|>assistant\n<tool_call><|im_end|>";
    expect(parseChatml(text).messages.slice(2)).toEqual([
      { role: "assistant", content: "" },
      { role: "user", content: "  spaced  \n" },
      { role: "assistant", content: "<tool_call>" },
    ]);
    expect(parseChatml("<|im_end|>").messages).toEqual([{ role: "assistant", content: "" }]);
    expect(parseChatml("<|im_start|>assistant<|im_end|>").messages).toEqual([{ role: "assistant", content: "" }]);
  });

  it("keeps a leaked role word inside an assistant turn as content", () => {
    const text = PROMPT + "user\nWhat is the weather in Paris?<|im_end|>";
    expect(parseChatml(text).messages.at(-1)).toEqual({
      role: "assistant",
      content: "user\nWhat is the weather in Paris?",
    });
  });

  it("keeps a user turn with text besides a tool response as user, and odd text between turns", () => {
    const mixed = turn("user", `${RESULT}\nPlease continue.`);
    expect(parseChatml(mixed).messages).toEqual([{ role: "user", content: `${RESULT}\nPlease continue.` }]);
    const two = turn("user", `${RESULT}\n${RESULT}`);
    expect(parseChatml(two).messages).toEqual([{ role: "tool", content: `${RESULT}\n${RESULT}` }]);
    const stray = parseChatml(turn("assistant", "a") + "junk after end\n" + turn("user", "b"));
    expect(stray.messages).toEqual([
      { role: "assistant", content: "a" },
      { role: "assistant", content: "junk after end\n" },
      { role: "user", content: "b" },
    ]);
    const unknown = parseChatml("<|im_start|>ipython\nprint(1)<|im_end|>");
    expect(unknown.messages).toEqual([{ role: "assistant", content: "<|im_start|>ipython\nprint(1)" }]);
  });
});

describe("parseChatml on hostile input", () => {
  it("stays linear on long runs of stray turns and unclosed tool responses", () => {
    const started = performance.now();
    expect(parseChatml("<|im_start|>assistant\n" + "a<|im_end|>".repeat(50_000)).messages).toHaveLength(50_000);
    expect(parseChatml("<|im_start|>user\n" + "<tool_response>".repeat(50_000)).messages[0]!.role).toBe("user");
    expect(parseChatml("user\nx\n".repeat(50_000)).messages).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("parseChatml without special tokens", () => {
  function strip(text: string): string {
    return text.replace(/<\|im_start\|>|<\|im_end\|>|<\|endoftext\|>/g, "");
  }

  it("splits on role lines, with the newline before them as the separator", () => {
    expect(parseChatml(strip(PROMPT + RESPONSE))).toEqual({ format: "chatml_stripped", messages: EXPECTED });
  });

  it("reads a stripped verl response, including an empty first turn", () => {
    expect(parseChatml(strip(RESPONSE)).messages).toEqual(EXPECTED.slice(2));
    expect(parseChatml(strip(`<|im_end|>\n${turn("user", RESULT)}`)).messages).toEqual([
      { role: "assistant", content: "" },
      { role: "tool", content: `${RESULT}\n` }, // the final separator cannot be told from content
    ]);
  });

  it("treats text without role lines as one assistant message", () => {
    expect(parseChatml(CALL)).toEqual({ format: "chatml_stripped", messages: [{ role: "assistant", content: CALL }] });
    expect(parseChatml("").messages).toEqual([{ role: "assistant", content: "" }]);
    expect(parseChatml("the user said hi").messages).toEqual([{ role: "assistant", content: "the user said hi" }]);
  });

  it("splits at a leaked role line, since the stripped form cannot tell it from a header", () => {
    expect(parseChatml("I will check.\nuser\nWhat is the weather?").messages).toEqual([
      { role: "assistant", content: "I will check." },
      { role: "user", content: "What is the weather?" },
    ]);
  });

  it("splits at a header glued to a call, as verl and TRL decode a tool loop with special tokens skipped", () => {
    const text = `${CALL}user\n${RESULT}\nassistant\n${ANSWER}`;
    expect(parseChatml(text).messages).toEqual(EXPECTED.slice(2));
    expect(parseChatml(`${CALL} done.user\n${RESULT}\nassistant\n${ANSWER}`).messages.slice(0, 2)).toEqual([
      { role: "assistant", content: `${CALL} done.` },
      { role: "tool", content: RESULT },
    ]);
  });

  it("leaves a tool response the model wrote itself, with no user header, in its turn", () => {
    const invented = `${CALL}\n${RESULT}\nIt is sunny.`;
    expect(parseChatml(invented).messages).toEqual([{ role: "assistant", content: invented }]);
    expect(parseChatml(`${CALL}user`).messages).toEqual([{ role: "assistant", content: `${CALL}user` }]);
  });

  it("gives text before the first header to headRole", () => {
    const raw = parseChatml("Tell me a joke.", { headRole: "user" });
    expect(raw.messages).toEqual([{ role: "user", content: "Tell me a joke." }]);
    expect(parseChatml("Hi\nassistant\n", { headRole: "user" }).messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "" },
    ]);
  });
});
