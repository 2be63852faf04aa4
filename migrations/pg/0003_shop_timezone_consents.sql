CREATE TABLE "customer_consents" (
	"customer_id" text NOT NULL,
	"account_id" text NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"source" text NOT NULL,
	"detail" text,
	"decided_at" timestamp(3) with time zone NOT NULL,
	"first_subscribed_at" timestamp(3) with time zone,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "customer_consents_customer_id_channel_pk" PRIMARY KEY("customer_id","channel")
);
--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "timezone" text;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD COLUMN "birthday_set_by_shopper_at" timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "customer_consents" ADD CONSTRAINT "customer_consents_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_consents" ADD CONSTRAINT "customer_consents_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;