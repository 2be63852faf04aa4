CREATE TABLE `erasure_tombstones` (
	`account_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erasure_tombstones_key` ON `erasure_tombstones` (`account_id`,`key_hash`);--> statement-breakpoint
ALTER TABLE `customer_identities` ADD `phone_raw` text;--> statement-breakpoint
ALTER TABLE `data_requests` ADD `fulfilled_at` text;--> statement-breakpoint
CREATE INDEX `data_requests_account_created` ON `data_requests` (`account_id`,`created_at`);