import { describe, expect, it } from 'vitest';
import { memoryArea } from '../browser/fakes';
import { welcomeOnce } from './welcome';

describe('welcomeOnce', () => {
  it('opens the options page on the first install only', async () => {
    const local = memoryArea();
    let opened = 0;
    const open = () => {
      opened += 1;
      return Promise.resolve();
    };
    await welcomeOnce(local, 1000, open);
    await welcomeOnce(local, 2000, open);
    expect(opened).toBe(1);
    expect(local.data.get('welcomedAt')).toBe(1000);
  });
});
