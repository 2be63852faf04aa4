ALTER TABLE `webhook_inbox` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `webhook_inbox` ADD `claim_expires_at` text;