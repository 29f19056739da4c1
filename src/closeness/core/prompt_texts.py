"""Which texts each file of prompts/ must hold, and the placeholders each may
use: the contract between the code that asks for wording (`prompts.text(file,
section, key, …)`) and the files that give it. The loader (core/prompts.py)
holds every file to it; tests/core/test_wording_keys.py holds the code to it.
"""

from __future__ import annotations

from closeness.core.answers import QUESTION_IDS

# Per file: section -> key -> placeholders that text may use.
TEXT_SECTIONS: dict[str, dict[str, dict[str, frozenset[str]]]] = {
    "checkin.toml": {
        "intro": {
            "title": frozenset({"day"}),
            "title_past": frozenset({"day"}),
            "help": frozenset(),
            "amend_help": frozenset(),
        },
        "invalid": {"score": frozenset()},
        "amend": {
            "message": frozenset({"person", "date"}),
            "kept": frozenset({"date"}),
            "conflict": frozenset({"date"}),
        },
        "saved": {
            "title": frozenset({"day"}),
            "updated": frozenset({"day"}),
            "first_day": frozenset(),
            "streak": frozenset({"streak"}),
            "appreciation": frozenset({"partner", "appreciation"}),
            "appreciation_past": frozenset({"partner", "appreciation"}),
            "no_appreciation": frozenset({"partner"}),
            "setup_tip": frozenset(),
        },
        # How each answer is named when shown back: one label per question.
        "fields": {name: frozenset() for name in QUESTION_IDS},
        "reveal": {
            "intro": frozenset({"person"}),
            "waiting": frozenset({"partner", "day"}),
            "show": frozenset({"person", "day"}),
            "log": frozenset(),
            "export": frozenset({"person", "days"}),
        },
    },
    "setup.toml": {
        "init": {
            "name": frozenset(),
            "partner": frozenset(),
            "day_starts_at": frozenset(),
            "day_starts_at_help": frozenset(),
            "saved": frozenset(),
            "move": frozenset({"old", "new", "count"}),
            "moved": frozenset({"old", "new", "count"}),
            "not_moved": frozenset({"old", "new", "count"}),
        },
        "delete": {
            "confirm": frozenset({"person", "date"}),
            "deleted": frozenset({"person", "date"}),
            "kept": frozenset(),
        },
        "log": {"empty": frozenset(), "no_match": frozenset()},
        "common": {"partner": frozenset(), "cancelled": frozenset(), "interrupted": frozenset()},
        "export": {
            "withheld": frozenset({"count"}),
            "written": frozenset({"count", "path"}),
            "symlink": frozenset({"path", "target"}),
        },
        "import": {
            "done": frozenset({"people", "added", "updated", "deleted", "unchanged"}),
            "reflections": frozenset({"added", "updated", "unchanged"}),
            "empty": frozenset(),
            "next": frozenset(),
        },
    },
    "review.toml": {
        "heading": {
            "title": frozenset({"person", "period"}),
            "together": frozenset({"period"}),
            "checkins": frozenset(),
            "checkins_value": frozenset({"count", "days"}),
            "streak_value": frozenset({"streak"}),
            "closeness": frozenset(),
            "average": frozenset({"average"}),
            "change": frozenset({"arrow", "previous"}),
            "no_previous": frozenset(),
            "needs": frozenset(),
            "moments": frozenset(),
            "appreciations": frozenset(),
            "best": frozenset(),
            "challenges": frozenset(),
            "guidance": frozenset(),
            "guidance_month": frozenset(),
            "reflection": frozenset(),
            "conversations": frozenset(),
            "need_for_partner": frozenset({"person"}),
        },
        "needs": {
            "dominant": frozenset({"level"}),
            "mixed": frozenset(),
            "none_named": frozenset(),
            "none": frozenset(),
        },
        "chart": {
            "no_checkin": frozenset(),
            "conversation": frozenset(),
            "per_day": frozenset(),
            "per_week": frozenset(),
        },
        "lists": {"more": frozenset({"count"})},
        "empty": {
            "no_checkins": frozenset({"person", "period"}),
            "start": frozenset(),
            "no_moments": frozenset(),
            "nothing": frozenset(),
        },
        "conversation": {"intro": frozenset(), "line": frozenset({"day", "scores"})},
        "hidden": {"line": frozenset({"person", "days"})},
    },
    "reflect.toml": {
        "intro": {
            "week": frozenset(),
            "month": frozenset(),
            "saved": frozenset({"period", "partner"}),
            "nothing": frozenset(),
            "amend": frozenset({"period"}),
            "kept": frozenset({"period"}),
        },
    },
    "export.toml": {
        "document": {
            "title": frozenset({"person"}),
            "period": frozenset({"period"}),
            "private_included": frozenset(),
            "empty": frozenset(),
            "chart": frozenset(),
            "chart_description": frozenset({"count", "days", "low", "high"}),
            "reflections": frozenset(),
            "reflection_week": frozenset({"period"}),
            "reflection_month": frozenset({"period"}),
            "footer": frozenset(),
        },
    },
    "rhythm.toml": {
        "status": {
            "nothing_yet": frozenset(),
            "you_done": frozenset(),
            "you_not_yet": frozenset(),
            "partner_done": frozenset({"partner"}),
            "partner_not_yet": frozenset({"partner"}),
            "partner_unknown": frozenset({"partner"}),
            "arrived": frozenset({"when"}),
            "streak": frozenset({"streak"}),
            "streak_one": frozenset(),
            "quiet": frozenset(),
            "today_at": frozenset({"time"}),
            "yesterday_at": frozenset({"time"}),
            "day_at": frozenset({"day", "time"}),
        },
        "remind": {
            "installed": frozenset({"time", "how"}),
            "shown": frozenset({"time", "how"}),
            "none": frozenset(),
            "removed": frozenset({"how"}),
            "nothing_to_remove": frozenset(),
            "how_systemd": frozenset({"path"}),
            "how_cron": frozenset(),
            "how_launchd": frozenset({"path"}),
            "title": frozenset(),
            "fire": frozenset(),
            "fire_partner": frozenset({"partner"}),
        },
    },
}
