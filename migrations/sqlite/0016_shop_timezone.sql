CREATE TABLE `customer_consents` (
	`customer_id` text NOT NULL,
	`account_id` text NOT NULL,
	`channel` text NOT NULL,
	`state` text NOT NULL,
	`source` text NOT NULL,
	`detail` text,
	`decided_at` text NOT NULL,
	`first_subscribed_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `channel`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `connections` ADD `timezone` text;--> statement-breakpoint
ALTER TABLE `loyalty_members` ADD `birthday_set_by_shopper_at` text;