// The dashboard's script: the view modules concatenated in dependency order inside one strict
// IIFE (one scope, nothing global). Served as /dashboard/app.js.
import { ADAPTERS_JS } from './adapters.ts';
import { APP_JS } from './app.ts';
import { CHART_JS } from './chart.ts';
import { CORE_JS } from './core.ts';
import { DATASETS_JS } from './datasets.ts';
import { DRIFT_JS } from './drift.ts';
import { COMPARE_JS } from './compare.ts';
import { JOB_JS } from './job.ts';
import { JOBS_JS } from './jobs.ts';
import { PLAYGROUND_JS } from './playground.ts';
import { SCHEMA_FORM_JS } from './schema-form.ts';
import { WEBHOOKS_JS } from './webhooks.ts';

const PARTS: [string, string][] = [
  ['core', CORE_JS], ['chart', CHART_JS], ['datasets', DATASETS_JS], ['schema-form', SCHEMA_FORM_JS], ['jobs', JOBS_JS], ['job', JOB_JS], ['compare', COMPARE_JS],
  ['drift', DRIFT_JS], ['adapters', ADAPTERS_JS], ['playground', PLAYGROUND_JS], ['webhooks', WEBHOOKS_JS], ['app', APP_JS],
];

export const CLIENT_JS = `// edgetune dashboard (source: edge/src/dashboard/client/)
(function () {
'use strict';
${PARTS.map(([name, js]) => `// ---- ${name} ----${js}`).join('\n')}
})();
`;
