-- Field mappings (universal, or for one integration) and their instances per connection. The
-- columns are those of every layered element (actions have the same two tables); what is
-- particular to a field mapping is the JSON in spec (the element) and config (the customer's
-- overrides on an instance). scope is the integration's id, or '*' for a universal element.

create table field_mappings (
  id             varchar(36)  primary key,
  workspace_id   varchar(36)  not null references workspaces (id),
  scope          varchar(36)  not null,
  el_key         varchar(100) not null,
  name           varchar(255) not null,
  integration_id varchar(36)  references integrations (id),
  universal_id   varchar(36)  references field_mappings (id),
  spec           text         not null,
  is_customized  boolean      not null,
  created_at     timestamp with time zone not null,
  updated_at     timestamp with time zone not null,
  archived_at    timestamp with time zone,
  constraint field_mappings_key_unique unique (workspace_id, scope, el_key)
);

create index field_mappings_by_universal on field_mappings (universal_id);

create table field_mapping_instances (
  id             varchar(36)  primary key,
  workspace_id   varchar(36)  not null references workspaces (id),
  element_id     varchar(36)  not null references field_mappings (id),
  connection_id  varchar(36)  not null references connections (id),
  customer_id    varchar(36)  not null references customers (id),
  instance_key   varchar(100) not null,
  config         text         not null,
  is_customized  boolean      not null,
  created_at     timestamp with time zone not null,
  updated_at     timestamp with time zone not null,
  archived_at    timestamp with time zone,
  constraint field_mapping_instances_unique unique (element_id, connection_id, instance_key)
);

create index field_mapping_instances_by_connection on field_mapping_instances (connection_id, id);
