CREATE TABLE `automation_triggers` (
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`trigger` text NOT NULL,
	`enabled` integer NOT NULL,
	`notice_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`connection_id`, `trigger`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `automation_triggers_account` ON `automation_triggers` (`account_id`,`enabled`);