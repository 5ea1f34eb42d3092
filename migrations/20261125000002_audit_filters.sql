-- The audit viewer pages newest-first by id (keyset) under a filter on who, what or which target;
-- each of these lets such a page read only its own rows instead of walking the whole log.
create index audit_log_actor_idx on audit_log (actor_id, audit_log_id desc) where actor_id is not null;
create index audit_log_action_idx on audit_log (action, audit_log_id desc);
create index audit_log_target_idx on audit_log (target_kind, target_id, audit_log_id desc);
