import type { KeyValueArea } from '../browser/ports';
import { STATUS_SNAPSHOT, type Replies } from '../shared/protocol';

/**
 * Keeps the popup's status snapshot in step with storage (docs/architecture.md, "The popup's
 * snapshot"). `changed` is called after every write of a profile or a record; it never waits for
 * the snapshot, so no refresh or caller is slowed by it. Writes do not overlap: changes that come
 * while one is written are covered by a single next write, of the view as it is then.
 *
 * A snapshot that fails to be written is left as it was: the popup also asks the worker once it
 * has painted, and takes that answer, so a stale snapshot shows for no longer than one round trip.
 */
export function snapshotKeeper(
  area: KeyValueArea,
  view: () => Promise<Replies['status']>,
): { changed: () => void; idle: () => Promise<void> } {
  let writing: Promise<void> | undefined;
  /** Changes that no write has started since. */
  let unwritten = 0;
  const write = async () => {
    while (unwritten > 0) {
      unwritten = 0;
      try {
        await area.set({ [STATUS_SNAPSHOT]: await view() });
      } catch {
        // Left as it was; see above.
      }
    }
    writing = undefined;
  };
  return {
    changed() {
      unwritten += 1;
      writing ??= write();
    },
    /** Resolves once no snapshot write is pending (for tests: nothing else waits for it). */
    idle: async () => {
      while (writing) await writing;
    },
  };
}
