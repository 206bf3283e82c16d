import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchmarkChain, benchmarkFile, benchmarkUri, findUriRoot } from './uri';

describe('benchmark URIs', () => {
  it.each([
    ['svc/a_test.go', 'BenchmarkX', 'svc/a_test.go::BenchmarkX'],
    ['svc/a_test.go', 'BenchmarkX/sub', 'svc/a_test.go::BenchmarkX::sub'],
    ['a_test.go', 'BenchmarkX/sub/deep', 'a_test.go::BenchmarkX::sub::deep'],
    ['a_test.go', 'BenchmarkX/n=10#01', 'a_test.go::BenchmarkX::n=10#01'],
  ])('%s and %s', (file, name, uri) => {
    expect(benchmarkUri(file, name)).toBe(uri);
  });

  it.each([
    ['BenchmarkC/a::b', 'BenchmarkC::a%3A%3Ab'],
    ['BenchmarkC/a/b', 'BenchmarkC::a::b'],
    ['BenchmarkC/a:/:b', 'BenchmarkC::a%3A::%3Ab'],
    ['BenchmarkC/a%3A%3Ab', 'BenchmarkC::a%253A%253Ab'],
    ['BenchmarkC/key:value/50%', 'BenchmarkC::key:value::50%'],
  ])('encodes a name part that would read as two: %s', (name, chain) => {
    expect(benchmarkChain(name)).toBe(chain);
  });

  it('gives distinct names distinct chains', () => {
    const parts = ['a', 'b', ':', '::', 'a:', ':b', 'a::b', '%', '%3A', '%25', 'x%3a', 'k:v', '50%'];
    const names = parts.flatMap((p) => [`B/${p}`, ...parts.map((q) => `B/${p}/${q}`)]);
    expect(new Set(names.map(benchmarkChain)).size).toBe(new Set(names).size);
  });

  it('names the chain without the file', () => {
    expect(benchmarkChain('BenchmarkX/a/b')).toBe('BenchmarkX::a::b');
  });

  it.each([
    ['/repo/svc/a_test.go', '/repo/svc', 'svc/a_test.go'],
    ['example.com/svc/a_test.go', '/repo/svc', 'svc/a_test.go'], // -trimpath
    ['a_test.go', '/repo/svc/pkg', 'svc/pkg/a_test.go'],
    ['', '/repo/svc', 'svc'],
    ['/repo/svc/a_test.go', '/repo', 'a_test.go'],
    ['/elsewhere/gen/a.y', '/repo/svc', 'svc/a.y'], // a //line directive names another folder
  ])('makes %j relative to the root', (file, dir, expected) => {
    expect(benchmarkFile(file, dir, '/repo')).toBe(expected);
  });
});

describe('findUriRoot', () => {
  const base = mkdtempSync(join(tmpdir(), 'uriroot-'));

  it('finds the nearest folder with .git, a folder or a file', () => {
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    mkdirSync(join(base, 'repo', 'svc', 'pkg'), { recursive: true });
    expect(findUriRoot(join(base, 'repo', 'svc', 'pkg'), '/fallback')).toBe(join(base, 'repo'));
    mkdirSync(join(base, 'repo', 'wt'), { recursive: true });
    writeFileSync(join(base, 'repo', 'wt', '.git'), 'gitdir: ../.git/worktrees/wt\n');
    expect(findUriRoot(join(base, 'repo', 'wt'), '/fallback')).toBe(join(base, 'repo', 'wt'));
  });

  it('falls back outside git', () => {
    mkdirSync(join(base, 'plain', 'svc'), { recursive: true });
    expect(findUriRoot(join(base, 'plain', 'svc'), join(base, 'plain'))).toBe(join(base, 'plain'));
  });
});
