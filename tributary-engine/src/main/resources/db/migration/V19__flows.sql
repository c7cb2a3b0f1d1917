-- Flows: universal ones (scope '*') and an integration's (its own, or a customised copy of a
-- universal one: universal_id set), their instances per connection and instance key, their runs,
-- and where the SaaS product's API is for the api-request-to-your-app node.

create table flows (
  id             varchar(36)  primary key,
  workspace_id   varchar(36)  not null references workspaces (id),
  scope          varchar(36)  not null,
  flow_key       varchar(100) not null,
  name           varchar(255) not null,
  integration_id varchar(36)  references integrations (id),
  universal_id   varchar(36)  references flows (id) on delete cascade,
  nodes          text         not null,
  created_at     timestamp with time zone not null,
  updated_at     timestamp with time zone not null,
  constraint flows_key_unique unique (workspace_id, scope, flow_key)
);

create table flow_instances (
  id             varchar(36)  primary key,
  workspace_id   varchar(36)  not null references workspaces (id),
  flow_key       varchar(100) not null,
  connection_id  varchar(36)  not null references connections (id),
  customer_id    varchar(36)  not null references customers (id),
  instance_key   varchar(100) not null,
  name           varchar(255),
  enabled        boolean      not null,
  error_message  varchar(2000),
  created_at     timestamp with time zone not null,
  updated_at     timestamp with time zone not null,
  constraint flow_instances_unique unique (workspace_id, flow_key, connection_id, instance_key)
);

create index flow_instances_by_connection on flow_instances (connection_id, id);

-- A run is launched once per (event, flow instance, trigger node): the unique constraint makes a
-- repeated launch (after a crash, or by a second node) fail instead of running twice.
create table flow_runs (
  id                varchar(36)  primary key,
  workspace_id      varchar(36)  not null references workspaces (id),
  flow_instance_id  varchar(36)  not null,
  flow_key          varchar(100) not null,
  connection_id     varchar(36)  not null,
  customer_id       varchar(36)  not null,
  trigger_node_key  varchar(100) not null,
  event_id          varchar(36),
  input             text,
  status            varchar(20)  not null,
  error_message     varchar(4000),
  node_runs         text         not null,
  lease_owner       varchar(36),
  lease_until       timestamp with time zone,
  created_at        timestamp with time zone not null,
  started_at        timestamp with time zone,
  finished_at       timestamp with time zone,
  constraint flow_runs_once_per_event unique (event_id, flow_instance_id, trigger_node_key)
);

create index flow_runs_queue on flow_runs (status, connection_id, id);
create index flow_runs_by_instance on flow_runs (flow_instance_id, id);

-- Which events flows have looked at (events written before flows existed count as looked at),
-- and the runs each launched.
alter table event_log add column flows_dispatched boolean default false not null;
update event_log set flows_dispatched = true;
alter table event_log add column launched_flow_run_ids text;
create index event_log_flows_pending on event_log (flows_dispatched, id);

-- One node at a time turns events into runs.
create table flow_dispatch (
  id           varchar(20) primary key,
  lease_until  timestamp with time zone
);
insert into flow_dispatch (id, lease_until) values ('events', null);

-- The SaaS product's API, called by api-request-to-your-app nodes; requests are signed with the secret.
create table app_apis (
  id              varchar(36)   primary key references workspaces (id),
  base_uri        varchar(2000) not null,
  signing_secret  bytea         not null,
  created_at      timestamp with time zone not null,
  updated_at      timestamp with time zone not null
);
