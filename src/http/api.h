/* SPDX-License-Identifier: MIT */
/*
 * api.h - the handlers of the route table, one file per resource
 * (api_session.c, api_incident.c, api_meta.c, api_user.c).
 */
#ifndef KZ_HTTP_API_H
#define KZ_HTTP_API_H

#include "http/http.h"

void api_healthz(struct http_req *req, struct http_resp *resp);
void api_session_create(struct http_req *req, struct http_resp *resp);
void api_session_delete(struct http_req *req, struct http_resp *resp);
void api_session_get(struct http_req *req, struct http_resp *resp);
void api_me(struct http_req *req, struct http_resp *resp);
void api_incident_list(struct http_req *req, struct http_resp *resp);
void api_search(struct http_req *req, struct http_resp *resp);
void api_incident_export_csv(struct http_req *req, struct http_resp *resp);
void api_incident_create(struct http_req *req, struct http_resp *resp);
void api_incident_get(struct http_req *req, struct http_resp *resp);
void api_incident_receipt(struct http_req *req, struct http_resp *resp);
void api_incident_patch(struct http_req *req, struct http_resp *resp);
void api_incident_phase(struct http_req *req, struct http_resp *resp);
void api_timeline_list(struct http_req *req, struct http_resp *resp);
void api_timeline_add(struct http_req *req, struct http_resp *resp);
void api_incident_verify(struct http_req *req, struct http_resp *resp);
void api_taxonomy_list(struct http_req *req, struct http_resp *resp);
void api_taxonomy_get(struct http_req *req, struct http_resp *resp);
void api_verify(struct http_req *req, struct http_resp *resp);
void api_audit(struct http_req *req, struct http_resp *resp);
void api_user_list(struct http_req *req, struct http_resp *resp);
void api_user_create(struct http_req *req, struct http_resp *resp);
void api_user_patch(struct http_req *req, struct http_resp *resp);
void api_user_password(struct http_req *req, struct http_resp *resp);
void api_token_list(struct http_req *req, struct http_resp *resp);
void api_token_create(struct http_req *req, struct http_resp *resp);
void api_token_revoke(struct http_req *req, struct http_resp *resp);

/* api_registry.c */
void api_asset_list(struct http_req *req, struct http_resp *resp);
void api_asset_get(struct http_req *req, struct http_resp *resp);
void api_asset_create(struct http_req *req, struct http_resp *resp);
void api_asset_patch(struct http_req *req, struct http_resp *resp);
void api_asset_delete(struct http_req *req, struct http_resp *resp);
void api_contact_list(struct http_req *req, struct http_resp *resp);
void api_contact_get(struct http_req *req, struct http_resp *resp);
void api_contact_create(struct http_req *req, struct http_resp *resp);
void api_contact_patch(struct http_req *req, struct http_resp *resp);
void api_contact_delete(struct http_req *req, struct http_resp *resp);
void api_rule_list(struct http_req *req, struct http_resp *resp);
void api_rule_get(struct http_req *req, struct http_resp *resp);
void api_rule_create(struct http_req *req, struct http_resp *resp);
void api_rule_patch(struct http_req *req, struct http_resp *resp);
void api_rule_delete(struct http_req *req, struct http_resp *resp);
void api_playbook_list(struct http_req *req, struct http_resp *resp);
void api_playbook_get(struct http_req *req, struct http_resp *resp);
void api_playbook_put(struct http_req *req, struct http_resp *resp);
void api_playbook_reset(struct http_req *req, struct http_resp *resp);
void api_settings_get(struct http_req *req, struct http_resp *resp);
void api_settings_patch(struct http_req *req, struct http_resp *resp);
/* api_evidence.c */
void api_evidence_list(struct http_req *req, struct http_resp *resp);
void api_evidence_create(struct http_req *req, struct http_resp *resp);
void api_evidence_get(struct http_req *req, struct http_resp *resp);
void api_evidence_content(struct http_req *req, struct http_resp *resp);
void api_evidence_custody_list(struct http_req *req, struct http_resp *resp);
void api_evidence_custody_add(struct http_req *req, struct http_resp *resp);
/* api_obs.c */
void api_obs_list(struct http_req *req, struct http_resp *resp);
void api_obs_create(struct http_req *req, struct http_resp *resp);
void api_obs_patch(struct http_req *req, struct http_resp *resp);
void api_obs_delete(struct http_req *req, struct http_resp *resp);
void api_obs_extract(struct http_req *req, struct http_resp *resp);
void api_obs_related(struct http_req *req, struct http_resp *resp);
void api_obs_find(struct http_req *req, struct http_resp *resp);

/* api_filter.c */
void api_filter_list(struct http_req *req, struct http_resp *resp);
void api_filter_create(struct http_req *req, struct http_resp *resp);
void api_filter_patch(struct http_req *req, struct http_resp *resp);
void api_filter_delete(struct http_req *req, struct http_resp *resp);
/* api_link.c */
void api_link_list(struct http_req *req, struct http_resp *resp);
void api_link_create(struct http_req *req, struct http_resp *resp);
void api_link_delete(struct http_req *req, struct http_resp *resp);
void api_link_duplicates(struct http_req *req, struct http_resp *resp);
/* api_alert.c */
void api_alert_ingest(struct http_req *req, struct http_resp *resp);
void api_alert_list(struct http_req *req, struct http_resp *resp);
void api_alert_get(struct http_req *req, struct http_resp *resp);
void api_alert_patch(struct http_req *req, struct http_resp *resp);
void api_alert_promote(struct http_req *req, struct http_resp *resp);
/* api_task.c */
void api_task_list(struct http_req *req, struct http_resp *resp);
void api_task_create(struct http_req *req, struct http_resp *resp);
void api_task_patch(struct http_req *req, struct http_resp *resp);
void api_summons_list(struct http_req *req, struct http_resp *resp);
void api_summons_ack(struct http_req *req, struct http_resp *resp);
void api_ack_get(struct http_req *req, struct http_resp *resp);
void api_ack_post(struct http_req *req, struct http_resp *resp);
/* api_duties.c */
void api_obligation_list(struct http_req *req, struct http_resp *resp);
void api_obligation_record(struct http_req *req, struct http_resp *resp);
void api_deadlines(struct http_req *req, struct http_resp *resp);
void api_damage(struct http_req *req, struct http_resp *resp);
void api_cost_add(struct http_req *req, struct http_resp *resp);
void api_readiness(struct http_req *req, struct http_resp *resp);
void api_fact_owner(struct http_req *req, struct http_resp *resp);
void api_draft(struct http_req *req, struct http_resp *resp);
void api_disclosure_list(struct http_req *req, struct http_resp *resp);
void api_disclosure_add(struct http_req *req, struct http_resp *resp);
void api_aftercare_list(struct http_req *req, struct http_resp *resp);
void api_aftercare_add(struct http_req *req, struct http_resp *resp);
void api_aftercare_patch(struct http_req *req, struct http_resp *resp);

#endif
