"use client";

import { useEffect, useRef } from "react";

/**
 * Subscribes to a Server-Sent Events URL while the component is mounted and calls `onEvent` with
 * each message's parsed JSON. EventSource reconnects on its own and sends Last-Event-ID, so the
 * server resumes where the stream broke off.
 */
export function useEventStream<T>(url: string, onEvent: (event: T) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    const source = new EventSource(url);
    const receive = (message: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(message.data) as T);
      } catch (error) {
        console.error("bad event from", url, error);
      }
    };
    for (const kind of ["step_health", "metrics", "alert", "run_updated"]) source.addEventListener(kind, receive);
    return () => source.close();
  }, [url]);
}
