import type { RequestHandler } from 'express';
import { state } from '../../http/context.js';
import type { AuthService } from './auth.service.js';

/**
 * Resolves `Authorization: Bearer <token>` to the actor for every request. A missing or dead
 * token leaves the request anonymous; each route's access rule then decides (401 / 403).
 */
export function authenticate(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization');
    const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{20,200})$/);
    if (!match?.[1]) return next();
    auth
      .authenticate(match[1])
      .then((actor) => {
        if (actor) state(req).actor = actor;
        next();
      })
      .catch(next);
  };
}
