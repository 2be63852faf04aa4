CREATE TABLE "points_campaign_orders" (
	"campaign_id" text NOT NULL,
	"order_id" text NOT NULL,
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"multiplier" double precision DEFAULT 1 NOT NULL,
	"bonus_points" integer DEFAULT 0 NOT NULL,
	"decided_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "points_campaign_orders_campaign_id_order_id_pk" PRIMARY KEY("campaign_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "points_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"preset" text,
	"kind" text NOT NULL,
	"multiplier" double precision DEFAULT 1 NOT NULL,
	"bonus_points" integer DEFAULT 0 NOT NULL,
	"min_order_minor" bigint,
	"currency" text NOT NULL,
	"audience_type" text NOT NULL,
	"audience_id" text,
	"starts_at" timestamp(3) with time zone NOT NULL,
	"ends_at" timestamp(3) with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"messages" text DEFAULT '{}' NOT NULL,
	"cancelled_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "points_campaign_orders" ADD CONSTRAINT "points_campaign_orders_campaign_id_points_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."points_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_campaign_orders" ADD CONSTRAINT "points_campaign_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_campaign_orders" ADD CONSTRAINT "points_campaign_orders_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_campaigns" ADD CONSTRAINT "points_campaigns_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "points_campaign_orders_order" ON "points_campaign_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "points_campaigns_account_window" ON "points_campaigns" USING btree ("account_id","ends_at","starts_at");