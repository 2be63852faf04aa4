CREATE TABLE `webhook_inbox_counts` (
	`account_id` text NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account_id`, `status`)
);
