#!/usr/bin/env python3
"""Writes a synthetic but realistic dbt project for benchmarks.

    python3 bench/gen_project.py OUT_DIR --models N [--seed S] [--fixture-rows R] [--force]

The project has a dbt_project.yml (no dpipe.yaml), about ten sources declared in property
files, N models spread over staging (one per source table), intermediate and marts folders,
project macros (some calling others), a property file per folder with descriptions, typed
columns and generic tests, and optionally small fixture CSVs (seeds/<source>__<table>.csv)
so that the whole project can be built and tested.

Every model is SQL that runs on PostgreSQL and SQLite: the generator tracks the output columns
of each model, so references, joins and tests always name columns that exist. The DAG is
acyclic by construction (a model only reads models generated before it). The output depends
only on the arguments: the same N and seed give byte-identical files.
"""

import argparse
import os
import random
import sys

SOURCES = ["erp", "crm", "billing", "web", "support", "inventory", "marketing", "hr",
           "logistics", "payments"]
ENTITIES = ["orders", "customers", "invoices", "payments", "shipments", "products", "sessions",
            "events", "tickets", "subscriptions", "campaigns", "leads", "accounts", "refunds",
            "returns", "suppliers", "purchase_orders", "stock_moves", "employees", "timesheets",
            "contracts", "opportunities", "quotes", "deliveries", "reviews", "carts", "coupons",
            "transfers", "claims", "visits"]
DOMAINS = ["finance", "sales", "marketing", "operations", "product", "support", "supply_chain",
           "people", "growth", "risk"]
KEYS = ["customer_id", "account_id", "product_id", "store_id", "employee_id", "campaign_id",
        "supplier_id", "region_id"]
CATEGORIES = {
    "status": ["open", "pending", "active", "closed", "cancelled"],
    "channel": ["web", "mobile", "store", "partner", "phone"],
    "tier": ["free", "basic", "pro", "enterprise"],
    "priority": ["low", "normal", "high", "urgent"],
    "payment_method": ["card", "bank_transfer", "wallet", "invoice"],
    "device_type": ["desktop", "mobile", "tablet"],
    "country_code": ["us", "gb", "de", "fr", "jp", "br", "in", "au"],
    "source_system": ["api", "batch", "manual"],
}
CENTS = ["amount_cents", "discount_cents", "tax_cents", "cost_cents", "fee_cents"]
COUNTS = ["quantity", "units", "duration_seconds", "line_count"]
DATES = ["updated_at", "closed_at", "shipped_at"]
VALUE_TIERS = ["high", "medium", "low"]

MACROS = {
    "cents_to_dollars.sql": """\
{#- An integer amount in cents as dollars, rounded to `scale` decimals. -#}
{% macro cents_to_dollars(column, scale=2) -%}
ROUND(CAST({{ column }} AS NUMERIC) / 100.0, {{ scale }})
{%- endmacro %}
""",
    "safe_divide.sql": """\
{#- numerator / denominator as a decimal; null when the denominator is 0 or null. -#}
{% macro safe_divide(numerator, denominator) -%}
CASE
    WHEN {{ denominator }} IS NULL OR {{ denominator }} = 0 THEN NULL
    ELSE {{ numerator }} * 1.0 / {{ denominator }}
END
{%- endmacro %}
""",
    "ratio_pct.sql": """\
{#- numerator as a percentage of denominator, two decimals. -#}
{% macro ratio_pct(numerator, denominator) -%}
ROUND(({{ safe_divide(numerator, denominator) }}) * 100, 2)
{%- endmacro %}
""",
    "clean_text.sql": """\
{#- Trimmed, lower-case text; empty strings become null. -#}
{% macro clean_text(column) -%}
NULLIF(LOWER(TRIM({{ column }})), '')
{%- endmacro %}
""",
    "month_of.sql": """\
{#- The YYYY-MM month of an ISO date held as text. -#}
{% macro month_of(column) -%}
SUBSTR({{ column }}, 1, 7)
{%- endmacro %}
""",
    "date_filter.sql": """\
{#- Keeps rows on or after var('start_date'); dates are ISO text, so text order is date order. -#}
{% macro date_filter(column) -%}
{{ column }} >= '{{ var("start_date") }}'
{%- endmacro %}
""",
    "zero_if_null.sql": """\
{% macro zero_if_null(column) -%}
COALESCE({{ column }}, 0)
{%- endmacro %}
""",
    "surrogate_key.sql": """\
{#- A text key built from several columns; nulls become empty strings. -#}
{% macro surrogate_key(columns) -%}
{%- for column in columns -%}
COALESCE(CAST({{ column }} AS TEXT), '')
{%- if not loop.last %} || '-' || {% endif -%}
{%- endfor -%}
{%- endmacro %}
""",
}


