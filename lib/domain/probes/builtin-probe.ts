/**
 * The probe a run without probes or rollouts is replayed on: one multi-step tool-use dialogue in
 * Qwen's format, whose second assistant turn opens with `<tool_call>\n`, the decision point of the
 * paper's probe (domain.md §3).
 */
export const BUILTIN_PROBE = {
  name: "builtin:tool-use",
  messages: [
    {
      role: "system",
      content:
        'You are a helpful assistant.\n\n# Tools\n\n<tools>\n{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}\n{"type": "function", "function": {"name": "send_message", "parameters": {"type": "object", "properties": {"to": {"type": "string"}, "text": {"type": "string"}}}}}\n</tools>',
    },
    { role: "user", content: "What is the weather in Paris? Then tell Frank." },
    {
      role: "assistant",
      content: '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
    },
    { role: "tool", content: '{"city": "Paris", "forecast": "sunny", "celsius": 21}' },
    {
      role: "assistant",
      content:
        '<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank", "text": "Paris is sunny, 21 C."}}\n</tool_call>',
    },
    { role: "tool", content: '{"status": "sent"}' },
    { role: "assistant", content: "It is sunny and 21 C in Paris; I told Frank." },
  ],
} as const;
