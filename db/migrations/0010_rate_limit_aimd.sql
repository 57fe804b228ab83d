CREATE TABLE "qbo_sync"."rate_limit_realms" (
	"realm_id" text PRIMARY KEY NOT NULL,
	"factor" double precision DEFAULT 1 NOT NULL,
	"factor_at" timestamp with time zone DEFAULT now() NOT NULL,
	"pause_ms" double precision DEFAULT 0 NOT NULL,
	"throttled_at" timestamp with time zone
);
