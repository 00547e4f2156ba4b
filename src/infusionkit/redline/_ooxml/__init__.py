"""Private OOXML layer: safe package reading, small paragraph/table objects, views and marks.

Raw XML stays in this package; the engine above works with :class:`Para`, :class:`Table` and
the helpers exported here.
"""
