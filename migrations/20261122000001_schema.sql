-- RuralRise: the whole data model. Never edit this file once it has landed; add a new migration instead.

-- People -------------------------------------------------------------------------------------------------
create table app_user (
    user_id       bigint generated always as identity primary key,
    email         text not null check (email = lower(email) and length(email) between 3 and 254),
    password_hash text not null,
    role          text not null check (role in ('learner', 'trainer', 'operations')),
    status        text not null default 'active' check (status in ('active', 'disabled')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create unique index app_user_email_key on app_user (lower(email));
create index app_user_role_idx on app_user (role);

create table profile (
    user_id              bigint primary key references app_user (user_id) on delete cascade,
    display_name         text not null check (length(display_name) between 1 and 80),
    level                text not null default 'beginner' check (level in ('beginner', 'intermediate', 'advanced')),
    weekly_goal_minutes  integer not null default 120 check (weekly_goal_minutes between 0 and 10080),
    time_zone            text not null default 'UTC',
    language             text not null default 'en' check (length(language) between 2 and 12),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);

-- Sponsors and cohorts -----------------------------------------------------------------------------------
create table client_org (
    client_org_id  bigint generated always as identity primary key,
    name           text not null unique check (length(name) between 1 and 120),
    sector         text not null,
    region         text not null,
    contact_email  text,
    status         text not null default 'active' check (status in ('active', 'paused', 'ended')),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

-- Content ------------------------------------------------------------------------------------------------
create table learning_path (
    learning_path_id bigint generated always as identity primary key,
    slug             text not null unique check (slug ~ '^[a-z0-9-]+$'),
    title            text not null,
    summary          text not null,
    trade            text not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

create table module (
    module_id        bigint generated always as identity primary key,
    learning_path_id bigint not null references learning_path (learning_path_id) on delete cascade,
    position         integer not null check (position >= 1),
    title            text not null,
    summary          text not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    unique (learning_path_id, position)
);

create table lesson (
    lesson_id         bigint generated always as identity primary key,
    module_id         bigint not null references module (module_id) on delete cascade,
    position          integer not null check (position >= 1),
    title             text not null,
    kind              text not null check (kind in ('text', 'video', 'interactive', 'quiz')),
    difficulty        smallint not null check (difficulty between 1 and 5),
    minutes           integer not null check (minutes between 1 and 600),
    content           jsonb not null default '{}'::jsonb,
    offline_available boolean not null default false,
    size_bytes        bigint not null default 0 check (size_bytes >= 0),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    unique (module_id, position)
);

create table cohort (
    cohort_id        bigint generated always as identity primary key,
    client_org_id    bigint not null references client_org (client_org_id),
    trainer_id       bigint references app_user (user_id),
    learning_path_id bigint not null references learning_path (learning_path_id),
    name             text not null unique,
    starts_on        date not null,
    ends_on          date not null,
    status           text not null default 'planned' check (status in ('planned', 'active', 'completed', 'cancelled')),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check (ends_on >= starts_on)
);
create index cohort_trainer_idx on cohort (trainer_id);
create index cohort_client_org_idx on cohort (client_org_id);

create table cohort_member (
    cohort_id  bigint not null references cohort (cohort_id) on delete cascade,
    learner_id bigint not null references app_user (user_id) on delete cascade,
    joined_at  timestamptz not null default now(),
    primary key (cohort_id, learner_id)
);
create index cohort_member_learner_idx on cohort_member (learner_id);

-- Learning -----------------------------------------------------------------------------------------------
create table enrolment (
    enrolment_id     bigint generated always as identity primary key,
    learner_id       bigint not null references app_user (user_id) on delete cascade,
    learning_path_id bigint not null references learning_path (learning_path_id),
    enrolled_at      timestamptz not null default now(),
    completed_at     timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    unique (learner_id, learning_path_id),
    check (completed_at is null or completed_at >= enrolled_at)
);

create table lesson_progress (
    learner_id     bigint not null references app_user (user_id) on delete cascade,
    lesson_id      bigint not null references lesson (lesson_id) on delete cascade,
    status         text not null check (status in ('started', 'completed')),
    minutes_spent  integer not null default 0 check (minutes_spent >= 0),
    points_awarded integer not null default 0 check (points_awarded >= 0),
    started_at     timestamptz not null default now(),
    completed_at   timestamptz,
    downloaded_at  timestamptz,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    primary key (learner_id, lesson_id),
    check ((status = 'completed') = (completed_at is not null))
);
create index lesson_progress_completed_idx on lesson_progress (completed_at) where completed_at is not null;

-- Assessment ---------------------------------------------------------------------------------------------
create table assessment (
    assessment_id bigint generated always as identity primary key,
    module_id     bigint not null references module (module_id) on delete cascade,
    title         text not null,
    pass_score    integer not null default 60 check (pass_score between 0 and 100),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index assessment_module_idx on assessment (module_id);

create table assessment_item (
    assessment_item_id bigint generated always as identity primary key,
    assessment_id      bigint not null references assessment (assessment_id) on delete cascade,
    position           integer not null check (position >= 1),
    kind               text not null check (kind in ('multiple_choice', 'fill_in', 'open')),
    prompt             text not null,
    options            jsonb not null default '[]'::jsonb,
    answer_key         jsonb,
    rubric             jsonb not null default '[]'::jsonb,
    points             integer not null default 1 check (points between 0 and 100),
    created_at         timestamptz not null default now(),
    unique (assessment_id, position)
);

create table submission (
    submission_id bigint generated always as identity primary key,
    assessment_id bigint not null references assessment (assessment_id),
    learner_id    bigint not null references app_user (user_id) on delete cascade,
    answers       jsonb not null,
    ai_score      integer check (ai_score between 0 and 100),
    ai_feedback   text,
    trainer_score integer check (trainer_score between 0 and 100),
    feedback      text check (length(feedback) <= 5000),
    flagged       boolean not null default false,
    flag_reason   text,
    status        text not null default 'pending' check (status in ('pending', 'graded', 'returned')),
    graded_by     bigint references app_user (user_id),
    submitted_at  timestamptz not null default now(),
    graded_at     timestamptz,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    check ((status = 'pending') = (graded_at is null))
);
create index submission_pending_idx on submission (submitted_at) where status = 'pending';
create index submission_learner_idx on submission (learner_id);
create index submission_learner_pending_idx on submission (learner_id) where status = 'pending';
create index submission_assessment_idx on submission (assessment_id);

-- Motivation ---------------------------------------------------------------------------------------------
create table achievement (
    achievement_id bigint generated always as identity primary key,
    code           text not null unique check (code ~ '^[a-z0-9_]+$'),
    title          text not null,
    description    text not null,
    points         integer not null default 0 check (points >= 0),
    created_at     timestamptz not null default now()
);

create table earned_achievement (
    learner_id     bigint not null references app_user (user_id) on delete cascade,
    achievement_id bigint not null references achievement (achievement_id),
    earned_at      timestamptz not null default now(),
    primary key (learner_id, achievement_id)
);
create index earned_achievement_recent_idx on earned_achievement (learner_id, earned_at desc);

-- Insight, risk and follow-up ----------------------------------------------------------------------------
create table ai_insight (
    ai_insight_id bigint generated always as identity primary key,
    subject_kind  text not null check (subject_kind in ('learner', 'cohort', 'trainer', 'client_org')),
    subject_id    bigint not null,
    kind          text not null,
    summary       text not null,
    reasons       jsonb not null default '[]'::jsonb,
    confidence    real not null check (confidence between 0 and 1),
    created_at    timestamptz not null default now()
);
create index ai_insight_subject_idx on ai_insight (subject_kind, subject_id, created_at desc);

create table risk_alert (
    risk_alert_id      bigint generated always as identity primary key,
    kind               text not null check (kind in ('disengagement', 'low_scores', 'trainer_overload', 'cohort_behind', 'compliance')),
    severity           text not null check (severity in ('low', 'medium', 'high', 'critical')),
    title              text not null,
    cohort_id          bigint references cohort (cohort_id),
    client_org_id      bigint references client_org (client_org_id),
    recommended_action text not null,
    owner_id           bigint references app_user (user_id),
    status             text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
    resolution_note    text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    resolved_at        timestamptz,
    check ((status = 'resolved') = (resolved_at is not null))
);
create index risk_alert_open_idx on risk_alert (severity, created_at) where status <> 'resolved';

create table risk_alert_learner (
    risk_alert_id bigint not null references risk_alert (risk_alert_id) on delete cascade,
    learner_id    bigint not null references app_user (user_id) on delete cascade,
    primary key (risk_alert_id, learner_id)
);

create table intervention (
    intervention_id bigint generated always as identity primary key,
    learner_id      bigint not null references app_user (user_id) on delete cascade,
    trainer_id      bigint not null references app_user (user_id),
    risk_alert_id   bigint references risk_alert (risk_alert_id),
    kind            text not null check (kind in ('call', 'message', 'visit', 'extra_session', 'peer_support')),
    note            text not null check (length(note) <= 2000),
    status          text not null default 'planned' check (status in ('planned', 'done', 'cancelled')),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    completed_at    timestamptz
);
create index intervention_learner_idx on intervention (learner_id);

create table message (
    message_id   bigint generated always as identity primary key,
    sender_id    bigint not null references app_user (user_id),
    recipient_id bigint not null references app_user (user_id) on delete cascade,
    body         text not null check (length(body) between 1 and 5000),
    created_at   timestamptz not null default now(),
    read_at      timestamptz
);
create index message_recipient_idx on message (recipient_id, created_at desc);

-- Append-only logs ---------------------------------------------------------------------------------------
create table activity_event (
    activity_event_id bigint generated always as identity primary key,
    user_id           bigint not null references app_user (user_id),
    kind              text not null check (kind in ('sign_in', 'lesson_started', 'lesson_completed', 'lesson_downloaded', 'submission_made', 'achievement_earned')),
    lesson_id         bigint references lesson (lesson_id),
    minutes           integer not null default 0 check (minutes >= 0),
    occurred_at       timestamptz not null default now(),
    detail            jsonb not null default '{}'::jsonb
);
create index activity_event_user_idx on activity_event (user_id, occurred_at desc);
create index activity_event_time_idx on activity_event (occurred_at);

-- One row per user per UTC week with learning activity, kept by a trigger on activity_event so
-- organisation-wide weekly figures read thousands of rows instead of millions of events.
-- Only learners produce learning events (everything but sign_in).
create table weekly_activity (
    week_start        date not null check (extract(isodow from week_start) = 1),
    user_id           bigint not null references app_user (user_id),
    events            integer not null check (events > 0),
    lessons_completed integer not null check (lessons_completed >= 0),
    primary key (week_start, user_id)
);

create function roll_up_activity() returns trigger language plpgsql as $$
begin
    insert into weekly_activity as w (week_start, user_id, events, lessons_completed)
    select (date_trunc('week', occurred_at at time zone 'UTC'))::date, user_id,
           count(*), count(*) filter (where kind = 'lesson_completed')
      from inserted
     where kind <> 'sign_in'
     group by 1, 2
    on conflict (week_start, user_id) do update
       set events = w.events + excluded.events,
           lessons_completed = w.lessons_completed + excluded.lessons_completed;
    return null;
end;
$$;
create trigger activity_event_roll_up after insert on activity_event
    referencing new table as inserted for each statement execute function roll_up_activity();

create table audit_log (
    audit_log_id bigint generated always as identity primary key,
    actor_id     bigint references app_user (user_id),
    action       text not null,
    target_kind  text not null,
    target_id    bigint,
    detail       jsonb not null default '{}'::jsonb,
    created_at   timestamptz not null default now()
);
create index audit_log_time_idx on audit_log (created_at desc);
-- Sign-in throttling counts recent failures per e-mail.
create index audit_log_failed_sign_in_idx on audit_log ((detail ->> 'email'), created_at) where action = 'sign_in_failed';

-- Rows in the two logs are facts: they can be added, never changed or removed.
create function refuse_log_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = 'P0001';
end;
$$;
create trigger activity_event_append_only before update or delete on activity_event
    for each row execute function refuse_log_change();
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_log_change();

-- Sessions (layout required by tower-sessions-sqlx-store's PostgresStore) ------------------------------
create schema if not exists tower_sessions;
create table if not exists tower_sessions.session (
    id          text primary key not null,
    data        bytea not null,
    expiry_date timestamptz not null
);
create index session_expiry_idx on tower_sessions.session (expiry_date);
