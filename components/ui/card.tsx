import type { ComponentPropsWithoutRef, ReactNode } from "react";

type CardProps = ComponentPropsWithoutRef<"section"> & { heading?: ReactNode; description?: ReactNode };

/** A bordered panel with an optional heading; extra props (data-testid, aria-*) go to the section. */
export function Card({ heading, description, children, className = "", ...rest }: CardProps) {
  return (
    <section
      {...rest}
      className={`rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      {heading ? <h2 className="text-base font-semibold">{heading}</h2> : null}
      {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      {heading || description ? <div className="mt-3">{children}</div> : children}
    </section>
  );
}
