#pragma once

#include "core/pg/pg.hpp"
#include "services/api/stores/coursework_store.hpp"
#include "services/api/stores/gradebook_store.hpp"
#include "services/api/stores/profile_store.hpp"

// The statements event_sync.cpp and publisher.cpp run, under the names they
// use: each is owned by its store. This header goes once those files call the
// stores (or core's apply_once) themselves.
namespace classroom::api::queries {

using coursework_store::kSelectDueScheduled;
using gradebook_store::kUpsertExamResult;
using profile_store::kSetProfileActive;
using profile_store::kUpsertRegisteredProfile;

// Records an event id; no row back when it was applied before.
inline constexpr core::pg::Query kMarkEvent{
    "api_mark_event",
    "INSERT INTO processed_events (event_id) VALUES ($1::uuid) ON CONFLICT DO NOTHING "
    "RETURNING true"};

}  // namespace classroom::api::queries
