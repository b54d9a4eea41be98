#include "services/api/domain/course_access.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::api {
namespace {

CourseAccess as(CourseRole role, bool admin = false, std::string state = "ACTIVE") {
  CourseAccess access;
  access.course.state = std::move(state);
  access.role = role;
  access.admin = admin;
  return access;
}

template <class F>
core::ErrorCode refusal(F&& f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e.code();
  }
  return core::ErrorCode::kInternal;  // allowed
}

constexpr auto kAllowed = core::ErrorCode::kInternal;
constexpr auto kDenied = core::ErrorCode::kPermissionDenied;

TEST(CourseAccess, OutsidersDoNotSeeTheCourseButAdministratorsDo) {
  EXPECT_FALSE(sees_course(CourseRole::kNone, false));
  EXPECT_TRUE(sees_course(CourseRole::kNone, true));
  EXPECT_TRUE(sees_course(CourseRole::kStudent, false));
}

TEST(CourseAccess, TeachersAndOwnerChangeStudentsDoNot) {
  EXPECT_EQ(refusal([] { as(CourseRole::kTeacher).require_teacher(); }), kAllowed);
  EXPECT_EQ(refusal([] { as(CourseRole::kOwner).require_teacher(); }), kAllowed);
  EXPECT_EQ(refusal([] { as(CourseRole::kStudent).require_teacher(); }), kDenied);
}

TEST(CourseAccess, AdministratorsOverseeButDoNotPost) {
  auto admin = as(CourseRole::kNone, true);
  EXPECT_TRUE(admin.oversees());
  EXPECT_EQ(refusal([&] { admin.require_oversight(); }), kAllowed);
  EXPECT_EQ(refusal([&] { admin.require_member(); }), kDenied);
  EXPECT_EQ(refusal([&] { admin.require_teacher(); }), kDenied);
}

TEST(CourseAccess, OnlyTheOwnerDoesWhatIsTheOwners) {
  EXPECT_EQ(refusal([] { as(CourseRole::kOwner).require_owner(); }), kAllowed);
  EXPECT_EQ(refusal([] { as(CourseRole::kTeacher).require_owner(); }), kDenied);
}

TEST(CourseAccess, AnArchivedCourseIsReadOnly) {
  EXPECT_EQ(refusal([] { as(CourseRole::kOwner, false, "ARCHIVED").require_active(); }),
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refusal([] { as(CourseRole::kStudent).require_active(); }), kAllowed);
}

TEST(CourseAccess, APostIsChangedByItsAuthorOrATeacher) {
  EXPECT_EQ(refusal([] { as(CourseRole::kStudent).require_author_or_teacher("ada", "ada"); }),
            kAllowed);
  EXPECT_EQ(refusal([] { as(CourseRole::kStudent).require_author_or_teacher("ada", "bob"); }),
            kDenied);
  EXPECT_EQ(refusal([] { as(CourseRole::kTeacher).require_author_or_teacher("ada", "tim"); }),
            kAllowed);
  EXPECT_EQ(refusal([] {
              as(CourseRole::kStudent, false, "ARCHIVED").require_author_or_teacher("ada", "ada");
            }),
            core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace classroom::api
