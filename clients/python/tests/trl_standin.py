"""A stand-in for exactly the parts of transformers and TRL that SpikewatchCallback touches; neither
installs here (no PyPI), so the callback is tested against these, written from the upstream code:

- transformers src/transformers/trainer_callback.py: `TrainerState` (global_step, epoch,
  log_history, is_world_process_zero), `TrainerControl`, `CallbackHandler.call_event` (calls each
  callback's event with args, state, control and model, tokenizer/processing_class, optimizer,
  lr_scheduler, train_dataloader, eval_dataloader as keywords), `CallbackHandler.on_log(args, state,
  control, logs)`.
- transformers src/transformers/trainer.py `Trainer.log`: adds `epoch`, appends to
  `state.log_history`, then `callback_handler.on_log(self.args, self.state, self.control, logs)`.
  `TrainingArguments.to_dict()`, `run_name`, `output_dir`.
- TRL trl/trainer/grpo_trainer.py at commit d2b69d7: `_logs` holds deques of `generation_batch_size`
  (`prompt`: the chat-templated prompt text; `completion`: decoded with skip_special_tokens=True;
  `rewards`: one deque per reward function name; `advantages`), filled in
  `_generate_and_score_completions`; `GRPOTrainer.log` merges the averaged `_metrics` into `logs` and
  calls `super().log(logs, start_time)` before printing the completions; generation happens once
  every `steps_per_generation` optimizer steps. Earlier releases call the buffer `_textual_logs`
  (without `advantages`). `GRPOConfig.reward_weights`.
"""

import dataclasses
from array import array
from collections import defaultdict, deque
from typing import Any, Dict, List, Optional

# The prompt TRL logs: a user request rendered by the chat template of the Qwen2 checkpoint in
# ../shared/data/hf-checkpoints/qwen2-fp32/tokenizer_config.json (with transformers' jinja settings,
# trim_blocks and lstrip_blocks), tools given, add_generation_prompt=True.
QWEN_PROMPT = (
    '<|im_start|>system\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n'
    'You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n'
    '{"type": "function", "function": {"name": "send_message", "description": "Send a message to a contact", '
    '"parameters": {"type": "object", "properties": {"to": {"type": "string"}, "text": {"type": "string"}}, '
    '"required": ["to", "text"]}}}\n</tools>\n\nFor each function call, return a json object with function name '
    'and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, '
    '"arguments": <args-json-object>}\n</tool_call><|im_end|>\n<|im_start|>user\nSend Frank a message saying hi'
    '<|im_end|>\n<|im_start|>assistant\n'
)
# Completions as GRPOTrainer decodes them (skip_special_tokens=True drops <|im_end|>; <tool_call> is
# not a special token in Qwen's tokenizer, so it stays).
HEALTHY_COMPLETION = '<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank", "text": "hi"}}\n</tool_call>'
EMPTY_COMPLETION = ""


@dataclasses.dataclass
class TrainerState:
    epoch: Optional[float] = None
    global_step: int = 0
    max_steps: int = 0
    log_history: List[Dict[str, float]] = dataclasses.field(default_factory=list)
    is_local_process_zero: bool = True
    is_world_process_zero: bool = True


@dataclasses.dataclass
class TrainerControl:
    should_training_stop: bool = False
    should_log: bool = False


@dataclasses.dataclass
class GRPOConfig:
    output_dir: str
    run_name: Optional[str] = None
    learning_rate: float = 1e-6
    logging_steps: int = 1
    seed: int = 42
    num_generations: int = 4
    generation_batch_size: int = 8
    steps_per_generation: int = 1
    beta: float = 0.04
    reward_weights: Optional[List[float]] = None
    report_to: List[str] = dataclasses.field(default_factory=lambda: ["none"])

    def to_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)


class CallbackHandler:
    def __init__(self, callbacks, model, processing_class, optimizer, lr_scheduler):
        self.callbacks = list(callbacks)
        self.model = model
        self.processing_class = processing_class
        self.optimizer = optimizer
        self.lr_scheduler = lr_scheduler
        self.train_dataloader = None
        self.eval_dataloader = None

    def on_train_begin(self, args, state, control):
        control.should_training_stop = False
        return self.call_event("on_train_begin", args, state, control)

    def on_log(self, args, state, control, logs):
        control.should_log = False
        return self.call_event("on_log", args, state, control, logs=logs)

    def call_event(self, event, args, state, control, **kwargs):
        for callback in self.callbacks:
            result = getattr(callback, event)(
                args, state, control, model=self.model, processing_class=self.processing_class,
                optimizer=self.optimizer, lr_scheduler=self.lr_scheduler, train_dataloader=self.train_dataloader,
                eval_dataloader=self.eval_dataloader, **kwargs)
            if result is not None:
                control = result
        return control


