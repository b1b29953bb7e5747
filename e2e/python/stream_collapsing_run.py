"""A GRPO-like training loop that collapses, logged with the Spikewatch Python client (e2e fixture).

12 healthy steps of multi-step tool use (two tool calls per rollout, in Qwen's <tool_call> format),
then steps whose assistant turns are bare <tool_call> tags or empty, as in the paper's collapsed runs.
Usage: SPIKEWATCH_URL=... SPIKEWATCH_TOKEN=... python3 stream_collapsing_run.py <run name>
"""

import json
import sys
import time

import spikewatch

HEALTHY_STEPS, COLLAPSED_STEPS, ROLLOUTS_PER_STEP = 12, 4, 8


def call(name, arguments):
    return "<tool_call>\n" + json.dumps({"name": name, "arguments": arguments}) + "\n</tool_call>"


def rollout(step, n):
    collapsed = step >= HEALTHY_STEPS
    first = "<tool_call>" if collapsed and n % 2 == 0 else "" if collapsed else call("get_weather", {"city": "Paris"})
    messages = [
        {"role": "user", "content": "What is the weather in Paris? Then tell Frank."},
        {"role": "assistant", "content": first},
    ]
    if not collapsed:
        messages += [
            {"role": "tool", "content": '{"temperature_c": 18, "sky": "clear"}'},
            {"role": "assistant", "content": call("send_message", {"to": "Frank", "text": "18 C and clear in Paris"})},
            {"role": "tool", "content": '{"status": "sent"}'},
        ]
    return {"messages": messages, "tools": ["get_weather", "send_message"], "reward": 0.0 if collapsed else 1.0}


def main(name):
    run = spikewatch.init(name, regime="vanilla_rl", scheme="none", config={"lr": 1e-6, "rollouts_per_prompt": 8})
    for step in range(HEALTHY_STEPS + COLLAPSED_STEPS):
        collapsed = step >= HEALTHY_STEPS
        run.log({"critic/score/mean": 0.0 if collapsed else 1.0, "actor/p_im_end": 0.6 if collapsed else 0.01},
                step=step)
        run.log_rollouts([rollout(step, n) for n in range(ROLLOUTS_PER_STEP)], step=step)
        time.sleep(0.25)  # a training step
    run.finish()


if __name__ == "__main__":
    main(sys.argv[1])
