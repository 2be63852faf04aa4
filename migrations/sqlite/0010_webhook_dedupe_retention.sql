CREATE TABLE `webhook_dedupe` (
	`connection_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`connection_id`, `dedupe_key`),
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_dedupe_received` ON `webhook_dedupe` (`received_at`);--> statement-breakpoint
DROP INDEX `webhook_inbox_dedupe`;--> statement-breakpoint
CREATE INDEX `webhook_inbox_retention` ON `webhook_inbox` (`status`,`processed_at`);