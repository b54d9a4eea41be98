-- A count of the changes to a course's coursework. The api keeps each
-- course's coursework list in memory (coursework_cache.hpp) under the
-- generation it was read at, and checks it against this column, which the
-- course-access query reads on every request anyway: a list is never served
-- older than the database, whichever api instance made the change.
ALTER TABLE courses ADD COLUMN coursework_generation bigint NOT NULL DEFAULT 0;

-- Every writer of coursework has locked the course row first (the course
-- access check, FOR UPDATE), so this update adds no new lock order.
CREATE FUNCTION coursework_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE courses SET coursework_generation = coursework_generation + 1
   WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.course_id ELSE NEW.course_id END;
  RETURN NULL;
END
$$;
CREATE TRIGGER coursework_changed AFTER INSERT OR UPDATE OR DELETE ON coursework
    FOR EACH ROW EXECUTE FUNCTION coursework_changed();
