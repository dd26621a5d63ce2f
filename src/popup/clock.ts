import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { RefObject } from 'react';

/**
 * The popup's one ticking clock, and which rows follow it (docs/architecture.md, "The popup's
 * tick"). Only the parts of rows in view listen to it, so a tick re-renders only text one can
 * see; a row scrolled out of view keeps the time it left at, and catches up when it comes back.
 */
let now = Date.now();
const listeners = new Set<() => void>();

/** Moves the clock to the current time and tells the listening rows. */
export function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

const listen = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};
const listenToNothing = () => () => undefined;

/** A row's time: `undefined` while in view (the ticking clock), else the time it left the view. */
const RowClock = createContext<number | undefined>(undefined);
export const RowClockProvider = RowClock.Provider;

const onView = new WeakMap<Element, (inView: boolean) => void>();
let observer: IntersectionObserver | undefined;

/** One observer for every row: whether each is on screen in the popup's scrolled list. */
function watch(element: Element, listener: (inView: boolean) => void): () => void {
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) onView.get(entry.target)?.(entry.isIntersecting);
  });
  onView.set(element, listener);
  observer.observe(element);
  return () => {
    observer?.unobserve(element);
    onView.delete(element);
  };
}

/**
 * The row clock for the element `ref` holds. It starts still, at the time of the first render,
 * until the browser says whether the row is in view: rows below the fold never follow the clock.
 */
export function useRowClock(ref: RefObject<Element | null>): number | undefined {
  const [stillAt, setStillAt] = useState<number | undefined>(now);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    return watch(element, (inView) => setStillAt(inView ? undefined : now));
  }, [ref]);
  return stillAt;
}

/**
 * What `select` makes of the row's time. `select` answers text, a number or a flag, so a tick re-renders a
 * part only when what it shows changed; a row out of view does not listen at all.
 */
export function useClock<T extends string | number | boolean>(select: (now: number) => T): T {
  const stillAt = useContext(RowClock);
  return useSyncExternalStore(stillAt === undefined ? listen : listenToNothing, () =>
    select(stillAt ?? now),
  );
}
