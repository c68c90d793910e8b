// A tiny self-contained docs page (no CDN): endpoints by tag, with a link to /openapi.json.
import { ROUTE_DOCS } from './route-docs.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function docsPage(): string {
  const tags = [...new Set(ROUTE_DOCS.map((r) => r.tag))];
  const sections = tags.map((tag) => {
    const rows = ROUTE_DOCS.filter((r) => r.tag === tag)
      .map((r) => `<tr><td class="m ${r.method}">${r.method.toUpperCase()}</td><td><code>${esc(r.path)}</code></td><td>${esc(r.auth)}</td><td>${esc(r.summary)}</td></tr>`)
      .join('\n');
    return `<h2>${esc(tag)}</h2>\n<table><tr><th>method</th><th>path</th><th>auth</th><th></th></tr>\n${rows}</table>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edgetune API</title>
<style>body{font:14px system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;width:100%}
td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}.m{font-weight:600}.get{color:#06c}.post{color:#080}.put{color:#a60}.delete{color:#c00}.head{color:#666}</style>
</head><body><h1>edgetune API</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, generated from the zod schemas). Send <code>Authorization: Bearer et_…</code>.
Errors are <code>{"error": {"code", "message", "param"}}</code>; <code>param</code> names the failing field.</p>
${sections.join('\n')}
</body></html>`;
}
