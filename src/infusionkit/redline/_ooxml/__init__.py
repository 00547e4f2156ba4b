"""Private OOXML layer: every piece of raw WordprocessingML lives here.

- ``package``: safe package reading (size caps, no DTDs, VBA and encryption refused) and writing
- ``blocks``: paragraphs (characters and atomic objects), tables, cells as small objects
- ``tracked``: the writer of tracked changes (kept, deleted, inserted, modified blocks)
- ``relations``, ``notes``: relationships, imports from ORIGINAL, note and header parts
- ``document``, ``comments``, ``views``, ``checks``: finding and editing paragraphs, comments,
  accept/reject views, consistency checks and change counts

The modules above it (``engine``, ``edits``, ``build``, ``api``) never touch XML.
"""
