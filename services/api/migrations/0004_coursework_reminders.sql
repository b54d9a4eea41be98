-- coursework.due_soon is sent once per due date: the due date it was sent
-- for. A moved due date differs from it, which arms the reminder again.
ALTER TABLE coursework ADD COLUMN due_notified_for timestamptz;

-- What the reminder task looks for: published coursework not yet reminded of
-- its due date (past ones stay, but lie outside the range it reads).
CREATE INDEX coursework_to_remind ON coursework (due_at)
    WHERE state = 'PUBLISHED' AND due_notified_for IS DISTINCT FROM due_at;

-- The reminder's mark changes nothing a coursework list shows, so it does not
-- count as a change of the course's coursework (0003): it leaves the lists
-- that api instances keep in memory valid, and takes no lock on the course.
-- Nothing else writes due_notified_for.
DROP TRIGGER coursework_changed ON coursework;
CREATE TRIGGER coursework_changed AFTER INSERT OR DELETE ON coursework
    FOR EACH ROW EXECUTE FUNCTION coursework_changed();
CREATE TRIGGER coursework_changed_by_update AFTER UPDATE ON coursework
    FOR EACH ROW WHEN (OLD.due_notified_for IS NOT DISTINCT FROM NEW.due_notified_for)
    EXECUTE FUNCTION coursework_changed();
