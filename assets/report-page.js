// Draws the charts of an nx-go-bench report page from the data embedded in
// it, with Chart.js, which the page also embeds: the page fetches nothing.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var colors = { base: '#8395a7', head: '#2e86de', slower: '#c0392b', faster: '#27ae60', unchanged: '#8395a7', undecidable: '#e67e22' };
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function section(title, note) {
    var element = document.createElement('section');
    var heading = document.createElement('h2');
    heading.textContent = title;
    element.appendChild(heading);
    if (note) {
      var p = document.createElement('p');
      p.textContent = note;
      element.appendChild(p);
    }
    document.getElementById('charts').appendChild(element);
    return element;
  }

  function draw(parent, id, height, config) {
    var box = document.createElement('div');
    box.className = 'chart';
    box.style.height = height + 'px';
    var canvas = document.createElement('canvas');
    canvas.id = id;
    box.appendChild(canvas);
    parent.appendChild(box);
    return new Chart(canvas, config);
  }

  function percent(x) {
    return (x >= 0 ? '+' : '') + (100 * x).toFixed(1) + '%';
  }

  var c = data.comparison;
  if (c) {
    var names = c.benchmarks.map(function (b) { return b.label; });
    var medians = section('Medians', c.unit + ', base and head, one bar each per benchmark');
    draw(medians, 'medians', 60 + 40 * names.length, {
      type: 'bar',
      data: {
        labels: names,
        datasets: [
          { label: 'base: ' + c.base, data: c.benchmarks.map(function (b) { return b.base.median; }), backgroundColor: colors.base },
          { label: 'head: ' + c.head, data: c.benchmarks.map(function (b) { return b.head.median; }), backgroundColor: colors.head },
        ],
      },
      options: { indexAxis: 'y', scales: { x: { type: 'logarithmic', title: { display: true, text: c.unit } } } },
    });

    var sorted = c.benchmarks.slice().sort(function (a, b) { return a.change - b.change; });
    var change = section('Change', 'head against base, sorted; bars are 95% confidence intervals where there are rounds to compute them');
    draw(change, 'change', 60 + 30 * sorted.length, {
      type: 'bar',
      data: {
        labels: sorted.map(function (b) { return b.label; }),
        datasets: [
          {
            type: 'scatter',
            label: 'change',
            data: sorted.map(function (b) { return { x: b.change, y: b.label }; }),
            backgroundColor: sorted.map(function (b) { return colors[b.verdict]; }),
            pointRadius: 5,
          },
          {
            label: '95% interval',
            data: sorted.map(function (b) { return b.interval || null; }),
            backgroundColor: 'rgba(46, 134, 222, 0.25)',
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          y: { type: 'category', labels: sorted.map(function (b) { return b.label; }) },
          x: { ticks: { callback: function (v) { return percent(v); } }, title: { display: true, text: 'change' } },
        },
      },
    });

    var rounds = section('Rounds', 'each round of each benchmark, base then head');
    c.benchmarks.forEach(function (b, i) {
      var jitter = function (side, values) {
        return values.map(function (v, k) { return { x: side + ((k % 7) - 3) * 0.04, y: v }; });
      };
      draw(rounds, 'rounds-' + i, 220, {
        type: 'scatter',
        data: {
          datasets: [
            { label: 'base', data: jitter(0, b.base.rounds), backgroundColor: colors.base },
            { label: 'head', data: jitter(1, b.head.rounds), backgroundColor: colors.head },
          ],
        },
        options: {
          plugins: { title: { display: true, text: b.label + '  ' + percent(b.change) + '  ' + ({ unchanged: '~', undecidable: '?' }[b.verdict] || b.verdict) } },
          scales: {
            x: {
              min: -0.5,
              max: 1.5,
              afterBuildTicks: function (axis) { axis.ticks = [{ value: 0 }, { value: 1 }]; },
              ticks: { callback: function (v) { return v === 0 ? 'base' : 'head'; } },
            },
            y: { title: { display: true, text: b.unit } },
          },
        },
      });
    });
  }

  var h = data.history;
  if (h) {
    var history = section('History', h.unit + ', median of each run, oldest first');
    h.benchmarks.forEach(function (b, i) {
      draw(history, 'history-' + i, 220, {
        type: 'line',
        data: { labels: h.runs, datasets: [{ label: b.name, data: b.medians, borderColor: colors.head, backgroundColor: colors.head, spanGaps: true }] },
        options: { scales: { y: { title: { display: true, text: h.unit } } } },
      });
    });
  }
})();
