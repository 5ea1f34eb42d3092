// Runs once before every browser test: a hostile world where every free-text field a page can
// show holds one of the payloads (client, cohort, path, module, lesson and assessment names,
// learners' and a trainer's names, messages, intervention notes, risk alerts, audit details).
// Stored through SQL because the forms that will write most of these arrive with later issues;
// what matters here is how pages render whatever is stored. Separate accounts and cohorts, so
// the demo data other tests rely on is untouched.
import { test as setup } from '@playwright/test';
import { LEARNER, one, query } from './helpers';
import { PAYLOADS, XSS_CODE, XSS_TARGET, XSS_TRAINER, xssLearner } from './xss-payloads';

setup('seed the hostile world', async () => {
  if (await one<boolean>('select exists (select 1 from app_user where email = $1)', [XSS_TRAINER])) return;
  const hash = await one<string>('select password_hash from app_user where email = $1', [LEARNER]);
  const p = PAYLOADS;
  const n = p.length;
  const trainer = await one<number>(
    `with u as (insert into app_user (email, password_hash, role) values ($1, $2, 'trainer') returning user_id)
     insert into profile (user_id, display_name) select user_id, $3 from u returning user_id`, [XSS_TRAINER, hash, p[0]]);
  const path = await one<number>(
    `insert into learning_path (slug, title, summary, trade) values ('xss-path', $1, $2, $3) returning learning_path_id`, [p[1], p[2], p[3]]);
  const mod = await one<number>(
    `insert into module (learning_path_id, position, title, summary) values ($1, 1, $2, $3) returning module_id`, [path, p[4], p[5]]);
  await query(
    `insert into lesson (module_id, position, title, kind, difficulty, minutes)
     select $1, i, t, 'text', 1, 5 from unnest($2::text[]) with ordinality as x(t, i)`, [mod, p]);
  await query(`insert into assessment (module_id, title) select $1, t from unnest($2::text[]) t`, [mod, p]);
  // Each assessment has one open item whose prompt, criterion and level descriptors are its payload.
  await query(
    `insert into assessment_item (assessment_id, position, kind, prompt, answer_key, rubric, points)
     select a.assessment_id, 1, 'open', a.title, '{"type": "open", "reference": ""}',
            jsonb_build_object('criteria', jsonb_build_array(jsonb_build_object('name', a.title, 'levels', jsonb_build_array(
                jsonb_build_object('points', 0, 'descriptor', a.title), jsonb_build_object('points', 1, 'descriptor', a.title))))), 2
       from assessment a where a.module_id = $1`, [mod]);
  await query(`insert into client_org (name, sector, region) select t, 'xss', 'xss' from unnest($1::text[]) t`, [p]);
  await query(
    `insert into cohort (client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)
     select o.client_org_id, $1, $2, o.name, current_date - 7, current_date + 60, 'active'
       from client_org o where o.name = any($3::text[])`, [trainer, path, p]);
  const first = await one<number>('select cohort_id from cohort where name = $1', [p[0]]);
  await query('update cohort set sign_in_code = $1 where cohort_id = $2', [XSS_CODE, first]);
  const emails = p.map((_, i) => xssLearner(i));
  await query(
    `with u as (insert into app_user (email, password_hash, role) select e, $2, 'learner' from unnest($1::text[]) e returning user_id, email)
     insert into profile (user_id, display_name)
     select u.user_id, x.t from u join unnest($1::text[], $3::text[]) as x(e, t) on x.e = u.email`, [emails, hash, p]);
  // Every learner is in the first cohort (its roster and PIN page list them all) and in the cohort
  // named with their own payload; each has a pending submission, a message and a note.
  await query(
    `insert into cohort_member (cohort_id, learner_id)
     select c.cohort_id, u.user_id from app_user u join profile pr using (user_id) join cohort c on c.name = pr.display_name
      where u.email = any($1::text[])
     union
     select $2, u.user_id from app_user u where u.email = any($1::text[])`, [emails, first]);
  await query(
    `insert into enrolment (learner_id, learning_path_id) select user_id, $2 from app_user where email = any($1::text[])`, [emails, path]);
  await query(
    `insert into learner_pin (cohort_id, learner_id, pin_hash, picture)
     select $2, u.user_id, u.password_hash, (enum_range(null::pin_picture))[1 + (row_number() over (order by u.user_id))::int % 12]
       from app_user u where u.email = any($1::text[])`, [emails, first]);
  await query(
    `insert into submission (assessment_id, learner_id, answers)
     select a.assessment_id, u.user_id, jsonb_build_object('1', jsonb_build_object('type', 'text', 'value', pr.display_name))
       from app_user u join profile pr using (user_id) join assessment a on a.title = pr.display_name and a.module_id = $2
      where u.email = any($1::text[])`, [emails, mod]);
  await query(
    `insert into message (sender_id, recipient_id, body)
     select $2, u.user_id, pr.display_name from app_user u join profile pr using (user_id) where u.email = any($1::text[])`, [emails, trainer]);
  await query(
    `insert into intervention (learner_id, trainer_id, kind, note)
     select u.user_id, $2, 'message', pr.display_name from app_user u join profile pr using (user_id) where u.email = any($1::text[])`,
    [emails, trainer]);
  await query(
    `insert into risk_alert (kind, severity, title, cohort_id, recommended_action, owner_id, due_at)
     select 'disengagement', 'low', c.name, c.cohort_id, c.name, $1, now() + interval '14 days' from cohort c where c.trainer_id = $1`, [trainer]);
  await query(
    `insert into risk_alert_learner (risk_alert_id, learner_id)
     select a.risk_alert_id, m.learner_id from risk_alert a join cohort c using (cohort_id) join cohort_member m using (cohort_id)
      where c.trainer_id = $1`, [trainer]);
  // Each sponsor also has a cohort that ended yesterday with its learner unfinished, named with
  // the payload: /ops/quality lists those.
  await query(
    `insert into cohort (client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)
     select o.client_org_id, $1, $2, o.name || ' (ended)', current_date - 70, current_date - 1, 'completed'
       from client_org o where o.name = any($3::text[])`, [trainer, path, p]);
  await query(
    `insert into cohort_member (cohort_id, learner_id)
     select c.cohort_id, u.user_id from app_user u join profile pr using (user_id) join cohort c on c.name = pr.display_name || ' (ended)'
      where u.email = any($1::text[])`, [emails]);
  await query(
    `insert into audit_log (actor_id, action, target_kind, target_id, detail)
     select $1, 'pin_set', t, $2, jsonb_build_object('note', t) from unnest($3::text[]) t`, [trainer, XSS_TARGET, p]);
  if ((await one<string>('select count(*) from profile where display_name = any($1::text[])', [p])) !== String(n + 1)) {
    throw new Error('the hostile world is incomplete');
  }
});
