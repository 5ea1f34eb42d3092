-- Personal data: an account can be anonymised (on the learner's request, by themselves or by
-- operations). The row stays so learning records keep counting in aggregates, but nothing in it
-- or around it names or reaches the person any more.
alter table app_user add column anonymised_at timestamptz;

-- The audit log stays append-only, with one exception: a row may lose the personal values in its
-- detail (the e-mail typed at a failed sign-in, the client address) and be marked redacted.
-- Every other column, and every other change, is still refused, as is deleting a row.
create function audit_log_redact_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE'
       and old.detail ?| array['email', 'address']
       and new.audit_log_id = old.audit_log_id
       and new.actor_id is not distinct from old.actor_id
       and new.action = old.action
       and new.target_kind = old.target_kind
       and new.target_id is not distinct from old.target_id
       and new.created_at = old.created_at
       and new.detail = (old.detail - array['email', 'address']) || '{"redacted": true}'::jsonb then
        return new;
    end if;
    raise exception '% is append-only', tg_table_name using errcode = 'P0001';
end;
$$;
drop trigger audit_log_append_only on audit_log;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_redact_only();
