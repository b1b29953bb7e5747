"""`SpikewatchCallback`: logs a `transformers.Trainer` or TRL `GRPOTrainer` run to Spikewatch.

    from spikewatch.integrations.trl import SpikewatchCallback
    trainer = GRPOTrainer(..., callbacks=[SpikewatchCallback(regime="vanilla_rl")])

Uses only this interface of transformers (`TrainerCallback`, `CallbackHandler.call_event`,
`Trainer.log`): `on_train_begin(args, state, control, model=..., ...)` and
`on_log(args, state, control, logs=..., ...)`, `state.global_step`, `state.is_world_process_zero`,
`args.to_dict()`, `args.run_name`, `args.output_dir`, `args.reward_weights` (GRPOConfig).

Metrics: every numeric value of `logs`, at `state.global_step` (evaluation logs keep their `eval_`
prefix). Config: `args.to_dict()`. Rollouts: TRL's GRPOTrainer keeps the prompts, completions and
per-function rewards of its latest generation batch in `trainer._logs` (`prompt`, `completion`,
`rewards` {function name: values}, `advantages`: deques of the generation batch size; TRL's
trl/trainer/grpo_trainer.py, the 0.2x line) or, in earlier releases, `trainer._textual_logs` (the
same without `advantages`), and calls `Trainer.log` after filling it. Each `on_log` sends the samples
not sent before, as the rollouts of the step (`val` split for evaluation logs). Releases without either buffer
give metrics only. The callback reads the trainer from the `Trainer.log` frame that calls `on_log`
(transformers does not pass the trainer to callbacks), or from `trainer=`.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any, Dict, List, Mapping, Optional, Sequence

import spikewatch
from spikewatch.records import metric_value

try:
    from transformers import TrainerCallback
except ImportError:  # transformers absent: the same no-op hooks, so the class still imports and tests run
    class TrainerCallback:  # type: ignore[no-redef]
        def __getattr__(self, event: str) -> Any:
            if event.startswith("on_"):
                return lambda *args, **kwargs: None
            raise AttributeError(event)

COMPLETION_BUFFERS = ("_logs", "_textual_logs")
MAX_FRAMES_TO_TRAINER = 8


class SpikewatchCallback(TrainerCallback):
    def __init__(self, name: Optional[str] = None, regime: Optional[str] = None, scheme: Optional[str] = None,
                 url: Optional[str] = None, token: Optional[str] = None, trainer: Any = None,
                 log_completions: bool = True, **init_options: Any) -> None:
        """Logs to the run the script started with `spikewatch.init`, if one is open; else starts one
        named `name`, `args.run_name`, or the output directory's name, so a run resumed from a
        checkpoint keeps its run. `init_options` go to `spikewatch.init`."""
        self.run: Optional[spikewatch.Run] = None
        self._init = dict(name=name, regime=regime, scheme=scheme, url=url, token=token, **init_options)
        self._trainer = trainer
        self._log_completions = log_completions
        self._seen: set = set()  # identities of the samples in the buffer at the previous on_log
        self._held: Any = None  # that buffer's objects, kept so their identities stay unique

    def on_train_begin(self, args: Any, state: Any, control: Any, model: Any = None, **kwargs: Any) -> None:
        if not state.is_world_process_zero or self.run is not None:
            return
        current = spikewatch.run
        if current is not None and not current.is_finished and self._init["name"] in (None, current.name):
            self.run = current  # the script called spikewatch.init itself
            return
        options = dict(self._init)
        options["name"] = options["name"] or getattr(args, "run_name", None) or \
            os.path.basename(os.path.normpath(str(args.output_dir)))
        options.setdefault("model", getattr(getattr(model, "config", None), "_name_or_path", None))
        self.run = spikewatch.init(config=args.to_dict(), **options)

    def on_log(self, args: Any, state: Any, control: Any, logs: Optional[Mapping[str, Any]] = None,
               **kwargs: Any) -> None:
        if not state.is_world_process_zero or self.run is None:
            return
        logs = dict(logs or {})  # other callbacks edit it (PrinterCallback pops total_flos)
        self.run.log({key: value for key, value in logs.items() if _is_number(value)}, step=state.global_step)
        if self._log_completions:
            split = "val" if any(str(key).startswith("eval_") for key in logs) else "train"
            rollouts = self._new_rollouts(args, split)
            if rollouts:
                self.run.log_rollouts(rollouts, step=state.global_step)

    def _new_rollouts(self, args: Any, split: str) -> List[Dict[str, Any]]:
        """The samples of the trainer's buffer that were not in it at the previous `on_log`, as
        rollouts. Several optimizer steps can share one generation batch, so the buffer often holds
        what was sent already. A sample is known by the identity of its objects: `Tensor.tolist()`
        makes new float objects for every generation's rewards, while the previous buffer's objects
        are kept alive here, so their ids cannot be reused. (Completion text alone cannot tell: equal
        collapsed completions, such as "", are one and the same object in CPython.)"""
        buffer = self._completion_buffer()
        if buffer is None:
            return []
        prompts, completions = list(buffer.get("prompt", ())), list(buffer.get("completion", ()))
        rewards = {str(name): list(values) for name, values in dict(buffer.get("rewards", {})).items()}
        advantages = list(buffer.get("advantages", ()))
        weights = list(getattr(args, "reward_weights", None) or [1.0] * len(rewards))
        seen, self._seen = self._seen, set()
        self._held = (completions, rewards, advantages)
        rollouts = []
        for i, (prompt, completion) in enumerate(zip(prompts, completions)):
            per_function = {name: values[i] for name, values in rewards.items() if i < len(values)}
            meta: Dict[str, Any] = {"rewards": per_function}
            if i < len(advantages):
                meta["advantage"] = advantages[i]
            key = (id(completion), *map(id, per_function.values()), *(map(id, advantages[i:i + 1])))
            self._seen.add(key)
            if key not in seen:
                rollouts.append({**_transcript(prompt, completion), "split": split,
                                 "reward": _total_reward(list(per_function.values()), weights), "meta": meta})
        return rollouts

    def _completion_buffer(self) -> Optional[Mapping[str, Any]]:
        if self._trainer is None:
            self._trainer = _calling_trainer()
        for attribute in COMPLETION_BUFFERS:
            buffer = getattr(self._trainer, attribute, None)
            if isinstance(buffer, Mapping):
                return buffer
        return None


def _calling_trainer() -> Any:
    """The trainer whose `log` method is calling `on_log`: the first caller frame whose `self` has a
    completion buffer (Trainer.log -> CallbackHandler.on_log -> call_event -> on_log)."""
    frame = sys._getframe(1)
    for _ in range(MAX_FRAMES_TO_TRAINER):
        frame = frame.f_back
        if frame is None:
            return None
        candidate = frame.f_locals.get("self")
        if any(isinstance(getattr(candidate, name, None), Mapping) for name in COMPLETION_BUFFERS):
            return candidate
    return None


def _transcript(prompt: Any, completion: Any) -> Dict[str, Any]:
    """A rollout's transcript from TRL's prompt (chat-templated text, plain text, or messages) and
    completion (text decoded without special tokens, or assistant messages)."""
    answer = completion if isinstance(completion, list) else [{"role": "assistant", "content": str(completion)}]
    if isinstance(prompt, list):
        return {"messages": [dict(message) for message in prompt] + answer}
    if "<|im_start|>" in str(prompt) and not isinstance(completion, list):
        return {"text": str(prompt) + str(completion)}
    return {"messages": [{"role": "user", "content": str(prompt)}] + answer}


def _total_reward(values: Sequence[Any], weights: Sequence[float]) -> Optional[float]:
    """GRPOTrainer's reward: the weighted sum over reward functions, skipping those that gave none
    (NaN); None when none gave one."""
    given = [(float(value), float(weight)) for value, weight in zip(values, weights)
             if value is not None and not math.isnan(float(value))]
    return sum(value * weight for value, weight in given) if given else None


def _is_number(value: Any) -> bool:
    try:
        return metric_value(value) is not None
    except TypeError:
        return False
