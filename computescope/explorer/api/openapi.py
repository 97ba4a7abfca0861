"""The OpenAPI 3.1 description of the public API, built from one table of routes."""

from __future__ import annotations

from typing import Any

from computescope import __version__
from computescope.core.tokenomics.validation import (
    MAX_PATH_STEPS,
    MAX_RUNS,
    MAX_STEPS_PER_YEAR,
    MAX_TIMESTEPS,
    MAX_YEARS,
    PARAM_SPECS,
)
from computescope.explorer.api.quote import openapi_parameters as quote_parameters
from computescope.verify.protocol import NETWORK_SLUGS, NODE_ID
from computescope.verify.reads import SORTABLE, STATUSES

COMMON_FIELDS = {"kind": {"type": "string", "enum": ["observed", "published", "simulated", "assumed", "self-reported"]},
                 "source": {"type": "string"}, "source_url": {"type": ["string", "null"]}, "observed_at": {"type": "string", "format": "date-time"}}


def _q(name: str, description: str, enum: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if enum:
        schema["enum"] = enum
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


FORMAT = _q("format", "json (default) or csv", ["json", "csv"])

ROUTES: list[tuple[str, str, list[dict[str, Any]], dict[str, Any]]] = [
    ("/api/v1/health", "Service health ('ok', or 'degraded' naming each failing source) and each source's last run", [], {"type": "object"}),
    ("/api/v1/networks", "The five networks with the seed article's framework", [FORMAT], {
        "network": {"type": "string", "enum": ["akash", "ionet", "render", "aethir", "gensyn"]}, "name": {"type": "string"},
        "supply_source": {"type": "string"}, "customers": {"type": "string"}, "layer": {"type": "string"},
        "main_business": {"type": "string"}, "token_model": {"type": "string"}, "token_symbol": {"type": "string"}}),
    ("/api/v1/gpus", "GPU inventory observations (counts of GPUs by measure)", [_q("network", "network slug"), _q("model", "canonical GPU model, e.g. H100"), FORMAT], {
        "network": {"type": "string"}, "gpu_model": {"type": "string"}, "vram_gb": {"type": ["number", "null"]},
        "interface": {"type": ["string", "null"]}, "measure": {"type": "string"}, "gpus": {"type": "number"}}),
    ("/api/v1/metrics", "Every figure shown in more than one place, defined once (sql/views/metrics.sql): gpus_registered, gpus_verified, "
     "gpus_active, gpu_utilization, h100_price_usd_per_gpu_hour (per provider), h100_hyperscaler_median_usd_per_gpu_hour, token_model, "
     "token_emission_next_year, token_burned_total, token_price_usd, token_demand_usd_per_year, demand_coverage", [
        _q("network", "network or provider slug"),
        {"name": "name", "in": "query", "required": False, "schema": {"type": "string", "pattern": "^(?:[a-z0-9_]{1,64})?$"},
         "description": "metric name (see /api/v1/metrics/definitions); empty is the same as absent; a name no metric has answers 404"}, FORMAT], {
        "name": {"type": "string"}, "network": {"type": ["string", "null"]}, "symbol": {"type": ["string", "null"]},
        "value": {"type": ["number", "null"]}, "value_text": {"type": ["string", "null"], "description": "the label of a text metric (unit text)"},
        "unit": {"type": "string"}, "grain": {"type": "string"},
        "observed_at": {"type": ["string", "null"], "format": "date-time",
                        "description": "the date of the newest observation behind the value; null for a value computed from calibration "
                                       "assumptions alone (kind assumed, source calibration), which were observed at no date"}}),
    ("/api/v1/metrics/definitions", "The one definition of every metric: name, unit, grain, meaning", [FORMAT], {
        "name": {"type": "string"}, "unit": {"type": "string"}, "grain": {"type": "string"}, "description": {"type": "string"}}),
    ("/api/v1/checks", "The newest outcome of every data check (sql/checks/assert_*.sql): bad rows (0 = passed) and a sample", [FORMAT], {
        "check_name": {"type": "string"}, "status": {"type": "string", "enum": ["passed", "failed"]}, "bad_rows": {"type": "integer"},
        "sample": {"type": "string", "description": "up to five bad rows as JSON"}, "run_id": {"type": ["string", "null"]}}),
    ("/api/v1/prices", "Newest price per provider, GPU variant, region and type; USD per GPU-hour", [
        _q("model", "canonical GPU model"), _q("provider", "provider slug, e.g. aws or akash"),
        _q("provider_kind", "network or cloud", ["network", "cloud"]), FORMAT], {
        "provider": {"type": "string"}, "provider_kind": {"type": "string"}, "gpu_model": {"type": "string"},
        "region": {"type": "string"}, "price_type": {"type": "string"}, "usd_per_gpu_hour": {"type": "number"}}),
]


def openapi_spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, summary, params, fields in ROUTES:
        is_list = path != "/api/v1/health"
        schema = {"type": "array", "items": {"type": "object", "properties": {**COMMON_FIELDS, **fields}}} if is_list else fields
        paths[path] = {"get": {"summary": summary, "parameters": params, "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": schema}, **({"text/csv": {}} if is_list else {})}},
            "400": {"description": "a parameter has a bad value"}}}}
    node_params = [_q("network", "network slug"), _q("operator", "operator name"), _q("model", "canonical GPU model"),
                   _q("status", "verified, online, offline, suspended"), _q("q", "search in node id and operator"),
                   _q("sort", "column to sort by"), _q("order", "asc or desc", ["asc", "desc"]),
                   {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
                   {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}}, FORMAT]
    paths["/api/v1/nodes"] = {"get": {"summary": "Nodes with availability, SLA, reputation and attested hardware; the total is in X-Total-Count",
                                      "parameters": node_params, "responses": {"200": {"description": "a page of nodes"}, "400": {"description": "a bad filter"}}}}
    paths["/api/v1/nodes/{network}/{node_id}"] = {"get": {
        "summary": "One node: availability over 1, 7 and 30 days, SLA, hourly timeline, challenges, attestations, events",
        "parameters": [{"name": "network", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "node_id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "the node"}, "404": {"description": "unknown node"}}}}
    signed = {"description": "an Ed25519-signed envelope: the payload plus public_key, nonce, timestamp and signature (hex) "
                             "over the canonical JSON of everything else", "required": True,
              "content": {"application/json": {"schema": {"type": "object", "required": ["public_key", "nonce", "timestamp", "signature"]}}}}
    refusals = {"400": {"description": "malformed: the field is named"}, "401": {"description": "unsigned, unknown_key, bad_signature, replayed_nonce, expired"},
                "413": {"description": "larger than 1 MiB"}, "429": {"description": "too many requests (rate_limited) or the intake queue is full (queue_full); see Retry-After"}}
    paths["/api/v1/nodes/register"] = {"post": {"summary": "Register a node with proof of key possession (signed by the key it registers)",
                                                "requestBody": signed, "responses": {"201": {"description": "registered; the first challenge"}, "200": {"description": "already registered"}, **refusals}}}
    durable = ("Verified on arrival (signature, registered key, clock, nonce against an in-memory replay set). Heartbeats are "
               "stored in batches by one writer and answered only after their batch committed: a 200 means stored, never merely queued. "
               "Commitments, openings and probes are stored at once, since their answers depend on them. When the writer's queue is "
               "full the answer is 429 (reason queue_full) with Retry-After and nothing was stored or spent.")
    paths["/api/v1/reports"] = {"post": {"summary": "A signed node report: heartbeat, challenge commitment, opened rows, or hardware probe",
                                         "description": durable, "requestBody": signed,
                                         "responses": {"200": {"description": "accepted and stored; any pending challenge"}, **refusals,
                                                       "503": {"description": "busy: not stored within 30 s; it may still land, send a new report"}}}}
    paths["/api/v1/reports/batch"] = {"post": {
        "summary": "Heartbeats of many nodes relayed in one request, each signed by its own node and judged on its own",
        "description": durable + " Only heartbeats travel in batches; 1 to 1000 envelopes per request.",
        "requestBody": {"description": "{reports: [signed envelope, ...]}", "required": True, "content": {"application/json": {}}},
        "responses": {"200": {"description": "{results[]}: per envelope, in order, status 200 with accepted and challenge, or the "
                                             "refusal's status, reason and field"}, **refusals}}}
    paths["/api/v1/quote"] = {"get": {
        "summary": "Ranked options for one order across networks and clouds, rejections by reason, and the cloud baseline",
        "parameters": quote_parameters(),
        "responses": {"200": {"description": "{status (filled, partial, indicative, unfilled), allocation (offers with known capacity), options[] "
                                             "(each with kind, availability, firm), rejected[] (provider, gpu_model, offer, reason, text), "
                                             "rejected_counts{reason: n}, baseline{hyperscaler, cloud}}"},
                      "400": {"description": "an unknown GPU (with the closest names) or a value out of range"}}}}
    paths["/api/v1/gpus/{model}"] = {"get": {
        "summary": "One GPU model across every network and cloud: inventory by measure (never summed), each provider's headline price "
                   "with vs_hyperscaler, the baseline (hyperscaler median, cheapest cloud), daily utilization and price history, and the "
                   "quote for one node (8 GPUs, 1 hour); every row carries kind, source, source_url and observed_at",
        "parameters": [{"name": "model", "in": "path", "required": True, "schema": {"type": "string"}, "description": "any spelling: H100, h100 sxm, rtx4090"}],
        "responses": {"200": {"description": "{model, catalogue, inventory[], prices[], baseline{hyperscaler_median, cheapest_network, cheapest_cloud}, "
                                             "utilization[], price_history[], quote{request, answer, note}}"},
                      "400": {"description": "a name with characters no GPU model has"},
                      "404": {"description": "an unknown model, with the closest known names"}}}}
    page = [_q("range", "7D, 1M (default), 3M, 1Y or ALL, ending at the newest day in the data", ["7D", "1M", "3M", "1Y", "ALL"]),
            {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
            {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}}]
    history = ("{range, total, limit, offset, source, kind, missing{figure: '— why'}, rows[]}: one row per UTC day, newest first, "
               "from the daily rollups; the total is also in X-Total-Count")
    paths["/api/v1/operators/{operator_id}/history"] = {"get": {
        "summary": "A local-network operator per day (simulated): earnings_usd, utilization, availability, usd_per_gpu_hour earned "
                   "against market_usd_per_gpu_hour for its models, its ask",
        "parameters": [{"name": "operator_id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9._\\-]{1,64}$"}}, *page],
        "responses": {"200": {"description": history}, "404": {"description": "no such operator"}}}}
    paths["/api/v1/providers/{network}/{provider}/history"] = {"get": {
        "summary": "A real network's provider per day (observed): availability at this explorer's polls, the network's published 24-hour "
                   "uptime, and the network's median bid for its GPU model; what the network does not publish per provider is in missing",
        "parameters": [{"name": "network", "in": "path", "required": True, "schema": {"type": "string", "enum": ["akash", "ionet", "render", "aethir", "gensyn"]}},
                       {"name": "provider", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:\\-]{1,128}$"}}, *page],
        "responses": {"200": {"description": history}, "404": {"description": "no such provider, or a network that lists none (the reason says which)"}}}}
    paths["/api/v1/revenue"] = {"get": {
        "summary": "Revenue series in USD, optionally for one network",
        "parameters": [_q("network", "network slug", ["akash", "ionet", "render", "aethir", "gensyn"]), FORMAT],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {
            "network": {"type": "string"}, "period_start": {"type": "string", "format": "date"}, "period": {"type": "string"},
            "metric": {"type": "string"}, "usd": {"type": "number"}, **COMMON_FIELDS}}}}}}, "400": {"description": "unknown network"}}}}
    paths["/api/v1/tokens/{symbol}/burns"] = {"get": {
        "summary": "Burned tokens per epoch, in whole tokens and USD",
        "parameters": [{"name": "symbol", "in": "path", "required": True, "schema": {"type": "string"}}, FORMAT],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {
            "symbol": {"type": "string"}, "epoch_id": {"type": "string"}, "period_start": {"type": ["string", "null"], "format": "date-time"},
            "amount_tokens": {"type": ["number", "null"]}, "amount_usd": {"type": ["number", "null"]}, **COMMON_FIELDS}}}}}}, "404": {"description": "unknown token"}}}}
    paths["/api/v1/tokens/{symbol}/simulate"] = {"get": {
        "summary": "What-if Monte Carlo of the token's supply under its own model, BME and SFA; quantile bands per step",
        "parameters": [{"name": "symbol", "in": "path", "required": True, "schema": {"type": "string"}},
                       *({"name": n, "in": "query", "required": False, "schema": {"type": "number"}} for n in (
                           "years", "runs", "seed", "steps_per_year", "demand_usd_per_year", "demand_growth", "demand_volatility",
                           "initial_price", "emission_per_year", "stake_per_gpu")),
                       _q("price_model", "token price path", ["reflexive", "gbm"])],
        "responses": {"200": {"description": "bands (p05, p50, p95) of supply, float, provider income and price per model"},
                      "400": {"description": "a parameter is out of range (years 1..20, runs 1..1000, ...) or unknown; the reason says which"},
                      "404": {"description": "unknown token"}}}}
    paths["/api/v1/tokens/{symbol}/supply"] = {"get": {
        "summary": "Supply observations for one token (whole tokens)",
        "parameters": [{"name": "symbol", "in": "path", "required": True, "schema": {"type": "string"}}, FORMAT],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {
            "symbol": {"type": "string"}, "circulating": {"type": ["number", "null"]}, "total": {"type": ["number", "null"]},
            "max_supply": {"type": ["number", "null"]}, **COMMON_FIELDS}}}}}}, "404": {"description": "unknown token"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "computescope public API", "version": __version__,
                 "description": "Every list is a JSON array of flat objects carrying source and observed_at; add ?format=csv for CSV. "
                                "Read-only but for signed node intake (POST /nodes/register, POST /reports, POST /reports/batch); any other method answers 405."},
        "paths": declare_contract(paths),
    }


