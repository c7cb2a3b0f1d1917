-- OAuth 2.0 authorizations in progress: started by a customer, completed by the app's redirect to
-- the callback. The state is stored as its SHA-256 (hex); the PKCE verifier is sealed.
create table oauth_authorizations (
  state_hash      varchar(64)  primary key,
  workspace_id    varchar(36)  not null references workspaces (id),
  customer_id     varchar(36)  not null references customers (id),
  integration_id  varchar(36)  not null references integrations (id),
  connection_id   varchar(36),
  verifier        bytea        not null,
  redirect_uri    varchar(2000),
  expires_at      timestamp with time zone not null,
  used_at         timestamp with time zone
);
