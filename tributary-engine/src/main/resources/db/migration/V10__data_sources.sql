-- Data sources (universal, or for one integration) and their instances per connection.
-- scope is the integration's id, or '*' for a universal data source, so that keys are unique per
-- scope on both databases (a unique constraint treats NULLs as distinct).

create table data_sources (
  id                     varchar(36)  primary key,
  workspace_id           varchar(36)  not null references workspaces (id),
  scope                  varchar(36)  not null,
  ds_key                 varchar(100) not null,
  name                   varchar(255) not null,
  integration_id         varchar(36)  references integrations (id),
  universal_id           varchar(36)  references data_sources (id),
  udm                    varchar(100),
  collection_key         varchar(200),
  collection_parameters  text,
  pull_interval          integer,
  full_sync_interval     integer,
  is_customized          boolean      not null,
  created_at             timestamp with time zone not null,
  updated_at             timestamp with time zone not null,
  archived_at            timestamp with time zone,
  constraint data_sources_key_unique unique (workspace_id, scope, ds_key)
);

create index data_sources_by_universal on data_sources (universal_id);

create table data_source_instances (
  id                     varchar(36)  primary key,
  workspace_id           varchar(36)  not null references workspaces (id),
  data_source_id         varchar(36)  not null references data_sources (id),
  connection_id          varchar(36)  not null references connections (id),
  customer_id            varchar(36)  not null references customers (id),
  instance_key           varchar(100) not null,
  collection_key         varchar(200),
  collection_parameters  text,
  pull_interval          integer,
  full_sync_interval     integer,
  is_customized          boolean      not null,
  created_at             timestamp with time zone not null,
  updated_at             timestamp with time zone not null,
  archived_at            timestamp with time zone,
  constraint data_source_instances_unique unique (data_source_id, connection_id, instance_key)
);

create index data_source_instances_by_connection on data_source_instances (connection_id, id);
