-- Delivery of the event log to a workspace's webhook: one target per workspace (id = the
-- workspace's id) with its signing secret (sealed by the vault), the id of the last event it took
-- (the cursor into the event log), the retry state of the batch being delivered, and a lease so
-- one node delivers at a time. Events given up on after the retry window are dead letters.
create table event_webhooks (
  id                 varchar(36) primary key references workspaces (id),
  url                varchar(2000) not null,
  signing_secret     bytea not null,
  delivered_through  varchar(36) not null,
  attempts           integer not null,
  first_failure_at   timestamp with time zone,
  next_attempt_at    timestamp with time zone not null,
  last_error         varchar(2000),
  lease_until        timestamp with time zone,
  created_at         timestamp with time zone not null,
  updated_at         timestamp with time zone not null
);

create table event_dead_letters (
  event_id      varchar(36) primary key,
  workspace_id  varchar(36) not null references workspaces (id),
  attempts      integer not null,
  error         varchar(2000),
  failed_at     timestamp with time zone not null
);

create index event_dead_letters_by_workspace on event_dead_letters (workspace_id, event_id);
