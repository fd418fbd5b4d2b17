/* SPDX-License-Identifier: MIT */
/*
 * routes.c - THE route table: every endpoint of the API on one screen,
 * with whether it needs a signed-in caller.  What each role may do is
 * decided by core/access.c inside the use cases, never here.
 * docs/api.md documents each route.
 */
#include "http/api.h"
#include "http/router.h"

const struct route http_routes[] = {
    /* method   pattern                               handler  public */
    {"GET", "/healthz", api_healthz, true},
    {"POST", "/api/v1/session", api_session_create, true},
    {"DELETE", "/api/v1/session", api_session_delete, false},
    {"GET", "/api/v1/me", api_me, false},
    {"GET", "/api/v1/incidents", api_incident_list, false},
    {"POST", "/api/v1/incidents", api_incident_create, false},
    {"GET", "/api/v1/incidents/{ref}", api_incident_get, false},
    {"PATCH", "/api/v1/incidents/{ref}", api_incident_patch, false},
    {"POST", "/api/v1/incidents/{ref}/phase", api_incident_phase, false},
    {"GET", "/api/v1/incidents/{ref}/timeline", api_timeline_list, false},
    {"POST", "/api/v1/incidents/{ref}/timeline", api_timeline_add, false},
    {"GET", "/api/v1/incidents/{ref}/verify", api_incident_verify, false},
    {"GET", "/api/v1/taxonomies", api_taxonomy_list, false},
    {"GET", "/api/v1/taxonomies/{name}", api_taxonomy_get, false},
    {"GET", "/api/v1/verify", api_verify, false},
    {"GET", "/api/v1/audit", api_audit, false},
    {"GET", "/api/v1/users", api_user_list, false},
    {"POST", "/api/v1/users", api_user_create, false},
    {"PATCH", "/api/v1/users/{name}", api_user_patch, false},
    {"POST", "/api/v1/users/{name}/password", api_user_password, false},
    {"GET", "/api/v1/tokens", api_token_list, false},
    {"POST", "/api/v1/tokens", api_token_create, false},
    {"DELETE", "/api/v1/tokens/{id}", api_token_revoke, false},
    {"GET", "/api/v1/incidents/{ref}/tasks", api_task_list, false},
    {"POST", "/api/v1/incidents/{ref}/tasks", api_task_create, false},
    {"PATCH", "/api/v1/incidents/{ref}/tasks/{id}", api_task_patch, false},
    {"GET", "/api/v1/incidents/{ref}/summons", api_summons_list, false},
    {"POST", "/api/v1/summons/{id}/ack", api_summons_ack, false},
    {"GET", "/api/v1/acks/{token}", api_ack_get, true},
    {"POST", "/api/v1/acks/{token}", api_ack_post, true},
    {"GET", "/api/v1/assets", api_asset_list, false},
    {"POST", "/api/v1/assets", api_asset_create, false},
    {"GET", "/api/v1/assets/{id}", api_asset_get, false},
    {"PATCH", "/api/v1/assets/{id}", api_asset_patch, false},
    {"DELETE", "/api/v1/assets/{id}", api_asset_delete, false},
    {"GET", "/api/v1/contacts", api_contact_list, false},
    {"POST", "/api/v1/contacts", api_contact_create, false},
    {"GET", "/api/v1/contacts/{id}", api_contact_get, false},
    {"PATCH", "/api/v1/contacts/{id}", api_contact_patch, false},
    {"DELETE", "/api/v1/contacts/{id}", api_contact_delete, false},
    {"GET", "/api/v1/convocation-rules", api_rule_list, false},
    {"POST", "/api/v1/convocation-rules", api_rule_create, false},
    {"GET", "/api/v1/convocation-rules/{id}", api_rule_get, false},
    {"PATCH", "/api/v1/convocation-rules/{id}", api_rule_patch, false},
    {"DELETE", "/api/v1/convocation-rules/{id}", api_rule_delete, false},
    {"GET", "/api/v1/playbooks", api_playbook_list, false},
    {"GET", "/api/v1/playbooks/{category}", api_playbook_get, false},
    {"PUT", "/api/v1/playbooks/{category}", api_playbook_put, false},
    {"DELETE", "/api/v1/playbooks/{category}", api_playbook_reset, false},
    {"GET", "/api/v1/settings", api_settings_get, false},
    {"PATCH", "/api/v1/settings", api_settings_patch, false},
};

const size_t http_routes_count = sizeof(http_routes) / sizeof(http_routes[0]);
