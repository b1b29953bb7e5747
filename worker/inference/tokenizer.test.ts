import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QWEN_TOKENIZER_DIR } from "@/test/fixtures/tiny-lm/build-tiny-lm";
import { makeTempDir, removeDir } from "@/test/fixtures/temp-dir";
import { DECISION_TAG, findDecisionPoints } from "./decision-points";
import { loadCheckpointTokenizer, type CheckpointTokenizer } from "./tokenizer";

let tokenizer: CheckpointTokenizer;
let emptyDir: string;

beforeAll(async () => {
  tokenizer = await loadCheckpointTokenizer(QWEN_TOKENIZER_DIR);
  emptyDir = makeTempDir("no-tokenizer");
});
afterAll(() => removeDir(emptyDir));

describe("loadCheckpointTokenizer (real Qwen tokenizer)", () => {
  it("keeps special tokens written in the text as their ids", () => {
    expect(tokenizer.encode("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n")).toEqual([
      151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198,
    ]);
  });

  it("looks up single tokens and decodes ids with special tokens kept", () => {
    expect(tokenizer.tokenId("<tool_call>")).toBe(151657);
    expect(tokenizer.tokenId("<|im_end|>")).toBe(151645);
    expect(tokenizer.tokenId('{"')).toBe(4913);
    expect(() => tokenizer.tokenId("Hello world")).toThrow("'Hello world' is not a single token");
    expect(tokenizer.decode([151657, 198, 4913])).toBe('<tool_call>\n{"');
    expect(tokenizer.maxTokenId).toBe(151668);
  });

  it("renders a dialogue with the chat template, tool calls included", () => {
    const text = tokenizer.renderChat([
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: "",
        tool_calls: [{ type: "function", function: { name: "get_weather", arguments: { city: "Paris" } } }],
      },
      { role: "tool", content: '{"temp": 20}' },
    ]);
    expect(text).toBe(
      "<|im_start|>user\nWeather in Paris?<|im_end|>\n<|im_start|>assistant\n<tool_call>\n" +
        '{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call><|im_end|>\n' +
        '<|im_start|>user\n<tool_response>\n{"temp": 20}\n</tool_response><|im_end|>\n',
    );
    const tokens = tokenizer.encode(text);
    const [point] = findDecisionPoints(tokens, tokenizer.encode(DECISION_TAG));
    expect(tokens[point! + 1]).toBe(4913);
  });

  it("reports a checkpoint without tokenizer.json", async () => {
    fs.copyFileSync(
      path.join(QWEN_TOKENIZER_DIR, "tokenizer_config.json"),
      path.join(emptyDir, "tokenizer_config.json"),
    );
    await expect(loadCheckpointTokenizer(emptyDir)).rejects.toThrow("checkpoint has no tokenizer.json");
  });
});
