#pragma once

#include <boost/json/fwd.hpp>
#include <string>

#include "services/exams/domain/question.hpp"

// Questions and answers as API.md's question table gives them in JSON. A
// question's JSON with its key is also how it is stored (jsonb).
namespace classroom::exams {

// A question from its JSON ({id?, type, prompt, points?, ...its type's key
// fields, tags?}; points default to 1). Every problem (wrong type, missing,
// unknown field, question_problems) is in one Error(kInvalidArgument) naming
// each field under `field`. An absent id gets a new UUID; option, prompt,
// choice and item ids are the client's non-empty strings, new UUIDs when
// absent. Texts are kept trimmed at both ends, accepted answers as given.
Question question_from_json(const boost::json::value& v, const std::string& field);

// With `with_key`, everything question_from_json reads back, tags included
// (an optional member is null when unset). Without, what a student sees
// before release: no correct, accepted, pattern, caseSensitive, value,
// tolerance or tags; options, prompts, choices and items in the question's
// order, so the caller shuffles them (ORDERING's items are often authored in
// the right order).
boost::json::object question_to_json(const Question& question, bool with_key);

// `v` as an answer to `question`. The wrong shape, an unknown option,
// prompt, choice or item id, an id twice, a text with NUL, a short text over
// kMaxShortTextAnswerChars, an essay over kMaxEssayChars or its maxWords, a
// number beyond a double: Error(kInvalidArgument) naming `field` (or
// `field[i]`, `field.<promptId>`) and nothing else. Partial answers (some
// prompts matched, some items ordered, no option chosen) are answers.
Answer answer_from_json(const Question& question, const boost::json::value& v,
                        const std::string& field);
boost::json::value answer_to_json(const Answer& answer);

}  // namespace classroom::exams
