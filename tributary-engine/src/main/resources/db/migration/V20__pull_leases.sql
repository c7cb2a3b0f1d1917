-- A pull counts the pulls its workspace runs (leases not yet expired) before it claims a place:
-- read through this index, the count is of the running pulls, not of every subscription.
create index event_subscriptions_leases on event_subscriptions (workspace_id, lease_until);
