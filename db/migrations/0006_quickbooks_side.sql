ALTER TABLE "qbo_sync"."entity_links" DROP CONSTRAINT "entity_links_state_check";--> statement-breakpoint
ALTER TABLE "qbo_sync"."sync_log" DROP CONSTRAINT "sync_log_action_check";--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "home_currency" text;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "multicurrency" boolean;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "subscription_status" text;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "blocked_kind" text;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "blocked_reason" text;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "blocked_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD COLUMN "blocked_probe_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "qbo_sync"."sync_log" ADD COLUMN "awaiting" text;--> statement-breakpoint
ALTER TABLE "qbo_sync"."entity_links" ADD CONSTRAINT "entity_links_state_check" CHECK ("qbo_sync"."entity_links"."state" in ('active', 'voided', 'deleted', 'qbo_voided', 'qbo_deleted', 'unlinked'));--> statement-breakpoint
ALTER TABLE "qbo_sync"."sync_log" ADD CONSTRAINT "sync_log_action_check" CHECK ("qbo_sync"."sync_log"."action" in ('created', 'updated', 'linked', 'voided', 'skipped', 'failed', 'warning', 'needs_attention'));