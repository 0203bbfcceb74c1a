{% macro rows(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}{% set pre = '#' %}{% call(item, n) rows(['a', 'b']) %}{{ pre }}{{ n }}={{ item }} {% endcall %}
