import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from '../utils/package';
import type { Comparison } from './compare';
import { comparisonNotes, comparisonRows, packageHeader } from './report';

/** Runs in time order, for the history view: each benchmark's median per run, null where a run lacks it. */
export interface History {
  unit: string;
  runs: string[];
  benchmarks: { name: string; medians: (number | null)[] }[];
}

/**
 * One self-contained HTML page: the comparison's table and notes, and
 * charts drawn by Chart.js from data embedded in the page (medians per
 * benchmark and side, the changes with their intervals sorted, each
 * benchmark's rounds), and the history of several runs. Chart.js and the
 * page's script are inlined, so that opening the file fetches nothing.
 */
export function reportHtml(title: string, parts: { comparison?: Comparison; history?: History }): string {
  const data = { comparison: parts.comparison, history: parts.history };
  const table = parts.comparison ? tableHtml(parts.comparison) : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>',
    'body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }',
    'table { border-collapse: collapse; } td, th { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; } td:not(:first-child) { text-align: right; }',
    '.chart { position: relative; width: 100%; margin: 1em 0; }',
    '</style>',
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    table,
    '<div id="charts"></div>',
    `<script type="application/json" id="report-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`,
    `<script>${scriptSafe(chartJs())}</script>`,
    `<script>${scriptSafe(readFileSync(join(packageRoot, 'assets', 'report-page.js'), 'utf8'))}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function tableHtml(c: Comparison): string {
  const row = (cells: string[], tag: string) => `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  return [
    `<p>${escapeHtml(`${c.mode}: ${c.base} → ${c.head}`)}</p>`,
    '<table>',
    row(packageHeader, 'th'),
    ...comparisonRows(c, true).map((cells) => row(cells, 'td')),
    '</table>',
    ...comparisonNotes(c).map((note) => `<p>${escapeHtml(note)}</p>`),
  ].join('\n');
}

/** Chart.js's own browser build, from the installed package. */
function chartJs(): string {
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text that cannot end the script element it is inlined into. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
