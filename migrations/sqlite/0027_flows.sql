CREATE TABLE `event_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`consumer` text NOT NULL,
	`kind` text NOT NULL,
	`customer_id` text NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`data` text NOT NULL,
	`occurred_at` text NOT NULL,
	`caused_at` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`due_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_queue_account_consumer_key` ON `event_queue` (`account_id`,`consumer`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `event_queue_due` ON `event_queue` (`consumer`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `event_queue_customer` ON `event_queue` (`customer_id`);--> statement-breakpoint
CREATE TABLE `flow_skips` (
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`day` text NOT NULL,
	`reason` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account_id`, `kind`, `day`, `reason`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `flows` (
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`template_id` text,
	`delay_minutes` integer DEFAULT 0 NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `kind`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`template_id`) REFERENCES `message_templates`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `customer_scores_account_next_order` ON `customer_scores` (`account_id`,`next_order_expected_at`);