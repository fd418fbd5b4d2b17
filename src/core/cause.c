/* SPDX-License-Identifier: MIT */
/*
 * cause.c - the cause class of an incident (see cause.h).
 */
#include "core/cause.h"

#include <string.h>

/* Category → cause class (SPEC §5). */
static const struct {
    const char *category;
    const char *cause;
} cause_rules[] = {
    {"unauthorized_access", "external_attack"},
    {"targeted_email", "external_attack"},
    {"malware", "external_attack"},
    {"ransomware", "external_attack"},
    {"dos", "external_attack"},
    {"web_defacement", "external_attack"},
    {"phishing", "external_attack"},
    {"bec", "external_attack"},
    {"scan_probe", "external_attack"},
    {"ot_iot", "external_attack"},
    {"insider_wrongdoing", "insider_wrongdoing"},
    {"device_loss", "physical"},
    {"document_loss", "physical"},
    {"break_in", "physical"},
    {"misdirected_email", "human_error"},
    {"misdirected_fax_post", "human_error"},
    {"sns_leak", "human_error"},
    {"wrong_disposal", "human_error"},
    {"policy_violation", "human_error"},
    {"contractor_mismanagement", "human_error"},
    {"misconfiguration", "misconfiguration"},
    {"system_failure", "misconfiguration"},
    {"cloud_incident", "misconfiguration"},
};

const char *cause_of_category(const char *category)
{
    for (size_t i = 0;
         category != NULL && i < sizeof(cause_rules) / sizeof(cause_rules[0]);
         i++) {
        if (strcmp(cause_rules[i].category, category) == 0)
            return cause_rules[i].cause;
    }
    return "unknown";
}

const char *cause_of(const struct incident *inc)
{
    return inc->cause != NULL ? inc->cause : cause_of_category(inc->category);
}
