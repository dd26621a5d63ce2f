import { describe, expect, it } from 'vitest';
import { countdown } from './countdown';

describe('countdown', () => {
  it.each([
    [0, 'expired'],
    [-5000, 'expired'],
    [999, 'expired'],
    [42_000, '42 s'],
    [245_000, '4 min 05 s'],
    [7_260_000, '2 h 01 min'],
    [14 * 86_400_000 + 3_600_000, '14 d 1 h'],
  ])('%i ms → %s', (ms, text) => {
    expect(countdown(1000 + ms, 1000)).toBe(text);
  });
});
