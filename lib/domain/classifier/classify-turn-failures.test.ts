import { describe, expect, it } from "vitest";
import { classifyTurn } from "./classify-turn";
import { FAILURE_KINDS, type FailureKind, type TurnContext } from "./types";

const CALL = '<tool_call>\n{"name": "send_message", "arguments": {"receiver_name": "Frank"}}\n</tool_call>';

type Case = { name: string; content: string; context?: TurnContext; failures: FailureKind[]; span?: string };

// `span` is the text the highlighted range must cover, written by hand from each content.
const POLLUTION: Case[] = [
  { name: "valid call plus junk tail", content: `${CALL}untlet`, failures: ["junk_tail"], span: "untlet" },
  { name: "junk before a valid call", content: `!\n${CALL}`, failures: ["junk_tail"], span: "!" },
  {
    name: "prose after a valid call",
    content: `${CALL}\nI have sent it.`,
    failures: ["junk_tail"],
    span: "I have sent it.",
  },
  {
    name: "python-ish arguments",
    content: '<tool_call>\n{"name": "get_flight_details", "arguments": {"origin=Shanghai"})\n</tool_call>',
    failures: ["bad_json"],
    span: '{"name": "get_flight_details", "arguments": {"origin=Shanghai"})',
  },
  {
    name: "curly quotes",
    content: '<tool_call>\n{"name": "f",“origin=Beijing”}\n</tool_call>',
    failures: ["bad_json"],
  },
  { name: "not an object", content: "<tool_call>fromJson</tool_call>", failures: ["bad_json"], span: "fromJson" },
  { name: "array payload", content: '<tool_call>[{"name": "f", "arguments": {}}]</tool_call>', failures: ["bad_json"] },
  { name: "no name", content: '<tool_call>{"arguments": {}}</tool_call>', failures: ["missing_name"] },
  { name: "empty name", content: '<tool_call>{"name": " ", "arguments": {}}</tool_call>', failures: ["missing_name"] },
  {
    name: "arguments flattened into the call",
    content: '<tool_call>\n{"name": "get_flight_details", "origin": "Beijing"}\n</tool_call>',
    failures: ["missing_arguments"],
  },
  {
    name: "arguments as a string",
    content: '<tool_call>{"name": "f", "arguments": "{}"}</tool_call>',
    failures: ["missing_arguments"],
  },
  {
    name: "neither",
    content: '<tool_call>{"finish conversation": 1}</tool_call>',
    failures: ["missing_name", "missing_arguments"],
  },
  {
    name: "unknown tool",
    content: CALL,
    context: { knownTools: ["view_messages_between_users"] },
    failures: ["unknown_tool"],
    span: '{"name": "send_message", "arguments": {"receiver_name": "Frank"}}',
  },
  {
    name: "call cut mid-string",
    content: '<tool_call>\n{"name": "add_reminder", "arguments": {"title": "Meeting", "description": "Error during',
    failures: ["unclosed_tag", "bad_json"],
    span: "<tool_call>",
  },
  {
    name: "unclosed valid call",
    content: ':\n<tool_call>{"name": "f", "arguments": {}}',
    failures: ["unclosed_tag", "junk_tail"],
    span: ":",
  },
  {
    name: "closing tag without opening",
    content: '\n{"name": "login_device", "arguments": {}}\n</tool_call>',
    failures: ["unclosed_tag", "untagged_call"],
    span: '{"name": "login_device", "arguments": {}}',
  },
  {
    name: "tag opened twice",
    content: `<tool_call>\n${CALL}`,
    failures: ["bare_tag", "unclosed_tag", "repeated_tag"],
    span: "<tool_call>",
  },
  {
    name: "text after an unclosed tag",
    content: "Let me check.\n<tool_call>",
    failures: ["bare_tag", "unclosed_tag"],
    span: "<tool_call>",
  },
  {
    name: "truncated text",
    content: "The reminder title is ‘To-do list’ and there was an error during",
    context: { isTruncated: true },
    failures: ["truncated"],
    span: "The reminder title is ‘To-do list’ and there was an error during",
  },
  {
    name: "truncated valid call",
    content: CALL,
    context: { isTruncated: true },
    failures: ["truncated"],
    span: "</tool_call>",
  },
  {
    name: "bare JSON call",
    content: '{"name": "get_user_details", "arguments": {"user_id": "user1"}}',
    failures: ["untagged_call"],
  },
  {
    name: "JSON call list after a role word",
    content: 'user// Tool call: [{"name": "login_device", "arguments": {"username": "Alice"}}]',
    failures: ["untagged_call", "leaked_role_word"],
    span: "user",
  },
  { name: "single-quoted call", content: "{'name': 'login_device', 'arguments': {}}", failures: ["untagged_call"] },
  {
    name: "broken untagged call",
    content: '{"name": "send_message", "arguments": {"message": "Are you',
    failures: ["untagged_call"],
  },
  {
    name: "python list call",
    content: "[login_food_platform(username='Grace', password='password789')]",
    failures: ["python_list_call"],
    span: "[login_food_platform(username='Grace', password='password789')]",
  },
  {
    name: "python list, unbalanced",
    content: "[get_reservation_details(user_id='user2'))",
    failures: ["python_list_call"],
  },
  {
    name: "bare python call line",
    content: "\nushiya_login(username='Grace')\n</tool_call>",
    failures: ["unclosed_tag", "python_list_call"],
    span: "ushiya_login(username='Grace')",
  },
  {
    name: "invented closing tag",
    content: "<tool_response>\nok\n</tool_helper>",
    failures: ["invented_tag", "invented_tool_output"],
    span: "<tool_response>",
  },
  { name: "invented tool tag", content: "Use <tool>{...}</tool> tags.", failures: ["invented_tag"], span: "<tool>" },
  { name: "stray think tag", content: "Okay.</think> Sending now.", failures: ["invented_tag"], span: "</think>" },
  {
    name: "leaked user header",
    content: "user\nI need to add a note to the reminder.",
    failures: ["leaked_role_word"],
    span: "user",
  },
  {
    name: "leaked header after junk",
    content: "!\n!\nuser\nYes, please book a flight for me.",
    failures: ["leaked_role_word"],
    span: "user",
  },
  {
    name: "leaked header mid-turn",
    content: "Okay.\nassistant\nDone.",
    failures: ["leaked_role_word"],
    span: "assistant",
  },
  {
    name: "leaked im_start header",
    content: "Done.<|im_end|>\n<|im_start|>user\nThanks",
    failures: ["leaked_role_word", "leaked_control_token"],
    span: "<|im_end|>",
  },
  {
    name: "endoftext mid-turn",
    content: "Done.<|endoftext|>More",
    failures: ["leaked_control_token"],
    span: "<|endoftext|>",
  },
  {
    name: "tool response written by the model",
    content: "!\nuser\n<tool_response>\n[{'status': True}]\n</tool_response>",
    failures: ["leaked_role_word", "invented_tool_output"],
    span: "user",
  },
  {
    name: "execution result line",
    content: "Execution result: the message was sent.",
    failures: ["invented_tool_output"],
    span: "Execution result:",
  },
  {
    name: "observation line",
    content: "Let me look.\nObservation: 3 flights found.",
    failures: ["invented_tool_output"],
    span: "Observation:",
  },
  {
    name: "verbatim echo",
    content: "I prefer a flight that departs after 6 PM.",
    context: { previousUserMessage: "I prefer a flight that departs after 6 PM." },
    failures: ["echo_of_user"],
    span: "I prefer a flight that departs after 6 PM.",
  },
  {
    name: "echo with a one-word preface",
    content: "Sure, could you please provide the reminder time?",
    context: { previousUserMessage: "Could you please provide the reminder time?" },
    failures: ["echo_of_user"],
  },
  {
    name: "echo of the first sentence",
    content: "user\nI want to send a message to Frank with the content: 'Are you free?'",
    context: {
      previousUserMessage:
        "I want to send a message to Frank with the content: 'Are you free?' and then delete the message with ID 4.",
    },
    failures: ["leaked_role_word", "echo_of_user", "role_confusion"],
    span: "user",
  },
  {
    name: "the agent asks as the user",
    content: "I see. I need to view the messages Grace sent to me.",
    failures: ["role_confusion"],
    span: "I need to view the messages Grace sent to me.",
  },
];

