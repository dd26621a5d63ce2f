/**
 * Native messaging's framing (docs/architecture.md, "The terminal"): each message is JSON in
 * UTF-8 after its length in 4 bytes, in the machine's byte order (little-endian on every machine
 * the browsers run on).
 */

/** The browser sends at most 4 GB; the worker's replies to the host are small, so more is refused. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/**
 * Collects the bytes of a stream into messages. `push` answers the messages each chunk completed,
 * or throws on a frame that is too long or not JSON: the stream is then of no further use.
 */
export function frameReader() {
  let pending = Buffer.alloc(0);
  return {
    push(chunk: Buffer): unknown[] {
      pending = Buffer.concat([pending, chunk]);
      const out: unknown[] = [];
      while (pending.length >= 4) {
        const length = pending.readUInt32LE(0);
        if (length > MAX_FRAME_BYTES)
          throw new Error(`a message of ${length} bytes (at most ${MAX_FRAME_BYTES})`);
        if (pending.length < 4 + length) break;
        const body = pending.subarray(4, 4 + length).toString('utf8');
        pending = pending.subarray(4 + length);
        out.push(JSON.parse(body));
      }
      return out;
    },
  };
}
