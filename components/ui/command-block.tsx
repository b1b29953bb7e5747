/** A shell or Python snippet to copy as is: selectable, scrolls sideways inside itself on narrow screens. */
export function CommandBlock({ children, label }: { children: string; label?: string }) {
  return (
    <pre
      aria-label={label}
      className="max-w-full overflow-x-auto rounded bg-zinc-100 p-3 font-mono text-xs select-all dark:bg-zinc-800"
    >
      {children}
    </pre>
  );
}
