#pragma once

#include <string>
#include <string_view>

#include "core/http/request.hpp"
#include "services/notify/domain/preferences.hpp"

namespace classroom::notify {

// The body of PUT /notifications/preferences, which replaces them all (an
// absent member: nothing muted, the default e-mail frequencies). 415 unless
// JSON, 400 when malformed or of the wrong type, 422 naming every invalid
// field: an unknown member, a list of more than 1,000 elements (as sent), a
// course id that is not a UUID, a type that is not a notification's, a
// frequency other than OFF, IMMEDIATE or DAILY. Lists come back each once.
Preferences preferences_from_request(const core::http::Request& request);

// The answer of GET and PUT: every notifiable type's e-mail frequency.
std::string preferences_view(const Preferences& prefs);

// As notify:prefs:{u} holds them: the version and only what the user set.
// Read back for every recipient of an event, so without revalidating what was
// valid when stored; throws Error(kInternal) when it is not a JSON object.
std::string stored_preferences(const Preferences& prefs);
Preferences preferences_from_stored(std::string_view stored);

}  // namespace classroom::notify