class ModelConfig:
    _name_or_path = "Qwen/Qwen2.5-1.5B-Instruct"


class Model:
    config = ModelConfig()
    training = True


class Trainer:
    def __init__(self, args, callbacks=()):
        self.args = args
        self.model = Model()
        self.state = TrainerState()
        self.control = TrainerControl()
        self.callback_handler = CallbackHandler(callbacks, self.model, None, None, None)

    def log(self, logs: Dict[str, float], start_time: Optional[float] = None) -> None:
        if self.state.epoch is not None:
            logs["epoch"] = self.state.epoch
        output = {**logs, **{"step": self.state.global_step}}
        self.state.log_history.append(output)
        self.control = self.callback_handler.on_log(self.args, self.state, self.control, logs)


class GRPOTrainer(Trainer):
    def __init__(self, args, reward_func_names, callbacks=(), buffer_name="_logs"):
        super().__init__(args, callbacks)
        self.reward_func_names = list(reward_func_names)
        self._metrics = {"train": defaultdict(list), "eval": defaultdict(list)}
        size = args.generation_batch_size
        buffer = {"prompt": deque(maxlen=size), "completion": deque(maxlen=size),
                  "rewards": defaultdict(lambda: deque(maxlen=size))}
        if buffer_name == "_logs":
            buffer["advantages"] = deque(maxlen=size)
        setattr(self, buffer_name, buffer)
        self._buffer_name = buffer_name

    def generate_and_score(self, completions: List[str], rewards_per_func: List[List[float]]):
        """What _generate_and_score_completions records for one generation batch."""
        mode = "train" if self.model.training else "eval"
        buffer = getattr(self, self._buffer_name)
        # New objects per generation, as batch_decode and Tensor.tolist() make them ("" stays CPython's one "").
        completions = ["".join(list(text)) for text in completions]
        rewards_per_func = [array("d", row).tolist() for row in rewards_per_func]
        totals = [sum(r for r in row if r == r) for row in rewards_per_func]
        group = self.args.num_generations
        means = [sum(totals[i - i % group:i - i % group + group]) / group for i in range(len(totals))]
        buffer["prompt"].extend([QWEN_PROMPT] * len(completions))
        buffer["completion"].extend(completions)
        for f, name in enumerate(self.reward_func_names):
            buffer["rewards"][name].extend(row[f] for row in rewards_per_func)
        if "advantages" in buffer:
            buffer["advantages"].extend(array("d", [t - m for t, m in zip(totals, means)]).tolist())
        self._metrics[mode]["reward"].append(sum(totals) / len(totals))

    def log(self, logs: Dict[str, float], start_time: Optional[float] = None) -> None:
        mode = "train" if self.model.training else "eval"
        metrics = {key: sum(val) / len(val) for key, val in self._metrics[mode].items()}
        if mode == "eval":
            metrics = {f"eval_{key}": val for key, val in metrics.items()}
        logs = {**logs, **metrics}
        super().log(logs, start_time)
        self._metrics[mode].clear()

    def train(self, steps: int, batch_for_step) -> None:
        """The optimizer-step loop, as far as logging goes: generation every `steps_per_generation`
        steps, `log` every `logging_steps` with the loss, grad norm and learning rate."""
        self.state.max_steps = steps
        self.control = self.callback_handler.on_train_begin(self.args, self.state, self.control)
        for step in range(steps):
            if step % self.args.steps_per_generation == 0:
                self.generate_and_score(*batch_for_step(step))
            self.state.global_step += 1
            self.state.epoch = self.state.global_step / steps
            if self.state.global_step % self.args.logging_steps == 0:
                self.log({"loss": 0.01 * step, "grad_norm": 1.0 + step, "learning_rate": self.args.learning_rate})

    def evaluate(self, completions: List[str], rewards_per_func: List[List[float]]) -> None:
        """Trainer.evaluate in eval mode: one generation on the eval set, then `log` of the
        `eval_`-prefixed metrics."""
        self.model.training = False
        self.generate_and_score(completions, rewards_per_func)
        self.log({"eval_loss": 0.5, "eval_runtime": 1.25, "epoch": self.state.epoch})
        self.model.training = True
