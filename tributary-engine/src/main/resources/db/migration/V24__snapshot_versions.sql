-- The version of the subscription's snapshot that a full scan wrote at its end, and that the copy of
-- the snapshot it kept in memory holds: the next scan on that node starts from the copy, instead of
-- reading every row of the snapshot, only while the row still carries this version. Every other
-- writer of the snapshot clears it first (the next scan as it starts, a pull of the newest records,
-- a new baseline), so a copy never serves a snapshot changed since it was kept. While the version is
-- set, snapshot_rows is the number of rows the scan left, which a pull's start reads instead of
-- counting them.
alter table event_subscriptions add column snapshot_version varchar(36);
alter table event_subscriptions add column snapshot_rows integer;
