-- Offers stored before resources were signed have none to show: they go, and the next poll brings
-- back those of agents that sign their resources.
DELETE FROM "offers";--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "cpus" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "memory_mib" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "disk_mib" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "network_mbps" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "resources_signature" text NOT NULL;