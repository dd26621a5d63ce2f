import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_NAME } from '../shared/terminal-protocol';
import { UsageError, parseArgs } from './args';
import { MAX_FRAME_BYTES, encodeFrame, frameReader } from './framing';
import {
  hostManifest,
  install,
  launcherScript,
  manifestDir,
  programDir,
  uninstall,
} from './install';
import { authorization } from './main';
import { privateDir, socketDir } from './socket-path';

const usage = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (error) {
    return error instanceof UsageError ? error.message : `not usage: ${String(error)}`;
  }
  return 'accepted';
};

describe('parseArgs', () => {
  it('reads each command and its options', () => {
    expect(parseArgs(['token', 'kc'])).toEqual({
      kind: 'token',
      target: { provider: 'kc' },
      minValid: 30,
    });
    expect(parseArgs(['header', 'kc/alice smith', '--min-valid=120'])).toEqual({
      kind: 'header',
      target: { provider: 'kc', identity: 'alice smith' },
      minValid: 120,
    });
    expect(parseArgs(['exec', '--min-valid', '0', 'kc', '--', 'curl', '-s', '--', 'x'])).toEqual({
      kind: 'exec',
      target: { provider: 'kc' },
      minValid: 0,
      command: ['curl', '-s', '--', 'x'],
    });
    expect(parseArgs(['status', '--json'])).toEqual({ kind: 'status', json: true });
    expect(parseArgs(['install', '--browser', 'firefox', '--system', '--browser=chrome'])).toEqual({
      kind: 'install',
      browsers: ['firefox', 'chrome'],
      system: true,
    });
    expect(parseArgs(['uninstall'])).toMatchObject({ browsers: ['chromium', 'chrome', 'firefox'] });
    expect(parseArgs([])).toEqual({ kind: 'help' });
    expect(parseArgs(['token', '--help'])).toEqual({ kind: 'help', topic: 'token' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it('says what is wrong with a command line, in words', () => {
    expect(usage(['token'])).toBe('name a provider (its id, as in the options page)');
    expect(usage(['token', 'a b'])).toContain('is not a provider id');
    expect(usage(['token', 'kc/'])).toBe('name the identity after the slash: kc/<identity>');
    expect(usage(['token', 'kc', '--min-valid', '-5'])).toContain('--min-valid is whole seconds');
    expect(usage(['token', 'kc', '--min-valid', '90000'])).toContain('0 to 86400');
    expect(usage(['token', 'kc', '--min-valid'])).toBe('--min-valid needs a value');
    expect(usage(['token', 'kc', 'extra'])).toBe('unexpected "extra"');
    expect(usage(['token', 'kc', '--', 'ls'])).toBe('"--" is for exec');
    expect(usage(['exec', 'kc'])).toContain('name the command to run after "--"');
    expect(usage(['install', '--browser', 'safari'])).toContain('--browser is one of');
    expect(usage(['install', '--extension-id', 'xyz'])).toContain('is not an extension id');
    expect(usage(['frobnicate'])).toBe('"frobnicate" is not a command');
  });
});

describe('native messaging framing', () => {
  it('reads messages split across chunks and several in one chunk', () => {
    const bytes = Buffer.concat([encodeFrame({ id: 1 }), encodeFrame({ é: 'ü' })]);
    const reader = frameReader();
    expect(reader.push(bytes.subarray(0, 3))).toEqual([]);
    expect(reader.push(bytes.subarray(3, 12))).toEqual([{ id: 1 }]);
    expect(reader.push(bytes.subarray(12))).toEqual([{ é: 'ü' }]);
  });

  it('refuses a frame longer than the limit before reading it, and a body that is not JSON', () => {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(MAX_FRAME_BYTES + 1, 0);
    expect(() => frameReader().push(head)).toThrow(/at most/);
    const bad = Buffer.from([3, 0, 0, 0, 0x7b, 0x7b, 0x7b]);
    expect(() => frameReader().push(bad)).toThrow(SyntaxError);
  });
});

describe('the socket folder', () => {
  it('is under XDG_RUNTIME_DIR, else the user’s own in the temp directory', () => {
    expect(socketDir({ XDG_RUNTIME_DIR: '/run/user/1000' }, 1000, '/tmp')).toBe(
      '/run/user/1000/token-keeper',
    );
    expect(socketDir({}, 1000, '/tmp')).toBe('/tmp/token-keeper-1000');
  });

  it('is made for the user alone, and one anybody else can open is refused', () => {
    const base = mkdtempSync(join(tmpdir(), 'tk-socket-'));
    const uid = process.getuid?.() ?? 0;
    const made = privateDir(join(base, 'mine'), uid);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    const open = join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    expect(() => privateDir(open, uid)).toThrow('can be opened by other users (mode 755)');
    expect(() => privateDir(made, uid + 1)).toThrow('belongs to another user');
    const link = join(base, 'link');
    symlinkSync(made, link);
    expect(() => privateDir(link, uid)).toThrow('is not a folder');
  });
});

describe('install', () => {
  it('names each browser’s manifest folder, per user and system-wide', () => {
    const linux = { platform: 'linux' as const, home: '/home/u', system: false };
    expect(manifestDir('chromium', linux)).toBe('/home/u/.config/chromium/NativeMessagingHosts');
    expect(manifestDir('chrome', { ...linux, system: true })).toBe(
      '/etc/opt/chrome/native-messaging-hosts',
    );
    expect(manifestDir('firefox', { ...linux, system: true })).toBe(
      '/usr/lib/mozilla/native-messaging-hosts',
    );
    expect(manifestDir('chromium', { ...linux, userDataDir: '/tmp/p' })).toBe(
      '/tmp/p/NativeMessagingHosts',
    );
    expect(manifestDir('firefox', { platform: 'darwin', home: '/Users/u', system: false })).toBe(
      '/Users/u/Library/Application Support/Mozilla/NativeMessagingHosts',
    );
    expect(programDir({ ...linux, env: { XDG_DATA_HOME: '/d' } })).toBe('/d/token-keeper');
    expect(programDir({ ...linux, system: true, env: {} })).toBe('/usr/local/lib/token-keeper');
  });

  it('lets only Token Keeper start the host: by origin in Chromium, by add-on id in Firefox', () => {
    const ids = { chromium: 'a'.repeat(32), firefox: 'tk@example' };
    expect(hostManifest('chrome', '/x/host', ids)).toEqual({
      name: HOST_NAME,
      description: expect.any(String) as string,
      path: '/x/host',
      type: 'stdio',
      allowed_origins: [`chrome-extension://${'a'.repeat(32)}/`],
    });
    expect(hostManifest('firefox', '/x/host', ids)).toMatchObject({
      allowed_extensions: ['tk@example'],
    });
    expect(launcherScript("/opt/it's/node", '/x/host.mjs')).toBe(
      "#!/bin/sh\nexec '/opt/it'\\''s/node' '/x/host.mjs'\n",
    );
  });

  it('writes the program and manifests, and takes back only its own manifests', () => {
    const base = mkdtempSync(join(tmpdir(), 'tk-install-'));
    const script = join(base, 'host-source.mjs');
    writeFileSync(script, '// host');
    const places = [
      { browser: 'chromium' as const, dir: join(base, 'chromium') },
      { browser: 'firefox' as const, dir: join(base, 'firefox') },
    ];
    const done = install(
      script,
      join(base, 'program'),
      places,
      { chromium: 'a'.repeat(32), firefox: 'tk@example' },
      '/usr/bin/node',
    );
    expect(statSync(done.program).mode & 0o111).not.toBe(0);
    expect(JSON.parse(readFileSync(done.manifests[1] ?? '', 'utf8'))).toMatchObject({
      path: done.program,
      allowed_extensions: ['tk@example'],
    });
    // Someone else's file of that name stays.
    writeFileSync(done.manifests[1] ?? '', '{"name":"other"}');
    expect(uninstall(join(base, 'program'), places)).toEqual([done.manifests[0]]);
    expect(readFileSync(done.manifests[1] ?? '', 'utf8')).toBe('{"name":"other"}');
  });
});

describe('authorization', () => {
  it('writes the scheme the provider named, "Bearer" for any case of bearer', () => {
    expect(authorization({ accessToken: 't', tokenType: 'bearer', expiresAt: 0 })).toBe('Bearer t');
    expect(authorization({ accessToken: 't', tokenType: 'DPoP', expiresAt: 0 })).toBe('DPoP t');
  });
});
