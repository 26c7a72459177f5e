"""Renders every chat template under ../shared/fixtures on a fixed set of conversations with Python Jinja2 set up
as transformers does (hf_env.py) and writes fixture-cases.json: the Hugging Face output (or the message of the
exception it raises) per case. Usage: python3 make_fixture_golden.py ../../../../../shared/fixtures"""
import json, os, sys
import jinja2
from hf_env import render

SYSTEM = {"role": "system", "content": "You are a helpful assistant"}
TURNS = [
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "Hi there"},
    {"role": "user", "content": "Who are you"},
    {"role": "assistant", "content": "   I am an assistant   "},
    {"role": "user", "content": "Another question ünïcödé 🙂"},
]
TOOL = {"type": "function", "function": {"name": "get_weather", "description": "Get the weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}}, "required": ["city"]}}}
TOOL_TURNS = [
    {"role": "user", "content": "What is the weather in Paris?"},
    {"role": "assistant", "content": "", "tool_calls": [{"id": "call00001", "type": "function",
        "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
    {"role": "tool", "tool_call_id": "call00001", "name": "get_weather", "content": "22"},
    {"role": "assistant", "content": "It is 22 degrees in Paris."},
    {"role": "user", "content": "Thanks"},
]
OUT_OF_ORDER = [{"role": "assistant", "content": "I speak first"}, {"role": "user", "content": "Hello"}]

TEMPLATES = {
    "qwen2.5-instruct": ("qwen2.5-instruct/tokenizer_config.json", "<|endoftext|>", "<|im_end|>", True),
    "llama-3.2-instruct": ("llama-3.2-instruct/chat_template.jinja", "<|begin_of_text|>", "<|eot_id|>", True),
    "llama-3.1-instruct": ("chat-templates/llama.cpp/meta-llama-Llama-3.1-8B-Instruct.jinja", "<|begin_of_text|>", "<|eot_id|>", True),
    "smollm2-instruct": ("smollm2-instruct/tokenizer_config.json", "<|im_start|>", "<|im_end|>", False),
    "tinyllama-chat": ("tinyllama-chat/chat_template.jinja", "<s>", "</s>", False),
    "phi-3.5-mini": ("chat-templates/llama.cpp/microsoft-Phi-3.5-mini-instruct.jinja", "<s>", "<|endoftext|>", False),
    "gemma-2-2b-it": ("chat-templates/llama.cpp/google-gemma-2-2b-it.jinja", "<bos>", "<eos>", False),
    "mistral-nemo": ("chat-templates/llama.cpp/mistralai-Mistral-Nemo-Instruct-2407.jinja", "<s>", "</s>", True),
    "mistral-v3-spm": ("mistral-7b-instruct-v0.3/mistral-common-v3_spm.jinja", "<s>", "</s>", True),
    "qwen2.5-7b-instruct (llama.cpp copy)": ("chat-templates/llama.cpp/Qwen-Qwen2.5-7B-Instruct.jinja", "<|endoftext|>", "<|im_end|>", True),
    "llama-3.2-3b-instruct (llama.cpp copy)": ("chat-templates/llama.cpp/meta-llama-Llama-3.2-3B-Instruct.jinja", "<|begin_of_text|>", "<|eot_id|>", True),
}


def source(fixtures, path):
    text = open(f"{fixtures}/{path}", encoding="utf-8").read()
    return json.loads(text)["chat_template"] if path.endswith(".json") else text


def tool_turns(key):
    # Mistral templates need 9-character tool call ids.
    turns = json.loads(json.dumps(TOOL_TURNS))
    if key.startswith("mistral"):
        turns[1]["tool_calls"][0]["id"] = turns[2]["tool_call_id"] = "call00001"[:9]
        turns[1]["content"] = None
    return turns


def conversations(key, supports_tools):
    yield "system, multi-turn, generation prompt", [SYSTEM] + TURNS, True, {}
    yield "system, multi-turn, no generation prompt", [SYSTEM] + TURNS, False, {}
    yield "no system, generation prompt", TURNS, True, {}
    yield "no system, ends with assistant", TURNS[:4], False, {}
    yield "roles out of order", OUT_OF_ORDER, True, {}
    if key.startswith("llama-3"):
        yield "explicit date_string", [SYSTEM] + TURNS[:1], True, {"date_string": "01 Jan 2025"}
    if supports_tools:
        yield "tools and a tool call", [SYSTEM] + tool_turns(key), True, {"tools": [TOOL]}


def mistral_common_samples(fixtures):
    """The mistral-common samples as sent (string tool arguments, JSON tool results): Hugging Face's rendering."""
    path = TEMPLATES["mistral-v3-spm"][0]
    samples = f"{fixtures}/mistral-7b-instruct-v0.3/mistral-common-samples"
    for name in sorted(os.listdir(samples)):
        sample = json.load(open(f"{samples}/{name}/sample.json", encoding="utf-8"))
        extra = {"bos_token": "<s>", "eos_token": "</s>", "tools": sample.get("tools")}
        yield {"template": "mistral-v3-spm", "path": path, "name": f"mistral-common sample {name}", "messages": sample["messages"],
               "add_generation_prompt": False, "extra": extra,
               "expected": render(source(fixtures, path), sample["messages"], False, extra)}


def main(fixtures):
    out = []
    for key, (path, bos, eos, supports_tools) in TEMPLATES.items():
        template = source(fixtures, path)
        for name, messages, agp, extra in conversations(key, supports_tools):
            case = {"template": key, "path": path, "name": name, "messages": messages, "add_generation_prompt": agp,
                    "extra": {"bos_token": bos, "eos_token": eos, **extra}}
            try:
                case["expected"] = render(template, messages, agp, case["extra"])
            except jinja2.exceptions.TemplateError as e:
                case["error"] = str(e)
            out.append(case)
    out.extend(mistral_common_samples(fixtures))
    json.dump(out, open("fixture-cases.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(len(out), "cases,", sum("error" in c for c in out), "errors")


if __name__ == "__main__":
    main(sys.argv[1])
