-- Change detection: one subscription per (connection, collection, normalised parameters); the
-- full-scan snapshot (record id -> hash of its fields) per subscription; every pull; and the event
-- log (the outbox every delivery reads from).

create table event_subscriptions (
  id                 varchar(36)  primary key,
  workspace_id       varchar(36)  not null references workspaces (id),
  connection_id      varchar(36)  not null references connections (id),
  customer_id        varchar(36)  not null references customers (id),
  collection_key     varchar(200) not null,
  parameters         text         not null,
  parameters_hash    varchar(64)  not null,
  strategy           varchar(40)  not null,
  status             varchar(40)  not null,
  baseline_done      boolean      not null,
  error_message      varchar(2000),
  created_at         timestamp with time zone not null,
  updated_at         timestamp with time zone not null,
  constraint event_subscriptions_unique unique (connection_id, collection_key, parameters_hash)
);

create table subscription_snapshots (
  subscription_id  varchar(36) not null references event_subscriptions (id) on delete cascade,
  record_id        varchar(500) not null,
  record_hash      varchar(64) not null,
  scan_id          varchar(36) not null,
  primary key (subscription_id, record_id)
);

create index subscription_snapshots_by_scan on subscription_snapshots (subscription_id, scan_id);

create table event_pulls (
  id                varchar(36) primary key,
  subscription_id   varchar(36) not null references event_subscriptions (id) on delete cascade,
  is_full_scan      boolean     not null,
  is_baseline       boolean     not null,
  status            varchar(20) not null,
  pages             integer     not null,
  records           integer     not null,
  snapshot_size     integer     not null,
  events            integer     not null,
  error_message     varchar(2000),
  started_at        timestamp with time zone not null,
  finished_at       timestamp with time zone
);

create index event_pulls_by_subscription on event_pulls (subscription_id, id);

create table event_log (
  id               varchar(36)  primary key,
  workspace_id     varchar(36)  not null references workspaces (id),
  subscription_id  varchar(36)  not null,
  connection_id    varchar(36)  not null,
  customer_id      varchar(36)  not null,
  collection_key   varchar(200) not null,
  event_type       varchar(40)  not null,
  record_id        varchar(500) not null,
  record           text,
  created_at       timestamp with time zone not null
);

create index event_log_by_workspace on event_log (workspace_id, id);
