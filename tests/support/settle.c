/* SPDX-License-Identifier: MIT */
/*
 * settle.c - see settle.h.
 */
#include "support/settle.h"

#include "support/test.h"

#include <string.h>

#include "support/glue.h"

#include "app/duties.h"
#include "app/task_ops.h"

void settle_incident(struct store *s, const struct app_ctx *ctx,
                     const char *ref)
{
    struct kz_problems p;
    json_t *duties = NULL;
    json_t *item;
    size_t i;

    assert_int_equal(glue_obligations(s, ctx, ref, LANG_JA, &duties), KZ_OK);
    json_t *waive = json_pack("{s:s, s:s}", "status", "not_applicable",
                              "reason", "テストのため対象外");
    json_array_foreach(json_object_get(duties, "items"), i, item)
    {
        const char *st = json_string_value(json_object_get(item, "status"));
        if (st != NULL &&
            (strcmp(st, "filed") == 0 || strcmp(st, "not_applicable") == 0))
            continue;
        kz_problems_clear(&p);
        assert_int_equal(glue_obligation_record(
                             s, ctx, ref,
                             json_string_value(json_object_get(item, "key")),
                             waive, &p),
                         KZ_OK);
    }
    json_decref(waive);
    json_decref(duties);

    struct task_list l = {0};
    struct task_patch done;
    task_patch_init(&done);
    done.has_status = true;
    done.status = TASK_DONE;
    assert_int_equal(app_task_list(s, ctx, ref, &l), KZ_OK);
    for (size_t k = 0; k < l.n; k++) {
        struct task out;
        if (l.items[k].status != TASK_OPEN)
            continue;
        task_init(&out);
        kz_problems_clear(&p);
        assert_int_equal(
            app_task_update(s, ctx, ref, l.items[k].id, &done, -1, &out, &p),
            KZ_OK);
        task_cleanup(&out);
    }
    task_patch_cleanup(&done);
    task_list_cleanup(&l);
}
