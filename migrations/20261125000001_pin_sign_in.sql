-- Picture-and-PIN sign-in for learners who share a phone: a cohort gets a short sign-in code
-- (its link), and a trainer gives each learner in it a picture and a PIN that works only through
-- that code. Wrong PINs in a row are counted on the PIN itself and lock it until the trainer sets
-- a new one.

alter type throttle_scope add value 'pin_learner';
alter type throttle_scope add value 'pin_cohort';
alter type throttle_scope add value 'pin_address';

create type pin_picture as enum (
    'sun', 'moon', 'star', 'tree', 'flower', 'fish', 'goat', 'cow', 'chicken', 'house', 'bicycle', 'drum'
);

-- Eight characters from an alphabet without look-alikes (domain/pin.rs); null until the trainer
-- makes one, and replaced when the trainer makes a new one (the old link stops working).
alter table cohort add column sign_in_code text unique check (sign_in_code ~ '^[ACDEFGHJKMNPQRTUVWXY234679]{8}$');

create table learner_pin (
    cohort_id  bigint not null,
    learner_id bigint not null,
    -- argon2id, like passwords
    pin_hash   text not null,
    picture    pin_picture not null,
    failures   smallint not null default 0 check (failures >= 0),
    locked_at  timestamptz,
    set_by     bigint references app_user (user_id) on delete set null,
    set_at     timestamptz not null default now(),
    primary key (cohort_id, learner_id),
    -- leaving the cohort takes the PIN with it
    foreign key (cohort_id, learner_id) references cohort_member (cohort_id, learner_id) on delete cascade
);
