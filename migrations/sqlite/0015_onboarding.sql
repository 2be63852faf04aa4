CREATE TABLE `onboarding_marks` (
	`account_id` text NOT NULL,
	`step` text NOT NULL,
	`marked_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `step`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `storefront_first_seen` (
	`connection_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`first_seen_at` text NOT NULL,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `storefront_first_seen_account` ON `storefront_first_seen` (`account_id`);