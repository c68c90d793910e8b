// OpenAPI 3.1 from ROUTE_DOCS: request and response schemas come from zod (z.toJSONSchema).
import { z } from 'zod';
import { ErrorResponse } from '../schemas/common.ts';
import { ROUTE_DOCS, type RouteDoc } from './route-docs.ts';

const ERRORS: Record<string, string> = {
  400: 'malformed JSON or request', 401: 'missing or invalid API key (or webhook signature)', 403: 'key lacks the scope',
  404: 'unknown id (or another tenant’s)', 409: 'conflict: state, replay, lost lease', 413: 'body over the size limit', 422: 'invalid field (param names it)',
};

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(r: RouteDoc) {
  const path = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = r.query
    ? Object.entries((json(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] }).properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
    : [];
  return [...path, ...query];
}

function operation(r: RouteDoc) {
  const status = String(r.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]: { description: 'success', ...(r.response ? { content: { 'application/json': { schema: json(r.response, 'output') } } } : {}) },
  };
  const errors = r.auth === 'none' ? [] : ['400', '401', ...(r.auth === 'signature' ? ['404', '409', '422'] : ['403', '404', '409', '413', '422'])];
  for (const code of errors) responses[code] = { description: ERRORS[code], content: { 'application/json': { schema: json(ErrorResponse, 'output') } } };
  const content: Record<string, unknown> = {};
  if (r.body) content[r.body.type ?? 'application/json'] = { schema: json(r.body.schema, 'input') };
  for (const [type, description] of Object.entries(r.upload ?? {})) content[type] ??= { schema: { type: 'string', format: 'binary', description } };
  return {
    tags: [r.tag], summary: r.summary, operationId: `${r.method}_${r.path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '')}`,
    parameters: parameters(r),
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses,
    security: r.auth === 'none' || r.auth === 'signature' ? [] : [{ bearer: [] }],
    'x-edgetune-auth': r.auth,
  };
}

export function openApiDocument(routes: readonly RouteDoc[] = ROUTE_DOCS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = r.path.replace(/:(\w+)/g, '{$1}');
    (paths[p] ??= {})[r.method] = operation(r);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'edgetune', version: '0.1.0', description: 'Fine-tune language models and serve many adapters from one base model.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an edgetune API key: et_…' } } },
    paths,
  };
}
