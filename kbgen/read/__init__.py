"""Reading: YAML files and docs pages → located data → the typed KnowledgeBase.

Imports nothing of check/, publish/, build/ or tools/.
"""
