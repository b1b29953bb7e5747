import type { Rng } from "./prng";

/** One call of a task's gold solution and what the simulated environment answers. */
export type TaskCall = { name: string; arguments: Record<string, unknown>; result: Record<string, unknown> };

/** A multi-step tool-use task: the user's request, the gold calls in order and the final answer. */
export type Task = { template: string; request: string; calls: TaskCall[]; answer: string; hint: string };

const PEOPLE = ["Frank", "Grace", "Hiro", "Amara", "Lukas", "Priya", "Tomas", "Mei"] as const;
const CITIES = ["Paris", "Osaka", "Lima", "Nairobi", "Oslo", "Denver", "Porto", "Hanoi"] as const;
const SYMBOLS = ["NVDA", "AAPL", "TSLA", "MSFT", "AMZN"] as const;
const DATES = ["2026-03-04", "2026-03-18", "2026-04-02", "2026-05-11"] as const;
const TIMES = ["07:30", "08:00", "17:45", "19:15"] as const;
const NOTES = [
  "running ten minutes late",
  "the slides are ready",
  "lunch is moved to noon",
  "call me after the meeting",
] as const;
const CURRENCIES = ["EUR", "JPY", "GBP", "CHF"] as const;
const RATES: Record<(typeof CURRENCIES)[number], number> = { EUR: 0.92, JPY: 149.3, GBP: 0.79, CHF: 0.88 };

type Template = { id: string; make: (rng: Rng) => Task };

function weather(rng: Rng): Task {
  const city = rng.pick(CITIES);
  const temperature = rng.int(-3, 31);
  const condition = rng.pick(["clear", "cloudy", "windy", "foggy"]);
  return {
    template: "weather",
    request: `What is the weather in ${city} right now? Give me the temperature in celsius.`,
    calls: [{ name: "get_weather", arguments: { city, unit: "celsius" }, result: { city, temperature, condition } }],
    answer: `It is ${temperature} °C and ${condition} in ${city} at the moment.`,
    hint: "call get_weather once, then answer in one sentence.",
  };
}

function weatherReminder(rng: Rng): Task {
  const city = rng.pick(CITIES);
  const time = rng.pick(TIMES);
  const temperature = rng.int(4, 19);
  const id = rng.int(10, 99);
  return {
    template: "weather_reminder",
    request: `Check the weather in ${city}, and if it looks wet set a reminder called "umbrella" for ${time}.`,
    calls: [
      { name: "get_weather", arguments: { city, unit: "celsius" }, result: { city, temperature, condition: "rain" } },
      { name: "create_reminder", arguments: { title: "umbrella", time }, result: { reminder_id: id } },
    ],
    answer: `Rain is expected at ${temperature} °C, so the umbrella reminder is set for ${time} (id ${id}).`,
    hint: "get the weather first; only create the reminder when it rains.",
  };
}

function flight(rng: Rng): Task {
  const [origin, destination] = [rng.pick(CITIES.slice(0, 4)), rng.pick(CITIES.slice(4))];
  const [date, passenger] = [rng.pick(DATES), rng.pick(PEOPLE)];
  const cheap = { flight_id: `FL${rng.int(100, 499)}`, price: rng.int(180, 420) };
  const dear = { flight_id: `FL${rng.int(500, 999)}`, price: cheap.price + rng.int(40, 300) };
  const booking = `BK-${rng.int(1000, 9999)}`;
  return {
    template: "flight",
    request: `I need to get from ${origin} to ${destination} on ${date}. Find the flights and book the cheapest one for ${passenger}.`,
    calls: [
      {
        name: "search_flights",
        arguments: { origin, destination, date },
        result: { flights: rng.chance(0.5) ? [cheap, dear] : [dear, cheap] },
      },
      {
        name: "book_flight",
        arguments: { flight_id: cheap.flight_id, passenger },
        result: { booking_id: booking, status: "confirmed" },
      },
    ],
    answer: `Booked ${cheap.flight_id} for ${passenger} at $${cheap.price}; the booking reference is ${booking}.`,
    hint: "search first, compare prices, then book the lowest one.",
  };
}

function message(rng: Rng): Task {
  const [receiver, note] = [rng.pick(PEOPLE), rng.pick(NOTES)];
  const id = rng.int(1000, 9999);
  return {
    template: "message",
    request: `Send ${receiver} a message saying "${note}" and tell me the id it gets.`,
    calls: [
      { name: "send_message", arguments: { receiver, message: note }, result: { sent_status: true } },
      { name: "get_latest_message_id", arguments: {}, result: { message_id: id } },
    ],
    answer: `Done, the note went out to ${receiver}; its id is ${id}.`,
    hint: "send the message, then look up the latest message id.",
  };
}

function stockBuy(rng: Rng, withMessage: boolean): Task {
  const [symbol, amount] = [rng.pick(SYMBOLS), rng.int(2, 40)];
  const price = rng.int(90, 400) + rng.int(0, 99) / 100;
  const orderId = rng.int(3000, 3999);
  const receiver = rng.pick(PEOPLE);
  const calls: TaskCall[] = [
    { name: "get_stock_price", arguments: { symbol }, result: { symbol, price } },
    {
      name: "place_order",
      arguments: { symbol, amount, order_type: "market" },
      result: { order_id: orderId, status: "filled" },
    },
  ];
  if (!withMessage) {
    return {
      template: "stock_buy",
      request: `What does ${symbol} trade at? If it is under $500, buy ${amount} shares.`,
      calls,
      answer: `${symbol} is at $${price}, below your limit, so I bought ${amount} shares (order ${orderId}).`,
      hint: "check the price before placing a market order.",
    };
  }
  const note = `Order ${orderId} for ${amount} ${symbol} is in.`;
  calls.push({ name: "send_message", arguments: { receiver, message: note }, result: { sent_status: true } });
  return {
    template: "stock_buy_notify",
    request: `Buy ${amount} shares of ${symbol} at market price and let ${receiver} know once the order is in.`,
    calls,
    answer: `Order ${orderId} filled at about $${price} a share, and ${receiver} has been told.`,
    hint: "price, then order, then one message; three calls in total.",
  };
}

function currency(rng: Rng): Task {
  const [amount, to] = [rng.int(20, 900), rng.pick(CURRENCIES)];
  const converted = Math.round(amount * RATES[to] * 100) / 100;
  return {
    template: "currency",
    request: `How much is ${amount} US dollars in ${to}?`,
    calls: [
      { name: "convert_currency", arguments: { amount, from_currency: "USD", to_currency: to }, result: { converted } },
    ],
    answer: `That comes to about ${converted} ${to}.`,
    hint: "one convert_currency call is enough.",
  };
}

export const TASK_TEMPLATES: readonly Template[] = [
  { id: "weather", make: weather },
  { id: "weather_reminder", make: weatherReminder },
  { id: "flight", make: flight },
  { id: "message", make: message },
  { id: "stock_buy", make: (rng) => stockBuy(rng, false) },
  { id: "stock_buy_notify", make: (rng) => stockBuy(rng, true) },
  { id: "currency", make: currency },
];

/** Tool names offered with a task: its own tools plus one distractor, in catalog order. */
export function offeredTools(task: Task, allTools: readonly string[], rng: Rng): string[] {
  const own = new Set(task.calls.map((c) => c.name));
  const distractor = rng.pick(allTools.filter((name) => !own.has(name)));
  return allTools.filter((name) => own.has(name) || name === distractor);
}
