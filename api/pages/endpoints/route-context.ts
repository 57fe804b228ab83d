// What every route of the management page shares: its path, the page's signing keys and the
// parser of its form posts.
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { ApiDeps } from '../../deps';
import { tenantIdSchema } from '../../validation';
import { derivePageKeys, type PageKeys } from '../access';

/** The page's route; its actions are below it. */
export const PAGE_ROUTE = '/tenants/:tenantId/quickbooks';

export type PageRouteContext = {
  deps: ApiDeps;
  keys: PageKeys;
  /** Parses the body of a form the page posts. */
  form: RequestHandler;
};

/** Adds some of the page's routes to its router. */
export type PageRoutes = (router: Router, page: PageRouteContext) => void;

export const pageRouteContext = (deps: ApiDeps): PageRouteContext => ({
  deps,
  keys: derivePageKeys(deps.config.apiToken),
  form: express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 5000 }),
});

export const tenantOf = (req: Request) => tenantIdSchema.parse(req.params.tenantId);
