CREATE TABLE `shopify_unknown_shop_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_domain` text NOT NULL,
	`topic` text NOT NULL,
	`webhook_id` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shopify_unknown_shop_deliveries_webhook` ON `shopify_unknown_shop_deliveries` (`shop_domain`,`webhook_id`);