# What every route enforces, declared once over the whole table: statuses, CSV, parameter patterns and ranges.
TEXT_ARG = "^(?:[A-Za-z0-9 ._\\-]{1,64})?$"  # explorer/api/http.py arg()'s default; empty is the same as absent
PATTERNS = {"symbol": "^[A-Za-z0-9]{1,12}$", "node_id": "^" + NODE_ID.pattern + "$", "model": "^[A-Za-z0-9 ._-]{1,64}$"}
RANGES = {"years": (1, MAX_YEARS), "runs": (1, MAX_RUNS), "steps_per_year": (1, MAX_STEPS_PER_YEAR), "seed": (0, 2**63 - 1),
          "offset": (0, 10**9)}
HEX = {"public_key": 64, "nonce": 32, "signature": 128}
ENVELOPE = {"type": "object", "required": ["public_key", "nonce", "timestamp", "signature"], "properties": {
    **{k: {"type": "string", "pattern": f"^[0-9a-f]{{{n}}}$"} for k, n in HEX.items()}, "timestamp": {"type": "integer"}}}
ERROR = {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}}}
READ_STATUSES = {"400": "a parameter has a bad value; the error names it and its limit",
                 "404": "no such route, token, node or model",
                 "405": "any method but GET and HEAD (Allow: GET, HEAD)"}
