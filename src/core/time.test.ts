import { describe, expect, it } from 'vitest';
import { parseAbsoluteTime, parseIsoTime } from './time';

describe('parseIsoTime', () => {
  it.each([
    ['2022-11-01T13:43:43.7826152Z', Date.UTC(2022, 10, 1, 13, 43, 43, 782)],
    ['2022-11-01T13:43:43Z', Date.UTC(2022, 10, 1, 13, 43, 43)],
    ['2022-11-01T13:43:43', Date.UTC(2022, 10, 1, 13, 43, 43)],
    ['2022-11-01 13:43:43,5z', Date.UTC(2022, 10, 1, 13, 43, 43, 500)],
    ['2022-11-01T15:43:43+02:00', Date.UTC(2022, 10, 1, 13, 43, 43)],
    ['2022-11-01T08:13:43-0530', Date.UTC(2022, 10, 1, 13, 43, 43)],
    ['2022-11-01T14:43:43+01', Date.UTC(2022, 10, 1, 13, 43, 43)],
  ])('%s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it.each([
    '',
    'tomorrow',
    '2022-11-01',
    '2022-13-01T00:00:00Z',
    '2022-11-01T25:00:00Z',
    '2022-11-01T13:43:43Q',
  ])('refuses %j', (text) => {
    expect(parseIsoTime(text)).toBeUndefined();
  });
});

describe('parseAbsoluteTime', () => {
  it('reads epoch seconds, epoch ms and numeric strings', () => {
    expect(parseAbsoluteTime(1_700_000_000)).toBe(1_700_000_000_000);
    expect(parseAbsoluteTime(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(parseAbsoluteTime('1700000000')).toBe(1_700_000_000_000);
    expect(parseAbsoluteTime('2022-11-01T13:43:43Z')).toBe(Date.UTC(2022, 10, 1, 13, 43, 43));
  });

  it.each([0, -1, Number.NaN, true, null, {}, '-5'])('refuses %j', (value) => {
    expect(parseAbsoluteTime(value)).toBeUndefined();
  });
});
