import { describe, expect, it } from "vitest";
import { DEFAULT_CLASSIFIER_OPTIONS } from "./classifier-options";
import { classifyTurn } from "./classify-turn";
import { createUserHistory } from "./role-confusion";

const MB = 1 << 20;
const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length));

// Each shape targets one scanner: tag search, bracket matching, JSON strings, line regexes, echo.
const ADVERSARIAL: [string, string][] = [
  ["opening tags", fill("<tool_call>")],
  ["opening tags with a brace", fill("<tool_call>{")],
  ["closing tags", fill("</tool_call>")],
  ["open braces", fill("{")],
  ["open brackets", fill("[")],
  ["an endless JSON string", `<tool_call>{"name": "${fill("\\")}`],
  ["name keys", fill('{"name": "a", ')],
  ["python list prefixes", fill("[a(")],
  ["bang lines", fill("!\n")],
  ["role lines", fill("user\n")],
  ["junk before role words", fill("!_") + "assistant"],
  ["control tokens", fill("<|im_end|>")],
  ["tag-like text", fill("<a_b")],
  ["spaces then a call", `${fill(" ")}f(`],
  ["one long word", fill("a")],
  ["a valid call then junk", `<tool_call>{"name":"f","arguments":{}}</tool_call>${fill("x ")}`],
  ["first-person requests", fill("I need to book a flight from Beijing. ")],
];

describe("classifyTurn on huge adversarial content", () => {
  it.each(ADVERSARIAL)("%s (1 MB) finishes fast, with a span inside the content", (_, content) => {
    // A long dialogue of the same content: only the first and the 8 most recent user messages are compared.
    const userHistory = createUserHistory(Array.from({ length: 10_000 }, () => content));
    const started = performance.now();
    const context = { previousUserMessage: content, userHistory, knownTools: ["f"], isTruncated: true };
    const result = classifyTurn(content, context);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(result.failures).toContain("truncated");
    const { span } = result;
    expect(span).toBeDefined();
    expect(span!.start).toBeGreaterThanOrEqual(0);
    expect(span!.start).toBeLessThanOrEqual(span!.end);
    expect(span!.end).toBeLessThanOrEqual(content.length);
  });
});

describe("classifyTurn options", () => {
  it("documents its defaults", () => {
    expect(DEFAULT_CLASSIFIER_OPTIONS).toEqual({
      maxScanChars: 65_536,
      echoThreshold: 0.9,
      echoMinWords: 4,
      roleConfusionThreshold: 0.5,
      endSignals: ["finish conversation"],
      allowLeadingThink: true,
    });
  });

  it("inspects only the first maxScanChars characters", () => {
    const call = '<tool_call>{"name":"f","arguments":{}}</tool_call>';
    const junkFar = `${call}${" ".repeat(70_000)}junk`;
    expect(classifyTurn(junkFar).state).toBe("healthy_tool_call");
    expect(classifyTurn(junkFar, {}, { maxScanChars: 80_000 }).failures).toEqual(["junk_tail"]);
    expect(classifyTurn(`${" ".repeat(100)}!`, {}, { maxScanChars: 50 })).toMatchObject({
      state: "full_collapse",
      failures: ["empty_turn"],
    });
  });

  it("moves the echo bar with echoThreshold and echoMinWords", () => {
    const previousUserMessage = "I need to add the content of the messages between Eve and John to the reminder.";
    const confirmation = "I have added the content of the messages between Eve and John to the reminder.";
    expect(classifyTurn(confirmation, { previousUserMessage }).state).toBe("healthy_response");
    expect(classifyTurn(confirmation, { previousUserMessage }, { echoThreshold: 0.75 }).failures).toEqual([
      "echo_of_user",
    ]);
    expect(classifyTurn("Thank you so much.", { previousUserMessage: "Thank you so much." }).state).toBe(
      "text_pollution",
    );
    expect(
      classifyTurn("Thank you so much.", { previousUserMessage: "Thank you so much." }, { echoMinWords: 5 }).state,
    ).toBe("healthy_response");
    expect(classifyTurn("Thanks.", { previousUserMessage: "Thanks." }).state).toBe("healthy_response");
  });

  it("uses the configured end signals", () => {
    expect(classifyTurn("<tool_call>\nDONE!", {}, { endSignals: ["done!"] })).toMatchObject({
      state: "full_collapse",
      failures: ["bare_tag"],
    });
    expect(classifyTurn("<tool_call>\nfinish conversation", {}, { endSignals: [] })).toMatchObject({
      state: "text_pollution",
      failures: ["unclosed_tag", "bad_json"],
    });
  });

  it("can refuse the leading think block", () => {
    const content = '<think>ok</think><tool_call>{"name":"f","arguments":{}}</tool_call>';
    expect(classifyTurn(content).state).toBe("healthy_tool_call");
    expect(classifyTurn(content, {}, { allowLeadingThink: false }).failures).toEqual(["junk_tail", "invented_tag"]);
    expect(classifyTurn("<think>\nhmm\n</think>\n\n")).toMatchObject({
      state: "full_collapse",
      failures: ["empty_turn"],
    });
  });
});
