-- Workspaces, customers, integrations and connections.
-- One migration set for PostgreSQL and H2 (MODE=PostgreSQL): keep to their common SQL.
-- Ids are UUIDv7 strings (time-ordered, so keyset paging by id follows creation order).
-- Columns of type bytea hold values sealed with AES-256-GCM (see dev.tributary.engine.crypto).

create table workspaces (
  id          varchar(36)  primary key,
  ws_key      varchar(100) not null,
  name        varchar(255) not null,
  secret      bytea        not null,
  created_at  timestamp with time zone not null,
  updated_at  timestamp with time zone not null,
  constraint workspaces_key_unique unique (ws_key)
);

create table customers (
  id              varchar(36)  primary key,
  workspace_id    varchar(36)  not null references workspaces (id),
  internal_id     varchar(255) not null,
  name            varchar(255) not null,
  fields          text         not null,
  created_at      timestamp with time zone not null,
  updated_at      timestamp with time zone not null,
  last_active_at  timestamp with time zone,
  archived_at     timestamp with time zone,
  constraint customers_internal_id_unique unique (workspace_id, internal_id)
);

create table integrations (
  id                 varchar(36)  primary key,
  workspace_id       varchar(36)  not null references workspaces (id),
  integration_key    varchar(100) not null,
  name               varchar(255) not null,
  connector_key      varchar(100) not null,
  connector_version  varchar(50),
  parameters         bytea        not null,
  created_at         timestamp with time zone not null,
  updated_at         timestamp with time zone not null,
  archived_at        timestamp with time zone,
  constraint integrations_key_unique unique (workspace_id, integration_key)
);

create table connections (
  id               varchar(36)  primary key,
  workspace_id     varchar(36)  not null references workspaces (id),
  customer_id      varchar(36)  not null references customers (id),
  integration_id   varchar(36)  not null references integrations (id),
  connection_key   varchar(100),
  name             varchar(255) not null,
  state            varchar(40)  not null,
  is_test          boolean      not null,
  disconnected     boolean      not null,
  secrets          bytea        not null,
  created_at       timestamp with time zone not null,
  updated_at       timestamp with time zone not null,
  last_active_at   timestamp with time zone,
  archived_at      timestamp with time zone
);

create index connections_by_customer on connections (workspace_id, customer_id, id);
create index connections_by_integration on connections (integration_id, id);
