-- db-scheduler's table: every scheduled pull of a subscription is a row; a node claims a due row
-- (picked, picked_by, version) before running it, so one subscription is pulled by one node at a
-- time, and a dead node's claims expire (last_heartbeat) and are taken over.
create table scheduled_tasks (
  task_name             varchar(100) not null,
  task_instance         varchar(250) not null,
  task_data             bytea,
  execution_time        timestamp with time zone not null,
  picked                boolean not null,
  picked_by             varchar(50),
  last_success          timestamp with time zone,
  last_failure          timestamp with time zone,
  consecutive_failures  integer,
  last_heartbeat        timestamp with time zone,
  version               bigint not null,
  priority              smallint,
  primary key (task_name, task_instance)
);

create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
