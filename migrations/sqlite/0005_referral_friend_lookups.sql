CREATE INDEX `referrals_friend_email` ON `referrals` (`account_id`,`friend_email`);--> statement-breakpoint
CREATE INDEX `referrals_friend_phone` ON `referrals` (`account_id`,`friend_phone`);