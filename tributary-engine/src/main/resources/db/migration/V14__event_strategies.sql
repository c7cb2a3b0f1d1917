-- How each subscription finds changes, and when: the strategy's state (a sync token, the last
-- mark of a newest-first pull, a webhook's registration), the unguessable id of its webhook
-- ingress, its intervals and due times, and a lease that lets one pull run at a time across nodes.
-- A data source instance names the event types it is subscribed to (subscribed_to).
alter table event_subscriptions add column strategy_state text;
alter table event_subscriptions add column ingress_id varchar(64);
alter table event_subscriptions add column is_real_time boolean default false not null;
alter table event_subscriptions add column requires_pull boolean default true not null;
alter table event_subscriptions add column requires_full_sync boolean default true not null;
alter table event_subscriptions add column pull_interval_seconds integer default 300 not null;
alter table event_subscriptions add column full_sync_interval_seconds integer default 10800 not null;
alter table event_subscriptions add column next_pull_at timestamp with time zone;
alter table event_subscriptions add column next_full_sync_at timestamp with time zone;
alter table event_subscriptions add column next_refresh_at timestamp with time zone;
alter table event_subscriptions add column lease_until timestamp with time zone;
alter table event_subscriptions add column lease_owner varchar(36);
create unique index event_subscriptions_by_ingress on event_subscriptions (ingress_id);

-- Who needs a subscription: a data source instance subscribed to its events, a flow trigger.
-- A subscription created through the API directly has no consumer and lives until unsubscribed;
-- one created for consumers is removed when its last consumer lets go.
alter table event_subscriptions add column is_manual boolean default true not null;

create table event_subscription_consumers (
  consumer_id                 varchar(200) primary key,
  subscription_id             varchar(36) not null references event_subscriptions (id) on delete cascade,
  event_types                 varchar(100) not null,
  pull_interval_seconds       integer not null,
  full_sync_interval_seconds  integer not null,
  created_at                  timestamp with time zone not null
);

create index event_subscription_consumers_by_subscription on event_subscription_consumers (subscription_id);

alter table event_pulls add column strategy varchar(40) default 'full-scan' not null;
alter table data_source_instances add column subscribed_to varchar(100);
