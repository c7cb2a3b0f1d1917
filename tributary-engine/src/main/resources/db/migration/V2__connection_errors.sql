-- Why a connection is not READY (e.g. the app rejected its credentials), shown in its errors.
alter table connections add column error_message varchar(1000);
