-- Per item and rubric criterion, the calibration fitted on trainers' grades of that item's
-- pre-scored answers (domain/calibration.rs reads `model`). Valid only for the rubric, reference and
-- model it was fitted under (`basis`, `model_version`); refitted as grades accumulate.
create table prescore_calibration (
    assessment_item_id bigint not null references assessment_item (assessment_item_id) on delete cascade,
    criterion          smallint not null check (criterion >= 0),
    model_version      text not null check (length(model_version) between 1 and 80),
    basis              text not null check (length(basis) = 32),
    model              jsonb not null check (jsonb_typeof(model) = 'object'),
    trained_on         integer not null check (trained_on > 0),
    fitted_at          timestamptz not null default now(),
    primary key (assessment_item_id, criterion)
);
