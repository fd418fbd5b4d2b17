-- 0005_account_profile.sql (PostgreSQL): a display name, an e-mail
-- address and a department of each account, '' when not given; as
-- sql/sqlite/0005_account_profile.sql.

ALTER TABLE account ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN department TEXT NOT NULL DEFAULT '';
