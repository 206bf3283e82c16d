import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleKind, transpileModule } from 'typescript';
import { acquireExclusive, acquireShared, describeHolders, releaseHoldFile } from './rw-lock';

const fresh = () => mkdtempSync(join(tmpdir(), 'rwlock-'));
const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('reader/writer lock', () => {
  it('lets readers share', async () => {
    const dir = fresh();
    const a = await acquireShared(dir);
    const b = await acquireShared(dir);
    expect(readdirSync(join(dir, 'readers'))).toHaveLength(2);
    a.release();
    b.release();
    expect(readdirSync(join(dir, 'readers'))).toHaveLength(0);
  });

  it('makes a writer wait for readers, and readers wait for a waiting writer', async () => {
    const dir = fresh();
    const events: string[] = [];
    const reader = await acquireShared(dir);
    const writer = acquireExclusive(dir, { pollMs: 10 }).then((h) => (events.push('writer'), h));
    await settle();
    const lateReader = acquireShared(dir, { pollMs: 10 }).then((h) => (events.push('late reader'), h));
    await settle();
    expect(events).toEqual([]);
    reader.release();
    const w = await writer;
    await settle();
    expect(events).toEqual(['writer']);
    w.release();
    (await lateReader).release();
    expect(events).toEqual(['writer', 'late reader']);
  });

  it('lets one writer in at a time', async () => {
    const dir = fresh();
    const first = await acquireExclusive(dir);
    let second = false;
    const pending = acquireExclusive(dir, { pollMs: 10 }).then((h) => ((second = true), h));
    await settle();
    expect(second).toBe(false);
    first.release();
    (await pending).release();
    expect(second).toBe(true);
  });

  it('treats an entry as stale when its pid now belongs to a process started after it was written', async () => {
    const dir = fresh();
    (await acquireShared(dir)).release();
    // This process runs, but started long after 2001: the pid was reused since.
    writeFileSync(join(dir, 'writers', 'reused'), `${process.pid} ${Date.UTC(2001, 0, 1)}`);
    const reader = await acquireShared(dir, { pollMs: 10 });
    expect(readdirSync(join(dir, 'writers'))).toEqual([]);
    reader.release();
    writeFileSync(join(dir, 'writers', 'current'), `${process.pid} ${Date.now()}`);
    let got = false;
    const pending = acquireShared(dir, { pollMs: 10 }).then((h) => ((got = true), h));
    await settle();
    expect(got).toBe(false);
    releaseHoldFile(join(dir, 'writers', 'current'), 'exclusive');
    (await pending).release();
  });

  it('removes entries of processes that died', async () => {
    const dir = fresh();
    (await acquireShared(dir)).release();
    writeFileSync(join(dir, 'readers', 'ghost'), `${deadPid()} 0`);
    writeFileSync(join(dir, 'writers', 'ghost'), `${deadPid()} 0`);
    const w = await acquireExclusive(dir, { pollMs: 10 });
    expect(readdirSync(join(dir, 'readers'))).toEqual([]);
    expect(readdirSync(join(dir, 'writers'))).toEqual([w.file.split('/').pop()]);
    w.release();
  });

  it('traces a hold once, also when another process ends it', async () => {
    const dir = fresh();
    const traceFile = join(dir, 'trace');
    const h = await acquireShared(dir, { traceFile });
    releaseHoldFile(h.file, 'shared', traceFile);
    h.release();
    const lines = readFileSync(traceFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const [kind, pid, start, end] = lines[0].split(' ');
    expect(kind).toBe('shared');
    expect(Number(pid)).toBe(process.pid);
    expect(Number(end)).toBeGreaterThanOrEqual(Number(start));
  });

  it('keeps every hold, and no writer beside anyone, when processes contend for it', async () => {
    const dir = fresh();
    // Child processes cannot load TypeScript: give them the module as CommonJS.
    for (const module of ['rw-lock', 'process-runs']) {
      const source = readFileSync(join(__dirname, `${module}.ts`), 'utf8');
      writeFileSync(join(dir, `${module}.js`), transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS } }).outputText);
    }
    const traceFile = join(dir, 'trace');
    const rounds = 100;
    const worker = `
      const { acquireExclusive, acquireShared } = require(${JSON.stringify(join(dir, 'rw-lock.js'))});
      (async () => {
        for (let i = 0; i < ${rounds}; i++) {
          const take = i % 3 === 0 ? acquireShared : acquireExclusive;
          const h = await take(${JSON.stringify(join(dir, 'lock'))}, { traceFile: ${JSON.stringify(traceFile)}, pollMs: 2 });
          for (const until = Date.now() + 1; Date.now() < until; );
          h.release();
        }
      })();`;
    const workers = Array.from({ length: 4 }, () => spawn(process.execPath, ['-e', worker], { stdio: 'inherit' }));
    const codes = await Promise.all(workers.map((w) => new Promise((resolve) => w.on('exit', resolve))));
    expect(codes).toEqual([0, 0, 0, 0]);
    const holds = readFileSync(traceFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [kind, , start, end] = line.split(' ');
        return { kind, start: Number(start), end: Number(end) };
      });
    expect(holds).toHaveLength(4 * rounds);
    const overlapping = holds.filter((x) => x.kind === 'exclusive' && holds.some((h) => h !== x && h.start < x.end && x.start < h.end));
    expect(overlapping).toEqual([]);
  }, 30_000);
});

describe('waiting on the lock', () => {
  it('says who holds it, by label, kind and pid, and keeps saying so', async () => {
    const dir = fresh();
    const held = await acquireExclusive(dir, { label: 'svc' });
    const notices: string[] = [];
    const waiting = acquireShared(dir, { pollMs: 5, waitNoticeMs: 40, label: 'api', onWait: (h, ms) => notices.push(describeHolders(h, ms)) });
    // Released once it has said so twice, however slow the machine is at the moment.
    while (notices.length < 2) await settle(20);
    held.release();
    (await waiting).release();
    expect(notices.length).toBeGreaterThanOrEqual(2);
    expect(notices[0]).toMatch(new RegExp(`^nx-go-bench: waiting \\d+s for the measurement lock, held by svc \\(pid ${process.pid}, exclusive since \\d\\d:\\d\\d:\\d\\d\\)$`));
  });
});
