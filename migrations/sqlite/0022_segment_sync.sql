CREATE TABLE `segment_sync_checks` (
	`account_id` text PRIMARY KEY NOT NULL,
	`requested_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `segment_sync_queue` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`queued_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_sync_queue_time` ON `segment_sync_queue` (`queued_at`);--> statement-breakpoint
CREATE TABLE `segment_tag_pushes` (
	`connection_id` text NOT NULL,
	`external_id` text NOT NULL,
	`tag` text NOT NULL,
	`account_id` text NOT NULL,
	`pushed_at` text NOT NULL,
	PRIMARY KEY(`connection_id`, `external_id`, `tag`),
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_tag_pushes_account_tag` ON `segment_tag_pushes` (`account_id`,`tag`);--> statement-breakpoint
ALTER TABLE `segments` ADD `sync_tag` text;--> statement-breakpoint
CREATE UNIQUE INDEX `segments_account_sync_tag` ON `segments` (`account_id`,`sync_tag`);