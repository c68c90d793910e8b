// The dashboard's stylesheet. System fonts only (no web fonts: nothing leaves the origin).
export const STYLES = String.raw`
:root {
  --bg: #f5f6f8; --panel: #ffffff; --ink: #1c2430; --muted: #5d6b7e; --faint: #8a96a6; --line: #e2e6ec; --line-strong: #cfd5de;
  --accent: #3b5bdb; --accent-ink: #ffffff; --accent-soft: #e8edff; --danger: #c92a2a; --danger-soft: #fff0f0;
  --ok: #2b8a3e; --ok-soft: #ebfbee; --warn: #b35c00; --warn-soft: #fff4e0; --side: #141b26; --side-ink: #c4cdd9;
  --train: #3b5bdb; --valid: #e8590c; --radius: 8px; --focus: 0 0 0 3px rgba(59, 91, 219, .45);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
h1, h2, h3 { margin: 0; line-height: 1.25; }
h1 { font-size: 22px; font-weight: 650; }
h2 { font-size: 15px; font-weight: 650; }
h3 { font-size: 13px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip-link { position: absolute; left: 8px; top: -40px; background: var(--panel); padding: 6px 10px; border-radius: 6px; z-index: 10; }
.skip-link:focus { top: 8px; }

.layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); min-height: 100vh; background: linear-gradient(to right, var(--side) 220px, transparent 220px); }
.sidebar { background: var(--side); color: var(--side-ink); padding: 18px 12px; display: flex; flex-direction: column; gap: 18px; position: sticky; top: 0; height: 100vh; }
.brand { display: flex; align-items: center; gap: 10px; color: #fff; font-weight: 700; font-size: 17px; padding: 0 8px; }
.brand-mark { width: 22px; height: 22px; border-radius: 6px; background: linear-gradient(135deg, #5c7cfa, #22b8cf); }
.nav { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; }
.nav a { display: block; padding: 8px 10px; border-radius: 6px; color: var(--side-ink); text-decoration: none; font-weight: 500; }
.nav a:hover { background: rgba(255, 255, 255, .06); color: #fff; }
.nav a[aria-current="page"] { background: rgba(92, 124, 250, .22); color: #fff; }
.nav a:focus-visible { outline-color: #91a7ff; }
.session { margin-top: auto; font-size: 12px; padding: 10px; border-radius: 6px; background: rgba(255, 255, 255, .05); display: grid; gap: 8px; }
.session .mono { color: #fff; word-break: break-all; }
.session button { background: transparent; color: var(--side-ink); border-color: rgba(255, 255, 255, .2); }
.session button:focus-visible { outline-color: #91a7ff; }
.sidebar-foot a { color: var(--side-ink); font-size: 12px; padding: 0 8px; }

main { padding: 24px 32px 48px; outline: none; min-width: 0; }
.page-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 16px; margin-bottom: 18px; }
.page-head p { margin: 4px 0 0; color: var(--muted); }
.crumbs { font-size: 13px; margin-bottom: 4px; }
.grid { display: grid; gap: 16px; }
.grid.two { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.grid.sidebar-right { grid-template-columns: minmax(0, 1fr) 340px; align-items: start; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 16px 18px; margin-bottom: 16px; min-width: 0; }
.grid > .card { margin-bottom: 0; }
.card-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 12px; }
.card-head .sub { color: var(--muted); font-size: 12.5px; }
.muted { color: var(--muted); }
.spaced { margin-top: 14px; }
.row.end { align-items: flex-end; }
.row > select { width: auto; min-width: 220px; }
.row.end > .field { flex: 1 1 0; min-width: 120px; }
.row.end > button { flex: none; }
.chart-figure { margin: 0; }
.panes { margin-top: 16px; }
h3.spaced, .stack > h3 { margin: 14px 0 6px; }
.small { font-size: 12.5px; }
.empty { color: var(--faint); padding: 12px 0; }

form.stack, .stack { display: grid; gap: 12px; }
.row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px 14px; }
.field { display: grid; gap: 4px; align-content: start; min-width: 0; }
.field > label, .field-label { font-weight: 600; font-size: 12.5px; }
.field .hint { color: var(--muted); font-size: 12px; }
.field.check { grid-template-columns: auto 1fr; align-items: center; column-gap: 8px; }
.field.check .hint { grid-column: 1 / -1; }
.field.wide { grid-column: 1 / -1; }
input[type=text], input[type=password], input[type=number], input[type=url], select, textarea {
  font: inherit; color: inherit; background: #fff; border: 1px solid var(--line-strong); border-radius: 6px; padding: 7px 9px; width: 100%; min-width: 0;
}
input[type=file] { font: inherit; max-width: 100%; }
textarea { resize: vertical; min-height: 80px; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline: none; border-color: var(--accent); box-shadow: var(--focus); }
input[type=checkbox], input[type=radio] { width: 16px; height: 16px; margin: 0; accent-color: var(--accent); }
input[type=checkbox]:focus-visible, input[type=radio]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 12px 14px 14px; margin: 0; min-width: 0; }
legend { font-weight: 650; padding: 0 6px; }
details > summary { cursor: pointer; font-weight: 600; color: var(--muted); margin: 4px 0; }

button, .button { font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid var(--line-strong); background: #fff; color: var(--ink); padding: 7px 13px; cursor: pointer; text-decoration: none; display: inline-flex; align-items: center; gap: 6px; }
button:hover { border-color: var(--muted); }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
button.primary:hover { background: #364fc7; }
button.danger { color: var(--danger); border-color: #f0b6b6; }
button.danger.confirm { background: var(--danger); color: #fff; }
button.small { padding: 3px 9px; font-size: 12.5px; }
button.link { border: none; background: none; color: var(--accent); padding: 0; font-weight: 500; text-decoration: underline; }
button:disabled { opacity: .55; cursor: not-allowed; }

table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fafbfc; white-space: nowrap; }
tbody tr:hover { background: #fafbff; }
tr.selected { background: var(--accent-soft) !important; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
.preview td { max-width: 420px; white-space: pre-wrap; word-break: break-word; }

.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; background: #eef1f5; color: var(--muted); white-space: nowrap; }
.badge.succeeded, .badge.ok { background: var(--ok-soft); color: var(--ok); }
.badge.running, .badge.validating_files { background: var(--accent-soft); color: var(--accent); }
.badge.queued { background: var(--warn-soft); color: var(--warn); }
.badge.failed, .badge.error { background: var(--danger-soft); color: var(--danger); }
.badge.cancelled { background: #f1f3f5; color: #495057; }
.chip { display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px; border-radius: 999px; background: var(--accent-soft); color: var(--accent); font-size: 12px; font-weight: 600; margin: 0 4px 4px 0; }

.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin-bottom: 14px; }
.stat { border: 1px solid var(--line); border-radius: var(--radius); padding: 10px 12px; background: #fbfcfd; }
.stat .label { font-size: 12px; color: var(--muted); }
.stat .value { font-size: 19px; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat .value.small { font-size: 14px; }

.notice { border-radius: 6px; padding: 9px 12px; background: var(--accent-soft); color: #243b8c; margin: 0; }
.notice.error { background: var(--danger-soft); color: var(--danger); }
.notice.ok { background: var(--ok-soft); color: var(--ok); }
.notice.warn { background: var(--warn-soft); color: var(--warn); }
.secret { display: grid; gap: 6px; }

.progress { display: grid; gap: 4px; }
progress { width: 100%; height: 10px; appearance: none; border: none; border-radius: 999px; overflow: hidden; background: #e9ecf1; }
progress::-webkit-progress-bar { background: #e9ecf1; border-radius: 999px; }
progress::-webkit-progress-value { background: var(--accent); border-radius: 999px; }

.chart { width: 100%; height: auto; display: block; }
.chart .grid-line { stroke: #edf0f4; stroke-width: 1; }
.chart .axis { stroke: #9aa5b4; stroke-width: 1; }
.chart .tick { fill: #5d6b7e; font-size: 11px; font-variant-numeric: tabular-nums; }
.chart .axis-title { fill: #5d6b7e; font-size: 11.5px; font-weight: 600; }
.chart .series { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
.chart .series.train { stroke: var(--train); }
.chart .series.validation { stroke: var(--valid); stroke-dasharray: 6 4; }
.chart .pt.train { fill: var(--train); }
.chart .pt.validation { fill: var(--valid); }
.chart .placeholder { fill: var(--faint); font-size: 13px; }
.legend { display: flex; gap: 8px 18px; flex-wrap: wrap; font-size: 12.5px; color: var(--muted); margin-top: 6px; }
.legend .key { display: inline-flex; align-items: center; gap: 6px; }
.legend .swatch { width: 18px; height: 3px; border-radius: 2px; display: inline-block; }
.legend .swatch.train { background: var(--train); }
.legend .swatch.validation { background: var(--valid); }
.chart .series.dashed { stroke-dasharray: 6 4; stroke-width: 1.8; }
.chart .pt.dashed { fill: #fff; stroke-width: 1.5; }
.chart .series.c0 { stroke: #3b5bdb; } .chart .pt.c0 { fill: #3b5bdb; stroke: #3b5bdb; } .chart .pt.c0.dashed { fill: #fff; } .legend .swatch.c0 { background: #3b5bdb; border-color: #3b5bdb; }
.chart .series.c1 { stroke: #e8590c; } .chart .pt.c1 { fill: #e8590c; stroke: #e8590c; } .chart .pt.c1.dashed { fill: #fff; } .legend .swatch.c1 { background: #e8590c; border-color: #e8590c; }
.chart .series.c2 { stroke: #2b8a3e; } .chart .pt.c2 { fill: #2b8a3e; stroke: #2b8a3e; } .chart .pt.c2.dashed { fill: #fff; } .legend .swatch.c2 { background: #2b8a3e; border-color: #2b8a3e; }
.chart .series.c3 { stroke: #ae3ec9; } .chart .pt.c3 { fill: #ae3ec9; stroke: #ae3ec9; } .chart .pt.c3.dashed { fill: #fff; } .legend .swatch.c3 { background: #ae3ec9; border-color: #ae3ec9; }
.chart .series.c4 { stroke: #0c8599; } .chart .pt.c4 { fill: #0c8599; stroke: #0c8599; } .chart .pt.c4.dashed { fill: #fff; } .legend .swatch.c4 { background: #0c8599; border-color: #0c8599; }
.chart .series.c5 { stroke: #c92a2a; } .chart .pt.c5 { fill: #c92a2a; stroke: #c92a2a; } .chart .pt.c5.dashed { fill: #fff; } .legend .swatch.c5 { background: #c92a2a; border-color: #c92a2a; }
.legend .swatch.dashed { height: 0; background: none; border-top-width: 3px; border-top-style: dashed; border-radius: 0; }
.legend .key.run { gap: 8px; padding: 4px 10px; border: 1px solid var(--line); border-radius: 999px; background: #fbfcfd; }
.legend .key.run .swatch + .swatch { margin-left: -4px; }
.legend .key.run strong { color: var(--ink); font-weight: 600; }
.legend .key.run .run-id { font-size: 11.5px; color: var(--faint); }
.compare-bar { display: flex; gap: 10px; align-items: center; justify-content: flex-end; margin-bottom: 10px; }
td.pick, th.pick { width: 28px; }
td.pick input { width: 16px; height: 16px; margin: 0; }
.compare-table tbody th { background: transparent; }
.compare-table th[scope="row"] { text-align: left; color: var(--muted); font-weight: 500; white-space: nowrap; }
.compare-table thead th .run-id { display: block; font-weight: 400; color: var(--faint); font-size: 11.5px; }
.compare-table td { font-variant-numeric: tabular-nums; }
.compare-table thead .legend { display: inline-flex; margin: 0; gap: 6px; font-size: 13px; }
.compare-table thead th { vertical-align: bottom; }
.compare-table td.best { font-weight: 650; color: var(--ok); }
.compare-table tr.section th { padding-top: 14px; color: var(--ink); font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; font-weight: 650; }

.events { max-height: 320px; overflow-y: auto; border: 1px solid var(--line); border-radius: 6px; }
.events ol { list-style: none; margin: 0; padding: 0; }
.events li { display: grid; grid-template-columns: 74px 1fr; gap: 8px; padding: 6px 10px; border-bottom: 1px solid var(--line); font-size: 12.5px; }
.events li:last-child { border-bottom: none; }
.events li .time { color: var(--faint); font-variant-numeric: tabular-nums; }
.events li.warn { background: var(--warn-soft); }
.events li.error { background: var(--danger-soft); }
.events li.metrics .msg { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }

.panes { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 14px; }
.pane { border: 1px solid var(--line); border-radius: var(--radius); background: var(--panel); display: flex; flex-direction: column; min-height: 200px; min-width: 0; }
.pane-head { padding: 10px 12px; border-bottom: 1px solid var(--line); display: flex; justify-content: space-between; gap: 8px; align-items: center; }
.pane-head .title { font-weight: 650; word-break: break-all; }
.pane-body { padding: 12px; white-space: pre-wrap; word-break: break-word; flex: 1; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.pane-body .prompt { color: var(--faint); }
.pane-foot { padding: 8px 12px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); display: flex; gap: 12px; flex-wrap: wrap; }
.pane.base .pane-head { background: #f8f9fb; }
.pane.adapter .pane-head { background: var(--accent-soft); }
.checklist { display: grid; gap: 6px; max-height: 180px; overflow-y: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.checklist label { display: flex; gap: 8px; align-items: center; font-weight: 500; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; font-size: 13px; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; word-break: break-word; }

.toasts { position: fixed; right: 20px; bottom: 20px; display: grid; gap: 8px; z-index: 20; }
.toast { background: var(--side); color: #fff; padding: 10px 14px; border-radius: 8px; box-shadow: 0 6px 24px rgba(0, 0, 0, .18); max-width: 380px; }
.toast.error { background: var(--danger); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }
.connect { max-width: 480px; margin: 8vh auto 0; }
.connect p { color: var(--muted); }
`;
