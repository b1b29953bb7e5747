"""How logged values become request bodies, and how a 422 names the items to drop."""

import json
import math
import unittest
from fractions import Fraction

from spikewatch.records import METRICS, ROLLOUTS, batch_body, metric_records, rejected_indices, rollout_item


def strict_json(text):
    """json.loads refusing the bare NaN/Infinity tokens Python's own encoder would write."""
    def refuse(token):
        raise ValueError(f"not JSON: {token}")
    return json.loads(text, parse_constant=refuse)


class MetricValues(unittest.TestCase):
    def test_non_finite_values_travel_as_the_strings_the_server_reads(self):
        records, problems = metric_records({"loss": math.nan, "kl": math.inf, "grad": -math.inf, "lr": 1e-6}, step=7)
        body = strict_json(batch_body(METRICS, records[0].items))
        self.assertEqual(problems, [])
        self.assertEqual(body, {"points": [
            {"step": 7, "key": "loss", "value": "NaN"},
            {"step": 7, "key": "kl", "value": "Infinity"},
            {"step": 7, "key": "grad", "value": "-Infinity"},
            {"step": 7, "key": "lr", "value": 1e-6},
        ]})

    def test_numbers_of_any_real_type_are_kept_and_none_is_skipped(self):
        records, problems = metric_records({"a": 3, "b": True, "c": Fraction(1, 4), "d": None}, step=0)
        values = {p["key"]: p["value"] for p in strict_json(batch_body(METRICS, records[0].items))["points"]}
        self.assertEqual(values, {"a": 3, "b": 1.0, "c": 0.25})
        self.assertEqual(problems, [])

    def test_values_that_are_not_one_number_are_reported_and_left_out(self):
        records, problems = metric_records({"ok": 1.5, "text": "high", "pair": [1, 2], "": 2.0}, step=3)
        self.assertEqual([p["key"] for p in strict_json(batch_body(METRICS, records[0].items))["points"]], ["ok"])
        self.assertEqual(len(problems), 3)
        self.assertIn("'text': expected a number, got str", problems[0])

    def test_large_calls_are_split_into_records_within_the_batch_limit(self):
        records, _ = metric_records({f"k{i}": float(i) for i in range(45_000)}, step=1)
        self.assertEqual([len(r.items) for r in records], [20_000, 20_000, 5_000])


class Rollouts(unittest.TestCase):
    def test_a_nan_reward_is_sent_as_no_reward_and_other_non_finite_numbers_as_markers(self):
        body = strict_json(rollout_item({"step": 2, "sampleId": "2-0", "text": "x", "reward": math.nan,
                                         "meta": {"advantage": -math.inf, "rewards": [math.nan, 1.0]}}))
        self.assertIsNone(body["reward"])
        self.assertEqual(body["meta"], {"advantage": "-Infinity", "rewards": ["NaN", 1.0]})

    def test_values_that_are_not_json_are_refused(self):
        with self.assertRaisesRegex(TypeError, "object is not a JSON value"):
            rollout_item({"step": 0, "text": "x", "meta": {"handle": object()}})


class Refusals(unittest.TestCase):
    def test_issue_paths_name_the_items_to_drop(self):
        # Issue paths as the server writes them (lib/server/errors.ts issuePath; ingest-rollouts.ts prefixes
        # the transcript parser's paths with rollouts.<i>).
        issues = [
            {"path": "rollouts.3.messages[2].role", "message": "unknown role"},
            {"path": "rollouts.3.reward", "message": "must be a finite number"},
            {"path": "rollouts.12.evalKind", "message": "only with split eval"},
            {"path": "rollouts", "message": "too many"},
            {"path": "points.1.value", "message": "not a number"},
        ]
        self.assertEqual(rejected_indices(ROLLOUTS, issues), {
            3: "rollouts.3.messages[2].role: unknown role",
            12: "rollouts.12.evalKind: only with split eval",
        })
        self.assertEqual(list(rejected_indices(METRICS, issues)), [1])


if __name__ == "__main__":
    unittest.main()
