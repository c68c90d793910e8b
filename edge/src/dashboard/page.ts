// The dashboard's HTML shell: a left navigation and an empty <main> the script fills. No inline
// script or style (the CSP forbids both); the script and stylesheet are same-origin files.
import { ASSET_VERSION } from './assets.ts';

export const NAV = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'adapters', label: 'Adapters' },
  { id: 'playground', label: 'Playground' },
  { id: 'webhooks', label: 'Webhooks' },
] as const;

export function dashboardHtml(): string {
  const links = NAV.map((n) => `<li><a href="#/${n.id}" data-view="${n.id}">${n.label}</a></li>`).join('\n        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>edgetune dashboard</title>
  <link rel="icon" href="/dashboard/icon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/dashboard/app.css?v=${ASSET_VERSION}">
  <script src="/dashboard/app.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
  <a class="skip-link" href="#main" id="skip-link">Skip to content</a>
  <div class="layout">
    <aside class="sidebar">
      <div class="brand"><span class="brand-mark" aria-hidden="true"></span>edgetune</div>
      <nav aria-label="Main">
        <ul class="nav">
        ${links}
        </ul>
      </nav>
      <div class="session" id="session"></div>
      <div class="sidebar-foot"><a href="/docs">API reference</a></div>
    </aside>
    <main id="main" tabindex="-1">
      <noscript><p class="notice">The dashboard needs JavaScript. The API reference is at <a href="/docs">/docs</a>.</p></noscript>
    </main>
  </div>
  <div class="toasts" id="toasts" role="status" aria-live="polite"></div>
</body>
</html>
`;
}
