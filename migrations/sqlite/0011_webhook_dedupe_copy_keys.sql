-- Custom SQL migration file, put your code below! ---- Dedupe keys of the deliveries stored before webhook_dedupe existed, so their retries are still dropped.
INSERT OR IGNORE INTO `webhook_dedupe` (`connection_id`, `dedupe_key`, `received_at`) SELECT `connection_id`, `dedupe_key`, `received_at` FROM `webhook_inbox`;
