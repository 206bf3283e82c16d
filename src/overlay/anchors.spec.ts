import { BenchError } from '../utils/bench-error';
import { applyEdits, benchmarkEdits } from './anchors';

const upstream = [
  'package testing',
  '',
  'func (b *B) runN(n int) {',
  '\truntime.GC()',
  '\tb.N = n',
  '}',
  '',
  'func (b *B) launch() {',
  '}',
  '',
  'func (b *B) stopOrScaleBLoop() bool {',
  '\treturn false',
  '}',
  '',
  'func (b *B) loopSlowPath() bool {',
  '\treturn false',
  '}',
  '',
  'func (b *B) RunParallel(body func(*PB)) {',
  '}',
  '',
  'func (b *B) StartTimer() {',
  '}',
  'func (b *B) StopTimer() {',
  '}',
  'func (b *B) ResetTimer() {',
  '}',
  '',
].join('\n');

describe('benchmarkEdits', () => {
  it.each([
    ['go1.24.13', false],
    ['go1.25.9', false],
    ['go1.26rc1', true],
    ['go1.26.8', true],
    ['go1.27.3', true],
    ['devel go1.28-4a1b2c3d Mon Nov 2 10:00:00 2026 +0000', true],
    ['devel +4a1b2c3d', true],
  ])('for %s takes over B.Loop ramp-up: %s', (version, loop) => {
    const anchors = benchmarkEdits(version).map((e) => e.anchor);
    expect(anchors.slice(0, 4)).toEqual([
      'func (b *B) runN(n int) {',
      'func (b *B) launch() {',
      '\truntime.GC()',
      'func (b *B) RunParallel(body func(*PB)) {',
    ]);
    expect(anchors.includes('func (b *B) stopOrScaleBLoop() bool {')).toBe(loop);
    expect(anchors.includes('func (b *B) loopSlowPath() bool {')).toBe(loop);
  });
});

describe('applyEdits', () => {
  it('renames each anchored line and keeps every line number', () => {
    const out = applyEdits(upstream, benchmarkEdits('go1.26.8'), 'go1.26.8', 'testing/benchmark.go');
    expect(out.split('\n')).toHaveLength(upstream.split('\n').length);
    expect(out.split('\n')[2]).toBe('func (b *B) runN(n int) { b.beforeRunN(n); defer b.ranN()');
    expect(out.split('\n')[3]).toBe('\tcollectBeforeRun()');
    expect(out.split('\n')[7]).toBe('func (b *B) launchStd() {');
    expect(out.split('\n')[10]).toBe('func (b *B) stopOrScaleBLoopStd() bool {');
    expect(out.split('\n')[14]).toBe('func (b *B) loopSlowPathStd() bool {');
    expect(out.split('\n')[18]).toBe('func (b *B) runParallelStd(body func(*PB)) {');
    expect(out.split('\n').slice(21, 26)).toEqual(['func (b *B) startTimerStd() {', '}', 'func (b *B) stopTimerStd() {', '}', 'func (b *B) resetTimerStd() {']);
    expect(
      out
        .replace(' b.beforeRunN(n); defer b.ranN()', '')
        .replace('launchStd', 'launch')
        .replace('BLoopStd', 'BLoop')
        .replace('loopSlowPathStd', 'loopSlowPath')
        .replace('collectBeforeRun', 'runtime.GC')
        .replace('runParallelStd', 'RunParallel')
        .replace('startTimerStd', 'StartTimer')
        .replace('stopTimerStd', 'StopTimer')
        .replace('resetTimerStd', 'ResetTimer'),
    ).toBe(upstream);
  });

  it('tolerates CRLF line ends and keeps them', () => {
    const out = applyEdits(upstream.replace(/\n/g, '\r\n'), benchmarkEdits('go1.26.8'), 'go1.26.8', 'b.go');
    expect(out).toContain('func (b *B) runN(n int) { b.beforeRunN(n); defer b.ranN()\r\n');
  });

  it('does not match an anchor inside a longer line', () => {
    const source = upstream.replace('func (b *B) launch() {', '// func (b *B) launch() {');
    expect(() => applyEdits(source, benchmarkEdits('go1.99.0'), 'go1.99.0', 'testing/benchmark.go')).toThrow(
      'the line "func (b *B) launch() {" appears 0 times',
    );
  });

  it('refuses a missing anchor, naming the Go version and the anchor', () => {
    const source = upstream.replace('func (b *B) runN(n int) {', 'func (b *B) runN(n int64) {');
    let error: unknown;
    try {
      applyEdits(source, benchmarkEdits('go1.99.0'), 'go1.99.0', 'testing/benchmark.go');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).title).toBe(
      'Cannot patch testing/benchmark.go of go1.99.0: the line "func (b *B) runN(n int) {" appears 0 times, expected once.',
    );
  });

  it('refuses a doubled anchor', () => {
    const source = upstream + 'func (b *B) launch() {\n}\n';
    expect(() => applyEdits(source, benchmarkEdits('go1.99.0'), 'go1.99.0', 'testing/benchmark.go')).toThrow(
      'the line "func (b *B) launch() {" appears 2 times, expected once',
    );
  });
});
