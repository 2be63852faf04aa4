CREATE TABLE `checkouts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`external_id` text NOT NULL,
	`token` text,
	`customer_id` text,
	`recovery_url` text,
	`currency` text NOT NULL,
	`total_minor` integer DEFAULT 0 NOT NULL,
	`items` text DEFAULT '[]' NOT NULL,
	`status` text NOT NULL,
	`due_at` text,
	`skip_reason` text,
	`message_id` text,
	`messaged_at` text,
	`order_id` text,
	`recovered_minor` integer,
	`completed_at` text,
	`source_updated_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkouts_connection_external` ON `checkouts` (`connection_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `checkouts_connection_token` ON `checkouts` (`connection_id`,`token`);--> statement-breakpoint
CREATE INDEX `checkouts_due` ON `checkouts` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `checkouts_customer_messaged` ON `checkouts` (`customer_id`,`messaged_at`);--> statement-breakpoint
CREATE INDEX `checkouts_account_messaged` ON `checkouts` (`account_id`,`messaged_at`);