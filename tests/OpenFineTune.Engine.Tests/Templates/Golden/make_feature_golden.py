"""Small templates exercising one Jinja feature each, rendered by Python Jinja2 set up as transformers does
(hf_env.py) into feature-cases.json: {template, variables, expected | error}. Usage: python3 make_feature_golden.py"""
import json
import jinja2
from hf_env import environment

V = {"messages": [{"role": "user", "content": "  Hi  "}, {"role": "assistant", "content": "Yo", "tool_calls": None}],
     "d": {"b": 1, "a": [1, 2.5, "x"], "c": {"z": None, "y": True}}, "n": 7, "f": 2.5, "s": "Hello World", "items": ["b", "a", "c"],
     "text": "line1\nline2\n\nline4", "big": 1e16, "small": 0.0001, "tiny": 1.5e-05, "u": "naïve ☃ \"q\" <b>", "e": "a🙂é"}

CASES = [
    # whitespace control with trim_blocks + lstrip_blocks
    "  {% if true %}\n  yes\n  {% endif %}\nend",
    "a  {%- if true -%}  b  {%- endif -%}  c",
    "{% for i in range(3) %}\n    {{ i }}\n{% endfor %}",
    "x {% if true %}y{% endif %} z\n",
    "{# c #}\n  {#- c2 -#}  after",
    "{{ 'a' }}\n{{- 'b' -}}\n{{ 'c' }}",
    "  {%+ if true %}kept{% endif %}",
    "a {% raw %}{{ not }} {% if %}{% endraw %} b\n  {%- raw -%}  x  {%- endraw %}\nc",
    # loops
    "{% for m in messages %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }};{% endfor %}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{% for x in [] %}x{% else %}empty{% endfor %}",
    "{% for x in items if x != 'a' %}{{ loop.index }}{{ x }}{% endfor %}",
    "{% for x in items %}{% if x == 'a' %}{% break %}{% endif %}{{ x }}{% endfor %}",
    "{% for x in items %}{% if x == 'a' %}{% continue %}{% endif %}{{ x }}{% endfor %}",
    "{% for x in items %}{{ loop.previtem }}-{{ loop.nextitem }}|{{ loop.cycle('o', 'e') }};{% endfor %}",
    "{% set x = 1 %}{% for i in range(2) %}{% set x = x + 10 %}{{ x }};{% endfor %}{{ x }}",
    # set, namespace, block set, macros, call
    "{% set ns = namespace(count=0, found=false) %}{% for m in messages %}{% set ns.count = ns.count + 1 %}{% endfor %}{{ ns.count }}{{ ns.found }}",
    "{% set a, b = 1, 2 %}{{ a }}{{ b }}",
    "{% set block %}inner {{ n }}{% endset %}[{{ block }}]",
    "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('Bob') }} {{ greet('Al', punct='?') }}",
    "{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}body{% endcall %}",
    "{% filter upper %}shout {{ s }}{% endfilter %}",
    # literals and operators
    "{{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }} {{ 4 / 2 }} {{ 1.5 + 1 }}",
    "{{ 'a' ~ 1 ~ none ~ true }} {{ 'ab' * 3 }} {{ [1] + [2] }}",
    "{{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' < 'b' }} {{ 1 < 2 < 3 }} {{ 'x' in 'xyz' }} {{ 3 not in [1, 2] }} {{ 'a' in d }}",
    "{{ none }} {{ true }} {{ false }} {{ [1, 'a', none, true, 2.0] }} {{ {'k': 'v', 'n': [1]} }} {{ (1, 2) }}",
    "{{ 'yes' if n > 5 else 'no' }} {{ 'x' if false }}| {{ not n }} {{ n and 'and' }} {{ 0 or 'or' }}",
    "{{ big }} {{ small }} {{ tiny }} {{ f }} {{ 1e3 }} {{ 3.0 }} {{ 0.1 + 0.2 }} {{ 10 / 3 }}",
    "{{ 'it''s' }} {{ \"d\\\"q\" }} {{ 'tab\\tnl\\n' }} {{ '\\u00e9' }}",
    # slicing and indexing
    "{{ items[::-1] }} {{ items[1:] }} {{ items[:-1] }} {{ s[0] }} {{ s[-1] }} {{ s[::2] }} {{ items[-1] }} {{ items.0 }}",
    "{{ messages[0]['role'] }} {{ messages[0].role }} {{ messages[5] is defined }} {{ d.missing is defined }} {{ d['missing'] is undefined }}",
    "{{ e | length }} {{ e[0] }} {{ e[-1] }} {{ e[1:] }} {{ e | list }} {{ e | reverse }}",
    # string methods
    "[{{ messages[0].content.strip() }}][{{ '  x '.lstrip() }}][{{ ' x  '.rstrip() }}][{{ 'xxaxx'.strip('x') }}]",
    "{{ 'a,b,,c'.split(',') }} {{ ' a  b '.split() }} {{ 'a b c'.split(' ', 1) }} {{ s.startswith('He') }} {{ s.endswith(('x', 'ld')) }}",
    "{{ s.upper() }} {{ s.lower() }} {{ 'hello wORLD'.title() }} {{ 'hello World'.capitalize() }} {{ s.replace('l', 'L') }} {{ s.replace('l', 'L', 1) }}",
    "{{ '{} and {}'.format('a', 1) }} {{ '{x}!'.format(x=2) }} {{ ', '.join(items) }} {{ s.find('o') }} {{ s.count('l') }}",
    # dict methods
    "{{ d.keys() | list }} {{ d.values() | list }} {{ d.get('b') }} {{ d.get('q', 'dflt') }} {{ d.get('q') }}",
    # filters
    "[{{ messages[0].content | trim }}] {{ items | length }} {{ s | length }} {{ d | length }} {{ undefined_thing | length }}",
    "{{ nothing | default('dflt') }} {{ '' | default('empty', true) }} {{ none | default('x') }} {{ n | d(0) }}",
    "{{ s | upper }} {{ s | lower }} {{ 'hello wORLD' | capitalize }} {{ 'hello-world (x) [y]' | title }}",
    "{{ items | join('-') }} {{ items | join }} {{ items | first }} {{ items | last }} {{ 'abc' | list }} {{ 42 | string }} {{ d | string }}",
    "{{ '42' | int }} {{ '4.7' | int }} {{ 'x' | int }} {{ 'x' | int(-1) }} {{ 4.9 | int }} {{ '2.5' | float }} {{ 'x' | float }} {{ 3 | float }}",
    "{{ s | replace('o', '0') }} {{ d | items | list }} {{ d | dictsort }} {{ {'b': 2, 'A': 1} | dictsort }} {{ d | dictsort(reverse=true) }}",
    "{{ 2.567 | round }} {{ 2.567 | round(2) }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2.1 | round(0, 'ceil') }} {{ -3 | abs }} {{ -2.5 | abs }}",
    "{{ u | escape }} {{ u | e }} {{ u | safe }} {{ text | indent }} | {{ text | indent(2, true) }} | {{ text | indent(first=true, blank=true) }}",
    "{{ messages | selectattr('role', 'equalto', 'user') | list | length }} {{ messages | rejectattr('role', 'equalto', 'user') | map(attribute='content') | list }}",
    "{{ messages | selectattr('tool_calls', 'undefined') | list | length }} {{ messages | map(attribute='role') | join(',') }} {{ items | map('upper') | list }}",
    "{{ [3, 1, 2] | sort }} {{ items | sort(reverse=true) }} {{ [1, 2, 2, 1] | unique | list }} {{ items | reverse | list }} {{ [1, 2, 3] | sum }} {{ [3, 1] | min }} {{ [3, 1] | max }}",
    "{{ [0, 1, '', 'a', none] | select | list }} {{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3, 4] | reject('even') | list }}",
    "{{ '%s has %d items' | format(s, 3) }} {{ d | attr('keys') is defined }} {{ '%s!' % s }}",
    # tojson
    "{{ d | tojson }}",
    "{{ d | tojson(indent=2) }}",
    "{{ d | tojson(indent=4, sort_keys=true) }}",
    "{{ u | tojson }} {{ u | tojson(ensure_ascii=true) }} {{ [] | tojson(indent=2) }} {{ {} | tojson }} {{ f | tojson }} {{ 'a\\nb\\u0001' | tojson }}",
    "{{ d | tojson(separators=(',', ':')) }}",
    # tests
    "{{ s is string }} {{ n is number }} {{ f is number }} {{ true is number }} {{ n is integer }} {{ f is float }} {{ d is mapping }} {{ items is sequence }} {{ s is iterable }} {{ n is iterable }}",
    "{{ none is none }} {{ true is true }} {{ false is false }} {{ 0 is false }} {{ n is odd }} {{ n is even }} {{ 9 is divisibleby 3 }} {{ 'a' is in items }} {{ n is eq 7 }} {{ n is gt 3 }}",
    "{{ x is not defined }} {{ not x is defined }} {{ d.c.z is none }} {{ messages[1].tool_calls is none }} {{ 'A' is upper }} {{ range is callable }}",
    # errors
    "{{ raise_exception('Custom: ' ~ n) }}",
    "{{ undefined_var.attr }}",
    "{{ 'a' + 1 }}",
    "{{ messages[0].content + undefined_var }}",
    "{% set l = [] %}{{ l.append(1) }}",
]


def main():
    out = []
    for template in CASES:
        case = {"template": template, "variables": V}
        try:
            case["expected"] = environment().from_string(template).render(**V)
        except Exception as e:  # TemplateError, UndefinedError, SecurityError, TypeError: all fail the render
            case["error"] = str(e)
            case["raised_by_template"] = type(e) is jinja2.exceptions.TemplateError
        out.append(case)
    json.dump(out, open("feature-cases.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(len(out), "cases,", sum("error" in c for c in out), "errors")


if __name__ == "__main__":
    main()
