CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"name" text,
	"line1" text,
	"line2" text,
	"city" text,
	"province" text,
	"zip" text,
	"country_code" text,
	"phone" text,
	"last_used_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"account_id" text NOT NULL,
	"expires_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_users" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connection_sync_state" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"orders_watermark" text,
	"customers_watermark" text,
	"last_reconcile_at" timestamp(3) with time zone,
	"webhooks_checked_at" timestamp(3) with time zone,
	"granted_scopes" text,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"platform" text NOT NULL,
	"domain" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"country" text,
	"access_token_enc" text,
	"webhook_secret_enc" text,
	"api_key_enc" text,
	"api_secret_enc" text,
	"storefront_secret_enc" text,
	"created_at" timestamp(3) with time zone NOT NULL,
	"uninstalled_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "customer_identities" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"external_id" text NOT NULL,
	"email" text,
	"phone" text,
	"phone_raw" text,
	"first_name" text,
	"last_name" text,
	"linked_by" text NOT NULL,
	"source_updated_at" timestamp(3) with time zone,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_merges" (
	"from_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"into_id" text NOT NULL,
	"reason" text NOT NULL,
	"merged_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"body" text NOT NULL,
	"author" text,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_tags" (
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"tag" text NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"email" text,
	"email_key" text,
	"phone" text,
	"first_name" text,
	"last_name" text,
	"search_text" text DEFAULT '' NOT NULL,
	"locale" text,
	"orders_count" integer DEFAULT 0 NOT NULL,
	"amount_spent_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"first_order_at" timestamp(3) with time zone,
	"last_order_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"redacted_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "data_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"external_request_id" text,
	"export" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"fulfilled_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "erasure_tombstones" (
	"account_id" text NOT NULL,
	"key_hash" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_state" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "line_items" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"order_id" text NOT NULL,
	"external_id" text NOT NULL,
	"product_id" text,
	"variant_id" text,
	"sku" text,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"price_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"gift_card" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_members" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"referral_code" text NOT NULL,
	"tier_id" text,
	"tier_since" timestamp(3) with time zone,
	"birthday" text,
	"last_activity_at" timestamp(3) with time zone,
	"joined_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_programs" (
	"account_id" text NOT NULL,
	"version" integer NOT NULL,
	"settings" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by" text,
	CONSTRAINT "loyalty_programs_account_id_version_pk" PRIMARY KEY("account_id","version")
);
--> statement-breakpoint
CREATE TABLE "onboarding_marks" (
	"account_id" text NOT NULL,
	"step" text NOT NULL,
	"marked_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "onboarding_marks_account_id_step_pk" PRIMARY KEY("account_id","step")
);
--> statement-breakpoint
CREATE TABLE "order_awards" (
	"order_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"program_version" integer NOT NULL,
	"multiplier" double precision DEFAULT 1 NOT NULL,
	"basis_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"points" integer NOT NULL,
	"status" text NOT NULL,
	"explanation" text NOT NULL,
	"matures_at" timestamp(3) with time zone,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"external_id" text NOT NULL,
	"customer_id" text,
	"name" text,
	"email" text,
	"phone" text,
	"status" text NOT NULL,
	"payment_status" text NOT NULL,
	"fulfilment_status" text NOT NULL,
	"payment_method" text NOT NULL,
	"platform_status" text,
	"gateway" text,
	"currency" text NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"shipping_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"discount_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"presentment_currency" text,
	"presentment_total_minor" bigint,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"placed_at" timestamp(3) with time zone NOT NULL,
	"paid_at" timestamp(3) with time zone,
	"fulfilled_at" timestamp(3) with time zone,
	"delivered_at" timestamp(3) with time zone,
	"cancelled_at" timestamp(3) with time zone,
	"deleted_at" timestamp(3) with time zone,
	"trash_observed_at" timestamp(3) with time zone,
	"source_updated_at" timestamp(3) with time zone NOT NULL,
	"test" boolean DEFAULT false NOT NULL,
	"discount_codes" text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_outbox" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "platform_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"due_at" timestamp(3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "points_ledger_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"reason" text NOT NULL,
	"state" text NOT NULL,
	"points" integer NOT NULL,
	"pending_delta" integer NOT NULL,
	"available_delta" integer NOT NULL,
	"forgiven" integer DEFAULT 0 NOT NULL,
	"source_type" text,
	"source_id" text,
	"program_version" integer,
	"note" text,
	"actor" text,
	"dedupe_key" text NOT NULL,
	"occurred_at" timestamp(3) with time zone NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redemptions" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"reward_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"points" integer NOT NULL,
	"status" text NOT NULL,
	"code" text NOT NULL,
	"external_id" text,
	"failure_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"reward" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"issued_at" timestamp(3) with time zone,
	"expires_at" timestamp(3) with time zone,
	"used_at" timestamp(3) with time zone,
	"used_order_id" text,
	"closed_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"advocate_id" text NOT NULL,
	"friend_id" text,
	"friend_email" text,
	"friend_phone" text,
	"ip_hash" text,
	"order_id" text,
	"status" text NOT NULL,
	"block_reason" text,
	"created_at" timestamp(3) with time zone NOT NULL,
	"decided_at" timestamp(3) with time zone,
	"decided_by" text
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"external_id" text NOT NULL,
	"order_external_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"points_cost" integer NOT NULL,
	"amount_minor" bigint,
	"currency" text,
	"percentage" integer,
	"product_external_id" text,
	"minimum_order_minor" bigint,
	"limit_per_customer" integer,
	"tier_ids" text DEFAULT '[]' NOT NULL,
	"code_valid_days" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"deleted_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "shopify_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"shop" text NOT NULL,
	"connection_id" text,
	"is_online" boolean NOT NULL,
	"state" text,
	"scope" text,
	"access_token_enc" text,
	"expires_at" timestamp(3) with time zone,
	"refresh_token_enc" text,
	"refresh_token_expires_at" timestamp(3) with time zone,
	"user_id" text,
	"online_access_info" text,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shopify_unknown_shop_deliveries" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "shopify_unknown_shop_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_domain" text NOT NULL,
	"topic" text NOT NULL,
	"webhook_id" text NOT NULL,
	"received_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "storefront_first_seen" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"first_seen_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"kind" text NOT NULL,
	"resource" text NOT NULL,
	"status" text NOT NULL,
	"total" integer,
	"done" integer DEFAULT 0 NOT NULL,
	"cursor" text,
	"note" text,
	"note_code" text,
	"note_params" text,
	"error" text,
	"started_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"finished_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"threshold" bigint NOT NULL,
	"multiplier" double precision DEFAULT 1 NOT NULL,
	"entry_points" integer DEFAULT 0 NOT NULL,
	"perks" text,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"deleted_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "timeline_events" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "timeline_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp(3) with time zone NOT NULL,
	"subject_type" text,
	"subject_id" text,
	"data" text DEFAULT '{}' NOT NULL,
	"dedupe_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_dedupe" (
	"connection_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"received_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "webhook_dedupe_connection_id_dedupe_key_pk" PRIMARY KEY("connection_id","dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "webhook_inbox" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "webhook_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"platform" text NOT NULL,
	"topic" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"body" text,
	"triggered_at" text,
	"received_at" timestamp(3) with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp(3) with time zone,
	"last_error" text,
	"processed_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_inbox_counts" (
	"account_id" text NOT NULL,
	"status" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "webhook_inbox_counts_account_id_status_pk" PRIMARY KEY("account_id","status")
);
--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_user_id_admin_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."admin_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_users" ADD CONSTRAINT "admin_users_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_sync_state" ADD CONSTRAINT "connection_sync_state_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_sync_state" ADD CONSTRAINT "connection_sync_state_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_identities" ADD CONSTRAINT "customer_identities_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_identities" ADD CONSTRAINT "customer_identities_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_identities" ADD CONSTRAINT "customer_identities_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tags" ADD CONSTRAINT "customer_tags_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tags" ADD CONSTRAINT "customer_tags_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_tombstones" ADD CONSTRAINT "erasure_tombstones_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_items" ADD CONSTRAINT "line_items_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_items" ADD CONSTRAINT "line_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_programs" ADD CONSTRAINT "loyalty_programs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_marks" ADD CONSTRAINT "onboarding_marks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_awards" ADD CONSTRAINT "order_awards_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_awards" ADD CONSTRAINT "order_awards_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_awards" ADD CONSTRAINT "order_awards_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_outbox" ADD CONSTRAINT "platform_outbox_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_outbox" ADD CONSTRAINT "platform_outbox_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_advocate_id_customers_id_fk" FOREIGN KEY ("advocate_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_friend_id_customers_id_fk" FOREIGN KEY ("friend_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopify_sessions" ADD CONSTRAINT "shopify_sessions_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "storefront_first_seen" ADD CONSTRAINT "storefront_first_seen_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "storefront_first_seen" ADD CONSTRAINT "storefront_first_seen_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tiers" ADD CONSTRAINT "tiers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_dedupe" ADD CONSTRAINT "webhook_dedupe_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD CONSTRAINT "webhook_inbox_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD CONSTRAINT "webhook_inbox_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_customer_fingerprint" ON "addresses" USING btree ("customer_id","fingerprint");--> statement-breakpoint
CREATE INDEX "admin_sessions_user" ON "admin_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_users_email" ON "admin_users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "connections_platform_domain" ON "connections" USING btree ("platform","domain");--> statement-breakpoint
CREATE INDEX "connections_account" ON "connections" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_connection_external" ON "customer_identities" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE INDEX "identities_customer" ON "customer_identities" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "identities_account" ON "customer_identities" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "customer_merges_into" ON "customer_merges" USING btree ("into_id");--> statement-breakpoint
CREATE INDEX "customer_notes_customer" ON "customer_notes" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_tags_pk" ON "customer_tags" USING btree ("customer_id","source","tag");--> statement-breakpoint
CREATE INDEX "customer_tags_account_tag" ON "customer_tags" USING btree ("account_id","tag");--> statement-breakpoint
CREATE INDEX "customers_account_email" ON "customers" USING btree ("account_id","email_key");--> statement-breakpoint
CREATE INDEX "customers_account_phone" ON "customers" USING btree ("account_id","phone");--> statement-breakpoint
CREATE INDEX "customers_account_updated" ON "customers" USING btree ("account_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "customers_account_spent" ON "customers" USING btree ("account_id","amount_spent_minor","id");--> statement-breakpoint
CREATE INDEX "customers_account_last_order" ON "customers" USING btree ("account_id","last_order_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_requests_external" ON "data_requests" USING btree ("connection_id","external_request_id");--> statement-breakpoint
CREATE INDEX "data_requests_account_created" ON "data_requests" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "erasure_tombstones_key" ON "erasure_tombstones" USING btree ("account_id","key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "line_items_order_external" ON "line_items" USING btree ("order_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_members_referral_code" ON "loyalty_members" USING btree ("account_id","referral_code");--> statement-breakpoint
CREATE INDEX "loyalty_members_account" ON "loyalty_members" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "order_awards_matures" ON "order_awards" USING btree ("matures_at");--> statement-breakpoint
CREATE INDEX "order_awards_customer" ON "order_awards" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_connection_external" ON "orders" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE INDEX "orders_customer_placed" ON "orders" USING btree ("customer_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_account_placed" ON "orders" USING btree ("account_id","placed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_outbox_subject" ON "platform_outbox" USING btree ("connection_id","kind","subject_id");--> statement-breakpoint
CREATE INDEX "platform_outbox_due" ON "platform_outbox" USING btree ("due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_dedupe" ON "points_ledger" USING btree ("account_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "points_ledger_customer" ON "points_ledger" USING btree ("customer_id","available_delta","pending_delta","reason");--> statement-breakpoint
CREATE INDEX "points_ledger_customer_id" ON "points_ledger" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "points_ledger_source" ON "points_ledger" USING btree ("account_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "points_ledger_customer_source" ON "points_ledger" USING btree ("customer_id","source_type","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_idempotency" ON "redemptions" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_code" ON "redemptions" USING btree ("account_id","code");--> statement-breakpoint
CREATE INDEX "redemptions_customer" ON "redemptions" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "redemptions_status_expiry" ON "redemptions" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "referrals_account_status" ON "referrals" USING btree ("account_id","status","created_at");--> statement-breakpoint
CREATE INDEX "referrals_advocate" ON "referrals" USING btree ("advocate_id");--> statement-breakpoint
CREATE INDEX "referrals_friend" ON "referrals" USING btree ("friend_id");--> statement-breakpoint
CREATE INDEX "referrals_friend_email" ON "referrals" USING btree ("account_id","friend_email");--> statement-breakpoint
CREATE INDEX "referrals_friend_phone" ON "referrals" USING btree ("account_id","friend_phone");--> statement-breakpoint
CREATE INDEX "referrals_ip" ON "referrals" USING btree ("account_id","ip_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_connection_external" ON "refunds" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE INDEX "refunds_order" ON "refunds" USING btree ("connection_id","order_external_id");--> statement-breakpoint
CREATE INDEX "rewards_account" ON "rewards" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "shopify_sessions_shop" ON "shopify_sessions" USING btree ("shop");--> statement-breakpoint
CREATE UNIQUE INDEX "shopify_unknown_shop_deliveries_webhook" ON "shopify_unknown_shop_deliveries" USING btree ("shop_domain","webhook_id");--> statement-breakpoint
CREATE INDEX "storefront_first_seen_account" ON "storefront_first_seen" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sync_runs_connection" ON "sync_runs" USING btree ("connection_id","started_at");--> statement-breakpoint
CREATE INDEX "sync_runs_status" ON "sync_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "tiers_account" ON "tiers" USING btree ("account_id","threshold");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_account_dedupe" ON "timeline_events" USING btree ("account_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "timeline_customer_time" ON "timeline_events" USING btree ("customer_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "webhook_dedupe_received" ON "webhook_dedupe" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_inbox_queue" ON "webhook_inbox" USING btree ("status","next_attempt_at","id");--> statement-breakpoint
CREATE INDEX "webhook_inbox_retention" ON "webhook_inbox" USING btree ("status","processed_at");--> statement-breakpoint
CREATE INDEX "webhook_inbox_account_status" ON "webhook_inbox" USING btree ("account_id","status");