CREATE TABLE `loyalty_members` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`referral_code` text NOT NULL,
	`tier_id` text,
	`tier_since` text,
	`birthday` text,
	`last_activity_at` text,
	`joined_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loyalty_members_referral_code` ON `loyalty_members` (`account_id`,`referral_code`);--> statement-breakpoint
CREATE INDEX `loyalty_members_account` ON `loyalty_members` (`account_id`);--> statement-breakpoint
CREATE TABLE `loyalty_programs` (
	`account_id` text NOT NULL,
	`version` integer NOT NULL,
	`settings` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	PRIMARY KEY(`account_id`, `version`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_awards` (
	`order_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`program_version` integer NOT NULL,
	`multiplier` real DEFAULT 1 NOT NULL,
	`basis_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`points` integer NOT NULL,
	`status` text NOT NULL,
	`explanation` text NOT NULL,
	`matures_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_awards_matures` ON `order_awards` (`matures_at`);--> statement-breakpoint
CREATE INDEX `order_awards_customer` ON `order_awards` (`customer_id`);--> statement-breakpoint
CREATE TABLE `points_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`reason` text NOT NULL,
	`state` text NOT NULL,
	`points` integer NOT NULL,
	`pending_delta` integer NOT NULL,
	`available_delta` integer NOT NULL,
	`forgiven` integer DEFAULT 0 NOT NULL,
	`source_type` text,
	`source_id` text,
	`program_version` integer,
	`note` text,
	`actor` text,
	`dedupe_key` text NOT NULL,
	`occurred_at` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `points_ledger_dedupe` ON `points_ledger` (`account_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `points_ledger_customer` ON `points_ledger` (`customer_id`,`available_delta`,`pending_delta`,`reason`);--> statement-breakpoint
CREATE INDEX `points_ledger_customer_id` ON `points_ledger` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `points_ledger_source` ON `points_ledger` (`account_id`,`source_type`,`source_id`);--> statement-breakpoint
CREATE TABLE `redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`reward_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`points` integer NOT NULL,
	`status` text NOT NULL,
	`code` text NOT NULL,
	`external_id` text,
	`failure_reason` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`reward` text NOT NULL,
	`created_at` text NOT NULL,
	`issued_at` text,
	`expires_at` text,
	`used_at` text,
	`used_order_id` text,
	`closed_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reward_id`) REFERENCES `rewards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `redemptions_idempotency` ON `redemptions` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `redemptions_code` ON `redemptions` (`account_id`,`code`);--> statement-breakpoint
CREATE INDEX `redemptions_customer` ON `redemptions` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `redemptions_status_expiry` ON `redemptions` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`advocate_id` text NOT NULL,
	`friend_id` text,
	`friend_email` text,
	`friend_phone` text,
	`ip_hash` text,
	`order_id` text,
	`status` text NOT NULL,
	`block_reason` text,
	`created_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`advocate_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`friend_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `referrals_account_status` ON `referrals` (`account_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `referrals_advocate` ON `referrals` (`advocate_id`);--> statement-breakpoint
CREATE INDEX `referrals_friend` ON `referrals` (`friend_id`);--> statement-breakpoint
CREATE INDEX `referrals_ip` ON `referrals` (`account_id`,`ip_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `rewards` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`points_cost` integer NOT NULL,
	`amount_minor` integer,
	`currency` text,
	`percentage` integer,
	`product_external_id` text,
	`minimum_order_minor` integer,
	`limit_per_customer` integer,
	`tier_ids` text DEFAULT '[]' NOT NULL,
	`code_valid_days` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rewards_account` ON `rewards` (`account_id`);--> statement-breakpoint
CREATE TABLE `tiers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`threshold` integer NOT NULL,
	`multiplier` real DEFAULT 1 NOT NULL,
	`entry_points` integer DEFAULT 0 NOT NULL,
	`perks` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tiers_account` ON `tiers` (`account_id`,`threshold`);