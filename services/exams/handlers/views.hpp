#pragma once

#include <boost/json/object.hpp>
#include <span>
#include <vector>

#include "services/exams/domain/exam.hpp"
#include "services/exams/model.hpp"

// How the exams service's resources look on the wire, in one place.
namespace classroom::exams::views {

// For teachers (and administrators): everything, keys included. For
// students: the settings, and of the sections only their titles and how many
// questions each holds; questions are shown in an attempt, never keys
// before release.
boost::json::object exam(const Exam& e, std::span<const Section> sections, bool oversees);
boost::json::object bank_question(const BankQuestion& q, const Question& question);

// An attempt with its questions (keys only for teachers, or for the student
// once released when the exam shows correct answers and has closed), its answers, the
// server's time (clients count down from it, never from their own clock) and,
// for teachers or once released, its score.
// `history` is shown to teachers only.
boost::json::object attempt(const Attempt& a, const std::vector<SavedAnswer>& answers,
                            bool oversees, const Exam& exam,
                            std::span<const HistoryEntry> history = {});
// The same without questions and answers: for lists.
boost::json::object attempt_summary(const Attempt& a, bool oversees);

// `[{at, actorId, questionId, from, to, reason}]`, oldest first.
boost::json::array history(std::span<const HistoryEntry> entries);

}  // namespace classroom::exams::views
