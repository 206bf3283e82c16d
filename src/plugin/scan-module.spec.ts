import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { moduleHasBenchmarks } from './scan-module';

const linux = { goos: 'linux', goarch: 'amd64', tags: [] };
const bench = 'package p\n\nimport "testing"\n\nfunc BenchmarkX(b *testing.B) {}\n';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'scan-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('moduleHasBenchmarks', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['a benchmark in a sub-package', { 'go.mod': 'module m\n', 'a/b/c/x_test.go': bench }, true],
    ['a benchmark in a nested module only', { 'go.mod': 'module m\n', 'sub/go.mod': 'module m/sub\n', 'sub/x_test.go': bench }, false],
    ['a benchmark under vendor', { 'go.mod': 'module m\n', 'vendor/dep/x_test.go': bench }, false],
    ['a benchmark under testdata', { 'go.mod': 'module m\n', 'testdata/x_test.go': bench }, false],
    ['a benchmark in a hidden folder', { 'go.mod': 'module m\n', '.cache/x_test.go': bench }, false],
    ['a benchmark in a non-test file', { 'go.mod': 'module m\n', 'x.go': bench }, false],
    ['a benchmark behind //go:build ignore', { 'go.mod': 'module m\n', 'x_test.go': `//go:build ignore\n\n${bench}` }, false],
    ['only tests', { 'go.mod': 'module m\n', 'x_test.go': 'package p\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n' }, false],
  ])('%s: %s', (_, files, expected) => {
    expect(moduleHasBenchmarks(tree(files), linux)).toBe(expected);
  });
});
