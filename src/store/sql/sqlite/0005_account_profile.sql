-- 0005_account_profile.sql: how people are known besides their login
-- name (issue 9 item 22): a display name, an e-mail address and a
-- department, each '' when not given, so existing accounts stay valid.

ALTER TABLE account ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN department TEXT NOT NULL DEFAULT '';