WRITE_STATUSES = {"405": "any method but POST (Allow: POST)",
                  "413": "a body larger than 1 MiB",
                  "429": "over the per-address or overall quota, or too many registrations that proved nothing yet; see Retry-After"}
NODE_ENUMS = {"network": NETWORK_SLUGS, "status": STATUSES, "sort": tuple(sorted(SORTABLE))}
BUDGETS = (f"Cost budget: years × steps_per_year ≤ {MAX_TIMESTEPS:,} and runs × years × steps_per_year ≤ {MAX_PATH_STEPS:,} "
           "(about a second of work); a request over it answers 400 naming the limit.")


def _constrain(param: dict[str, Any]) -> None:
    schema = param.setdefault("schema", {"type": "string"})
    name = param["name"]
    if name in RANGES:
        schema.update(type="integer", minimum=RANGES[name][0], maximum=RANGES[name][1])
    elif name in PARAM_SPECS and PARAM_SPECS[name].kind == "number":
        spec = PARAM_SPECS[name]
        schema.update({"type": "number", "maximum": spec.hi, "exclusiveMinimum" if spec.lo_open else "minimum": spec.lo})
    elif schema.get("type") == "string" and "enum" not in schema and "pattern" not in schema:
        schema["pattern"] = PATTERNS.get(name, TEXT_ARG) if param["in"] == "path" else TEXT_ARG


