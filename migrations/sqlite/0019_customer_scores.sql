CREATE TABLE `customer_scores` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`rfm_segment` text,
	`recency_score` integer,
	`frequency_score` integer,
	`monetary_score` integer,
	`predicted_clv_minor` integer,
	`probability_alive` real,
	`expected_orders_90d` real,
	`churn_risk` text,
	`computed_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_scores_account_segment` ON `customer_scores` (`account_id`,`rfm_segment`);