-- Learners learn: open paths, progress saved as the learner goes, time counted in seconds, and
-- achievements awarded by criteria stored with each achievement.

-- A path anyone signed in as a learner may join by themselves; other paths come with a cohort.
alter table learning_path add column open_enrolment boolean not null default false;

-- Progress per lesson: the share done (the highest reached: scrolling back does not undo it) and
-- where the learner was (seconds into a video, the step of a scenario), for resuming on any device.
alter table lesson_progress
    add column percent smallint not null default 0 check (percent between 0 and 100),
    add column position integer not null default 0 check (position between 0 and 86400);
update lesson_progress set percent = 100 where status = 'completed';

-- Time is counted in seconds (saves arrive every minute or so, and a minute per save would
-- overcount); whole minutes follow from it and can no longer disagree.
alter table lesson_progress add column seconds_spent integer not null default 0 check (seconds_spent >= 0);
update lesson_progress set seconds_spent = minutes_spent * 60;
alter table lesson_progress drop column minutes_spent;
alter table lesson_progress add column minutes_spent integer not null generated always as (seconds_spent / 60) stored;

-- Minutes of study recorded as the learner goes (one event per whole minute gained at most),
-- which the weekly goal and the streak read like any other learning event.
alter type activity_kind add value 'lesson_studied';

-- Each achievement carries what earns it, read by the achievements engine (domain/achievements.rs).
alter type achievement_code add value 'streak_5';
alter type achievement_code add value 'perfect_score';
alter type achievement_code add value 'goal_3_weeks';
alter table achievement add column criteria jsonb not null default '{}'::jsonb;
update achievement set criteria = case code
    when 'first_lesson' then '{"kind": "lessons_completed", "count": 1}'::jsonb
    when 'module_complete' then '{"kind": "modules_completed", "count": 1}'::jsonb
    when 'streak_7' then '{"kind": "streak_days", "days": 7}'::jsonb
    when 'offline_learner' then '{"kind": "offline_lessons", "count": 1}'::jsonb
    when 'quiz_ace' then '{"kind": "best_score", "at_least": 90}'::jsonb
end;
alter table achievement alter column criteria drop default;
alter table achievement add constraint achievement_criteria_kind_check check (criteria ? 'kind');
