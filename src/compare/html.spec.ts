import { compareSides } from './compare';
import { historyOf } from './history';
import { reportHtml } from './html';
import type { Side } from './side';

const side = (label: string, values: Record<string, number[]>): Side => ({
  label,
  mode: 'walltime',
  benchmarks: new Map(Object.entries(values).map(([name, v]) => [`p ${name}`, { pkg: 'p', name, samples: new Map([['ns/op', v]]) }])),
});

/** The JSON the page embeds, as its script reads it. */
function embedded(html: string): { comparison?: { benchmarks: { name: string }[] }; history?: { runs: string[] } } {
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1];
  return JSON.parse(json);
}

describe('reportHtml', () => {
  it('embeds the comparison, Chart.js and the page script, and nothing to fetch', () => {
    const comparison = compareSides(side('a', { 'Benchmark</script><b>X': [1, 2, 3] }), side('b', { 'Benchmark</script><b>X': [2, 3, 4] }));
    const html = reportHtml('a & b', { comparison });
    expect(html).toContain('<title>a &amp; b</title>');
    // A name that would end the data's script element is escaped in it, and read back whole.
    expect(html).not.toContain('Benchmark</script>');
    expect(embedded(html).comparison!.benchmarks[0].name).toBe('Benchmark</script><b>X');
    expect(html).toContain('<td>Benchmark&lt;/script&gt;&lt;b&gt;X</td>');
    expect(html).toMatch(/Chart\.js v4/);
    expect(html).toContain("document.getElementById('report-data')");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/[^\s"')]+\.(js|css)\b/);
  });

  it('embeds a history, run by run', () => {
    const history = historyOf([side('r1', { A: [1] }), side('r2', { A: [2], B: [5] })]);
    expect(history).toEqual({
      unit: 'ns/op',
      runs: ['r1', 'r2'],
      benchmarks: [
        { name: 'A', medians: [1, 2] },
        { name: 'B', medians: [null, 5] },
      ],
    });
    expect(embedded(reportHtml('h', { history })).history!.runs).toEqual(['r1', 'r2']);
  });
});
