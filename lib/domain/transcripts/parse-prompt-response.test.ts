import { describe, expect, it } from "vitest";
import { parsePromptAndResponse } from "./parse-prompt-response";

const CALL = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';
const RESULT = '<tool_response>\n{"sky": "clear"}\n</tool_response>';

describe("parsePromptAndResponse", () => {
  it("reads a stripped prompt and response (verl input/output, TRL since it decodes both)", () => {
    const parsed = parsePromptAndResponse(
      "system\nBe brief.\nuser\nWeather in Paris?\nassistant\n",
      `${CALL}user\n${RESULT}\nassistant\nClear.`,
    );
    expect(parsed).toEqual({
      format: "chatml_stripped",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: CALL },
        { role: "tool", content: RESULT },
        { role: "assistant", content: "Clear." },
      ],
    });
  });

  it("keeps a templated prompt with special tokens from swallowing a stripped completion (older TRL)", () => {
    const prompt = "<|im_start|>user\nWeather in Paris?<|im_end|>\n<|im_start|>assistant\n";
    const parsed = parsePromptAndResponse(prompt, `${CALL}user\n${RESULT}\nassistant\nClear.`);
    expect(parsed.format).toBe("chatml");
    expect(parsed.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  it("prefixes what the generation header already holds (Qwen3's empty think block) to the first turn", () => {
    const parsed = parsePromptAndResponse("user\nHi\nassistant\n<think>\n\n</think>\n\n", "Hello!");
    expect(parsed.messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "<think>\n\n</think>\n\nHello!" },
    ]);
  });

  it("reads a prompt without a chat template as the user's text", () => {
    expect(parsePromptAndResponse("2 + 2 =", " 4").messages).toEqual([
      { role: "user", content: "2 + 2 =" },
      { role: "assistant", content: " 4" },
    ]);
  });
});
