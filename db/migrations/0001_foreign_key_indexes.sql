CREATE INDEX "customers_parent_idx" ON "bpro"."customers" USING btree ("tenant_id","parent_id");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "bpro"."orders" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "bpro"."payments" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "payments_customer_idx" ON "bpro"."payments" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "bpro"."products" USING btree ("tenant_id","category_id");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "bpro"."refunds" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "bpro"."refunds" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE INDEX "refunds_customer_idx" ON "bpro"."refunds" USING btree ("tenant_id","customer_id");