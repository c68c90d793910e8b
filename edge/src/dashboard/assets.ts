// The dashboard's static files, as strings (no filesystem reads at request time, so the Worker
// serves them too). ASSET_VERSION busts caches when any of them changes.
import { CLIENT_JS } from './client/index.ts';
import { STYLES } from './styles.ts';

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#5c7cfa"/><stop offset="1" stop-color="#22b8cf"/></linearGradient></defs><rect width="32" height="32" rx="7" fill="url(#g)"/><path d="M7 22 L13 14 L18 18 L25 9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export interface Asset {
  readonly type: string;
  readonly body: string;
}

export const ASSETS: Readonly<Record<string, Asset>> = {
  'app.js': { type: 'text/javascript; charset=utf-8', body: CLIENT_JS },
  'app.css': { type: 'text/css; charset=utf-8', body: STYLES },
  'icon.svg': { type: 'image/svg+xml', body: ICON },
};

/** FNV-1a over every asset: a short content version for the page's asset URLs. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
export const ASSET_VERSION = fnv1a(Object.values(ASSETS).map((a) => a.body).join('\0'));
