-- Actions (universal, or for one integration) and their instances per connection. The
-- columns are those of every layered element (field mappings have the same two tables); what is
-- particular to an action is the JSON in spec (the element) and config (the customer's
-- overrides on an instance). scope is the integration's id, or '*' for a universal element.

create table actions (
  id             varchar(36)  primary key,
  workspace_id   varchar(36)  not null references workspaces (id),
  scope          varchar(36)  not null,
  el_key         varchar(100) not null,
  name           varchar(255) not null,
  integration_id varchar(36)  references integrations (id),
  universal_id   varchar(36)  references actions (id),
  spec           text         not null,
  is_customized  boolean      not null,
  created_at     timestamp with time zone not null,
  updated_at     timestamp with time zone not null,
  archived_at    timestamp with time zone,
  constraint actions_key_unique unique (workspace_id, scope, el_key)
);

create index actions_by_universal on actions (universal_id);

create table action_instances (
  id             varchar(36)  primary key,
  workspace_id   varchar(36)  not null references workspaces (id),
  element_id     varchar(36)  not null references actions (id),
  connection_id  varchar(36)  not null references connections (id),
  customer_id    varchar(36)  not null references customers (id),
  instance_key   varchar(100) not null,
  config         text         not null,
  is_customized  boolean      not null,
  created_at     timestamp with time zone not null,
  updated_at     timestamp with time zone not null,
  archived_at    timestamp with time zone,
  constraint action_instances_unique unique (element_id, connection_id, instance_key)
);

create index action_instances_by_connection on action_instances (connection_id, id);
