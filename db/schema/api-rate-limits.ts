// The API's own rate limits (api/hook-rate-limit.ts): one fixed-window hit counter per key,
// shared by every API replica, so a limit holds however many replicas the load balancer feeds.
import { index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { qboSync } from './qbo-sync';

export const apiRateLimits = qboSync.table(
  'api_rate_limits',
  {
    /** The limit and whom it counts, e.g. `hook-tenant:acme` or `hook-source:203.0.113.7`. */
    key: text('key').primaryKey(),
    /** Hits counted in the current window. */
    hits: integer('hits').notNull(),
    /** When the current window ends (a hit after it starts a new one). */
    resetAt: timestamp('reset_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('api_rate_limits_reset_at_idx').on(t.resetAt)],
);
