CREATE TABLE "qbo_sync"."record_leases" (
	"tenant_id" text NOT NULL,
	"entity" text NOT NULL,
	"bpro_id" text NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "record_leases_tenant_id_entity_bpro_id_pk" PRIMARY KEY("tenant_id","entity","bpro_id")
);