class Col:
    """One output column of a model. kind: pk, key, cat, num (numeric), int, date."""
    __slots__ = ("name", "kind", "values", "desc")

    def __init__(self, name, kind, values=None, desc=""):
        self.name, self.kind, self.values, self.desc = name, kind, values, desc

    def sql_type(self):
        if self.kind in ("key", "int"):
            return "integer"
        if self.kind == "num":
            return "numeric"
        if self.kind == "pk":
            return self.values or "integer"  # pk keeps its type name in values
        return "text"


class Node:
    __slots__ = ("name", "folder", "layer", "cols", "entity", "pk", "sql", "description",
                 "tests", "source")

    def __init__(self, name, folder, layer, entity):
        self.name, self.folder, self.layer, self.entity = name, folder, layer, entity
        self.cols, self.tests, self.sql, self.description, self.source = [], {}, "", "", None
        self.pk = None

    def of(self, kind):
        return [c for c in self.cols if c.kind == kind]


def singular(word):
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ses") or word.endswith("xes"):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


class Generator:
    def __init__(self, n_models, seed, fixture_rows):
        self.rng = random.Random(seed)
        self.n = n_models
        self.fixture_rows = fixture_rows
        self.nodes = []
        self.by_key = {k: [] for k in KEYS}
        self.names = set()
        self.tables = []  # (source, table, columns[(name, kind, values)])

    # ------------------------------------------------------------------ helpers
    def unique_name(self, base):
        name, i = base, 2
        while name in self.names:
            name = f"{base}_{i}"
            i += 1
        self.names.add(name)
        return name

    def register(self, node):
        self.nodes.append(node)
        for c in node.cols:
            if c.kind == "key":
                self.by_key[c.name].append(len(self.nodes) - 1)

    def pick_upstream(self, layers, weights):
        """A model from one of the given layers, chosen with the given weights."""
        pools = [[i for i in self.layer_index[l]] for l in layers]
        choices = [(p, w) for p, w in zip(pools, weights) if p]
        pool = self.rng.choices([p for p, _ in choices], [w for _, w in choices])[0]
        return self.nodes[self.rng.choice(pool)]

    # ------------------------------------------------------------------ plan
    def run(self):
        n = self.n
        n_stg = max(1, round(n * 0.3))
        n_mart = max(1, round(n * 0.3)) if n >= 3 else max(0, n - n_stg)
        n_int = max(0, n - n_stg - n_mart)
        if n < 3:
            n_stg, n_int, n_mart = n, 0, 0
        self.layer_index = {"staging": [], "intermediate": [], "marts": []}
        self.make_sources(n_stg)
        for src, table, cols in self.tables:
            node = self.staging_model(src, table, cols)
            self.layer_index["staging"].append(len(self.nodes))
            self.register(node)
        for i in range(n_int):
            node = self.join_model("intermediate", i)
            self.layer_index["intermediate"].append(len(self.nodes))
            self.register(node)
        for i in range(n_mart):
            if self.rng.random() < 0.55:
                node = self.agg_model(i)
            else:
                node = self.join_model("marts", i)
            self.layer_index["marts"].append(len(self.nodes))
            self.register(node)

    def make_sources(self, n_tables):
        n_sources = min(len(SOURCES), n_tables)
        per = {s: [] for s in SOURCES[:n_sources]}
        used = set()
        for t in range(n_tables):
            src = SOURCES[t % n_sources]
            base = ENTITIES[(t // n_sources + SOURCES.index(src) * 3) % len(ENTITIES)]
            name, i = base, 2
            while (src, name) in used:
                name = f"{base}_{i}"
                i += 1
            used.add((src, name))
            cols = [("id", "pk", None)]
            own_key = f"{singular(base)}_id"  # customers.id is the customer_id other tables hold
            for k in self.rng.sample([k for k in KEYS if k != own_key], self.rng.randint(2, 3)):
                cols.append((k, "key", None))
            for c in self.rng.sample(sorted(CATEGORIES), self.rng.randint(1, 3)):
                cols.append((c, "cat", CATEGORIES[c]))
            for c in self.rng.sample(CENTS, self.rng.randint(1, 2)):
                cols.append((c, "cents", None))
            for c in self.rng.sample(COUNTS, self.rng.randint(1, 2)):
                cols.append((c, "int", None))
            cols.append(("created_at", "date", None))
            for c in self.rng.sample(DATES, self.rng.randint(0, 1)):
                cols.append((c, "date", None))
            self.tables.append((src, name, cols))
            per[src].append(name)

    # ------------------------------------------------------------------ staging
    def staging_model(self, src, table, raw_cols):
        name = self.unique_name(f"stg_{src}__{table}")
        node = Node(name, f"models/staging/{src}", "staging", table)
        node.source = (src, table)
        ent = singular(table)
        pk = f"{ent}_id"
        lines = []
        if self.rng.random() < 0.15:
            lines.append("{{ config(materialized='view', tags=['staging', '" + src + "']) }}")
            lines.append("")
        lines += [f"-- Staging model for {src}.{table}: one row per {ent}, renamed, typed and cleaned.",
                  "with source as (", "",
                  f"    select * from {{{{ source('{src}', '{table}') }}}}", "", "),", "",
                  "renamed as (", "", "    select"]
        exprs = []
        first_cents = None
        for cname, kind, values in raw_cols:
            if kind == "pk":
                exprs.append(f"CAST(id AS INTEGER) as {pk}")
                node.cols.append(Col(pk, "pk", "integer", f"Primary key of the {ent}."))
            elif kind == "key":
                exprs.append(f"CAST({cname} AS INTEGER) as {cname}")
                node.cols.append(Col(cname, "key", None, f"Foreign key to the {cname[:-3]}."))
            elif kind == "cat":
                exprs.append(f"{{{{ clean_text('{cname}') }}}} as {cname}")
                node.cols.append(Col(cname, "cat", values, f"{cname.replace('_', ' ').capitalize()}, lower case."))
            elif kind == "cents":
                out = cname[:-6]
                first_cents = first_cents or out
                exprs.append(f"{{{{ cents_to_dollars('{cname}') }}}} as {out}")
                node.cols.append(Col(out, "num", None, f"{out.replace('_', ' ').capitalize()} in dollars."))
            elif kind == "int":
                exprs.append(f"CAST({cname} AS INTEGER) as {cname}")
                node.cols.append(Col(cname, "int", None, f"{cname.replace('_', ' ').capitalize()}."))
            else:
                exprs.append(f"NULLIF({cname}, '') as {cname}")
                node.cols.append(Col(cname, "date", None, f"{cname.replace('_', ' ').capitalize()} (YYYY-MM-DD)."))
        exprs.append("{{ month_of('created_at') }} as created_month")
        node.cols.append(Col("created_month", "cat", None, "Month of created_at (YYYY-MM)."))
        lines += ["        " + e + ("," if i + 1 < len(exprs) else "") for i, e in enumerate(exprs)]
        lines += ["    from source", "    where {{ date_filter('created_at') }}", "", "),", "",
                  "final as (", "", "    select", "        renamed.*,", "        CASE",
                  f"            WHEN {first_cents} >= 500 THEN 'high'",
                  f"            WHEN {first_cents} >= 100 THEN 'medium'",
                  "            ELSE 'low'",
                  f"        END as {first_cents}_band", "    from renamed", "", ")", "",
                  "select * from final", ""]
        node.cols.append(Col(f"{first_cents}_band", "cat", VALUE_TIERS,
                             f"Size band of {first_cents}: high (500 or more), medium (100 or more) or low."))
        node.sql = "\n".join(lines)
        node.pk = pk
        node.description = f"One row per {ent} from {src}.{table}, renamed, typed and cleaned."
        cat = node.of("cat")[0]
        node.tests = {pk: ["unique", "not_null",
                           ("relationships", {"to": f"source('{src}', '{table}')", "field": "id"})],
                      cat.name: [("accepted_values", {"values": cat.values})]}
        return node

    # ------------------------------------------------------------------ joins
    def partners(self, a, count):
        """Up to `count` earlier models sharing a key column with a, as (node, key)."""
        out, seen = [], {a.name}
        keys = [c.name for c in a.of("key")]
        self.rng.shuffle(keys)
        for key in keys:
            if len(out) >= count:
                break
            pool = self.by_key[key]
            if not pool:
                continue
            for _ in range(4):
                b = self.nodes[pool[self.rng.randrange(len(pool))]]
                if b.name not in seen:
                    seen.add(b.name)
                    out.append((b, key))
                    break
        return out

    def projection(self, a):
        """The columns of a carried into a derived model (bounded so widths do not grow)."""
        keep = [c for c in a.cols if c.kind == "pk"]
        keep += a.of("key")[:3]
        keep += a.of("cat")[:3]
        keep += a.of("num")[:3]
        keep += a.of("int")[:2]
        keep += a.of("date")[:2]
        return keep

    def join_model(self, layer, index):
        if layer == "intermediate":
            a = self.pick_upstream(["staging", "intermediate"], [0.65, 0.35])
        else:
            a = self.pick_upstream(["intermediate", "staging", "marts"], [0.7, 0.15, 0.15])
        domain = DOMAINS[index // 40 % len(DOMAINS)] + ("" if index < 400 else f"_{index // 400}")
        ent = a.entity
        if layer == "intermediate":
            verb = self.rng.choice(["enriched", "joined", "with_activity", "scored", "deduplicated"])
            name = self.unique_name(f"int_{ent}_{verb}")
        else:
            name = self.unique_name(f"{self.rng.choice(['fct', 'dim'])}_{ent}")
        node = Node(name, f"models/{layer}/{domain}", layer, ent)
        alias_a = "base"
        lines = []
        incremental = layer == "marts" and self.rng.random() < 0.1
        date_a = a.of("date")[0].name
        if incremental:
            lines += ["{{ config(materialized='incremental', unique_key='" + a.pk + "') }}", ""]
        elif layer == "marts" and self.rng.random() < 0.4:
            lines += ["{{ config(materialized='table', tags=['" + domain + "']) }}", ""]
        partners = self.partners(a, self.rng.randint(1, 2))
        upstream_names = [a.name] + [b.name for b, _ in partners]
        lines += [f"-- {name}: {ent} from {a.name}" +
                  (f", with activity from {', '.join(b.name for b, _ in partners)}." if partners else "."),
                  f"with {alias_a} as (", "", f"    select * from {{{{ ref('{a.name}') }}}}"]
        if incremental:
            lines += ["    {% if is_incremental() %}",
                      f"    where {date_a} > (select max({date_a}) from {{{{ this }}}})",
                      "    {% endif %}"]
        lines += ["", "),", ""]
        keep = self.projection(a)
        used = {c.name for c in keep}
        select = [f"{alias_a}.{c.name}" for c in keep]
        cols = [Col(c.name, c.kind, c.values, c.desc) for c in keep]
        joins = []
        for j, (b, key) in enumerate(partners):
            alias = f"up_{j + 1}"
            agg = f"{alias}_by_{key[:-3]}"
            bent = singular(b.entity)
            num = (b.of("num") or b.of("int"))[0]
            bdate = b.of("date")[0]
            n_count, n_total, n_latest = (self.fresh(used, f"{bent}_count"),
                                          self.fresh(used, f"{bent}_total_{num.name}"),
                                          self.fresh(used, f"{bent}_latest_{bdate.name}"))
            lines += [f"{alias} as (", "", f"    select * from {{{{ ref('{b.name}') }}}}", "", "),", "",
                      f"{agg} as (", "", "    select", f"        {key},",
                      f"        COUNT(*) as {n_count},",
                      f"        ROUND(SUM({num.name}), 2) as {n_total},",
                      f"        MAX({bdate.name}) as {n_latest}",
                      f"    from {alias}", f"    where {key} is not null", f"    group by {key}", "",
                      "),", ""]
            select += [f"{{{{ zero_if_null('{agg}.{n_count}') }}}} as {n_count}",
                       f"{{{{ zero_if_null('{agg}.{n_total}') }}}} as {n_total}",
                       f"{agg}.{n_latest}"]
            cols += [Col(n_count, "int", None, f"Rows of {b.name} sharing the {key}."),
                     Col(n_total, "num", None, f"Sum of {num.name} over those rows."),
                     Col(n_latest, "date", None, f"Latest {bdate.name} among those rows.")]
            joins.append(f"    left join {agg}\n        on {alias_a}.{key} = {agg}.{key}")
        lines += ["joined as (", "", "    select"]
        lines += ["        " + s + ("," if i + 1 < len(select) else "") for i, s in enumerate(select)]
        lines += [f"    from {alias_a}"] + joins + ["", "),", ""]
        # final: derived measures, a CASE, window functions, more macros
        key0 = (a.of("key") or [Col(a.pk, "pk")])[0].name
        nums = [c for c in cols if c.kind in ("num", "int")]
        extra = ["joined.*"]
        if len(nums) >= 2:
            n_pct = self.fresh(used, f"{nums[0].name}_to_{nums[1].name}_pct")
            extra.append(f"{{{{ ratio_pct('{nums[0].name}', '{nums[1].name}') }}}} as {n_pct}")
            cols.append(Col(n_pct, "num", None, f"{nums[0].name} as a percentage of {nums[1].name}."))
        n_sk = self.fresh(used, f"{singular(ent)}_{key0[:-3]}_key")
        extra.append(f"{{{{ surrogate_key(['{a.pk}', '{key0}']) }}}} as {n_sk}")
        cols.append(Col(n_sk, "cat", None, f"Text key of {a.pk} and {key0}."))
        if partners:
            first_count = cols[len(keep)].name
            n_act = self.fresh(used, "activity_level")
            extra.append("\n".join([
                "CASE", f"            WHEN {first_count} = 0 THEN 'none'",
                f"            WHEN {first_count} < 3 THEN 'low'", "            ELSE 'high'",
                f"        END as {n_act}"]))
            cols.append(Col(n_act, "cat", ["none", "low", "high"], "Activity band from the related rows."))
        n_rank = self.fresh(used, f"{key0[:-3]}_recency_rank")
        extra.append(f"ROW_NUMBER() OVER (PARTITION BY {key0} ORDER BY {date_a} DESC, {a.pk}) as {n_rank}")
        cols.append(Col(n_rank, "int", None, f"1 for the latest row per {key0}."))
        if nums:
            n_share = self.fresh(used, f"{key0[:-3]}_total_{nums[0].name}")
            extra.append(f"SUM({nums[0].name}) OVER (PARTITION BY {key0}) as {n_share}")
            cols.append(Col(n_share, "num" if nums[0].kind == "num" else "int", None,
                            f"Sum of {nums[0].name} over all rows with the same {key0}."))
        lines += ["final as (", "", "    select"]
        lines.append(",\n".join("        " + e for e in extra))
        lines += ["    from joined", "", ")", "", "select * from final", ""]
        node.sql = "\n".join(lines)
        node.cols = cols
        node.pk = a.pk
        what = "fact" if name.startswith("fct_") else "dimension" if name.startswith("dim_") else "model"
        node.description = (f"{what.capitalize()} of {ent} at the grain of {a.name}"
                            + (f", enriched with {', '.join(upstream_names[1:])}." if partners else "."))
        node.tests = {a.pk: ["unique", "not_null",
                             ("relationships", {"to": f"ref('{a.name}')", "field": a.pk})]}
        cat = next((c for c in cols if c.kind == "cat" and c.values), None)
        if cat is not None:
            node.tests[cat.name] = [("accepted_values", {"values": cat.values})]
        return node

    def fresh(self, used, name):
        out, i = name, 2
        while out in used:
            out = f"{name}_{i}"
            i += 1
        used.add(out)
        return out

    # ------------------------------------------------------------------ aggregates
    def agg_model(self, index):
        a = self.pick_upstream(["intermediate", "staging", "marts"], [0.7, 0.2, 0.1])
        keys = a.of("key")
        cats = [c for c in a.cols if c.kind == "cat" and c.values]
        if not keys or not cats:
            return self.join_model("marts", index)
        domain = DOMAINS[index // 40 % len(DOMAINS)] + ("" if index < 400 else f"_{index // 400}")
        key, cat = self.rng.choice(keys).name, self.rng.choice(cats)
        num = (a.of("num") or a.of("int"))[0]
        date = a.of("date")[0]
        ent = a.entity
        name = self.unique_name(f"mart_{ent}_by_{key[:-3]}")
        node = Node(name, f"models/marts/{domain}", "marts", ent)
        value = cat.values[0]
        used = {key, cat.name}
        c_rows, c_ent = self.fresh(used, "row_count"), self.fresh(used, f"{singular(ent)}_count")
        c_total, c_avg = self.fresh(used, f"total_{num.name}"), self.fresh(used, f"avg_{num.name}")
        c_val = self.fresh(used, f"{value}_count")
        c_first, c_last = self.fresh(used, f"first_{date.name}"), self.fresh(used, f"last_{date.name}")
        c_sk = self.fresh(used, f"{key[:-3]}_{cat.name}_key")
        c_share, c_rank = self.fresh(used, f"{value}_share_pct"), self.fresh(used, f"{cat.name}_rank")
        c_tier = self.fresh(used, "value_tier")
        c_month = self.fresh(used, f"last_{date.name[:-3] if date.name.endswith('_at') else date.name}_month")
        lines = []
        if self.rng.random() < 0.5:
            lines += ["{{ config(materialized='table', tags=['" + domain + "', 'reporting']) }}", ""]
        lines += [f"-- {name}: {ent} from {a.name} summarised per {key} and {cat.name}.",
                  "with base as (", "", f"    select * from {{{{ ref('{a.name}') }}}}", "", "),", "",
                  "aggregated as (", "", "    select", f"        {key},", f"        {cat.name},",
                  f"        COUNT(*) as {c_rows},",
                  f"        COUNT(DISTINCT {a.pk}) as {c_ent},",
                  f"        ROUND(SUM({num.name}), 2) as {c_total},",
                  f"        ROUND(AVG({num.name}), 2) as {c_avg},",
                  f"        SUM(CASE WHEN {cat.name} = '{value}' THEN 1 ELSE 0 END) as {c_val},",
                  f"        MIN({date.name}) as {c_first},",
                  f"        MAX({date.name}) as {c_last}",
                  "    from base", f"    where {key} is not null", f"    group by {key}, {cat.name}",
                  "", "),", "", "final as (", "", "    select",
                  f"        {{{{ surrogate_key(['{key}', '{cat.name}']) }}}} as {c_sk},",
                  "        aggregated.*,",
                  f"        {{{{ ratio_pct('{c_val}', '{c_rows}') }}}} as {c_share},",
                  f"        ROW_NUMBER() OVER (PARTITION BY {cat.name} ORDER BY {c_total} DESC, {key}) as {c_rank},",
                  "        CASE",
                  f"            WHEN {c_total} >= {{{{ var('high_value_threshold', 1000) }}}} THEN 'high'",
                  f"            WHEN {c_total} >= {{{{ var('high_value_threshold', 1000) }}}} / 10 THEN 'medium'",
                  "            ELSE 'low'", f"        END as {c_tier},",
                  f"        {{{{ month_of('{c_last}') }}}} as {c_month}",
                  "    from aggregated", "", ")", "", "select * from final", ""]
        node.sql = "\n".join(lines)
        num_kind = "num" if num.kind == "num" else "int"
        node.cols = [Col(c_sk, "pk", "text", f"Key of the row: {key} and {cat.name}."),
                     Col(key, "key", None, f"The {key[:-3]}."),
                     Col(cat.name, "cat", cat.values, cat.desc),
                     Col(c_rows, "int", None, f"Rows of {a.name} in the group."),
                     Col(c_ent, "int", None, f"Distinct {a.pk} in the group."),
                     Col(c_total, num_kind, None, f"Sum of {num.name}."),
                     Col(c_avg, "num", None, f"Average of {num.name}."),
                     Col(c_val, "int", None, f"Rows whose {cat.name} is {value}."),
                     Col(c_first, "date", None, f"Earliest {date.name}."),
                     Col(c_last, "date", None, f"Latest {date.name}."),
                     Col(c_share, "num", None, f"Share of rows whose {cat.name} is {value}, in percent."),
                     Col(c_rank, "int", None, f"Rank of the group within its {cat.name} by {c_total}."),
                     Col(c_tier, "cat", VALUE_TIERS, "high, medium or low against var('high_value_threshold')."),
                     Col(c_month, "cat", None, f"Month of {c_last} (YYYY-MM).")]
        node.pk = c_sk
        node.description = f"{ent.replace('_', ' ').capitalize()} from {a.name} summarised per {key} and {cat.name}."
        node.tests = {c_sk: ["unique", "not_null"], key: ["not_null"],
                      cat.name: [("accepted_values", {"values": cat.values})],
                      c_tier: [("accepted_values", {"values": VALUE_TIERS})]}
        return node

    # ------------------------------------------------------------------ output
    def write(self, out):
        files = {}
        files["dbt_project.yml"] = (
            "name: bench_project\nversion: \"1.0.0\"\nconfig-version: 2\nprofile: bench_project\n\n"
            "model-paths: [\"models\"]\nseed-paths: [\"seeds\"]\nmacro-paths: [\"macros\"]\n"
            "test-paths: [\"tests\"]\n\nvars:\n  start_date: \"2024-01-01\"\n  high_value_threshold: 1000\n\n"
            "models:\n  bench_project:\n    +materialized: view\n    staging:\n      +tags: [\"staging\"]\n"
            "    intermediate:\n      +tags: [\"intermediate\"]\n    marts:\n      +materialized: table\n"
            "      +tags: [\"marts\"]\n")
        for name, text in MACROS.items():
            files[f"macros/{name}"] = text
        by_folder = {}
        for node in self.nodes:
            files[f"{node.folder}/{node.name}.sql"] = node.sql
            by_folder.setdefault(node.folder, []).append(node)
        for folder, nodes in by_folder.items():
            files[f"{folder}/_{folder.rsplit('/', 1)[1]}__models.yml"] = self.properties(nodes, folder)
        by_source = {}
        for src, table, cols in self.tables:
            by_source.setdefault(src, []).append((table, cols))
        for src, tables in by_source.items():
            files[f"models/staging/{src}/_{src}__sources.yml"] = self.sources_yml(src, tables)
            if self.fixture_rows > 0:
                for table, cols in tables:
                    files[f"seeds/{src}__{table}.csv"] = self.fixture(cols)
        for rel, text in files.items():
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        return len(files)

    def properties(self, nodes, folder):
        # Staging folders use the classic test syntax, the others dbt's `arguments:` form.
        modern = not folder.startswith("models/staging")
        out = ["version: 2", "", "models:"]
        for node in nodes:
            out += [f"  - name: {node.name}", f"    description: \"{node.description}\"", "    meta:",
                    f"      owner: \"@bench/{node.folder.split('/')[-1].replace('_', '-')}\"", "    columns:"]
            for c in node.cols:
                out += [f"      - name: {c.name}", f"        data_type: {c.sql_type()}",
                        f"        description: \"{c.desc}\""]
                tests = node.tests.get(c.name)
                if tests:
                    out.append("        data_tests:")
                    for t in tests:
                        if isinstance(t, str):
                            out.append(f"          - {t}")
                            continue
                        tname, args = t
                        out.append(f"          - {tname}:")
                        ind = "              "
                        if modern:
                            out.append("              arguments:")
                            ind = "                "
                        for k, v in args.items():
                            if isinstance(v, list):
                                out.append(f"{ind}{k}: [{', '.join(repr(x) for x in v)}]")
                            else:
                                out.append(f"{ind}{k}: \"{v}\"")
        out.append("")
        return "\n".join(out)

    def sources_yml(self, src, tables):
        out = ["version: 2", "", "sources:", f"  - name: {src}", f"    schema: raw_{src}",
               f"    description: \"Tables replicated from the {src} system.\"", "    tables:"]
        for table, cols in tables:
            out += [f"      - name: {table}", f"        description: \"Raw {table} from {src}.\"",
                    "        columns:"]
            for cname, kind, values in cols:
                typ = "integer" if kind in ("pk", "key", "cents", "int") else "text"
                out += [f"          - name: {cname}", f"            data_type: {typ}"]
                if kind == "pk":
                    out += ["            description: \"Primary key.\"", "            data_tests:",
                            "              - unique", "              - not_null"]
                elif kind == "cat":
                    out += [f"            description: \"{cname.replace('_', ' ').capitalize()}.\""]
                else:
                    out += [f"            description: \"{cname.replace('_', ' ').capitalize()}.\""]
        out.append("")
        return "\n".join(out)

    def fixture(self, cols):
        rows = [",".join(c[0] for c in cols)]
        r = self.fixture_rows
        for i in range(1, r + 1):
            vals = []
            for cname, kind, values in cols:
                if kind == "pk":
                    vals.append(str(i))
                elif kind == "key":
                    vals.append(str(self.rng.randint(1, max(1, r // 2))))
                elif kind == "cat":
                    vals.append("" if self.rng.random() < 0.1 else self.rng.choice(values).upper()
                                if self.rng.random() < 0.2 else self.rng.choice(values))
                elif kind == "cents":
                    vals.append(str(self.rng.randint(0, 90000)))
                elif kind == "int":
                    vals.append(str(self.rng.randint(0, 40)))
                else:
                    vals.append("" if cname != "created_at" and self.rng.random() < 0.3 else
                                f"2024-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}")
            rows.append(",".join(vals))
        rows.append("")
        return "\n".join(rows)


def main(argv):
    ap = argparse.ArgumentParser(description="Write a synthetic dbt project for benchmarks.")
    ap.add_argument("out_dir")
    ap.add_argument("--models", type=int, required=True, help="number of models (>= 1)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--fixture-rows", type=int, default=0,
                    help="also write seeds/<source>__<table>.csv fixtures with this many rows")
    ap.add_argument("--force", action="store_true", help="write into a directory that holds a project")
    args = ap.parse_args(argv)
    if args.models < 1 or args.models > 1_000_000:
        ap.error("--models must be between 1 and 1000000")
    if args.fixture_rows < 0 or args.fixture_rows > 100_000:
        ap.error("--fixture-rows must be between 0 and 100000")
    if os.path.exists(os.path.join(args.out_dir, "dbt_project.yml")) and not args.force:
        ap.error(f"{args.out_dir} already holds a dbt project (use --force to overwrite)")
    gen = Generator(args.models, args.seed, args.fixture_rows)
    gen.run()
    n_files = gen.write(args.out_dir)
    print(f"wrote {len(gen.nodes)} models, {len(gen.tables)} source tables, {n_files} files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
