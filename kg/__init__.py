"""kg: knowledge graphs of machine-learning papers.

Paper abstracts in; out, what each paper proposes, uses, evaluates on and
compares to (Methods, Models, Datasets, Benchmarks, Tasks, Metrics) as JSON
Lines, RDF, GraphML, Neo4j and an HTML view.

>>> import kg
>>> kg.__version__
'0.1.0'
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
