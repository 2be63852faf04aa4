CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `admin_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `admin_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `admin_sessions_user` ON `admin_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `admin_users` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_users_email` ON `admin_users` (`email`);--> statement-breakpoint
CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`platform` text NOT NULL,
	`domain` text NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`country` text,
	`access_token_enc` text,
	`webhook_secret_enc` text,
	`api_key_enc` text,
	`api_secret_enc` text,
	`created_at` text NOT NULL,
	`uninstalled_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connections_platform_domain` ON `connections` (`platform`,`domain`);--> statement-breakpoint
CREATE INDEX `connections_account` ON `connections` (`account_id`);--> statement-breakpoint
CREATE TABLE `webhook_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`platform` text NOT NULL,
	`topic` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`body` text,
	`triggered_at` text,
	`received_at` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`processed_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_inbox_dedupe` ON `webhook_inbox` (`connection_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_queue` ON `webhook_inbox` (`status`,`next_attempt_at`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_account_status` ON `webhook_inbox` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `addresses` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`name` text,
	`line1` text,
	`line2` text,
	`city` text,
	`province` text,
	`zip` text,
	`country_code` text,
	`phone` text,
	`last_used_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `addresses_customer_fingerprint` ON `addresses` (`customer_id`,`fingerprint`);--> statement-breakpoint
CREATE TABLE `customer_identities` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`external_id` text NOT NULL,
	`email` text,
	`phone` text,
	`first_name` text,
	`last_name` text,
	`linked_by` text NOT NULL,
	`source_updated_at` text,
	`deleted_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_connection_external` ON `customer_identities` (`connection_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `identities_customer` ON `customer_identities` (`customer_id`);--> statement-breakpoint
CREATE INDEX `identities_account` ON `customer_identities` (`account_id`);--> statement-breakpoint
CREATE TABLE `customer_merges` (
	`from_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`into_id` text NOT NULL,
	`reason` text NOT NULL,
	`merged_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_merges_into` ON `customer_merges` (`into_id`);--> statement-breakpoint
CREATE TABLE `customer_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`body` text NOT NULL,
	`author` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_notes_customer` ON `customer_notes` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer_tags` (
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`tag` text NOT NULL,
	`source` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_tags_pk` ON `customer_tags` (`customer_id`,`source`,`tag`);--> statement-breakpoint
CREATE INDEX `customer_tags_account_tag` ON `customer_tags` (`account_id`,`tag`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`email` text,
	`email_key` text,
	`phone` text,
	`first_name` text,
	`last_name` text,
	`search_text` text DEFAULT '' NOT NULL,
	`locale` text,
	`orders_count` integer DEFAULT 0 NOT NULL,
	`amount_spent_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`first_order_at` text,
	`last_order_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`redacted_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customers_account_email` ON `customers` (`account_id`,`email_key`);--> statement-breakpoint
CREATE INDEX `customers_account_phone` ON `customers` (`account_id`,`phone`);--> statement-breakpoint
CREATE INDEX `customers_account_updated` ON `customers` (`account_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `customers_account_spent` ON `customers` (`account_id`,`amount_spent_minor`,`id`);--> statement-breakpoint
CREATE INDEX `customers_account_last_order` ON `customers` (`account_id`,`last_order_at`,`id`);--> statement-breakpoint
CREATE TABLE `data_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`external_request_id` text,
	`export` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `data_requests_external` ON `data_requests` (`connection_id`,`external_request_id`);--> statement-breakpoint
CREATE TABLE `timeline_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` text NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`data` text DEFAULT '{}' NOT NULL,
	`dedupe_key` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_account_dedupe` ON `timeline_events` (`account_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `timeline_customer_time` ON `timeline_events` (`customer_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE TABLE `line_items` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`order_id` text NOT NULL,
	`external_id` text NOT NULL,
	`product_id` text,
	`variant_id` text,
	`sku` text,
	`title` text NOT NULL,
	`quantity` integer NOT NULL,
	`price_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	`gift_card` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `line_items_order_external` ON `line_items` (`order_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`external_id` text NOT NULL,
	`customer_id` text,
	`name` text,
	`email` text,
	`phone` text,
	`status` text NOT NULL,
	`payment_status` text NOT NULL,
	`fulfilment_status` text NOT NULL,
	`payment_method` text NOT NULL,
	`platform_status` text,
	`gateway` text,
	`currency` text NOT NULL,
	`subtotal_minor` integer NOT NULL,
	`shipping_minor` integer NOT NULL,
	`tax_minor` integer NOT NULL,
	`discount_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	`presentment_currency` text,
	`presentment_total_minor` integer,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`placed_at` text NOT NULL,
	`paid_at` text,
	`fulfilled_at` text,
	`delivered_at` text,
	`cancelled_at` text,
	`deleted_at` text,
	`source_updated_at` text NOT NULL,
	`test` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_connection_external` ON `orders` (`connection_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `orders_customer_placed` ON `orders` (`customer_id`,`placed_at`);--> statement-breakpoint
CREATE INDEX `orders_account_placed` ON `orders` (`account_id`,`placed_at`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`external_id` text NOT NULL,
	`order_external_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_connection_external` ON `refunds` (`connection_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `refunds_order` ON `refunds` (`connection_id`,`order_external_id`);