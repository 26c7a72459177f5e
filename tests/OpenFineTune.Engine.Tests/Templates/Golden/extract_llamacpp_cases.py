"""Extracts the expected chat-template outputs recorded in llama.cpp's tests/test-chat-template.cpp into
llamacpp-cases.json (test data only: name, template, bos/eos, expected text). Source used: ggml-org/llama.cpp
as mirrored in ye-NX/llama.cpp @ 1eeb523c3e0c7ffbd59469f5463dcbdecba3535e (the commit ../shared/fixtures took
its templates from). Usage: git show 1eeb523c:tests/test-chat-template.cpp > tct.cpp; python3 extract_llamacpp_cases.py tct.cpp

llama.cpp renders with its own engine and, for templates that reject or drop a system message, merges the
system message into the first user message ("<system>\n<user>") before rendering. Each case records whether
that happened ("system_merged"), decided by rendering the original conversation with Python Jinja2 configured
as transformers does (hf_env.py); the C# test then feeds the same conversation Hugging Face would get.
"""
import json, re, sys
from hf_env import render

FIELDS = ["name", "template_str", "expected_output", "expected_output_jinja", "bos_token", "eos_token", "supported_with_jinja"]
ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
CONVERSATION = [
    {"role": "system", "content": "You are a helpful assistant"},
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "Hi there"},
    {"role": "user", "content": "Who are you"},
    {"role": "assistant", "content": "   I am an assistant   "},
    {"role": "user", "content": "Another question"},
]


def c_string(text, i):
    out, i = [], i + 1
    while text[i] != '"':
        if text[i] == "\\":
            out.append(ESC[text[i + 1]]); i += 2
        else:
            out.append(text[i]); i += 1
    return "".join(out), i + 1


def field_values(chunk):
    strings, i = [], 0
    while i < len(chunk):
        if chunk.startswith("//", i):
            i = chunk.index("\n", i)
        elif chunk[i] == '"':
            s, i = c_string(chunk, i); strings.append(s)
        else:
            i += 1
    if strings:
        return "".join(strings)
    return "false" not in chunk


def cases(source):
    body = source[source.index("std::vector<TestCase> test_cases {"):source.index("std::vector<char> formatted_chat")]
    for block in body.split("/* .name= */")[1:]:
        marks = [(m.start(), m.end(), m.group(1)) for m in re.finditer(r"/\* \.(\w+)=? \*/", block)]
        case = {"name": field_values(block[:marks[0][0]])}
        for k, (s, e, key) in enumerate(marks):
            stop = marks[k + 1][0] if k + 1 < len(marks) else len(block)
            case[key] = field_values(block[e:stop])
        yield case


def merged(conversation):
    system, first = conversation[0], conversation[1]
    return [{"role": "user", "content": system["content"] + "\n" + first["content"]}] + conversation[2:]


def main(path):
    out = []
    for case in cases(open(path, encoding="utf-8").read()):
        if case.get("supported_with_jinja") is False or "extra_conversation" in case:
            continue
        expected = case.get("expected_output_jinja") or case["expected_output"]
        bos, eos = case.get("bos_token", ""), case.get("eos_token", "")
        try:
            direct = render(case["template_str"], CONVERSATION, True, {"bos_token": bos, "eos_token": eos})
            system_merged = CONVERSATION[0]["content"] not in direct
        except Exception:
            system_merged = True
        conversation = merged(CONVERSATION) if system_merged else CONVERSATION
        reference = render(case["template_str"], conversation, True, {"bos_token": bos, "eos_token": eos})
        if reference != expected:
            print("Jinja2 disagrees with llama.cpp, skipped:", case["name"], file=sys.stderr)
            continue
        out.append({"name": case["name"], "template": case["template_str"], "bos_token": bos, "eos_token": eos,
                    "system_merged": system_merged, "expected": expected})
    json.dump(out, open("llamacpp-cases.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(len(out), "cases")


if __name__ == "__main__":
    main(sys.argv[1])
