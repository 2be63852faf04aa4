ALTER TABLE "webhook_inbox" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD COLUMN "claim_expires_at" timestamp(3) with time zone;