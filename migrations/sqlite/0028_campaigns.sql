CREATE TABLE `campaign_recipients` (
	`campaign_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`account_id` text NOT NULL,
	`group_key` text,
	`outcome` text NOT NULL,
	`reason` text,
	`message_id` text,
	`send_at` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `customer_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaign_recipients_customer` ON `campaign_recipients` (`customer_id`);--> statement-breakpoint
CREATE TABLE `campaign_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`cap_messages` integer,
	`cap_days` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`audience` text NOT NULL,
	`variants` text NOT NULL,
	`holdout_percent` integer NOT NULL,
	`window_opens` integer,
	`window_closes` integer,
	`send_at` text,
	`cursor` text,
	`recipients` integer DEFAULT 0 NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`holdout` integer DEFAULT 0 NOT NULL,
	`attribution_days` integer DEFAULT 5 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaigns_account_created` ON `campaigns` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `campaigns_status_send` ON `campaigns` (`status`,`send_at`);--> statement-breakpoint
CREATE INDEX `messages_source_status` ON `messages` (`source_id`,`status`);