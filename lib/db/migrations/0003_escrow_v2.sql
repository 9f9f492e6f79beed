-- The escrow v2 market is a new contract whose events differ (Rented carries the sealed job spec,
-- neither the deposit nor the offer's maximum duration): what was indexed from the old one goes, and
-- the indexer starts over at the new deployment block.
TRUNCATE "rentals", "market_events", "chain_cursors";--> statement-breakpoint
CREATE TABLE "credits" (
	"account" text NOT NULL,
	"token" text NOT NULL,
	"credited" numeric(78, 0) NOT NULL,
	"withdrawn" numeric(78, 0) NOT NULL,
	"updated_block" bigint NOT NULL,
	CONSTRAINT "credits_account_token_pk" PRIMARY KEY("account","token")
);
--> statement-breakpoint
ALTER TABLE "market_events" ADD COLUMN "account" text;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "sealed_spec_bytes" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "decline_reason" integer;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "settled_by" text;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "market_events_account" ON "market_events" USING btree ("account");--> statement-breakpoint
ALTER TABLE "rentals" DROP COLUMN "max_duration";