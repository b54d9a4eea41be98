-- A changed opening time arms exam.opening_soon again, also when it comes
-- back to a time already told (A, then B, then A again): the mark is cleared
-- whenever opens_at changes, whoever changes it.
CREATE FUNCTION exams_opening_moved() RETURNS trigger AS $$
BEGIN
    NEW.opening_notified_for := NULL;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER exams_opening_moved BEFORE UPDATE ON exams
    FOR EACH ROW WHEN (OLD.opens_at IS DISTINCT FROM NEW.opens_at)
    EXECUTE FUNCTION exams_opening_moved();
