CREATE TABLE "automation_triggers" (
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"trigger" text NOT NULL,
	"enabled" boolean NOT NULL,
	"notice_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "automation_triggers_connection_id_trigger_pk" PRIMARY KEY("connection_id","trigger")
);
--> statement-breakpoint
ALTER TABLE "automation_triggers" ADD CONSTRAINT "automation_triggers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_triggers" ADD CONSTRAINT "automation_triggers_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "automation_triggers_account" ON "automation_triggers" USING btree ("account_id","enabled");