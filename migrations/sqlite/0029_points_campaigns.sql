CREATE TABLE `points_campaign_orders` (
	`campaign_id` text NOT NULL,
	`order_id` text NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`multiplier` real DEFAULT 1 NOT NULL,
	`bonus_points` integer DEFAULT 0 NOT NULL,
	`decided_at` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `order_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `points_campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `points_campaign_orders_order` ON `points_campaign_orders` (`order_id`);--> statement-breakpoint
CREATE TABLE `points_campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`preset` text,
	`kind` text NOT NULL,
	`multiplier` real DEFAULT 1 NOT NULL,
	`bonus_points` integer DEFAULT 0 NOT NULL,
	`min_order_minor` integer,
	`currency` text NOT NULL,
	`audience_type` text NOT NULL,
	`audience_id` text,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`time_zone` text NOT NULL,
	`messages` text DEFAULT '{}' NOT NULL,
	`cancelled_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `points_campaigns_account_window` ON `points_campaigns` (`account_id`,`ends_at`,`starts_at`);