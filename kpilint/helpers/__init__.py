"""Helpers for rule authors, grouped by meaning; the built-in rules use the
same ones.

- :mod:`kpilint.helpers.fields`: reading fields and paths of a document
  (``dig``, ``kpi_data``, ``spec_of``, ``kpi_specs``, ``open_kpi_specs``
  without the closed KPIs, ``missing``...);
- :mod:`kpilint.helpers.dates`: dates and periods (``parse_date``,
  ``Timeframe``, ``timeframe``...);
- :mod:`kpilint.helpers.formatting`: numbers and lists in messages
  (``show_number``, ``listing``, ``quote_list``, ``with_article``...);
- :mod:`kpilint.helpers.cascade`: levels and parents (``LEVEL_RANK``,
  ``level``, ``unique_kpis``, ``parent_of``, ``children_of``).

Every helper answers ``None`` (or leaves an item out) for anything that is
not well formed, so a rule computes only from values that make sense and
leaves malformed input to the schema check (V001).
"""
