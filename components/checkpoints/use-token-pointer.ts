"use client";

import {
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from "react";
import { TOOLTIP_WIDTH } from "./token-tooltip";

const STEP_KEYS: Record<string, (p: number, last: number) => number> = {
  ArrowRight: (p) => p + 1,
  ArrowLeft: (p) => p - 1,
  Home: () => 0,
  End: (_, last) => last,
};

function positionOf(target: EventTarget | null): number | null {
  const el = target instanceof Element ? target.closest("[data-position]") : null;
  return el ? Number(el.getAttribute("data-position")) : null;
}

/**
 * Hover and keyboard focus over a token layout with one tab stop (roving tabindex): arrow keys,
 * Home and End move focus, Escape hides the details. Returns the active token (hover wins over
 * focus) and where its tooltip goes, below the token inside the `container` element.
 */
export function useTokenPointer(count: number, initialStop: number) {
  const container = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const [tabStop, setTabStop] = useState(initialStop);
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const active = hover ?? focus;

  useLayoutEffect(() => {
    const box = container.current;
    const el = active === null ? null : box?.querySelector(`[data-position="${active}"]`);
    if (!box || !el) return setAt(null);
    const outer = box.getBoundingClientRect();
    const rects = el.getClientRects();
    const rect = rects[rects.length - 1] ?? el.getBoundingClientRect();
    const left = Math.max(0, Math.min(rect.left - outer.left, outer.width - TOOLTIP_WIDTH));
    setAt({ top: rect.bottom - outer.top + 6, left });
  }, [active]);

  const moveTo = useCallback(
    (position: number) => {
      const next = Math.max(0, Math.min(count - 1, position));
      setTabStop(next);
      container.current?.querySelector<HTMLElement>(`[data-position="${next}"]`)?.focus();
    },
    [count],
  );

  const handlers = {
    onMouseOver: (e: MouseEvent) => setHover(positionOf(e.target)),
    onMouseLeave: () => setHover(null),
    onFocus: (e: FocusEvent) => {
      const position = positionOf(e.target);
      if (position === null) return;
      setFocus(position);
      setTabStop(position);
    },
    onBlur: (e: FocusEvent) => {
      if (!container.current?.contains(e.relatedTarget as Node | null)) setFocus(null);
    },
    onKeyDown: (e: KeyboardEvent) => {
      const position = positionOf(e.target);
      if (position === null) return;
      if (e.key === "Escape") {
        setFocus(null);
        setHover(null);
        return;
      }
      const step = STEP_KEYS[e.key];
      if (!step) return;
      e.preventDefault();
      moveTo(step(position, count - 1));
    },
  };

  return { container, handlers, active, tabStop, at, moveTo };
}
