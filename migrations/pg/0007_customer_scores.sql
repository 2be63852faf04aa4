CREATE TABLE "customer_scores" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"rfm_segment" text,
	"recency_score" integer,
	"frequency_score" integer,
	"monetary_score" integer,
	"predicted_clv_minor" bigint,
	"probability_alive" double precision,
	"expected_orders_90d" double precision,
	"churn_risk" text,
	"computed_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_scores_account_segment" ON "customer_scores" USING btree ("account_id","rfm_segment");