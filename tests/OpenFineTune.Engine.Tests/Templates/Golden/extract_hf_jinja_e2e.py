"""Copies the chat-template cases that huggingface.js records in packages/jinja/test/e2e.test.js (53 real Hub
templates with conversation data and the expected text) into hf-jinja-e2e-cases.json. Source:
huggingface/huggingface.js @ fe42e6801. A case is kept only when Python Jinja2 set up as transformers (hf_env.py)
renders the same text, so every kept target is Hugging Face's output; the script prints the ones dropped.
The JS test mocks the clock to 2025-07-10T12:00:00Z, and so does the C# test. "fixture" names the
../shared/fixtures template a case's template is byte-identical to, if any.
Usage: python3 extract_hf_jinja_e2e.py e2e.test.js FIXTURES"""
import datetime, json, subprocess, sys
from hf_env import environment

JS_NOW = datetime.datetime(2025, 7, 10, 12, 0, 0)
FIXTURES = [
    "tinyllama-chat/chat_template.jinja",
    "chat-templates/llama.cpp/meta-llama-Llama-3.1-8B-Instruct.jinja",
    "chat-templates/llama.cpp/Qwen-Qwen2.5-7B-Instruct.jinja",
    "chat-templates/llama.cpp/mistralai-Mistral-Nemo-Instruct-2407.jinja",
    "chat-templates/llama.cpp/meta-llama-Llama-3.2-3B-Instruct.jinja",
]


def load_cases(js_path):
    lines = open(js_path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("const EXAMPLE_CHAT"))
    end = next(i for i, l in enumerate(lines) if l.startswith("const TEST_CUSTOM_FORMATTING"))
    script = "\n".join(lines[start:end]) + "\nprocess.stdout.write(JSON.stringify([TEST_DEFAULT_TEMPLATES, TEST_CUSTOM_TEMPLATES]));"
    defaults, custom = json.loads(subprocess.run(["node"], input=script, capture_output=True, check=True, text=True).stdout)
    return {**{f"default: {k}": v for k, v in defaults.items()}, **custom}


def main(js_path, fixtures):
    templates = {p: open(f"{fixtures}/{p}", encoding="utf-8").read() for p in FIXTURES}
    out = []
    for name, case in load_cases(js_path).items():
        try:
            python = environment(JS_NOW).from_string(case["chat_template"]).render(**case["data"])
        except Exception as e:
            python = f"<error {e}>"
        if python != case["target"]:
            print("dropped, Jinja2 renders differently:", name, file=sys.stderr)
            continue
        fixture = next((p for p, t in templates.items() if t == case["chat_template"]), None)
        out.append({"name": name, "fixture": fixture, "template": case["chat_template"], "data": case["data"], "target": case["target"]})
    json.dump(out, open("hf-jinja-e2e-cases.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(len(out), "cases,", sum(c["fixture"] is not None for c in out), "on fixture templates")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
