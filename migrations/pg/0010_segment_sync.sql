CREATE TABLE "segment_sync_checks" (
	"account_id" text PRIMARY KEY NOT NULL,
	"requested_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_sync_queue" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"queued_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_tag_pushes" (
	"connection_id" text NOT NULL,
	"external_id" text NOT NULL,
	"tag" text NOT NULL,
	"account_id" text NOT NULL,
	"pushed_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "segment_tag_pushes_connection_id_external_id_tag_pk" PRIMARY KEY("connection_id","external_id","tag")
);
--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "sync_tag" text;--> statement-breakpoint
ALTER TABLE "segment_sync_checks" ADD CONSTRAINT "segment_sync_checks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_sync_queue" ADD CONSTRAINT "segment_sync_queue_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_sync_queue" ADD CONSTRAINT "segment_sync_queue_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_tag_pushes" ADD CONSTRAINT "segment_tag_pushes_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_tag_pushes" ADD CONSTRAINT "segment_tag_pushes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_sync_queue_time" ON "segment_sync_queue" USING btree ("queued_at");--> statement-breakpoint
CREATE INDEX "segment_tag_pushes_account_tag" ON "segment_tag_pushes" USING btree ("account_id","tag");--> statement-breakpoint
CREATE UNIQUE INDEX "segments_account_sync_tag" ON "segments" USING btree ("account_id","sync_tag");