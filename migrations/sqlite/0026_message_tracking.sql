CREATE TABLE `messaging_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`default_language` text,
	`open_tracking` integer DEFAULT false NOT NULL,
	`click_tracking` integer DEFAULT true NOT NULL,
	`attribution_window_days` integer DEFAULT 5 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_attributions` (
	`order_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`message_id` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text,
	`channel` text NOT NULL,
	`touch` text NOT NULL,
	`touched_at` text NOT NULL,
	`attributed_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_attributions_source` ON `order_attributions` (`account_id`,`source`,`source_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `delivered_at` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `opened_at` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `clicked_at` text;