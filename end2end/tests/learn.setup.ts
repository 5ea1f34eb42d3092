// Learners of their own for the learning flows (learn.spec.ts), one per test and project, made
// before any test looks at the data: fresh accounts with the demo password, no path, no history,
// and no language chosen, so each flow starts from nothing and no two flows share an account;
// and a reader in the demo learner's path for the pages that only look at lessons.
import { test as setup } from '@playwright/test';
import { FLOWS, LEARNER, learnerFor, one, query, READER } from './helpers';

setup('learners for the learning flows', async () => {
  const hash = await one<string>(`select password_hash from app_user where email = $1`, [LEARNER]);
  const emails = [...FLOWS.flatMap((flow) => ['js', 'no-js'].map((project) => learnerFor(flow, project))), READER];
  await query(
    `with u as (insert into app_user (email, password_hash, role) select e, $2, 'learner' from unnest($1::text[]) e
                on conflict do nothing returning user_id, email)
     insert into profile (user_id, display_name, time_zone, weekly_goal_minutes)
     select user_id, 'Neema Mushi', 'Africa/Dar_es_Salaam', 90 from u`, [emails, hash]);
  // The reader opens lessons of the demo learner's path with the page's script running, which
  // saves progress: the demo learner's own figures stay as seeded for the dashboard test.
  await query(
    `insert into enrolment (learner_id, learning_path_id)
     select u.user_id, e.learning_path_id from app_user u, enrolment e join app_user a on a.user_id = e.learner_id
      where u.email = $1 and a.email = $2
     on conflict do nothing`, [READER, LEARNER]);
});
