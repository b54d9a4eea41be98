-- A changed due date arms its reminder again, also when it comes back to a
-- date already reminded for (A, then B, then A again): the mark is cleared
-- whenever due_at changes, whoever changes it.
CREATE FUNCTION coursework_due_moved() RETURNS trigger AS $$
BEGIN
    NEW.due_notified_for := NULL;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER coursework_due_moved BEFORE UPDATE ON coursework
    FOR EACH ROW WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at)
    EXECUTE FUNCTION coursework_due_moved();

-- Clearing the mark with a new due date is a change of the coursework (the
-- lists show due dates); only the reminder's own mark is not (0004).
DROP TRIGGER coursework_changed_by_update ON coursework;
CREATE TRIGGER coursework_changed_by_update AFTER UPDATE ON coursework
    FOR EACH ROW WHEN (OLD.due_notified_for IS NOT DISTINCT FROM NEW.due_notified_for
                       OR OLD.due_at IS DISTINCT FROM NEW.due_at)
    EXECUTE FUNCTION coursework_changed();
