// Invitations: a teacher invites an e-mail address; the invitee accepts or
// declines; a teacher withdraws. PENDING -> ACCEPTED | DECLINED | WITHDRAWN.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/api/domain.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/course_store.hpp"
#include "services/api/stores/invitation_store.hpp"
#include "services/api/stores/member_store.hpp"
#include "services/api/stores/profile_store.hpp"

namespace classroom::api::handlers {

namespace {

struct NewInvitation {
  std::string email;
  std::string role;
};
BOOST_DESCRIBE_STRUCT(NewInvitation, (), (email, role))

asio::awaitable<Response> invite(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<NewInvitation>(request);
  core::Validation v;
  auto email = v.check([&] { return core::normalize_email(body.email); });
  auto role = parse_role(body.role);
  if (role != CourseRole::kTeacher && role != CourseRole::kStudent) {
    v.check([] { throw core::invalid_field("role", "must be teacher or student"); });
  }
  v.throw_if_invalid();
  auto tx = co_await core::http::begin(service.db, request);
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_teacher();
  if (role == CourseRole::kTeacher) {
    access.require_owner();
  }
  access.require_active();
  if (co_await member_store::has_email(tx, access.course.id, email)) {
    throw Error(ErrorCode::kAlreadyExists, "this address belongs to a member of the course");
  }
  std::string role_text(role_name(role));
  auto invitation =
      co_await invitation_store::insert(tx, access.course.id, email, role_text, caller.user_id);
  // The invitee is told if they have an account; otherwise by the e-mail.
  auto invitee = co_await profile_store::active_id_by_email(tx, email);
  boost::json::object data{{"invitationId", invitation.id},
                           {"email", email},
                           {"role", invitation.role},
                           {"courseName", invitation.course_name},
                           {"inviteeId", core::json::optional(invitee)}};
  co_await emit(tx, "invitation.created", caller.user_id, access.course.id, data);
  tx.after_commit([&service] { service.relay.nudge(); });
  co_await tx.commit();
  co_return core::json::resource(views::invitation(invitation), invitation.version, 201);
}

constexpr std::string_view kHowToVerify =
    "open the link Classroom sent to it (or ask for a new one)";

// Anyone can register any address: only its proven owner sees, takes or
// refuses what was sent to it (an unverified look-alike declining would end
// the real owner's invitation).
void require_verified(const core::http::Identity& caller, const std::string& detail) {
  if (!caller.email_verified) {
    throw Error(ErrorCode::kPermissionDenied, detail);
  }
}

asio::awaitable<Response> list_mine(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto page = core::http::id_page_request(request);
  // 403 rather than an empty list: an owner who has not verified yet learns
  // why nothing is listed, and the web app shows the detail.
  require_verified(
      caller, "verify your e-mail address to see your invitations: " + std::string(kHowToVerify));
  auto email = core::normalize_email(caller.email);
  auto items =
      co_await invitation_store::list_pending(service.db, email, page.cursor, page.limit + 1);
  co_return core::json::page_of(request, std::move(items), page.limit, views::invitation);
}

enum class Answer { kAccept, kDecline, kWithdraw };

asio::awaitable<Response> answer(Service& service, Request& request, Answer answer) {
  auto caller = request.require_identity();
  auto tx = co_await service.db.begin();
  auto locked = co_await invitation_store::lock(tx, request.param("id"));
  const Invitation& invitation = locked.invitation;
  bool invitee = is_invited_address(invitation.email, caller.email);
  // Only the invitee and the course's teachers know of an invitation.
  auto role = co_await member_store::role_of(tx, invitation.course_id, caller.user_id);
  if (!invitee && !is_teacher(role)) {
    throw Error(ErrorCode::kNotFound, "no such invitation");
  }
  if (answer == Answer::kWithdraw ? !is_teacher(role) : !invitee) {
    throw Error(ErrorCode::kPermissionDenied,
                answer == Answer::kWithdraw ? "only the course's teachers withdraw invitations"
                                            : "only the invitee answers an invitation");
  }
  if (answer != Answer::kWithdraw) {
    std::string verb = answer == Answer::kAccept ? "accept" : "decline";
    require_verified(caller, "verify your e-mail address first: " + std::string(kHowToVerify) +
                                 ", then " + verb + " the invitation");
  }
  if (invitation.state != "PENDING") {
    throw Error(ErrorCode::kFailedPrecondition,
                "the invitation is " + core::ascii_lower(invitation.state) + ", no longer pending");
  }
  core::http::check_version(request, invitation.version, "invitation");
  if (locked.course_state != "ACTIVE") {
    throw Error(ErrorCode::kFailedPrecondition, "the course is archived and read-only");
  }
  std::string state = answer == Answer::kAccept    ? "ACCEPTED"
                      : answer == Answer::kDecline ? "DECLINED"
                                                   : "WITHDRAWN";
  if (answer == Answer::kAccept) {
    auto course = co_await course_store::lock(tx, invitation.course_id, caller.user_id);
    if (!course || course->course.state != "ACTIVE") {
      // Archived (or deleted) while this request waited for the course.
      throw Error(ErrorCode::kFailedPrecondition, "the course is archived and read-only");
    }
    co_await add_member(tx, course->course, caller.user_id, parse_role(invitation.role),
                        "invitation");
  }
  auto updated = co_await invitation_store::set_state(tx, invitation.id, state);
  co_await tx.commit();
  service.relay.nudge();
  co_return core::json::resource(views::invitation(updated), updated.version);
}

}  // namespace

void add_invitation_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  router.add(Method::kPost, "/api/courses/{id}/invitations",
             s.idempotency.wrap([&s](Request& r) { return invite(s, r); }));
  router.add(Method::kGet, "/api/invitations", [&s](Request& r) { return list_mine(s, r); });
  router.add(Method::kPost, "/api/invitations/{id}/accept",
             [&s](Request& r) { return answer(s, r, Answer::kAccept); });
  router.add(Method::kPost, "/api/invitations/{id}/decline",
             [&s](Request& r) { return answer(s, r, Answer::kDecline); });
  router.add(Method::kDelete, "/api/invitations/{id}",
             [&s](Request& r) { return answer(s, r, Answer::kWithdraw); });
}

}  // namespace classroom::api::handlers
