CREATE TABLE "qbo_sync"."tax_code_mappings" (
	"tenant_id" text NOT NULL,
	"realm_id" text NOT NULL,
	"bpro_tax_id" text NOT NULL,
	"chosen_tax_code_id" text,
	"chosen_by" text,
	"override_tax_code_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_code_mappings_tenant_id_realm_id_bpro_tax_id_pk" PRIMARY KEY("tenant_id","realm_id","bpro_tax_id"),
	CONSTRAINT "tax_code_mappings_chosen_by_check" CHECK ("qbo_sync"."tax_code_mappings"."chosen_by" in ('rates', 'created'))
);
--> statement-breakpoint
ALTER TABLE "qbo_sync"."tax_code_mappings" ADD CONSTRAINT "tax_code_mappings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "qbo_sync"."tenants"("id") ON DELETE cascade ON UPDATE no action;