import { checkVersion } from './toolchain';

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
