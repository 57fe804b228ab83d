CREATE SCHEMA "bpro";
--> statement-breakpoint
CREATE SCHEMA "qbo_sync";
--> statement-breakpoint
CREATE TABLE "bpro"."customers" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"parent_id" text,
	"display_name" text NOT NULL,
	"company_name" text,
	"first_name" text,
	"last_name" text,
	"email" text,
	"phone" text,
	"address_line1" text,
	"city" text,
	"region" text,
	"postal_code" text,
	"country" text,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "customers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bpro"."order_lines" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"order_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" text,
	"description" text,
	"quantity" numeric(12, 4) NOT NULL,
	"unit_price" numeric(12, 2) NOT NULL,
	"taxable" boolean DEFAULT true NOT NULL,
	CONSTRAINT "order_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bpro"."orders" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"customer_id" text NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"order_date" date NOT NULL,
	"due_date" date,
	"term_id" text,
	"tax_id" text,
	"memo" text,
	"completed_at" timestamp with time zone,
	CONSTRAINT "orders_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "orders_status_check" CHECK ("bpro"."orders"."status" in ('open', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "bpro"."payment_methods" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"is_credit_card" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "payment_methods_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bpro"."payments" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"customer_id" text NOT NULL,
	"order_id" text,
	"payment_method_id" text NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"received_on" date NOT NULL,
	"reference" text,
	"status" text DEFAULT 'posted' NOT NULL,
	CONSTRAINT "payments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "payments_status_check" CHECK ("bpro"."payments"."status" in ('posted', 'voided'))
);
--> statement-breakpoint
CREATE TABLE "bpro"."product_categories" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"parent_id" text,
	CONSTRAINT "product_categories_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bpro"."products" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"category_id" text,
	"name" text NOT NULL,
	"description" text,
	"product_number" text,
	"kind" text NOT NULL,
	"track_inventory" boolean DEFAULT false NOT NULL,
	"qty_on_hand" numeric(12, 4),
	"cost" numeric(12, 2),
	"sale_price" numeric(12, 2),
	"rental_price" numeric(12, 2),
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "products_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "products_kind_check" CHECK ("bpro"."products"."kind" in ('rental', 'retail', 'service'))
);
--> statement-breakpoint
CREATE TABLE "bpro"."refunds" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"customer_id" text NOT NULL,
	"order_id" text,
	"payment_id" text,
	"payment_method_id" text NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"refunded_on" date NOT NULL,
	"reason" text,
	CONSTRAINT "refunds_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bpro"."tax_rates" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tax_id" text NOT NULL,
	"name" text NOT NULL,
	"rate" numeric(7, 4) NOT NULL,
	CONSTRAINT "tax_rates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bpro"."taxes" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "taxes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bpro"."terms" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"due_days" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "terms_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."entity_links" (
	"tenant_id" text NOT NULL,
	"entity" text NOT NULL,
	"bpro_id" text NOT NULL,
	"qbo_id" text NOT NULL,
	"qbo_sync_token" text,
	"source_hash" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_links_tenant_id_entity_bpro_id_pk" PRIMARY KEY("tenant_id","entity","bpro_id"),
	CONSTRAINT "entity_links_qbo_id_unique" UNIQUE("tenant_id","entity","qbo_id")
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."payment_method_settings" (
	"tenant_id" text NOT NULL,
	"payment_method_id" text NOT NULL,
	"enabled" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_method_settings_tenant_id_payment_method_id_pk" PRIMARY KEY("tenant_id","payment_method_id")
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."qbo_connections" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"realm_id" text NOT NULL,
	"company_name" text,
	"environment" text NOT NULL,
	"access_token_enc" text,
	"access_token_issued_at" timestamp with time zone,
	"access_token_expires_in" integer,
	"refresh_token_enc" text,
	"refresh_token_issued_at" timestamp with time zone,
	"refresh_token_expires_in" integer,
	"status" text NOT NULL,
	"last_error" text,
	"connected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qbo_connections_status_check" CHECK ("qbo_sync"."qbo_connections"."status" in ('connected', 'reauth_required', 'disconnected')),
	CONSTRAINT "qbo_connections_environment_check" CHECK ("qbo_sync"."qbo_connections"."environment" in ('sandbox', 'production', 'emulator'))
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."rate_limit_buckets" (
	"realm_id" text NOT NULL,
	"bucket" text NOT NULL,
	"tokens" double precision NOT NULL,
	"capacity" double precision NOT NULL,
	"refill_per_second" double precision NOT NULL,
	"refilled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_limit_buckets_realm_id_bucket_pk" PRIMARY KEY("realm_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."sync_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"entity" text NOT NULL,
	"bpro_id" text NOT NULL,
	"action" text NOT NULL,
	"message" text,
	"qbo_id" text,
	"workflow_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_log_action_check" CHECK ("qbo_sync"."sync_log"."action" in ('created', 'updated', 'linked', 'voided', 'skipped', 'failed', 'warning'))
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."sync_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"start_date" date,
	"refund_account_id" text,
	"refund_account_name" text,
	"default_income_account_id" text,
	"default_expense_account_id" text,
	"default_asset_account_id" text,
	"initial_sync_started_at" timestamp with time zone,
	"initial_sync_completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qbo_sync"."tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"qbo_enabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bpro"."customers" ADD CONSTRAINT "customers_tenant_id_parent_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "bpro"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."order_lines" ADD CONSTRAINT "order_lines_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "bpro"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."order_lines" ADD CONSTRAINT "order_lines_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "bpro"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."orders" ADD CONSTRAINT "orders_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "bpro"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."orders" ADD CONSTRAINT "orders_tenant_id_term_id_terms_tenant_id_id_fk" FOREIGN KEY ("tenant_id","term_id") REFERENCES "bpro"."terms"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."orders" ADD CONSTRAINT "orders_tenant_id_tax_id_taxes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","tax_id") REFERENCES "bpro"."taxes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."payments" ADD CONSTRAINT "payments_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "bpro"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."payments" ADD CONSTRAINT "payments_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "bpro"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."payments" ADD CONSTRAINT "payments_tenant_id_payment_method_id_payment_methods_tenant_id_id_fk" FOREIGN KEY ("tenant_id","payment_method_id") REFERENCES "bpro"."payment_methods"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."product_categories" ADD CONSTRAINT "product_categories_tenant_id_parent_id_product_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "bpro"."product_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."products" ADD CONSTRAINT "products_tenant_id_category_id_product_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "bpro"."product_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."refunds" ADD CONSTRAINT "refunds_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "bpro"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."refunds" ADD CONSTRAINT "refunds_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "bpro"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."refunds" ADD CONSTRAINT "refunds_tenant_id_payment_id_payments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "bpro"."payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."refunds" ADD CONSTRAINT "refunds_tenant_id_payment_method_id_payment_methods_tenant_id_id_fk" FOREIGN KEY ("tenant_id","payment_method_id") REFERENCES "bpro"."payment_methods"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bpro"."tax_rates" ADD CONSTRAINT "tax_rates_tenant_id_tax_id_taxes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","tax_id") REFERENCES "bpro"."taxes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_sync"."oauth_states" ADD CONSTRAINT "oauth_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "qbo_sync"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_sync"."payment_method_settings" ADD CONSTRAINT "payment_method_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "qbo_sync"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_sync"."qbo_connections" ADD CONSTRAINT "qbo_connections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "qbo_sync"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbo_sync"."sync_settings" ADD CONSTRAINT "sync_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "qbo_sync"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_tenant_created_idx" ON "bpro"."customers" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "bpro"."order_lines" USING btree ("tenant_id","order_id","line_no");--> statement-breakpoint
CREATE INDEX "orders_tenant_date_idx" ON "bpro"."orders" USING btree ("tenant_id","order_date");--> statement-breakpoint
CREATE INDEX "payments_tenant_date_idx" ON "bpro"."payments" USING btree ("tenant_id","received_on");--> statement-breakpoint
CREATE INDEX "refunds_tenant_date_idx" ON "bpro"."refunds" USING btree ("tenant_id","refunded_on");--> statement-breakpoint
CREATE INDEX "oauth_states_expires_idx" ON "qbo_sync"."oauth_states" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "qbo_connections_realm_idx" ON "qbo_sync"."qbo_connections" USING btree ("realm_id");--> statement-breakpoint
CREATE INDEX "sync_log_tenant_at_idx" ON "qbo_sync"."sync_log" USING btree ("tenant_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sync_log_record_idx" ON "qbo_sync"."sync_log" USING btree ("tenant_id","entity","bpro_id");