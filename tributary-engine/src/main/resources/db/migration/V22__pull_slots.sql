-- A workspace's places for running pulls: a claim counts the places taken (of the workspace and of
-- the subscription's connection) in these few rows, at most the workspace's cap, instead of counting
-- the subscriptions whose lease has not run out. A place carries the same lease as the subscription
-- it was taken for: renewed with it, given back by the pull's end, free once it runs out (a stopped
-- node's places free themselves).
--
-- The lease index that count read is dropped. Every claim, renewal and release wrote a new entry in
-- it, and the count read every entry whose lease lay ahead, those of old row versions included, so
-- a claim slowed with every pull of the last ten minutes until a vacuum; the claim holds the
-- workspace's lock, so every pull of the workspace waited for it.
create table pull_slots (
  workspace_id    varchar(36) not null references workspaces (id),
  slot            integer     not null,
  subscription_id varchar(36),
  connection_id   varchar(36),
  lease_owner     varchar(36),
  lease_until     timestamp with time zone,
  primary key (workspace_id, slot)
);

drop index event_subscriptions_leases;
