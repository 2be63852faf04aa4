CREATE TABLE `inbound_mail` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`recipient` text NOT NULL,
	`mail_from` text,
	`raw_base64` text NOT NULL,
	`size` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` text NOT NULL,
	`next_attempt_at` text NOT NULL,
	`processed_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `inbound_mail_due` ON `inbound_mail` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `inbound_mail_processed` ON `inbound_mail` (`status`,`processed_at`);--> statement-breakpoint
CREATE TABLE `service_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`support_address` text,
	`last_ticket_number` integer DEFAULT 1000 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_settings_support_address` ON `service_settings` (`support_address`);--> statement-breakpoint
CREATE TABLE `ticket_attachment_data` (
	`attachment_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`content_base64` text NOT NULL,
	FOREIGN KEY (`attachment_id`) REFERENCES `ticket_attachments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ticket_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`ticket_message_id` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`dropped_reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_message_id`) REFERENCES `ticket_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_attachments_message` ON `ticket_attachments` (`ticket_message_id`);--> statement-breakpoint
CREATE TABLE `ticket_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`direction` text NOT NULL,
	`channel` text NOT NULL,
	`author_type` text NOT NULL,
	`author_id` text,
	`from_address` text,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`message_id` text,
	`in_reply_to` text,
	`references_header` text,
	`external_id` text,
	`outbound_message_id` text,
	`auto_reply` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_messages_external` ON `ticket_messages` (`account_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE INDEX `ticket_messages_message_id` ON `ticket_messages` (`account_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `ticket_messages_ticket` ON `ticket_messages` (`ticket_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `ticket_orders` (
	`ticket_id` text NOT NULL,
	`order_id` text NOT NULL,
	`account_id` text NOT NULL,
	`linked_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `order_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_orders_order` ON `ticket_orders` (`order_id`);--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`ticket_id` text NOT NULL,
	`account_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `tag`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_tags_tag` ON `ticket_tags` (`account_id`,`tag`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`number` integer NOT NULL,
	`customer_id` text,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`assignee_id` text,
	`channel` text NOT NULL,
	`contact` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_message_at` text NOT NULL,
	`first_response_at` text,
	`solved_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_number` ON `tickets` (`account_id`,`number`);--> statement-breakpoint
CREATE INDEX `tickets_queue` ON `tickets` (`account_id`,`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_updated` ON `tickets` (`account_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_customer` ON `tickets` (`account_id`,`customer_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_assignee` ON `tickets` (`account_id`,`assignee_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_contact` ON `tickets` (`account_id`,`channel`,`contact`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_customer_id` ON `tickets` (`customer_id`);