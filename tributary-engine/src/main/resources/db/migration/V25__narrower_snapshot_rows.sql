-- A baseline writes one snapshot row for every record of the collection, so the row's width is
-- much of its cost. A record's hash is now the first 128 bits of its SHA-256 (RecordHashes), as 32
-- hexadecimal digits: the rows written before keep the digits they began with, which are the new
-- hash of the same record, so no scan reports a change for them. A scan that holds the snapshot in
-- memory finds the records it did not see there, and writes no scan id on the rows it adds.
alter table subscription_snapshots alter column record_hash set data type varchar(32) using substring(record_hash, 1, 32);
alter table subscription_snapshots alter column scan_id drop not null;