describe("classifyTurn: rule 4, text_pollution with the failures that apply", () => {
  it.each(POLLUTION.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const result = classifyTurn(c.content, c.context);
    expect(result.state).toBe("text_pollution");
    expect(result.failures).toEqual(c.failures);
    if (c.span !== undefined) expect(c.content.slice(result.span!.start, result.span!.end)).toBe(c.span);
    else expect(result.span).toBeDefined();
  });

  it("lists failures in FAILURE_KINDS order", () => {
    for (const c of POLLUTION) {
      const result = classifyTurn(c.content, c.context);
      const order = result.failures.map((f) => FAILURE_KINDS.indexOf(f));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it("covers every failure kind somewhere in the synthetic cases", () => {
    const collapseKinds: FailureKind[] = ["empty_turn", "no_alphanumeric"];
    const seen = new Set<FailureKind>([...collapseKinds, ...POLLUTION.flatMap((c) => c.failures)]);
    expect(FAILURE_KINDS.filter((k) => !seen.has(k))).toEqual([]);
  });

  it("returns the calls that parsed even when the turn is polluted", () => {
    expect(classifyTurn(`${CALL}untlet`).toolCalls).toEqual([
      { name: "send_message", arguments: { receiver_name: "Frank" } },
    ]);
    expect(classifyTurn(CALL, { knownTools: [] }).toolCalls).toHaveLength(1);
    expect(classifyTurn('{"name": "f", "arguments": {}}').toolCalls).toEqual([]);
  });

  it("does not read tagged JSON payloads as untagged calls, python calls or role words", () => {
    const args = { code: "[f(a=1)]", inner: '{"name": "x", "arguments": {}}', text: "user" };
    expect(
      classifyTurn(`<tool_call>\n${JSON.stringify({ name: "run", arguments: args }, null, 2)}\n</tool_call>`).state,
    ).toBe("healthy_tool_call");
  });

  it("a leaked role word followed by real text is pollution, not collapse", () => {
    expect(classifyTurn("!\nuser\nAlice123")).toMatchObject({
      state: "text_pollution",
      failures: ["leaked_role_word"],
    });
  });
});
