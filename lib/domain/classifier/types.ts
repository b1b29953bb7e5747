/** The four structural states of domain.md §4, worst last. */
export const STRUCTURAL_STATES = ["healthy_tool_call", "healthy_response", "text_pollution", "full_collapse"] as const;
export type StructuralState = (typeof STRUCTURAL_STATES)[number];

/** The finer failure taxonomy kept under the states (domain.md §4). A healthy turn has none. */
export const FAILURE_KINDS = [
  "empty_turn", // nothing but whitespace
  "bare_tag", // a <tool_call>/</tool_call> tag with no payload; alone in the turn it is full_collapse
  "no_alphanumeric", // e.g. "!" or "!\n!": no letter or digit once tags, role headers and end signals are removed
  "unclosed_tag", // <tool_call> without </tool_call>, or a </tool_call> without an opening tag
  "bad_json", // payload inside tags is not a JSON object
  "missing_name", // payload JSON lacks a string `name`
  "missing_arguments", // payload JSON lacks an object `arguments`
  "unknown_tool", // `name` not in the known tool list (only when the list is known)
  "repeated_tag", // <tool_call><tool_call>: a tag opened again before the previous one closed
  "truncated", // the turn hit the generation length cap
  "junk_tail", // a valid call with other text outside the tags (usually after it; "finish conversation" excepted)
  "untagged_call", // a JSON tool call {"name": .., "arguments": ..} without <tool_call> tags
  "python_list_call", // format drift to [f(a=1)] call syntax (also a bare f(a=1) line)
  "invented_tag", // tags that are not part of the format, e.g. </tool_helper>, <tool>
  "leaked_role_word", // a ChatML header leaked as text: a line starting with user/assistant/system, or "[System]"
  "leaked_control_token", // a special token written as text: <|im_end|>, <|im_start|>, <|endoftext|>, ...
  "invented_tool_output", // the model writes tool results itself ("execution result:", <tool_response>)
  "echo_of_user", // the turn repeats the user's request near-verbatim
  "role_confusion", // the agent writes as the user: restates the user's request in the first person, takes their name
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** A character range [start, end) inside the turn's content, pointing at what broke. */
export type Span = { start: number; end: number };

export type ToolCall = { name: string; arguments: Record<string, unknown> };

export type TurnClassification = {
  state: StructuralState;
  failures: FailureKind[];
  /** The first failing span, for highlighting; absent for healthy turns. */
  span?: Span;
  toolCalls: ToolCall[];
};

export type TurnContext = {
  /** The most recent real user message before this turn (not a tool result), for echo detection. */
  previousUserMessage?: string;
  /**
   * The real user messages before this turn and the names the user gave, for role-confusion detection
   * (see role-confusion.ts). Without it, `previousUserMessage` alone is compared.
   */
  userHistory?: UserHistory;
  /** Tool names offered to the model, when known; enables `unknown_tool`. */
  knownTools?: readonly string[];
  /** True when the trainer reports the turn stopped at the length cap. */
  isTruncated?: boolean;
};

/**
 * The real user messages of a transcript so far and the names the user gave (role-confusion.ts reads it);
 * built with createUserHistory and addUserMessage, with word-pair sets cached per message.
 */
export type UserHistory = { messages: string[]; names: string[]; bigrams: (Set<string> | undefined)[] };
