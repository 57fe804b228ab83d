import { Router } from 'express';
import { sendPage } from '../pages/html';
import { buildOpenApiDocument } from './document';
import { renderReference } from './reference';

/** `GET /openapi.json` and `GET /reference`: public (they describe the API, they hold no data). */
export function openApiRouter(): Router {
  const router = Router();
  const document = buildOpenApiDocument();
  const reference = renderReference(document);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/reference', (_req, res) => {
    sendPage(res, reference);
  });
  return router;
}
