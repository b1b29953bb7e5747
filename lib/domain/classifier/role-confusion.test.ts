import { describe, expect, it } from "vitest";
import { classifyTranscript } from "./classify-transcript";
import { classifyTurn } from "./classify-turn";
import { createUserHistory, findRoleConfusion } from "./role-confusion";

const REQUEST = "Yes, I need to view the messages Frank sent to me.";

describe("findRoleConfusion: the agent writing as the user", () => {
  it.each([
    ["I see. I need to view the messages Grace sent to me.", "I need to view the messages Grace sent to me."],
    [
      "I need to check the balance of my account to ensure I have enough funds.",
      "I need to check the balance of my account to ensure I have enough funds.",
    ],
    [
      "Done. Now, I need to add the order to my reminder list. Can you assist me with that?",
      "Now, I need to add the order to my reminder list.",
    ],
  ])("%j speaks of the user's things in the first person", (text, sentence) => {
    const span = findRoleConfusion(text, createUserHistory(), 0.5);
    expect(span && text.slice(span.start, span.end)).toBe(sentence);
  });

  it("flags a first-person restatement of an earlier user request, and no plan of the agent's own", () => {
    const history = createUserHistory([
      "I need to book a flight from Beijing to Nanjing on July 18th.",
      "Economy, please.",
    ]);
    expect(
      findRoleConfusion("I would like to book a flight from Beijing to Nanjing on July 18th.", history, 0.5),
    ).toBeDefined();
    expect(findRoleConfusion("I need to check the available flights first.", history, 0.5)).toBeUndefined();
    const restated = "I would like to book a flight from Beijing to Nanjing on July 18th.";
    expect(findRoleConfusion(restated, history, 0.9)).toBeUndefined(); // 9 of its 13 word pairs are the user's
  });

  it("never fires on answers that address the user or quote them", () => {
    const history = createUserHistory([REQUEST]);
    for (const text of [
      "I'd like to confirm: you need to view the messages Frank sent to you?",
      'You asked: "I need to view the messages Frank sent to me." Here they are.',
      "You wrote “I need to view the messages Frank sent to me”, so I looked them up.",
      "I'm sorry, but I can't view the messages Frank sent to you because I'm not logged into your device.",
      "I need to use my tools to look that up, one moment.",
      "Let me check the messages Frank sent.",
    ])
      expect(findRoleConfusion(text, history, 0.5)).toBeUndefined();
  });

  it("flags a self-introduction with the name the user gave, not another name", () => {
    const history = createUserHistory(["I am Grace, not Alice. My name is Grace.", "I'm sorry, I'm Frank's friend."]);
    expect(history.names).toEqual(["Grace"]);
    expect(findRoleConfusion("Hello! I am Grace and my password is password789.", history, 0.5)).toEqual({
      start: 7,
      end: 49,
    });
    expect(findRoleConfusion("I am Qwen, created by Alibaba Cloud.", history, 0.5)).toBeUndefined();
    expect(findRoleConfusion("I am Grace's assistant.", history, 0.5)).toBeUndefined();
  });
});

describe("role confusion in the classifier", () => {
  it("makes an otherwise healthy response text_pollution with role_confusion and its span", () => {
    const content = "I see. I need to view the messages Grace sent to me.";
    expect(classifyTurn(content)).toEqual({
      state: "text_pollution",
      failures: ["role_confusion"],
      span: { start: 7, end: content.length },
      toolCalls: [],
    });
  });

  it("reads every earlier user message and the names the user gave, not tool results", () => {
    const turns = classifyTranscript([
      { role: "user", content: "I need to send a message to Frank about lunch tomorrow." },
      { role: "assistant", content: "Who is the sender?" },
      { role: "user", content: "I am Grace." },
      { role: "tool", content: "I am Frank." },
      { role: "assistant", content: "I want to send a message to Frank about lunch tomorrow." },
      { role: "assistant", content: "Okay. I am Grace." },
      { role: "assistant", content: "Thanks. I am Frank." },
    ]);
    expect(turns.map((t) => t.failures)).toEqual([[], ["role_confusion"], ["role_confusion"], []]);
  });

  it("adds the kind beside other pollution without changing the state", () => {
    const result = classifyTurn("user\nI want to change my flight to CZ4321 in economy class.");
    expect(result).toMatchObject({ state: "text_pollution", failures: ["leaked_role_word", "role_confusion"] });
  });
});
