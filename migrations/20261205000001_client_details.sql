-- What operations keeps about a sponsor beyond its name: who to call, the contract's dates, how
-- many learners it funds, and free notes. All optional: a sponsor can be recorded before its
-- contract is signed.
alter table client_org
    add column contact_name       text check (length(contact_name) between 1 and 80),
    add column contact_phone      text check (length(contact_phone) between 6 and 30),
    add column contract_starts_on date,
    add column contract_ends_on   date,
    add column target_learners    integer check (target_learners between 0 and 1000000),
    add column notes              text not null default '' check (length(notes) <= 2000),
    add constraint client_org_contract_order check (contract_ends_on >= contract_starts_on),
    add constraint client_org_sector_length check (length(sector) between 1 and 80),
    add constraint client_org_region_length check (length(region) between 1 and 80);

-- The client list counts each sponsor's running cohorts; the index by sponsor alone becomes redundant.
drop index cohort_client_org_idx;
create index cohort_client_status_idx on cohort (client_org_id, status);
