import { checkVersion, withoutCodSpeedShim } from './toolchain';

describe('checkVersion', () => {
  it.each(['go1.24.0', 'go1.24', 'go1.26.8', 'go1.27.3', 'go1.30rc1', 'devel go1.27-abcdef Tue Nov 1'])('accepts %s', (v) => {
    expect(() => checkVersion(v, '/goroot')).not.toThrow();
  });

  it.each(['go1.23.12', 'go1.21.0', 'go1.9'])('refuses %s, naming it and the GOROOT', (v) => {
    expect(() => checkVersion(v, '/usr/lib/go')).toThrow(`Go ${v} is too old: nx-go-bench needs Go 1.24 or newer.`);
    try {
      checkVersion(v, '/usr/lib/go');
    } catch (error) {
      expect((error as { bodyLines: string[] }).bodyLines[0]).toContain('/usr/lib/go');
    }
  });
});

describe('withoutCodSpeedShim', () => {
  it.each([
    ['/tmp/codspeed_introspected_go:/usr/local/go/bin:/usr/bin', '/usr/local/go/bin:/usr/bin'],
    ['/tmp/codspeed_introspected_node:/tmp/codspeed_introspected_go/:/usr/bin', '/tmp/codspeed_introspected_node:/usr/bin'],
    ['/usr/local/go/bin:/home/me/codspeed_introspected_go_notes:/usr/bin', '/usr/local/go/bin:/home/me/codspeed_introspected_go_notes:/usr/bin'],
    ['/usr/bin', '/usr/bin'],
    [undefined, undefined],
  ])('%s', (path, expected) => {
    expect(withoutCodSpeedShim(path)).toBe(expected);
  });
});
