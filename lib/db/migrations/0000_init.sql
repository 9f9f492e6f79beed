CREATE TABLE "auth_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"visitor" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "chain_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_events" (
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	"block_hash" text NOT NULL,
	"tx_hash" text NOT NULL,
	"name" text NOT NULL,
	"rental_id" numeric(78, 0),
	"args" jsonb NOT NULL,
	CONSTRAINT "market_events_block_number_log_index_pk" PRIMARY KEY("block_number","log_index")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"provider" text NOT NULL,
	"offer_id" text NOT NULL,
	"gpu_model" text NOT NULL,
	"gpu_model_id" text,
	"gpu_name" text NOT NULL,
	"gpu_family" text,
	"gpu_count" integer NOT NULL,
	"vram_mib" integer NOT NULL,
	"token" text NOT NULL,
	"price_per_hour" numeric(78, 0) NOT NULL,
	"price_per_hour_usd" double precision NOT NULL,
	"price_per_gpu_hour_usd" double precision NOT NULL,
	"min_duration" integer NOT NULL,
	"max_duration" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"region" text NOT NULL,
	"signature" text NOT NULL,
	"reliability" double precision,
	"stake_usd" double precision NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "offers_provider_offer_id_pk" PRIMARY KEY("provider","offer_id")
);
--> statement-breakpoint
CREATE TABLE "provider_health" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"address" text PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"endpoint" text NOT NULL,
	"stake" numeric(78, 0) NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"updated_block" bigint NOT NULL,
	"endpoint_refused" text,
	"last_polled_at" timestamp with time zone,
	"last_ok_at" timestamp with time zone,
	"last_error" text,
	"latency_ms" integer,
	"reliability_7d" double precision,
	"reliability_1h" double precision,
	"offer_count" integer DEFAULT 0 NOT NULL,
	"dropped" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rentals" (
	"id" numeric(78, 0) PRIMARY KEY NOT NULL,
	"renter" text NOT NULL,
	"provider" text NOT NULL,
	"offer_id" text NOT NULL,
	"token" text NOT NULL,
	"price_per_hour" numeric(78, 0) NOT NULL,
	"duration" integer NOT NULL,
	"max_duration" integer NOT NULL,
	"deposit" numeric(78, 0) NOT NULL,
	"job_spec_hash" text NOT NULL,
	"gpu_model" text NOT NULL,
	"gpu_count" integer NOT NULL,
	"vram_mib" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"paid_seconds" integer DEFAULT 0 NOT NULL,
	"paid" numeric(78, 0) DEFAULT 0 NOT NULL,
	"refunded" numeric(78, 0) DEFAULT 0 NOT NULL,
	"compensation" numeric(78, 0) DEFAULT 0 NOT NULL,
	"rented_tx" text NOT NULL,
	"rented_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"chain_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "market_events_rental" ON "market_events" USING btree ("rental_id");--> statement-breakpoint
CREATE INDEX "offers_price_per_gpu_hour" ON "offers" USING btree ("price_per_gpu_hour_usd");--> statement-breakpoint
CREATE INDEX "offers_price_per_hour" ON "offers" USING btree ("price_per_hour_usd");--> statement-breakpoint
CREATE INDEX "offers_gpu_model_id" ON "offers" USING btree ("gpu_model_id");--> statement-breakpoint
CREATE INDEX "offers_expires_at" ON "offers" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "provider_health_provider_at" ON "provider_health" USING btree ("provider","at");--> statement-breakpoint
CREATE INDEX "rentals_renter" ON "rentals" USING btree ("renter");--> statement-breakpoint
CREATE INDEX "rentals_provider" ON "rentals" USING btree ("provider");--> statement-breakpoint
CREATE INDEX "sessions_address" ON "sessions" USING btree ("address");