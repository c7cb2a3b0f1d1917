-- Pulls that fail in a row: each failure doubles the wait before the next pull (up to six hours),
-- a good pull resets it.
alter table event_subscriptions add column consecutive_failures integer default 0 not null;
