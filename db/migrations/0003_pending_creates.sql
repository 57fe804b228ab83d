CREATE TABLE "qbo_sync"."pending_creates" (
	"tenant_id" text NOT NULL,
	"entity" text NOT NULL,
	"bpro_id" text NOT NULL,
	"qbo_entity" text NOT NULL,
	"customer_qbo_id" text NOT NULL,
	"txn_date" text,
	"doc_number" text,
	"marker" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pending_creates_tenant_id_entity_bpro_id_pk" PRIMARY KEY("tenant_id","entity","bpro_id")
);
