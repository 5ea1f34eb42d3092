-- "Listed at risk" gets one definition: a learner the risk model flags, in one of their cohorts,
-- unless that cohort's trainer marked them "not useful" and their risk has not risen by a tenth
-- since. The trainer's list and counts (server/db/risk.rs), the flags per cohort operations sees
-- and the learners a ticket takes (server/db/tickets.rs) all read it. A plain view, so each
-- reader's filters (one trainer, one cohort) reach the tables' indexes.
create view listed_at_risk as
select cm.cohort_id, c.trainer_id, c.status as cohort_status, r.learner_id, r.score, r.reasons
  from learner_risk r
  join cohort_member cm on cm.learner_id = r.learner_id
  join cohort c on c.cohort_id = cm.cohort_id
 where r.at_risk
   and not exists (select 1 from risk_dismissal d
                    where d.learner_id = r.learner_id and d.trainer_id = c.trainer_id and r.score < d.score + 0.1);

-- The same columns as before, so the copy the risk task refreshes keeps working.
create or replace view cohort_flags_live as
select g.cohort_id,
       sum(g.n)::bigint as listed,
       (sum(g.score_sum) / sum(g.n))::float8 as mean_score,
       (select count(*) from cohort_member x where x.cohort_id = g.cohort_id) as members,
       (array_agg(g.reason order by g.n desc, g.reason) filter (where g.reason is not null))[1] as top_reason,
       (array_agg(g.n order by g.n desc, g.reason) filter (where g.reason is not null))[1] as top_count
  from (select l.cohort_id, l.reasons ->> 0 as reason, count(*) as n, sum(l.score::float8) as score_sum
          from listed_at_risk l
         where l.cohort_status = 'active'
         group by l.cohort_id, l.reasons ->> 0) g
 group by g.cohort_id;
