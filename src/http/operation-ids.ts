import type { FastifyInstance } from 'fastify';

/** `resource.verb`, e.g. `users.create`: the name generated clients and scripts call an operation by. */
export const OPERATION_ID = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/;

/**
 * Refuses, at registration, a route of this scope without such an operationId, so a new API
 * route fails the first test that builds the app rather than a client generated later.
 * Routes hidden from the OpenAPI document are not operations and are let through.
 */
export function requireOperationIds(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { operationId?: unknown; hide?: boolean } | undefined;
    if (schema?.hide) return;
    const id = schema?.operationId;
    if (typeof id !== 'string' || !OPERATION_ID.test(id)) {
      throw new Error(`${String(route.method)} ${route.url}: API routes need an operationId like "users.create" in their schema (has ${JSON.stringify(id)})`);
    }
  });
}
