"""`journal new` and `journal init`: writing on the road, offline, in a blink.

Kept free of imports: each command imports the module it needs (entry, editor, scaffold).
"""
