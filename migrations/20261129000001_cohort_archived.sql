-- A cohort's life: planned → active → completed → archived, or planned → cancelled → archived
-- (the moves are checked in domain/cohort.rs). Archived cohorts leave the trainer's lists but keep
-- their history.
alter type cohort_status add value if not exists 'archived';
