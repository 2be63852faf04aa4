CREATE TABLE `segment_members` (
	`segment_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`account_id` text NOT NULL,
	`entered_at` text NOT NULL,
	PRIMARY KEY(`segment_id`, `customer_id`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_members_customer` ON `segment_members` (`customer_id`);--> statement-breakpoint
CREATE TABLE `segment_sizes` (
	`segment_id` text NOT NULL,
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`size` integer NOT NULL,
	PRIMARY KEY(`segment_id`, `day`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`built_in` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_account_name` ON `segments` (`account_id`,`name`);--> statement-breakpoint
CREATE INDEX `segments_account_created` ON `segments` (`account_id`,`created_at`);