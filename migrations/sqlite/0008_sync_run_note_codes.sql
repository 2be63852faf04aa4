ALTER TABLE `sync_runs` ADD `note_code` text;--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `note_params` text;