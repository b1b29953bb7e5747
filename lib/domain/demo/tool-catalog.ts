/** The simulated tool-use environment: BFCL-style tools the demo tasks call. */
export type ToolSpec = {
  name: string;
  description: string;
  /** parameter name → JSON type */
  parameters: Record<string, "string" | "number" | "integer">;
  /** a plausible wrong name the policy drifts to (an `unknown_tool` failure) */
  misspelling: string;
};

export const TOOLS: readonly ToolSpec[] = [
  {
    name: "get_weather",
    description: "Current weather of a city.",
    parameters: { city: "string", unit: "string" },
    misspelling: "get_wether",
  },
  {
    name: "create_reminder",
    description: "Create a reminder at a time of day.",
    parameters: { title: "string", time: "string" },
    misspelling: "add_reminder",
  },
  {
    name: "search_flights",
    description: "Flights between two cities on a date.",
    parameters: { origin: "string", destination: "string", date: "string" },
    misspelling: "flight_search",
  },
  {
    name: "book_flight",
    description: "Book a flight for a passenger.",
    parameters: { flight_id: "string", passenger: "string" },
    misspelling: "book_flights",
  },
  {
    name: "send_message",
    description: "Send a text message to a contact.",
    parameters: { receiver: "string", message: "string" },
    misspelling: "send_msg",
  },
  {
    name: "get_latest_message_id",
    description: "Id of the most recent sent message.",
    parameters: {},
    misspelling: "get_last_message_id",
  },
  {
    name: "get_stock_price",
    description: "Latest price of a stock symbol in USD.",
    parameters: { symbol: "string" },
    misspelling: "stock_price",
  },
  {
    name: "place_order",
    description: "Place a stock order.",
    parameters: { symbol: "string", amount: "integer", order_type: "string" },
    misspelling: "place_trade",
  },
  {
    name: "convert_currency",
    description: "Convert an amount between currencies.",
    parameters: { amount: "number", from_currency: "string", to_currency: "string" },
    misspelling: "currency_convert",
  },
];

function toolByName(name: string): ToolSpec {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`demo tool catalog has no tool "${name}"`);
  return tool;
}

/** The name the policy writes when it drifts from the offered API. */
export function misspelledToolName(name: string): string {
  return toolByName(name).misspelling;
}

/**
 * A Qwen-style system prompt declaring the offered tools, one JSON object per line inside a
 * `<tools>` block, so the classifier knows the tool list. (Qwen's own wording, "within <tools></tools>
 * XML tags", is avoided: an empty tag pair before the block hides the list from extractKnownTools.)
 */
export function systemPrompt(toolNames: readonly string[], hint?: string): string {
  const lines = TOOLS.filter((t) => toolNames.includes(t.name)).map((t) =>
    JSON.stringify({ name: t.name, description: t.description, parameters: t.parameters }),
  );
  return [
    "# Tools",
    "You may call functions to assist with the user query. Their signatures:",
    "<tools>",
    ...lines,
    "</tools>",
    'For each call, return {"name": <function-name>, "arguments": <args-json-object>} between tool_call tags.',
    ...(hint ? [`Hint: ${hint}`] : []),
  ].join("\n");
}
