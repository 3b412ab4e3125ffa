package dev.evalunit.engine.report;

/** The HTML report's inline style sheet and sorting script: nothing is fetched by the page. */
final class ReportStyle {

  private ReportStyle() {}

  static final String CSS = """
      :root{--fg:#1d2330;--muted:#5d6677;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;
        --ok:#1f8a4c;--ok-bg:#e3f4ea;--bad:#c0392b;--bad-bg:#fbe6e3;--warn:#b7791f;
        --warn-bg:#fdf3dc;--skip:#6b7280;--skip-bg:#eef0f3;--accent:#3b5bdb;
        --c-passed:#4c9f70;--c-failed:#e0873a;--c-errored:#c0392b;--c-not-run:#9aa1ad;
        --c-bin:#6f86d6}
      *{box-sizing:border-box}
      body{margin:0;padding:28px 36px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
        Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
      h1{font-size:26px;margin:0 0 2px;display:flex;align-items:center;gap:12px;flex-wrap:wrap}
      h2{font-size:17px;margin:0 0 10px}
      section{margin-top:26px}
      .fqcn{margin:0 0 10px;color:var(--muted);font-family:ui-monospace,Menlo,Consolas,monospace}
      .meta{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0}
      .meta div{display:flex;gap:6px}.meta dt{color:var(--muted)}.meta dd{margin:0;font-weight:500}
      .badge{font-size:13px;font-weight:600;padding:3px 10px;border-radius:999px;
        text-transform:uppercase;letter-spacing:.04em}
      .badge.passed{color:var(--ok);background:var(--ok-bg)}
      .badge.failed{color:var(--bad);background:var(--bad-bg)}
      .badge.no-data{color:var(--warn);background:var(--warn-bg)}
      .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
      .card{background:var(--card);border:1px solid var(--line);border-radius:10px;
        padding:16px 18px;border-top:4px solid var(--skip)}
      .card.passed{border-top-color:var(--ok)}.card.failed{border-top-color:var(--bad)}
      .card.no-data{border-top-color:var(--warn)}
      .card h2{display:flex;justify-content:space-between;align-items:center}
      .big{font-size:34px;font-weight:650;margin:4px 0 8px}
      .big small{font-size:13px;font-weight:400;color:var(--muted);margin-left:8px}
      .stats{margin:0;display:grid;grid-template-columns:auto 1fr;gap:3px 14px}
      .stats div{display:contents}.stats dt{color:var(--muted)}.stats dd{margin:0}
      .reasons{margin:10px 0 0;padding-left:18px;color:var(--bad)}
      .legend{display:flex;flex-wrap:wrap;gap:4px 18px;list-style:none;margin:-4px 0 10px;
        padding:0;font-size:12px;color:var(--muted)}
      .legend li{display:flex;align-items:center;gap:6px}
      .swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
      .swatch.passed{background:var(--c-passed)}.swatch.failed{background:var(--c-failed)}
      .swatch.errored{background:var(--c-errored)}.swatch.not-run{background:var(--c-not-run)}
      .swatch.bin{background:var(--c-bin)}
      .legend .mark{color:var(--bad);font-size:11px}
      .chart-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px}
      @media (max-width:700px){.chart-grid.matrix{grid-template-columns:minmax(0,1fr)!important}}
      .chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;
        padding:10px 12px;min-width:0}
      .chart figcaption{font-weight:600;margin-bottom:4px}
      .chart svg{width:100%;height:auto;display:block}
      .chart .empty{color:var(--muted);margin:40px 0;text-align:center}
      .chart .note{margin:4px 0 0;font-size:12px;color:var(--bad)}
      .bar{fill:var(--accent)}.bar.score{fill:#5b7be0}.bar.passed{fill:var(--c-passed)}
      .bar.failed{fill:var(--c-failed)}.bar.errored{fill:var(--c-errored)}
      .bar.not-run{fill:var(--c-not-run)}.bar.bin{fill:var(--c-bin)}
      .strip.passed{fill:var(--c-passed)}.strip.failed{fill:var(--c-failed)}
      .strip.errored{fill:var(--c-errored)}.strip.not-run{fill:var(--c-not-run)}
      .whisker{stroke:#2b3a67;stroke-opacity:.55;stroke-width:1.2}
      .break{stroke:#fff;stroke-width:2;fill:none}
      .outlier{fill:var(--bad)}
      .outlier-value{font-size:11px;fill:var(--bad);font-weight:600}
      .grid{stroke:var(--line);stroke-width:1}
      .tick{font-size:11px;fill:var(--muted);text-anchor:end}
      .xlabel{font-size:11px;fill:var(--muted)}
      .axis-title{font-size:11px;fill:var(--fg);text-anchor:middle;font-weight:600}
      .axis-title.y{text-anchor:start}
      .count{font-size:11px;fill:var(--fg);text-anchor:middle}
      .scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);
        border-radius:10px}
      table{border-collapse:collapse;min-width:100%;font-size:13px}
      .scroll.fit{display:inline-block;max-width:100%}
      table.compare{min-width:0}.compare td,.compare th{min-width:8em}
      th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      th{background:#eef1f6;cursor:pointer;user-select:none;white-space:nowrap;font-weight:600}
      th[aria-sort=ascending]::after{content:" \\25B2";font-size:10px}
      th[aria-sort=descending]::after{content:" \\25BC";font-size:10px}
      td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      td.error{color:var(--bad);min-width:280px;max-width:460px;word-break:break-word}
      tr.failed td.error{color:#a05a00}
      .compare th:not(:first-child){text-align:right}
      .compare td.failed{box-shadow:inset 4px 0 var(--c-failed)}
      .compare td.errored{background:var(--bad-bg);color:var(--bad)}
      .compare td.not-run{background:var(--skip-bg);color:var(--skip)}
      .compare tr.summary td{font-weight:600;background:#f3f5f9;border-bottom:2px solid var(--line)}
      .compare td.delta.up{color:var(--ok)}.compare td.delta.down{color:var(--bad)}
      .baseline tr.dropped td{background:var(--bad-bg)}.baseline tr.unpaired td{color:var(--skip)}
      .pill{font-size:12px;padding:1px 8px;border-radius:999px;white-space:nowrap}
      .pill.passed{color:var(--ok);background:var(--ok-bg)}
      .pill.failed{color:#a05a00;background:var(--warn-bg)}
      .pill.errored{color:var(--bad);background:var(--bad-bg)}
      .pill.not-run{color:var(--skip);background:var(--skip-bg)}
      .tag{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:4px;
        padding:0 4px}
      .hint{color:var(--muted);margin:-6px 0 8px;font-size:12px}
      a{color:var(--accent)}
      footer{margin-top:30px;color:var(--muted);font-size:12px}
      """;

  /** Sorts a table's body by the clicked column of its first header row. */
  static final String SCRIPT = """
      (function () {
        function key(cell) {
          var v = cell.getAttribute('data-v');
          if (v === null) { v = cell.textContent.trim(); }
          if (v === '' || v === '-') { return null; }
          var n = Number(v);
          return isNaN(n) ? v : n;
        }
        document.querySelectorAll('table.sortable').forEach(function (table) {
          var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
          headers.forEach(function (th, col) {
            th.addEventListener('click', function () {
              var asc = th.getAttribute('aria-sort') !== 'ascending';
              headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = key(a.cells[col]), y = key(b.cells[col]);
                if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
                var c = (typeof x === 'number' && typeof y === 'number') ? x - y
                    : String(x).localeCompare(String(y), undefined, {numeric: true});
                return asc ? c : -c;
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
        });
      })();
      """;
}
