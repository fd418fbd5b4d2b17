-- 0008_task_waiver.sql (PostgreSQL): why a task was waived (status
-- 'skipped'); as sql/sqlite/0008_task_waiver.sql.
ALTER TABLE task ADD COLUMN skip_reason TEXT;
