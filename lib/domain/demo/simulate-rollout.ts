import type { Message } from "../transcripts/message";
import type { Rng } from "./prng";
import { FAILURE_MODES, renderTurn, type FailureMode, type TurnMode, type TurnTarget } from "./render-turn";
import type { Task } from "./tasks";

export type SimulatedRollout = {
  messages: Message[];
  /** 1 when the trajectory answered after executing every gold call and the task draw succeeded */
  reward: number;
  /** the mode drawn for each assistant turn, in order */
  turnModes: TurnMode[];
};

export type RolloutConditions = {
  failureRates: Record<FailureMode, number>;
  solveRate: number;
  /** the gold trajectory (OPS): every turn healthy, reward 1 */
  isGold?: boolean;
};

/** Two turns beyond the gold solution's length, as an agent loop's turn cap would allow. */
const EXTRA_TURNS = 2;

/**
 * Plays one multi-turn episode: each assistant turn draws a mode from the failure rates (else it is
 * the next gold call, or the final answer once every call ran). A call that the environment can
 * execute (healthy, or with a junk tail) gets the tool's result; anything else gets an error
 * observation and the policy tries again, up to the turn cap.
 */
export function simulateRollout(
  task: Task,
  systemText: string,
  conditions: RolloutConditions,
  rng: Rng,
): SimulatedRollout {
  const messages: Message[] = [
    { role: "system", content: systemText },
    { role: "user", content: task.request },
  ];
  const turnModes: TurnMode[] = [];
  let nextCall = 0;
  let isAnswered = false;
  for (let turn = 0; turn < task.calls.length + 1 + EXTRA_TURNS && !isAnswered; turn++) {
    const target: TurnTarget =
      nextCall < task.calls.length
        ? { kind: "call", call: task.calls[nextCall]! }
        : { kind: "answer", answer: task.answer, lastCall: task.calls[task.calls.length - 1]! };
    const mode = conditions.isGold ? "healthy" : drawMode(conditions.failureRates, rng);
    turnModes.push(mode);
    messages.push({ role: "assistant", content: renderTurn(mode, target, rng) });
    if (target.kind === "answer" && mode === "healthy") {
      isAnswered = true;
    } else if (mode === "healthy" || mode === "junk_tail") {
      const executed = target.kind === "call" ? target.call : target.lastCall;
      messages.push({ role: "tool", content: JSON.stringify(executed.result) });
      if (target.kind === "call") nextCall++;
    } else {
      messages.push({ role: "tool", content: JSON.stringify({ error: errorText(mode, target) }) });
    }
  }
  const reward = conditions.isGold ? 1 : isAnswered && rng.chance(conditions.solveRate) ? 1 : 0;
  return { messages, reward, turnModes };
}

function drawMode(rates: Record<FailureMode, number>, rng: Rng): TurnMode {
  let u = rng.next();
  for (const mode of FAILURE_MODES) {
    u -= rates[mode];
    if (u < 0) return mode;
  }
  return "healthy";
}

function errorText(mode: FailureMode, target: TurnTarget): string {
  switch (mode) {
    case "bad_json":
      return "could not parse the tool call as JSON";
    case "unknown_tool":
      return "unknown tool name";
    case "untagged_call":
      return "no tool call found: wrap calls in tool_call tags";
    default:
      return target.kind === "call"
        ? "no tool call found in the response"
        : "no tool call or answer found in the response";
  }
}
