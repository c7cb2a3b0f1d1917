-- No query reads subscription_snapshots by scan_id (the deleted records are found along the primary
-- key), and every full scan rewrites scan_id on every row it sees: with this index each of those
-- writes also moved an index entry, and on PostgreSQL it ruled out heap-only updates.
drop index subscription_snapshots_by_scan;
