// The dashboard's routes without a browser: the page, its headers and files, and the rules the
// browser tests cannot see from inside (no inline code, no other origins, a script that parses).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { createApp } from '../app.ts';
import { ASSETS, ASSET_VERSION } from './assets.ts';
import { NAV } from './page.ts';

const app = createApp(); // no drivers: the Worker before its storage exists still serves the page

test('GET / is the dashboard, with a same-origin CSP', async () => {
  const res = await app.request('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  const csp = res.headers.get('content-security-policy') ?? '';
  for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'", "font-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
    assert.ok(csp.includes(d), `CSP has ${d}`);
  }
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const html = await res.text();
  assert.ok(html.includes(`<script src="/dashboard/app.js?v=${ASSET_VERSION}" defer></script>`));
  assert.ok(html.includes(`href="/dashboard/app.css?v=${ASSET_VERSION}"`));
  for (const n of NAV) assert.ok(html.includes(`href="#/${n.id}"`), `nav links to ${n.id}`);
  // nothing inline for the CSP to refuse
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
});

test('the script, stylesheet and icon are served; other names are 404', async () => {
  for (const [name, asset] of Object.entries(ASSETS)) {
    const res = await app.request(`/dashboard/${name}?v=${ASSET_VERSION}`);
    assert.equal(res.status, 200, name);
    assert.equal(res.headers.get('content-type'), asset.type);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await res.text(), asset.body);
  }
  assert.match((await app.request('/dashboard/app.js')).headers.get('cache-control') ?? '', /no-cache/);
  for (const name of ['nope.js', 'constructor', '__proto__', '..%2Fapp.ts']) assert.equal((await app.request(`/dashboard/${name}`)).status, 404, name);
});

test('the client script parses, and is one strict function scope', () => {
  const js = ASSETS['app.js']!.body;
  new vm.Script(js, { filename: 'app.js' }); // throws on a syntax error
  assert.match(js, /^\/\/ edgetune dashboard[^\n]*\n\(function \(\) \{\n'use strict';/);
});

test('no file names another origin (no CDNs, fonts or beacons)', () => {
  const allowed = new Set(['http://www.w3.org/2000/svg', 'https://example.com/edgetune']); // the SVG namespace; a placeholder
  for (const [name, asset] of Object.entries(ASSETS)) {
    for (const url of asset.body.match(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'")]*/gi) ?? []) {
      assert.ok(allowed.has(url), `${name} mentions ${url}`);
    }
    assert.doesNotMatch(asset.body, /@import|@font-face|url\((?!#)/i, `${name} loads nothing by url()`);
  }
});
