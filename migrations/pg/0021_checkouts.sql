CREATE TABLE "checkouts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"external_id" text NOT NULL,
	"token" text,
	"customer_id" text,
	"recovery_url" text,
	"currency" text NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"items" text DEFAULT '[]' NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp(3) with time zone,
	"skip_reason" text,
	"message_id" text,
	"messaged_at" timestamp(3) with time zone,
	"order_id" text,
	"recovered_minor" bigint,
	"completed_at" timestamp(3) with time zone,
	"source_updated_at" timestamp(3) with time zone NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkouts_connection_external" ON "checkouts" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE INDEX "checkouts_connection_token" ON "checkouts" USING btree ("connection_id","token");--> statement-breakpoint
CREATE INDEX "checkouts_due" ON "checkouts" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "checkouts_customer_messaged" ON "checkouts" USING btree ("customer_id","messaged_at");--> statement-breakpoint
CREATE INDEX "checkouts_account_messaged" ON "checkouts" USING btree ("account_id","messaged_at");