import { writeInPieces } from './run';

/** A stream that keeps every write. */
function recorder() {
  const writes: string[] = [];
  const stream = { write: (piece: string, done: () => void) => (writes.push(piece), done(), true) };
  return { writes, stream: stream as unknown as NodeJS.WriteStream };
}

describe('writeInPieces', () => {
  it('writes whole lines in writes of at most 4096 bytes, and nothing else', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(8, '0')} ${'x'.repeat(i % 300)}\n`).join('');
    const { writes, stream } = recorder();
    await writeInPieces(stream, lines);
    expect(writes.join('')).toBe(lines);
    expect(writes.every((w) => Buffer.byteLength(w) <= 4096 && w.endsWith('\n'))).toBe(true);
    expect(writes.length).toBeLessThan(Buffer.byteLength(lines) / 2048);
  });

  it('cuts a line longer than a write without splitting a character', async () => {
    const text = `${'z'.repeat(5000)}${'é😀'.repeat(3000)}\n`;
    const { writes, stream } = recorder();
    await writeInPieces(stream, text);
    expect(writes.join('')).toBe(text);
    expect(writes.every((w) => Buffer.byteLength(w) <= 4096 && !/[\ud800-\udbff]$/.test(w))).toBe(true);
  });
});
