"""The omission colour: the window's (ui/colours.py takes it from here) and every export's, one definition."""

# The background of a paragraph without counterpart, so an omission looks the same in the reader, a shared page
# and a Word table. Standard library only: the window imports it at start-up.
OMISSION_HEX = "#ffd8a8"
OMISSION_HEX_DARK = "#6e4a1c"
