CREATE TABLE `connection_sync_state` (
	`connection_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`orders_watermark` text,
	`customers_watermark` text,
	`last_reconcile_at` text,
	`webhooks_checked_at` text,
	`granted_scopes` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `platform_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`due_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platform_outbox_subject` ON `platform_outbox` (`connection_id`,`kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `platform_outbox_due` ON `platform_outbox` (`due_at`);--> statement-breakpoint
CREATE TABLE `shopify_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`shop` text NOT NULL,
	`connection_id` text,
	`is_online` integer NOT NULL,
	`state` text,
	`scope` text,
	`access_token_enc` text,
	`expires_at` text,
	`refresh_token_enc` text,
	`refresh_token_expires_at` text,
	`user_id` text,
	`online_access_info` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shopify_sessions_shop` ON `shopify_sessions` (`shop`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`kind` text NOT NULL,
	`resource` text NOT NULL,
	`status` text NOT NULL,
	`total` integer,
	`done` integer DEFAULT 0 NOT NULL,
	`cursor` text,
	`note` text,
	`error` text,
	`started_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_runs_connection` ON `sync_runs` (`connection_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sync_runs_status` ON `sync_runs` (`status`);