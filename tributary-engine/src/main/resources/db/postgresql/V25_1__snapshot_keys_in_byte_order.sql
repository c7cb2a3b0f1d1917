-- PostgreSQL only (H2 compares text by its UTF-16 code units already, and has no column collation):
-- the snapshot's key compared byte by byte rather than through the database's collation. Every
-- row a scan writes or looks up goes through this B-tree, and a collation other than "C" (even
-- C.UTF-8) compares through the C library's strcoll; inserting a million rows took about a tenth longer
-- so. Nothing depends on the order beyond its being the same for every query of a scan.
alter table subscription_snapshots
  alter column subscription_id set data type varchar(36) collate "C",
  alter column record_id set data type varchar(500) collate "C";
