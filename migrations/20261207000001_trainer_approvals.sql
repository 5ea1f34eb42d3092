-- Which sponsors and which paths each trainer is approved to teach. Operations' cohort moves and
-- the load optimiser send a cohort only to a trainer approved for both its client and its path
-- (a cohort may always stay where it is).
create table trainer_client_approval (
    trainer_id    bigint not null references app_user (user_id) on delete cascade,
    client_org_id bigint not null references client_org (client_org_id) on delete cascade,
    primary key (trainer_id, client_org_id)
);
create index trainer_client_approval_client_idx on trainer_client_approval (client_org_id);

create table trainer_path_approval (
    trainer_id       bigint not null references app_user (user_id) on delete cascade,
    learning_path_id bigint not null references learning_path (learning_path_id) on delete cascade,
    primary key (trainer_id, learning_path_id)
);
create index trainer_path_approval_path_idx on trainer_path_approval (learning_path_id);

-- A trainer is approved for what they already teach or have taught.
insert into trainer_client_approval (trainer_id, client_org_id)
select distinct trainer_id, client_org_id from cohort where trainer_id is not null;
insert into trainer_path_approval (trainer_id, learning_path_id)
select distinct trainer_id, learning_path_id from cohort where trainer_id is not null;
