CREATE TABLE `inbound_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`channel` text NOT NULL,
	`from_address` text NOT NULL,
	`customer_id` text,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`reply_id` text,
	`provider_message_id` text NOT NULL,
	`context_message_id` text,
	`received_at` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_provider_id` ON `inbound_messages` (`account_id`,`channel`,`provider_message_id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_from` ON `inbound_messages` (`account_id`,`channel`,`from_address`,`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_messages_customer` ON `inbound_messages` (`customer_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_messages_account_received` ON `inbound_messages` (`account_id`,`received_at`,`id`);--> statement-breakpoint
CREATE TABLE `whatsapp_numbers` (
	`account_id` text PRIMARY KEY NOT NULL,
	`phone_number_id` text NOT NULL,
	`waba_id` text NOT NULL,
	`display_phone` text,
	`access_token_enc` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_numbers_phone_number_id` ON `whatsapp_numbers` (`phone_number_id`);--> statement-breakpoint
CREATE TABLE `whatsapp_webhooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` text NOT NULL,
	`next_attempt_at` text NOT NULL,
	`processed_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_webhooks_account_key` ON `whatsapp_webhooks` (`account_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `whatsapp_webhooks_due` ON `whatsapp_webhooks` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `whatsapp_webhooks_processed` ON `whatsapp_webhooks` (`status`,`processed_at`);--> statement-breakpoint
CREATE TABLE `cod_confirmation_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`template_id` text,
	`reminder_hours` integer DEFAULT 12 NOT NULL,
	`review_hours` integer DEFAULT 24 NOT NULL,
	`cancel_at_store` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cod_confirmations` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`order_external_id` text NOT NULL,
	`order_name` text,
	`customer_id` text,
	`phone` text NOT NULL,
	`status` text NOT NULL,
	`asked_at` text,
	`reminded_at` text,
	`answered_at` text,
	`next_due_at` text,
	`store_action` text,
	`store_state` text,
	`store_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cod_confirmations_order` ON `cod_confirmations` (`connection_id`,`order_external_id`);--> statement-breakpoint
CREATE INDEX `cod_confirmations_due` ON `cod_confirmations` (`next_due_at`);--> statement-breakpoint
CREATE INDEX `cod_confirmations_store` ON `cod_confirmations` (`store_state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `cod_confirmations_account_created` ON `cod_confirmations` (`account_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `message_bodies` ADD `payload` text;--> statement-breakpoint
CREATE INDEX `messages_provider_id` ON `messages` (`account_id`,`provider_message_id`);