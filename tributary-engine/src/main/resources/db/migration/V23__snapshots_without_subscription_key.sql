-- H2 gave the snapshot's foreign key to event_subscriptions an index of its own on subscription_id (it cannot use
-- the primary key, whose second column it counts against it): a third B-tree written with every snapshot row, about
-- a tenth of a baseline scan's CPU. EventSubscriptionService deletes a subscription's snapshot with it instead, in
-- the same transaction. A foreign key declared without a name has no portable name to drop it by, so the table is
-- rebuilt without it (a copy of every snapshot row, once).
create table subscription_snapshots_rebuilt (
  subscription_id  varchar(36) not null,
  record_id        varchar(500) not null,
  record_hash      varchar(64) not null,
  scan_id          varchar(36) not null,
  constraint subscription_snapshots_key primary key (subscription_id, record_id)
);

insert into subscription_snapshots_rebuilt (subscription_id, record_id, record_hash, scan_id)
  select subscription_id, record_id, record_hash, scan_id from subscription_snapshots;

drop table subscription_snapshots;

alter table subscription_snapshots_rebuilt rename to subscription_snapshots;
