"""Copies the expected outputs that huggingface.js records in packages/jinja/test/e2e.test.js (targets produced
with Python transformers) for the templates that are byte-identical to a template in ../shared/fixtures, into
hf-jinja-e2e-cases.json (conversation data + target only; the template is read from the fixture in the test).
Source: huggingface/huggingface.js @ fe42e6801. Usage: python3 extract_hf_jinja_e2e.py e2e.test.js FIXTURES"""
import json, subprocess, sys

FIXTURES = {
    "tinyllama-chat/chat_template.jinja",
    "chat-templates/llama.cpp/meta-llama-Llama-3.1-8B-Instruct.jinja",
    "chat-templates/llama.cpp/Qwen-Qwen2.5-7B-Instruct.jinja",
}


def load_cases(js_path):
    lines = open(js_path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("const EXAMPLE_CHAT"))
    end = next(i for i, l in enumerate(lines) if l.startswith("const TEST_CUSTOM_FORMATTING"))
    script = "\n".join(lines[start:end]) + "\nprocess.stdout.write(JSON.stringify(TEST_CUSTOM_TEMPLATES));"
    return json.loads(subprocess.run(["node"], input=script, capture_output=True, check=True, text=True).stdout)


def main(js_path, fixtures):
    templates = {p: open(f"{fixtures}/{p}", encoding="utf-8").read() for p in FIXTURES}
    out = []
    for name, case in load_cases(js_path).items():
        path = next((p for p, t in templates.items() if t == case["chat_template"]), None)
        if path:
            out.append({"name": name, "path": path, "data": case["data"], "target": case["target"]})
    json.dump(out, open("hf-jinja-e2e-cases.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(len(out), "cases")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
