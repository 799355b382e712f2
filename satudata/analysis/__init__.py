"""Statistical analysis: the sampling error of the accuracy assessment (`sampling`, pure Python) and
the descriptive analysis of published releases (`descriptive`, computed by DuckDB in the store),
with the staff analysis page and the narratives (SOP step 12)."""
