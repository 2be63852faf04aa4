CREATE TABLE `message_bodies` (
	`message_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`dir` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `message_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`message_id` text NOT NULL,
	`status` text NOT NULL,
	`detail` text,
	`occurred_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `message_events_message` ON `message_events` (`message_id`,`id`);--> statement-breakpoint
CREATE TABLE `message_suppressions` (
	`account_id` text NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`reason` text NOT NULL,
	`suppressed_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `channel`, `address`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`customer_id` text,
	`channel` text NOT NULL,
	`purpose` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text,
	`idempotency_key` text NOT NULL,
	`to_address` text NOT NULL,
	`language` text NOT NULL,
	`status` text NOT NULL,
	`provider` text,
	`provider_message_id` text,
	`subject` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`queued_at` text NOT NULL,
	`next_attempt_at` text NOT NULL,
	`sent_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_account_key` ON `messages` (`account_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `messages_due` ON `messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `messages_account_queued` ON `messages` (`account_id`,`queued_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_account_status_queued` ON `messages` (`account_id`,`status`,`queued_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_customer_queued` ON `messages` (`customer_id`,`queued_at`,`id`);