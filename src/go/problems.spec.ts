import { goProblem } from './problems';

const context = { projectRoot: '/ws/svc', cacheDir: '/cache', cacheSource: 'option "cacheDir"', env: { TMPDIR: '/gone' } };

describe('goProblem', () => {
  it.each([
    ['write /cache/go-build/6a/x-d: no space left on device', 'The disk of the plugin\'s cache /cache (from option "cacheDir") is full.'],
    ['write /elsewhere/x: no space left on device', 'go ran out of disk space.'],
    ['go: creating work dir: stat /gone: no such file or directory', 'go cannot make its work folder: stat /gone: no such file or directory.'],
    ['go: errors parsing go.mod:\ngo.mod:4: unknown directive: garbage', 'go cannot read /ws/svc/go.mod.'],
    ['go: inconsistent vendoring in /ws/svc:\n\tx@v1: is explicitly required', 'The vendor folder of /ws/svc does not match its go.mod.'],
    ['pattern ./...: directory prefix . does not contain modules listed in go.work or their selected dependencies', '/ws/svc is not a module of the go.work that go uses there.'],
    ['go: updates to go.mod needed; to update it:\n\tgo mod tidy', 'The go.mod or go.sum of /ws/svc is not up to date.'],
  ])('names the cause of %j', (output, title) => {
    expect(goProblem(output, context)?.title).toBe(title);
  });

  it('leaves a compiler error to the build failure', () => {
    expect(goProblem('./x.go:3:1: syntax error: unexpected }', context)).toBeUndefined();
  });

  it('names GOTMPDIR where that is set', () => {
    expect(goProblem('go: creating work dir: mkdir /t: permission denied', { ...context, env: { GOTMPDIR: '/t' } })?.bodyLines[0]).toContain('go makes it in GOTMPDIR (/t)');
  });
});
