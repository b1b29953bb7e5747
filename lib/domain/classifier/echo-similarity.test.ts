import { describe, expect, it } from "vitest";
import { echoSimilarity, wordTokens } from "./echo-similarity";

describe("wordTokens", () => {
  it("lowercases Unicode words and splits Chinese into characters", () => {
    expect(wordTokens("Hello, Wörld! 2024-07-16")).toEqual(["hello", "wörld", "2024", "07", "16"]);
    expect(wordTokens("舱位:经济舱")).toEqual(["舱", "位", "经", "济", "舱"]);
    expect(wordTokens("!?")).toEqual([]);
  });
});

describe("echoSimilarity", () => {
  const request = "Could you please provide the reminder time?";

  it("is 1 for a verbatim repeat, ignoring case and punctuation", () => {
    expect(echoSimilarity("could you please provide the reminder time", request)).toBe(1);
  });

  it("counts the turn copied from part of the request", () => {
    const long = "I want to send a message to Frank. Then delete message 4.";
    expect(echoSimilarity("I want to send a message to Frank.", long)).toBe(1);
  });

  it("uses Dice when the turn is the whole request plus a preface", () => {
    // turn bigrams 7 (sure-could + 6 shared), request bigrams 6: copied 6/7, Dice 12/13.
    expect(echoSimilarity("Sure, could you please provide the reminder time?", request)).toBeCloseTo(12 / 13, 10);
  });

  it("stays low for confirmations and rewordings", () => {
    const user = "I need to send a message to Frank with the content: 'Are you free tomorrow to have lunch with me?'.";
    expect(echoSimilarity("Sure, I will send the message to Frank.", user)).toBeLessThan(0.6);
    // 14 turn bigrams, 15 request bigrams, 11 shared: copied 11/14, Dice 22/29.
    expect(
      echoSimilarity(
        "I have added the content of the messages between Eve and John to the reminder.",
        "I need to add the content of the messages between Eve and John to the reminder.",
      ),
    ).toBeCloseTo(11 / 14, 10);
  });

  it("is 0 when either side has fewer than two words", () => {
    expect(echoSimilarity("Yes.", "Yes.")).toBe(0);
    expect(echoSimilarity("Yes, please.", "")).toBe(0);
  });
});
