-- Risk alerts become tickets operations works through (domain/ticket.rs): open -> in progress ->
-- resolved, each with an owner and a due time set from its severity when it is opened. A ticket
-- opened from the risk model's flags keeps the learners it was about, so the share of them active
-- again after it was resolved can be counted.
alter type risk_status rename value 'acknowledged' to 'in_progress';

alter table risk_alert
    add column due_at     timestamptz,
    add column started_at timestamptz,
    -- Who opened it; none for the alerts seeded before tickets existed.
    add column opened_by  bigint references app_user (user_id),
    add constraint risk_alert_title_length check (length(title) between 1 and 160),
    add constraint risk_alert_action_length check (length(recommended_action) between 1 and 1000),
    add constraint risk_alert_note_length check (resolution_note is null or length(resolution_note) between 1 and 2000),
    -- A resolved ticket says how it was resolved.
    add constraint risk_alert_resolved_note check (status <> 'resolved' or resolution_note is not null);

-- Alerts that were already there get the due time the severity SLA gives them now (the same
-- table as domain::ticket::sla_hours).
update risk_alert set due_at = created_at + make_interval(hours => case severity
    when 'critical' then 24 when 'high' then 72 when 'medium' then 168 else 336 end);
update risk_alert set started_at = updated_at where status = 'in_progress';
alter table risk_alert alter column due_at set not null;

-- The list is read by status, soonest due first.
drop index risk_alert_open_idx;
create index risk_alert_status_due_idx on risk_alert (status, due_at);
-- One ticket at a time per cohort is raised from the model's flags: the proposals leave out
-- cohorts with an unresolved ticket.
create index risk_alert_cohort_idx on risk_alert (cohort_id) where status <> 'resolved';

-- What the risk model flags per running cohort: the learners listed at risk (leaving out those the
-- cohort's trainer marked "not useful", unless their risk rose by a tenth since, as on the
-- trainer's list), their mean score, the cohort's size, and the strongest reason given most
-- often. domain::ticket::proposed_severity turns a row into a proposal. Reading it live scans
-- every flagged learner (2.3 s at a million learners), so /ops/risks reads `cohort_flags`, a
-- copy the risk task refreshes after rescoring (server/risk.rs); one cohort is read live.
create view cohort_flags_live as
select g.cohort_id,
       sum(g.n)::bigint as listed,
       (sum(g.score_sum) / sum(g.n))::float8 as mean_score,
       (select count(*) from cohort_member x where x.cohort_id = g.cohort_id) as members,
       (array_agg(g.reason order by g.n desc, g.reason) filter (where g.reason is not null))[1] as top_reason,
       (array_agg(g.n order by g.n desc, g.reason) filter (where g.reason is not null))[1] as top_count
  from (select cm.cohort_id, r.reasons ->> 0 as reason, count(*) as n, sum(r.score::float8) as score_sum
          from learner_risk r
          join cohort_member cm on cm.learner_id = r.learner_id
          join cohort c on c.cohort_id = cm.cohort_id
         where r.at_risk and c.status = 'active'
           and not exists (select 1 from risk_dismissal d where d.learner_id = r.learner_id and d.trainer_id = c.trainer_id
                             and r.score < d.score + 0.1)
         group by cm.cohort_id, r.reasons ->> 0) g
 group by g.cohort_id;

create materialized view cohort_flags as select f.*, now() as counted_at from cohort_flags_live f;
-- Unique, so it can be refreshed concurrently while the page reads it.
create unique index cohort_flags_cohort_idx on cohort_flags (cohort_id);
