{#- numerator / denominator as a decimal, or null when the denominator is 0 or null. -#}
{% macro safe_divide(numerator, denominator) -%}
CASE
    WHEN {{ denominator }} IS NULL OR {{ denominator }} = 0 THEN NULL
    ELSE {{ numerator }} * 1.0 / {{ denominator }}
END
{%- endmacro %}
