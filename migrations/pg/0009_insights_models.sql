CREATE TABLE "insights_models" (
	"account_id" text PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"r" double precision NOT NULL,
	"alpha" double precision NOT NULL,
	"a" double precision NOT NULL,
	"b" double precision NOT NULL,
	"p" double precision NOT NULL,
	"q" double precision NOT NULL,
	"gamma" double precision NOT NULL,
	"log_likelihood" double precision NOT NULL,
	"customers" integer NOT NULL,
	"repeaters" integer NOT NULL,
	"confidence" text NOT NULL,
	"prior_share" double precision,
	"standard_errors" text NOT NULL,
	"fitted_at" timestamp(3) with time zone NOT NULL,
	"seconds" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "next_order_expected_at" timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "insights_models" ADD CONSTRAINT "insights_models_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;