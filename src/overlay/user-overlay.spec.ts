import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractUserOverlay, mergeUserOverlay } from './user-overlay';

describe('extractUserOverlay', () => {
  it.each<[string[], string, { file?: string; source?: string; args: string[]; goflags: string }]>([
    [['-race'], '-mod=mod', { file: undefined, source: undefined, args: ['-race'], goflags: '-mod=mod' }],
    [['-overlay=o.json', '-race'], '', { file: 'o.json', source: 'args', args: ['-race'], goflags: '' }],
    [['-overlay', 'o.json'], '', { file: 'o.json', source: 'args', args: [], goflags: '' }],
    [[], '-mod=mod -overlay=/x/o.json -trimpath', { file: '/x/o.json', source: 'GOFLAGS', args: [], goflags: '-mod=mod -trimpath' }],
    [['-overlay=a.json'], '-overlay=b.json', { file: 'a.json', source: 'args', args: [], goflags: '' }],
  ])('args %j, GOFLAGS %j', (args, goflags, expected) => {
    expect(extractUserOverlay(args, goflags)).toEqual(expected);
  });
});

describe('mergeUserOverlay', () => {
  function setUp(userReplace: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'overlay-'));
    const overlayJson = join(dir, 'overlay.json');
    writeFileSync(overlayJson, JSON.stringify({ Replace: { '/goroot/src/testing/benchmark.go': join(dir, 'benchmark.go') } }));
    const project = mkdtempSync(join(tmpdir(), 'project-'));
    writeFileSync(join(project, 'user.json'), JSON.stringify({ Replace: userReplace }));
    return { ours: { dir, overlayJson, preflightDir: join(dir, 'preflight') }, project };
  }

  it('keeps both sets of replacements, with the user paths made absolute', () => {
    const { ours, project } = setUp({ 'gen.go': 'build/gen.go', '/abs/x.go': '' });
    const merged = mergeUserOverlay(ours, { file: 'user.json', source: 'args', args: [], goflags: '' }, project);
    expect(JSON.parse(readFileSync(merged, 'utf8')).Replace).toEqual({
      '/goroot/src/testing/benchmark.go': join(ours.dir, 'benchmark.go'),
      [join(project, 'gen.go')]: join(project, 'build/gen.go'),
      '/abs/x.go': '',
    });
    expect(mergeUserOverlay(ours, { file: 'user.json', source: 'args', args: [], goflags: '' }, project)).toBe(merged);
  });

  it('returns ours when the user has none', () => {
    const { ours, project } = setUp({});
    expect(mergeUserOverlay(ours, { args: [], goflags: '' }, project)).toBe(ours.overlayJson);
  });

  it('refuses an overlay that replaces a file the plugin patches, naming it and where the overlay came from', () => {
    const { ours, project } = setUp({ '/goroot/src/testing/benchmark.go': 'mine.go' });
    expect(() => mergeUserOverlay(ours, { file: 'user.json', source: 'GOFLAGS', args: [], goflags: '' }, project)).toThrow(
      'The -overlay file user.json given in GOFLAGS replaces /goroot/src/testing/benchmark.go, which nx-go-bench patches.',
    );
  });

  it('refuses a file that is not an overlay', () => {
    const { ours, project } = setUp({});
    writeFileSync(join(project, 'bad.json'), '{"Replace": 3}');
    expect(() => mergeUserOverlay(ours, { file: 'bad.json', source: 'args', args: [], goflags: '' }, project)).toThrow('has no "Replace" object');
    expect(() => mergeUserOverlay(ours, { file: 'none.json', source: 'args', args: [], goflags: '' }, project)).toThrow('Cannot read the -overlay file none.json given in option "args"');
  });
});
