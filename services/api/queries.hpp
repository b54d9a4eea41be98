#pragma once

#include "core/pg/pg.hpp"

// Every query of the api database, in one place. Times are selected as
// RFC 3339 text in UTC with milliseconds (TS); points as integer hundredths
// (PTS); ids as text.
namespace classroom::api::queries {

using core::pg::Query;

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define PTS(col) "(" col " * 100)::bigint"

// ---- profiles ----------------------------------------------------------------

#define PROFILE_COLUMNS "id::text, email, display_name, active, version, " TS("created_at")

// From user.registered: the name the user chose, unless they renamed themself since.
inline constexpr Query kUpsertRegisteredProfile{
    "api_upsert_registered_profile",
    "INSERT INTO profiles (id, email, display_name) VALUES ($1::uuid, $2, $3) "
    "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, "
    "display_name = CASE WHEN profiles.name_known THEN profiles.display_name "
    "ELSE EXCLUDED.display_name END, name_known = true, "
    "version = profiles.version + 1, updated_at = now()"};

// From user.deactivated and user.reactivated.
inline constexpr Query kSetProfileActive{
    "api_set_profile_active",
    "UPDATE profiles SET active = $2, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid"};

inline constexpr Query kSelectProfile{
    "api_select_profile", "SELECT " PROFILE_COLUMNS " FROM profiles WHERE id = $1::uuid"};

// The caller's profile from the identity headers, if the event has not come
// yet. No row back when it exists already (then read it with kSelectProfile,
// in a statement of its own, which sees a row another transaction just added).
inline constexpr Query kCreateProfile{
    "api_create_profile",
    "INSERT INTO profiles (id, email, display_name, name_known) VALUES ($1::uuid, $2, $3, false) "
    "ON CONFLICT (id) DO NOTHING RETURNING " PROFILE_COLUMNS};

inline constexpr Query kRenameProfile{
    "api_rename_profile",
    "UPDATE profiles SET display_name = $2, name_known = true, version = version + 1, "
    "updated_at = now() WHERE id = $1::uuid AND ($3::bigint IS NULL OR version = $3) "
    "RETURNING " PROFILE_COLUMNS};

// $1 whom, $2 the caller, $3 caller is admin: a deactivated user is seen only
// by themself and admins.
inline constexpr Query kSelectVisibleProfile{
    "api_select_visible_profile",
    "SELECT " PROFILE_COLUMNS
    " FROM profiles p WHERE p.id = $1::uuid AND "
    "($3 OR p.id = $2::uuid OR (p.active AND EXISTS (SELECT 1 FROM members a "
    "JOIN members b ON a.course_id = b.course_id WHERE a.user_id = $1::uuid AND b.user_id = "
    "$2::uuid)))"};

#undef PROFILE_COLUMNS

// ---- courses -----------------------------------------------------------------

#define COURSE_COLUMNS                                                                \
  "c.id::text, c.name, c.section, c.description, c.room, c.state, c.owner_id::text, " \
  "c.join_code, c.version, " TS("c.created_at") ", " TS("c.updated_at")

inline constexpr Query kInsertCourse{
    "api_insert_course",
    "INSERT INTO courses AS c (id, name, section, description, room, owner_id, join_code) "
    "VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7) RETURNING " COURSE_COLUMNS};

// A course, the caller's role in it (NULL: not a member) and its coursework
// generation (0003_coursework_generation.sql).
#define COURSE_ACCESS                                         \
  "SELECT " COURSE_COLUMNS                                    \
  ", (SELECT m.role FROM members m WHERE m.course_id = c.id " \
  "AND m.user_id = $2::uuid), c.coursework_generation FROM courses c WHERE c.id = $1::uuid"

inline constexpr Query kSelectCourseAccess{"api_select_course_access", COURSE_ACCESS};

// The same, locking the course row: for changes that depend on its state, and
// before any change to its coursework.
inline constexpr Query kSelectCourseAccessForUpdate{"api_select_course_access_for_update",
                                                    COURSE_ACCESS " FOR UPDATE"};

#undef COURSE_ACCESS

inline constexpr Query kSelectCourseByCode{
    "api_select_course_by_code", "SELECT " COURSE_COLUMNS
                                 ", NULL::text FROM courses c "
                                 "WHERE c.join_code = $1 AND c.state = 'ACTIVE' FOR UPDATE"};

// The caller's courses, newest first; $2 role, $3 state filters; $4 cursor.
inline constexpr Query kListMyCourses{
    "api_list_my_courses",
    "SELECT " COURSE_COLUMNS
    ", m.role FROM members m JOIN courses c ON c.id = m.course_id "
    "WHERE m.user_id = $1::uuid AND ($2::text IS NULL OR m.role = $2) "
    "AND ($3::text IS NULL OR c.state = $3) AND ($4::uuid IS NULL OR m.course_id < $4::uuid) "
    "ORDER BY m.course_id DESC LIMIT $5"};

inline constexpr Query kUpdateCourse{
    "api_update_course",
    "UPDATE courses c SET name = $2, section = $3, description = $4, room = $5, "
    "version = version + 1, updated_at = now() WHERE id = $1::uuid RETURNING " COURSE_COLUMNS};

inline constexpr Query kSetCourseState{
    "api_set_course_state",
    "UPDATE courses c SET state = $2, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid RETURNING " COURSE_COLUMNS};

inline constexpr Query kSetJoinCode{
    "api_set_join_code",
    "UPDATE courses c SET join_code = $2, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid RETURNING " COURSE_COLUMNS};

// Whether an active course other than $1 holds code $2.
inline constexpr Query kJoinCodeTaken{
    "api_join_code_taken",
    "SELECT 1 FROM courses WHERE join_code = $2 AND state = 'ACTIVE' AND id <> $1::uuid"};

// Everything in the course goes with it (foreign keys cascade); exam results
// are not tied by a key, since they come from another service.
inline constexpr Query kDeleteCourse{
    "api_delete_course",
    "WITH results AS (DELETE FROM exam_results WHERE course_id = $1::uuid) "
    "DELETE FROM courses WHERE id = $1::uuid"};

// ---- members -----------------------------------------------------------------

inline constexpr Query kInsertMember{
    "api_insert_member",
    "WITH m AS (INSERT INTO members (course_id, user_id, role) VALUES ($1::uuid, $2::uuid, $3) "
    "ON CONFLICT DO NOTHING RETURNING joined_at, user_id) "
    "SELECT " TS("m.joined_at") ", coalesce(p.display_name, '') FROM m "
    "LEFT JOIN profiles p ON p.id = m.user_id"};

// Submissions for every published assignment given to all students, for one
// who has just joined (kept if they had one before).
inline constexpr Query kAddLateJoinerSubmissions{
    "api_add_late_joiner_submissions",
    "INSERT INTO submissions (id, coursework_id, course_id, student_id) "
    "SELECT uuid_v7(), cw.id, cw.course_id, $2::uuid FROM coursework cw "
    "WHERE cw.course_id = $1::uuid AND cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT' "
    "AND cw.assignees IS NULL ON CONFLICT (coursework_id, student_id) DO NOTHING"};

// In order of joining; the cursor is (joined_at with microseconds, user id).
inline constexpr Query kListMembers{
    "api_list_members",
    "SELECT m.user_id::text, coalesce(p.display_name, ''), m.role, " TS("m.joined_at") ", "
    "to_char(m.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
    "FROM members m LEFT JOIN profiles p ON p.id = m.user_id "
    "WHERE m.course_id = $1::uuid AND ($2::text IS NULL OR m.role = $2) "
    "AND ($3::timestamptz IS NULL OR (m.joined_at, m.user_id) > ($3::timestamptz, $4::uuid)) "
    "ORDER BY m.joined_at, m.user_id LIMIT $5"};

inline constexpr Query kSelectMemberRole{
    "api_select_member_role",
    "SELECT role FROM members WHERE course_id = $1::uuid AND user_id = $2::uuid"};

inline constexpr Query kDeleteMember{
    "api_delete_member",
    "DELETE FROM members WHERE course_id = $1::uuid AND user_id = $2::uuid RETURNING role"};

// Members with a given role ($2 NULL: all), for the recipients of an event.
inline constexpr Query kSelectMemberIds{
    "api_select_member_ids",
    "SELECT user_id::text FROM members WHERE course_id = $1::uuid "
    "AND ($2::text IS NULL OR role = $2) ORDER BY user_id"};

inline constexpr Query kSelectTeacherIds{
    "api_select_teacher_ids",
    "SELECT user_id::text FROM members WHERE course_id = $1::uuid AND role <> 'student' "
    "ORDER BY user_id"};

// How many of the ids in $2 are students of course $1.
inline constexpr Query kCountStudents{
    "api_count_students",
    "SELECT count(*) FROM members WHERE course_id = $1::uuid AND role = 'student' "
    "AND user_id = ANY($2::uuid[])"};

inline constexpr Query kMemberWithEmail{
    "api_member_with_email",
    "SELECT 1 FROM members m JOIN profiles p ON p.id = m.user_id "
    "WHERE m.course_id = $1::uuid AND p.email = $2"};

inline constexpr Query kSelectProfileIdByEmail{
    "api_select_profile_id_by_email", "SELECT id::text FROM profiles WHERE email = $1 AND active"};

// ---- invitations -------------------------------------------------------------

#define INVITATION_COLUMNS                                                                \
  "i.id::text, i.course_id::text, c.name, i.email, i.role, i.state, i.invited_by::text, " \
  "i.version, " TS("i.created_at") ", " TS("i.updated_at")

inline constexpr Query kInsertInvitation{
    "api_insert_invitation",
    "WITH i AS (INSERT INTO invitations (id, course_id, email, role, invited_by) "
    "VALUES ($1::uuid, $2::uuid, $3, $4, $5::uuid) RETURNING *) "
    "SELECT " INVITATION_COLUMNS " FROM i JOIN courses c ON c.id = i.course_id"};

inline constexpr Query kSelectInvitationForUpdate{
    "api_select_invitation_for_update",
    "SELECT " INVITATION_COLUMNS
    ", c.state FROM invitations i JOIN courses c ON c.id = i.course_id "
    "WHERE i.id = $1::uuid FOR UPDATE OF i"};

inline constexpr Query kListPendingInvitations{
    "api_list_pending_invitations",
    "SELECT " INVITATION_COLUMNS
    " FROM invitations i JOIN courses c ON c.id = i.course_id "
    "WHERE i.email = $1 AND i.state = 'PENDING' AND ($2::uuid IS NULL OR i.id < $2::uuid) "
    "ORDER BY i.id DESC LIMIT $3"};

inline constexpr Query kSetInvitationState{
    "api_set_invitation_state",
    "WITH i AS (UPDATE invitations SET state = $2, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid RETURNING *) "
    "SELECT " INVITATION_COLUMNS " FROM i JOIN courses c ON c.id = i.course_id"};

#undef INVITATION_COLUMNS

// ---- stream ------------------------------------------------------------------

#define ANNOUNCEMENT_COLUMNS                                                              \
  "id::text, course_id::text, author_id::text, text, version, " TS("created_at") ", " TS( \
      "updated_at")

inline constexpr Query kInsertAnnouncement{
    "api_insert_announcement",
    "INSERT INTO announcements (id, course_id, author_id, text) "
    "VALUES ($1::uuid, $2::uuid, $3::uuid, $4) RETURNING " ANNOUNCEMENT_COLUMNS};

inline constexpr Query kListAnnouncements{
    "api_list_announcements", "SELECT " ANNOUNCEMENT_COLUMNS
                              " FROM announcements WHERE course_id = $1::uuid "
                              "AND ($2::uuid IS NULL OR id < $2::uuid) ORDER BY id DESC LIMIT $3"};

inline constexpr Query kSelectAnnouncement{
    "api_select_announcement", "SELECT " ANNOUNCEMENT_COLUMNS
                               " FROM announcements WHERE course_id = $1::uuid AND id = $2::uuid"};

inline constexpr Query kUpdateAnnouncement{
    "api_update_announcement",
    "UPDATE announcements SET text = $3, version = version + 1, updated_at = now() "
    "WHERE course_id = $1::uuid AND id = $2::uuid AND ($4::bigint IS NULL OR version = $4) "
    "RETURNING " ANNOUNCEMENT_COLUMNS};

inline constexpr Query kDeleteAnnouncement{
    "api_delete_announcement",
    "DELETE FROM announcements WHERE course_id = $1::uuid AND id = $2::uuid "
    "AND ($3::bigint IS NULL OR version = $3) RETURNING id"};

#undef ANNOUNCEMENT_COLUMNS

#define COMMENT_COLUMNS                                                                      \
  "id::text, course_id::text, announcement_id::text, coursework_id::text, author_id::text, " \
  "text, " TS("created_at")

inline constexpr Query kInsertComment{
    "api_insert_comment",
    "INSERT INTO comments (id, course_id, announcement_id, coursework_id, author_id, text) "
    "VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6) RETURNING " COMMENT_COLUMNS};

// Comments of an announcement ($2) or of coursework ($3), newest first.
inline constexpr Query kListComments{
    "api_list_comments", "SELECT " COMMENT_COLUMNS
                         " FROM comments WHERE course_id = $1::uuid "
                         "AND announcement_id IS NOT DISTINCT FROM $2::uuid AND coursework_id IS "
                         "NOT DISTINCT FROM $3::uuid "
                         "AND ($4::uuid IS NULL OR id < $4::uuid) ORDER BY id DESC LIMIT $5"};

inline constexpr Query kSelectComment{"api_select_comment",
                                      "SELECT " COMMENT_COLUMNS
                                      " FROM comments WHERE course_id = $1::uuid "
                                      "AND announcement_id IS NOT DISTINCT FROM $2::uuid AND "
                                      "coursework_id IS NOT DISTINCT FROM $3::uuid "
                                      "AND id = $4::uuid"};

inline constexpr Query kDeleteComment{"api_delete_comment",
                                      "DELETE FROM comments WHERE id = $1::uuid"};

#undef COMMENT_COLUMNS

#define TOPIC_COLUMNS \
  "id::text, course_id::text, name, version, " TS("created_at") ", " TS("updated_at")

inline constexpr Query kInsertTopic{
    "api_insert_topic",
    "INSERT INTO topics (id, course_id, name) VALUES ($1::uuid, $2::uuid, $3) "
    "RETURNING " TOPIC_COLUMNS};

inline constexpr Query kListTopics{
    "api_list_topics", "SELECT " TOPIC_COLUMNS
                       " FROM topics WHERE course_id = $1::uuid "
                       "AND ($2::uuid IS NULL OR id < $2::uuid) ORDER BY id DESC LIMIT $3"};

inline constexpr Query kSelectTopic{"api_select_topic",
                                    "SELECT " TOPIC_COLUMNS
                                    " FROM topics WHERE course_id = $1::uuid AND id = $2::uuid"};

inline constexpr Query kRenameTopic{
    "api_rename_topic",
    "UPDATE topics SET name = $3, version = version + 1, updated_at = now() "
    "WHERE course_id = $1::uuid AND id = $2::uuid AND ($4::bigint IS NULL OR version = $4) "
    "RETURNING " TOPIC_COLUMNS};

inline constexpr Query kDeleteTopic{
    "api_delete_topic",
    "DELETE FROM topics WHERE course_id = $1::uuid AND id = $2::uuid "
    "AND ($3::bigint IS NULL OR version = $3) RETURNING id"};

#undef TOPIC_COLUMNS

// ---- coursework --------------------------------------------------------------

// Whether coursework `cw` is given to `student`: all students, or a list naming them.
#define GIVEN_TO(student) "(cw.assignees IS NULL OR " student " = ANY(cw.assignees))"
// What `student` sees of a course's coursework: published work given to them.
// A NULL `student` (teachers, administrators) sees all of it.
#define VISIBLE_TO(student) \
  "(" student " IS NULL OR (cw.state = 'PUBLISHED' AND " GIVEN_TO(student) "))"

#define COURSEWORK_COLUMNS \
  "cw.id::text, cw.course_id::text, cw.author_id::text, cw.title, cw.description, "         \
  "cw.work_type, cw.topic_id::text, " PTS("cw.max_points") ", " TS("cw.due_at") ", "        \
  "cw.materials::text, cw.state, " TS("cw.scheduled_at") ", " TS("cw.published_at") ", "    \
  "array_to_string(cw.assignees, ','), cw.assignees IS NULL, cw.version, " TS(              \
      "cw.created_at") ", " TS("cw.updated_at")

// $7 max points in hundredths; $10 assignees as a PostgreSQL array literal or NULL.
inline constexpr Query kInsertCoursework{
    "api_insert_coursework",
    "INSERT INTO coursework AS cw (id, course_id, author_id, title, description, work_type, "
    "max_points, due_at, materials, state, scheduled_at, assignees, topic_id) "
    "VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::numeric / 100, $8::timestamptz, "
    "$9::jsonb, 'DRAFT', $10::timestamptz, $11::uuid[], $12::uuid) RETURNING " COURSEWORK_COLUMNS};

// The coursework as `$3` sees it (VISIBLE_TO; NULL: teachers and administrators).
inline constexpr Query kSelectVisibleCoursework{"api_select_visible_coursework",
                                                "SELECT " COURSEWORK_COLUMNS
                                                " FROM coursework cw WHERE cw.course_id = $1::uuid "
                                                "AND cw.id = $2::uuid AND " VISIBLE_TO("$3::uuid")};

inline constexpr Query kSelectCourseworkForUpdate{
    "api_select_coursework_for_update",
    "SELECT " COURSEWORK_COLUMNS
    " FROM coursework cw "
    "WHERE cw.course_id = $1::uuid AND cw.id = $2::uuid FOR UPDATE"};

// What a course's coursework list shows: everything to teachers ($2 NULL),
// to student $2 only published work given to them. $3 topic, $4 state, $5 cursor.
// All of a course's coursework, newest first, and the coursework generation
// it is as of (one snapshot): what coursework_cache.hpp keeps. A course
// without coursework is one row of NULLs but for the generation (column 18).
inline constexpr Query kSelectCourseworkList{
    "api_select_coursework_list",
    "SELECT " COURSEWORK_COLUMNS
    ", c.coursework_generation FROM courses c "
    "LEFT JOIN coursework cw ON cw.course_id = c.id WHERE c.id = $1::uuid ORDER BY cw.id DESC"};

inline constexpr Query kUpdateCoursework{
    "api_update_coursework",
    "UPDATE coursework cw SET title = $2, description = $3, max_points = $4::numeric / 100, "
    "due_at = $5::timestamptz, materials = $6::jsonb, scheduled_at = $7::timestamptz, "
    "assignees = $8::uuid[], topic_id = $9::uuid, version = version + 1, updated_at = now() "
    "WHERE cw.id = $1::uuid RETURNING " COURSEWORK_COLUMNS};

inline constexpr Query kPublishCoursework{
    "api_publish_coursework",
    "UPDATE coursework cw SET state = 'PUBLISHED', published_at = now(), scheduled_at = NULL, "
    "version = version + 1, updated_at = now() WHERE cw.id = $1::uuid AND cw.state = 'DRAFT' "
    "RETURNING " COURSEWORK_COLUMNS};

// A NEW submission for each student the (published) assignment is given to.
inline constexpr Query kAddAssigneeSubmissions{
    "api_add_assignee_submissions",
    "INSERT INTO submissions (id, coursework_id, course_id, student_id) "
    "SELECT uuid_v7(), cw.id, cw.course_id, m.user_id FROM coursework cw "
    "JOIN members m ON m.course_id = cw.course_id AND m.role = 'student' "
    "WHERE cw.id = $1::uuid AND cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT' "
    "AND " GIVEN_TO("m.user_id") " "
    "ON CONFLICT (coursework_id, student_id) DO NOTHING"};

// The students a piece of coursework is given to.
inline constexpr Query kSelectAssigneeIds{
    "api_select_assignee_ids",
    "SELECT m.user_id::text FROM coursework cw JOIN members m ON m.course_id = cw.course_id "
    "AND m.role = 'student' WHERE cw.id = $1::uuid "
    "AND " GIVEN_TO("m.user_id") " ORDER BY m.user_id"};

// Scheduled drafts of active courses whose time has come, locked so that one
// instance publishes each; their course too, as every change to its members
// or state does, so that a student joining meanwhile is not missed.
inline constexpr Query kSelectDueScheduled{
    "api_select_due_scheduled",
    "SELECT cw.id::text, cw.author_id::text, c.name FROM coursework cw "
    "JOIN courses c ON c.id = cw.course_id WHERE cw.state = 'DRAFT' AND cw.scheduled_at <= now() "
    "AND c.state = 'ACTIVE' ORDER BY cw.scheduled_at LIMIT $1 FOR UPDATE OF cw, c SKIP LOCKED"};

inline constexpr Query kDeleteCoursework{
    "api_delete_coursework",
    "DELETE FROM coursework WHERE course_id = $1::uuid AND id = $2::uuid "
    "AND ($3::bigint IS NULL OR version = $3) RETURNING id"};

inline constexpr Query kTopicExists{
    "api_topic_exists", "SELECT 1 FROM topics WHERE course_id = $1::uuid AND id = $2::uuid"};

#undef COURSEWORK_COLUMNS

// ---- submissions -------------------------------------------------------------

// Whether work is late (docs/api.md): the one definition, used to show and to filter.
#define LATE                                                                   \
  "(cw.due_at IS NOT NULL AND CASE WHEN s.state IN ('TURNED_IN', 'RETURNED') " \
  "THEN coalesce(s.turned_in_at > cw.due_at, false) ELSE now() > cw.due_at END)"

#define SUBMISSION_COLUMNS \
  "s.id::text, s.coursework_id::text, s.course_id::text, s.student_id::text, s.state, " LATE \
  ", " TS("s.turned_in_at") ", " PTS("s.draft_grade") ", " PTS("s.assigned_grade")           \
  ", s.text, s.links::text, s.version, " TS("s.created_at") ", " TS("s.updated_at")

// Submissions of coursework $1: all ($2 NULL) or student $2's; $3 state, $4 late; $5 cursor.
inline constexpr Query kListSubmissions{
    "api_list_submissions",
    "SELECT " SUBMISSION_COLUMNS
    " FROM submissions s JOIN coursework cw ON cw.id = s.coursework_id "
    "WHERE s.coursework_id = $1::uuid AND ($2::uuid IS NULL OR s.student_id = $2::uuid) "
    "AND ($3::text IS NULL OR s.state = $3) AND ($4::boolean IS NULL OR " LATE
    " = $4) "
    "AND ($5::uuid IS NULL OR s.id < $5::uuid) ORDER BY s.id DESC LIMIT $6"};

inline constexpr Query kSelectSubmission{
    "api_select_submission", "SELECT " SUBMISSION_COLUMNS
                             " FROM submissions s JOIN coursework cw ON cw.id = s.coursework_id "
                             "WHERE s.coursework_id = $1::uuid AND s.id = $2::uuid"};

inline constexpr Query kSelectSubmissionForUpdate{
    "api_select_submission_for_update",
    "SELECT " SUBMISSION_COLUMNS
    " FROM submissions s JOIN coursework cw ON cw.id = s.coursework_id "
    "WHERE s.coursework_id = $1::uuid AND s.id = $2::uuid FOR UPDATE OF s"};

inline constexpr Query kSelectStudentSubmissionForUpdate{
    "api_select_student_submission_for_update",
    "SELECT " SUBMISSION_COLUMNS
    " FROM submissions s JOIN coursework cw ON cw.id = s.coursework_id "
    "WHERE s.coursework_id = $1::uuid AND s.student_id = $2::uuid FOR UPDATE OF s"};

// Writes a submission's state, work and grades as computed by the caller;
// $3 sets turned_in_at to now (a turn-in).
inline constexpr Query kWriteSubmission{
    "api_write_submission",
    "UPDATE submissions s SET state = $2, "
    "turned_in_at = CASE WHEN $3 THEN now() ELSE s.turned_in_at END, "
    "text = $4, links = $5::jsonb, draft_grade = $6::numeric / 100, "
    "assigned_grade = $7::numeric / 100, version = s.version + 1, updated_at = now() "
    "FROM coursework cw WHERE s.id = $1::uuid AND cw.id = s.coursework_id "
    "RETURNING " SUBMISSION_COLUMNS};

inline constexpr Query kAppendHistory{
    "api_append_history",
    "INSERT INTO submission_history (submission_id, actor_id, kind, state, grade) "
    "VALUES ($1::uuid, $2::uuid, $3, $4, $5::numeric / 100)"};

// The history of the submissions in $1 (an array literal), oldest first.
inline constexpr Query kSelectHistory{
    "api_select_history",
    "SELECT submission_id::text, " TS("at") ", actor_id::text, kind, state, " PTS(
        "grade") " FROM submission_history WHERE submission_id = ANY($1::uuid[]) ORDER BY seq"};

// ---- gradebook and progress --------------------------------------------------

// Graded coursework of a course, in order of publishing.
inline constexpr Query kSelectGradedCoursework{
    "api_select_graded_coursework",
    "SELECT id::text, title, " PTS("max_points") ", " TS("due_at") " FROM coursework "
    "WHERE course_id = $1::uuid AND state = 'PUBLISHED' AND work_type = 'ASSIGNMENT' "
    "AND max_points IS NOT NULL ORDER BY published_at, id"};

// Exams with released results in a course, in order of first release.
inline constexpr Query kSelectCourseExams{
    "api_select_course_exams",
    "SELECT exam_id::text, (array_agg(title ORDER BY released_at DESC))[1], "
    PTS("max(max_points)") " FROM exam_results WHERE course_id = $1::uuid "
    "GROUP BY exam_id ORDER BY min(released_at), exam_id"};

// The students of a course by name.
inline constexpr Query kSelectStudents{
    "api_select_students",
    "SELECT m.user_id::text, coalesce(p.display_name, '') FROM members m "
    "LEFT JOIN profiles p ON p.id = m.user_id WHERE m.course_id = $1::uuid AND m.role = 'student' "
    "ORDER BY lower(coalesce(p.display_name, '')), m.user_id"};

// Every submission of graded coursework in a course ($2: of one student, or NULL).
inline constexpr Query kSelectCourseGrades{
    "api_select_course_grades",
    "SELECT s.student_id::text, s.coursework_id::text, " PTS(
        "s.assigned_grade") ", s.state, " LATE
                            " FROM submissions s JOIN coursework cw ON cw.id = s.coursework_id "
                            "WHERE s.course_id = $1::uuid AND ($2::uuid IS NULL OR s.student_id = "
                            "$2::uuid) "
                            "AND cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT' AND "
                            "cw.max_points IS NOT NULL "
                            "AND " GIVEN_TO("s.student_id")};

inline constexpr Query kSelectExamResults{
    "api_select_exam_results",
    "SELECT student_id::text, exam_id::text, " PTS("points") " FROM exam_results "
    "WHERE course_id = $1::uuid AND ($2::uuid IS NULL OR student_id = $2::uuid)"};

// A student's assignments with their submission, for progress.
inline constexpr Query kSelectStudentWork{
    "api_select_student_work",
    "SELECT cw.id::text, cw.title, " TS("cw.due_at") ", " PTS("cw.max_points") ", "
    "coalesce(s.state, 'NEW'), coalesce(" LATE ", cw.due_at < now()), " PTS("s.assigned_grade")
    " FROM coursework cw LEFT JOIN submissions s ON s.coursework_id = cw.id AND s.student_id = $2::uuid "
    "WHERE cw.course_id = $1::uuid AND cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT' "
    "AND " GIVEN_TO("$2::uuid") " ORDER BY cw.published_at, cw.id"};

inline constexpr Query kSelectStudentExams{
    "api_select_student_exams",
    "SELECT exam_id::text, title, " PTS("max_points") ", " PTS("points") " FROM exam_results "
    "WHERE course_id = $1::uuid AND student_id = $2::uuid ORDER BY released_at, exam_id"};

// From exam.result_released: a later release replaces an earlier one.
inline constexpr Query kUpsertExamResult{
    "api_upsert_exam_result",
    "INSERT INTO exam_results (exam_id, student_id, course_id, title, points, max_points, "
    "released_at) "
    "VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::numeric / 100, $6::numeric / 100, "
    "$7::timestamptz) "
    "ON CONFLICT (exam_id, student_id) DO UPDATE SET title = EXCLUDED.title, points = "
    "EXCLUDED.points, "
    "max_points = EXCLUDED.max_points, released_at = EXCLUDED.released_at "
    "WHERE exam_results.released_at <= EXCLUDED.released_at"};

#undef LATE
#undef VISIBLE_TO
#undef GIVEN_TO
#undef SUBMISSION_COLUMNS
#undef COURSE_COLUMNS
#undef PTS
#undef TS

}  // namespace classroom::api::queries
