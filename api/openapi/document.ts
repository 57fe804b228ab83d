// The OpenAPI 3.1 document of the v1 API, generated from the routes' zod schemas
// (z.toJSONSchema emits JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
import { z } from 'zod';
import type { Operation } from './operation-kit';
import { operations } from './operations';

type Json = Record<string, unknown>;

/** Converts a schema; its named parts ($defs) move to the document's components. */
function convert(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete json.$schema;
  const text = JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/');
  const out = JSON.parse(text) as Json;
  const defs = (out.$defs ?? {}) as Json;
  delete out.$defs;
  for (const [name, def] of Object.entries(defs)) components[name] ??= def;
  return out;
}

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query', components: Json) {
  if (!schema) return [];
  const json = convert(schema, 'input', components) as { properties?: Json; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop as Json;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function operation(op: Operation, components: Json): Json {
  const responses: Json = {};
  for (const [status, r] of Object.entries(op.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema
        ? { content: { 'application/json': { schema: convert(r.schema, 'output', components) } } }
        : {}),
      ...(r.html ? { content: { 'text/html': { schema: { type: 'string' } } } } : {}),
      ...(r.redirect ? { headers: { Location: { schema: { type: 'string', format: 'uri' } } } } : {}),
    };
  }
  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security:
      op.security === 'apiToken'
        ? [{ apiToken: [] }]
        : op.security === 'hookSignature'
          ? [{ hookSignature: [] }]
          : [],
    parameters: [
      ...parameters(op.path_params, 'path', components),
      ...parameters(op.query, 'query', components),
    ],
    ...(op.body
      ? {
          requestBody: {
            required: !op.bodyOptional,
            content: { 'application/json': { schema: convert(op.body, 'input', components) } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operation(op, components);
  return {
    openapi: '3.1.0',
    info: {
      title: 'qbo-sync API',
      version: '1',
      description:
        'Keeps a BPro tenant\'s QuickBooks Online company in sync. Errors are `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: '/api/v1' }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiToken: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API_TOKEN>' },
        hookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-BPro-Signature',
          description: 't=<unix>,v1=<hex HMAC-SHA256(HOOK_SECRET, "<t>.<raw body>")>',
        },
      },
    },
  };
}
