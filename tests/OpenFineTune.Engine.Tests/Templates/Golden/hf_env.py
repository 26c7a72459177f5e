"""Python Jinja2 configured as transformers' _compile_jinja_template (utils/chat_template_utils.py) does:
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, loopcontrols, {% generation %} rendering
its body as transformers' AssistantTracker does when not tracking), tojson = json.dumps with
ensure_ascii=False, raise_exception -> TemplateError, strftime_now, and render(messages, tools, documents,
add_generation_prompt, **kwargs). Used only to produce reference outputs for the C# tests (Jinja2 3.1.6)."""
import datetime, json
import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

FIXED_NOW = datetime.datetime(2024, 9, 5, 14, 30, 0)  # the clock the C# tests inject for strftime_now


class Generation(jinja2.ext.Extension):
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render"), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def environment(now=FIXED_NOW):
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols, Generation])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: now.strftime(fmt)
    return env


def render(template, messages, add_generation_prompt, extra):
    kwargs = {"tools": None, "documents": None, **extra}
    return environment().from_string(template).render(messages=messages, add_generation_prompt=add_generation_prompt, **kwargs)
