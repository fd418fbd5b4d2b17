-- 0008_task_waiver.sql: why a task was waived (status 'skipped').  An
-- incident is reviewed or closed only when every task is done or waived
-- (issue 9 item 17), and a waiver says why.  Tasks skipped before this
-- migration keep a NULL reason and still count as waived.
ALTER TABLE task ADD COLUMN skip_reason TEXT;
