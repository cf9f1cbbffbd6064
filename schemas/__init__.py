"""JSON Schemas of the KPI file format (data package)."""
