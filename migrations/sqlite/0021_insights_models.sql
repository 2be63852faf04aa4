CREATE TABLE `insights_models` (
	`account_id` text PRIMARY KEY NOT NULL,
	`currency` text NOT NULL,
	`r` real NOT NULL,
	`alpha` real NOT NULL,
	`a` real NOT NULL,
	`b` real NOT NULL,
	`p` real NOT NULL,
	`q` real NOT NULL,
	`gamma` real NOT NULL,
	`log_likelihood` real NOT NULL,
	`customers` integer NOT NULL,
	`repeaters` integer NOT NULL,
	`confidence` text NOT NULL,
	`prior_share` real,
	`standard_errors` text NOT NULL,
	`fitted_at` text NOT NULL,
	`seconds` real NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `customer_scores` ADD `next_order_expected_at` text;