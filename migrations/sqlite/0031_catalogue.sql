CREATE TABLE `product_variants` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`product_id` text NOT NULL,
	`external_id` text NOT NULL,
	`title` text,
	`sku` text,
	`price_minor` integer,
	`compare_at_price_minor` integer,
	`inventory_quantity` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`image_url` text,
	`platform_updated_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_variants_external` ON `product_variants` (`connection_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `product_variants_product` ON `product_variants` (`product_id`,`position`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`external_id` text NOT NULL,
	`title` text NOT NULL,
	`handle` text,
	`status` text NOT NULL,
	`vendor` text,
	`product_type` text,
	`image_url` text,
	`currency` text NOT NULL,
	`search_text` text NOT NULL,
	`platform_updated_at` text NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_external` ON `products` (`connection_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `products_account_title` ON `products` (`account_id`,`title`,`id`);