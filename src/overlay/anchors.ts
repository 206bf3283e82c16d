import { coerce, gte } from 'semver';
import { BenchError } from '../utils/bench-error';

/** A line of Go source that must appear exactly once, and what it becomes. */
export interface AnchoredEdit {
  anchor: string;
  replacement: string;
}

/**
 * The edits to testing/benchmark.go of Go `goVersion`. Each renames a method
 * by its signature line, and files of the overlay then define the old names
 * as wrappers; or it has runN, on its signature line, prepare the call and
 * defer what ends it (a wrapper would call the benchmark function one frame
 * deeper than go test does); or it turns runN's collection before each call
 * into a call of the overlay's, which leaves it out between rounds that left the heap
 * settled. An edit keeps every line number, so debug information and panics
 * still point at the right upstream lines. runN and launch have read the
 * same since Go 1.7, RunParallel since Go 1.3, and the timer methods, which
 * simulation mode wraps to count only timed code, since Go 1.0. B.Loop's stopOrScaleBLoop is
 * taken over, and its loopSlowPath wrapped (to open a profiling
 * window before a loop's first iteration), from Go 1.26 on, the release
 * overlay/testing/nxgobench_loop.go is constrained to.
 */
export function benchmarkEdits(goVersion: string): AnchoredEdit[] {
  const edits = [
    { anchor: 'func (b *B) runN(n int) {', replacement: 'func (b *B) runN(n int) { b.beforeRunN(n); defer b.ranN()' },
    { anchor: 'func (b *B) launch() {', replacement: 'func (b *B) launchStd() {' },
    { anchor: '\truntime.GC()', replacement: '\tcollectBeforeRun()' },
    { anchor: 'func (b *B) RunParallel(body func(*PB)) {', replacement: 'func (b *B) runParallelStd(body func(*PB)) {' },
    { anchor: 'func (b *B) StartTimer() {', replacement: 'func (b *B) startTimerStd() {' },
    { anchor: 'func (b *B) StopTimer() {', replacement: 'func (b *B) stopTimerStd() {' },
    { anchor: 'func (b *B) ResetTimer() {', replacement: 'func (b *B) resetTimerStd() {' },
  ];
  const version = coerce(goVersion.replace(/^go/, ''));
  if (version === null || gte(version, loopRoundsSince)) {
    edits.push(
      { anchor: 'func (b *B) stopOrScaleBLoop() bool {', replacement: 'func (b *B) stopOrScaleBLoopStd() bool {' },
      { anchor: 'func (b *B) loopSlowPath() bool {', replacement: 'func (b *B) loopSlowPathStd() bool {' },
    );
  }
  return edits;
}

/** The first Go whose B.Loop benchmarks are measured in rounds within one call. */
export const loopRoundsSince = '1.26.0';

/**
 * Applies edits to source. Anchors match whole lines (trailing white space
 * and CR ignored). An anchor found zero times or more than once means this
 * Go's testing package is not the one the overlay was written for, and the
 * error names the Go version and the anchor.
 */
export function applyEdits(source: string, edits: AnchoredEdit[], goVersion: string, file: string): string {
  const lines = source.split('\n');
  for (const { anchor, replacement } of edits) {
    const hits: number[] = [];
    lines.forEach((line, i) => {
      if (line.trimEnd() === anchor) hits.push(i);
    });
    if (hits.length !== 1) {
      throw new BenchError(`Cannot patch ${file} of ${goVersion}: the line "${anchor.trim()}" appears ${hits.length} times, expected once.`, [
        `This Go release changed package testing in a way nx-go-bench ${hits.length === 0 ? 'does not know yet' : 'cannot patch safely'}.`,
        'Use a Go release that nx-go-bench supports, or report the Go version to the nx-go-bench maintainers.',
      ]);
    }
    const i = hits[0];
    lines[i] = replacement + lines[i].slice(lines[i].trimEnd().length);
  }
  return lines.join('\n');
}