def declare_contract(paths: dict[str, Any]) -> dict[str, Any]:
    """Every status, content type and parameter constraint the server enforces, on every operation."""
    for path, item in paths.items():
        for method, op in item.items():
            statuses = READ_STATUSES if method == "get" else WRITE_STATUSES
            for code, text in statuses.items():
                op["responses"].setdefault(code, {"description": text})
                op["responses"][code].setdefault("content", ERROR)
                if code == "405":
                    op["responses"][code]["headers"] = {"Allow": {"schema": {"type": "string"}}}
                if code == "429":
                    op["responses"][code]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
            params = op.get("parameters", [])
            for param in params:
                if path.startswith("/api/v1/nodes") and param["name"] in NODE_ENUMS:
                    param.setdefault("schema", {"type": "string"})["enum"] = list(NODE_ENUMS[param["name"]])
                _constrain(param)
            if any(p["name"] == "format" for p in params):
                ok = op["responses"].setdefault("200", {"description": "OK"})
                ok.setdefault("content", {"application/json": {}})["text/csv"] = {"schema": {"type": "string"}}
            if "requestBody" in op:
                schema = {**ENVELOPE, "properties": {**ENVELOPE["properties"]}}
                if path.endswith("/register"):
                    schema["required"] = [*ENVELOPE["required"], "kind"]
                    schema["properties"]["kind"] = {"const": "register"}
                if path.endswith("/batch"):
                    schema = {"type": "object", "required": ["reports"],
                              "properties": {"reports": {"type": "array", "minItems": 1, "maxItems": 1000, "items": schema}}}
                op["requestBody"]["content"]["application/json"]["schema"] = schema
            if path.endswith("/simulate"):
                op["description"] = BUDGETS
    return paths
