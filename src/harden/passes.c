/* SPDX-License-Identifier: MIT */
/* The pass registry, generated from transforms/passes.def. */
#include "dockharden/pass.h"

#include <string.h>

#define DH_PASS(name) extern const dh_pass dh_pass_##name;
#include "../../transforms/passes.def"
#undef DH_PASS

static const dh_pass *const passes[] = {
#define DH_PASS(name) &dh_pass_##name,
#include "../../transforms/passes.def"
#undef DH_PASS
};

size_t dh_pass_count(void)
{
	return sizeof(passes) / sizeof(passes[0]);
}

const dh_pass *dh_pass_at(size_t i)
{
	return i < dh_pass_count() ? passes[i] : NULL;
}

static const struct {
	const char *rule;
	const char *why;
} rules[] = {
#define DH_RULE(id, why) {id, why},
#include "rules.def"
#undef DH_RULE
};

const char *dh_rule_rationale(const char *rule)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].rule, rule) == 0)
			return rules[i].why;
	return NULL;
}
