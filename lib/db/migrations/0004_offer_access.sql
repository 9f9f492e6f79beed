-- Offers stored before access and isolation were signed carry a signature over the older struct:
-- they go, and the next poll brings back those of agents that sign both.
DELETE FROM "offers";--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "access" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "isolation" text NOT NULL;