-- Links used to carry their state in source_hash ('voided', 'deleted'); it has its own column now.
-- Hashes stored before hashes were versioned stay: the sync accepts them once (activities/mapping/source-hash.ts).
UPDATE "qbo_sync"."entity_links" SET "state" = "source_hash", "source_hash" = NULL WHERE "source_hash" IN ('voided', 'deleted');
