import { describe, expect, it } from "vitest";
import { classifyTurn } from "./classify-turn";

const call = (name: string, args: Record<string, unknown> = {}) =>
  `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;

describe("classifyTurn: rule 1, full_collapse", () => {
  it.each([
    ["", ["empty_turn"]],
    ["   \n\t ", ["empty_turn"]],
    ["<tool_call>", ["bare_tag"]],
    ["<tool_call>\n", ["bare_tag"]],
    ["<tool_call></tool_call>", ["bare_tag"]],
    ["</tool_call>", ["bare_tag"]],
    ["<tool_call>\n<tool_call>", ["bare_tag", "repeated_tag"]],
    ["<tool_call><tool_call><tool_call>", ["bare_tag", "repeated_tag"]],
    ["!", ["no_alphanumeric"]],
    ["!\n!", ["no_alphanumeric"]],
    [">\n>[]", ["no_alphanumeric"]],
    ["<tool_call>{}", ["bare_tag", "no_alphanumeric"]],
    ["!\n!\n<tool_call>>[]", ["bare_tag", "no_alphanumeric"]],
    ["!\nassistant", ["no_alphanumeric", "leaked_role_word"]],
    ["!_assistant", ["no_alphanumeric", "leaked_role_word"]],
    ["[System]", ["leaked_role_word"]],
    ["<|im_end|>", ["empty_turn"]],
    ["!<|im_end|>\n<|im_start|>user\n", ["no_alphanumeric", "leaked_role_word", "leaked_control_token"]],
    ["<tool_call>!\nassistant</tool_call>", ["bare_tag", "no_alphanumeric", "leaked_role_word"]],
    ["<think>\nfine\n</think>\n!", ["no_alphanumeric"]],
  ])("%j is full_collapse with %j", (content, failures) => {
    const result = classifyTurn(content);
    expect(result.state).toBe("full_collapse");
    expect(result.failures).toEqual(failures);
    expect(result.toolCalls).toEqual([]);
  });

  it("counts letters and digits of any script, so non-Latin text is not a collapse", () => {
    expect(classifyTurn("好的").state).toBe("healthy_response");
    expect(classifyTurn("٣").state).toBe("healthy_response");
    expect(classifyTurn("¡¿…—!").state).toBe("full_collapse");
    expect(classifyTurn("🙂🙂").failures).toEqual(["no_alphanumeric"]);
  });

  it("treats ACEBench's end signal as neutral: next to a bare tag the turn is still a collapse", () => {
    expect(classifyTurn("<tool_call>\nfinish conversation")).toMatchObject({
      state: "full_collapse",
      failures: ["bare_tag"],
    });
    expect(classifyTurn("finish conversation\n<tool_call>")).toMatchObject({
      state: "full_collapse",
      failures: ["bare_tag"],
    });
    expect(classifyTurn('!\n!("finish conversation"]')).toMatchObject({
      state: "full_collapse",
      failures: ["no_alphanumeric"],
    });
    expect(classifyTurn("!\nuser\nfinish conversation").failures).toEqual(["no_alphanumeric", "leaked_role_word"]);
    expect(classifyTurn("<tool_call>finish conversation</tool_call>").failures).toEqual(["bare_tag"]);
    // Inside a JSON-looking payload the signal is what the model tried to call: a broken call, not a bare tag.
    expect(classifyTurn('<tool_call>\n{"finish conversation"}\n</tool_call>')).toMatchObject({
      state: "text_pollution",
      failures: ["bad_json"],
    });
  });

  it("lets a turn that is only the end signal be a text answer", () => {
    expect(classifyTurn("finish conversation")).toEqual({ state: "healthy_response", failures: [], toolCalls: [] });
    expect(classifyTurn("  Finish conversation\n")).toMatchObject({ state: "healthy_response" });
    expect(classifyTurn("finish conversation<|im_end|>").state).toBe("healthy_response");
  });

  it("spans the whole junk for a collapse and the whole content for an empty turn", () => {
    expect(classifyTurn("  \n").span).toEqual({ start: 0, end: 3 });
    expect(classifyTurn("\n<tool_call>\n").span).toEqual({ start: 1, end: 12 });
    expect(classifyTurn("!\n!").span).toEqual({ start: 0, end: 3 });
    expect(classifyTurn("<think>ok</think> !").span).toEqual({ start: 18, end: 19 });
  });

  it("adds truncated when the trainer says the turn hit the cap", () => {
    expect(classifyTurn("!\n!\n!", { isTruncated: true }).failures).toEqual(["no_alphanumeric", "truncated"]);
  });
});

describe("classifyTurn: rule 2, healthy_tool_call", () => {
  it("accepts one call and returns it", () => {
    const result = classifyTurn(call("send_message", { receiver_name: "Frank", message: "Hi" }));
    expect(result).toEqual({
      state: "healthy_tool_call",
      failures: [],
      toolCalls: [{ name: "send_message", arguments: { receiver_name: "Frank", message: "Hi" } }],
    });
    expect(result.span).toBeUndefined();
  });

  it("accepts several calls, compact or spaced, with surrounding whitespace", () => {
    const content = `\n  ${call("get_earliest_message_id")}\n${call("delete_message", { message_id: 1 })}\n\n`;
    const result = classifyTurn(content);
    expect(result.state).toBe("healthy_tool_call");
    expect(result.toolCalls.map((c) => c.name)).toEqual(["get_earliest_message_id", "delete_message"]);
    expect(
      classifyTurn(
        '<tool_call>{"name":"a","arguments":{}}</tool_call><tool_call>{"name":"b","arguments":{}}</tool_call>',
      ).state,
    ).toBe("healthy_tool_call");
  });

  it("reads nested braces and strings holding braces, quotes and even </tool_call>", () => {
    const args = {
      note: 'say "}" then </tool_call> and {"name": "x", "arguments": {}}',
      nested: { list: [{ a: [1, { b: "]" }] }] },
    };
    const result = classifyTurn(call("add_reminder", args));
    expect(result.state).toBe("healthy_tool_call");
    expect(result.toolCalls[0]?.arguments).toEqual(args);
  });

  it("keeps unicode arguments and allows ACEBench's end signal after the calls", () => {
    expect(classifyTurn(call("reserve_flight", { cabin: "经济舱", payment: "银行" })).toolCalls[0]?.arguments).toEqual({
      cabin: "经济舱",
      payment: "银行",
    });
    expect(classifyTurn(`${call("turn_on_wifi")}\nfinish conversation`).state).toBe("healthy_tool_call");
  });

  it("accepts calls whose names are in the known tool list", () => {
    expect(classifyTurn(call("login_device"), { knownTools: ["login_device", "turn_on_wifi"] }).state).toBe(
      "healthy_tool_call",
    );
  });

  it("ignores a final stop token and a leading Qwen3 think block", () => {
    expect(classifyTurn(`${call("turn_on_wifi")}<|im_end|>`).state).toBe("healthy_tool_call");
    expect(
      classifyTurn(`<think>\nThe user wants wifi. <tool_call> maybe?\n</think>\n\n${call("turn_on_wifi")}`).state,
    ).toBe("healthy_tool_call");
  });
});

describe("classifyTurn: rule 3, healthy_response", () => {
  it.each([
    "Sure, I can help you with that. Could you please provide the content of the message?",
    "User ID: 12345\nPassword: hidden",
    "user name and password, please?",
    "The error message was: ‘during execution: {s(’)’.",
    "An error occurred (reason ‘during execution’) and the error message was ‘{str(e)}’.",
    "You need to log into the device first (login_device()) before viewing messages.",
    "[ ] 1. Order groceries online.\n[ ] 2. Pay the bill.",
    "See [the docs](https://example.com) or use <b>bold</b>.",
    "请提供您的用户名。",
    "Done!",
  ])("%j", (content) => {
    expect(classifyTurn(content)).toEqual({ state: "healthy_response", failures: [], toolCalls: [] });
  });

  it("does not flag an ordinary confirmation of the user's request as an echo", () => {
    const previousUserMessage =
      "I need to send a message to Frank with the content: 'Are you free tomorrow to have lunch with me?'.";
    expect(classifyTurn("Sure, I will send the message to Frank.", { previousUserMessage }).state).toBe(
      "healthy_response",
    );
    expect(
      classifyTurn("Sure, I will send 'Are you free tomorrow to have lunch with me?' to Frank.", {
        previousUserMessage,
      }).state,
    ).toBe("healthy_response");
  });
});
