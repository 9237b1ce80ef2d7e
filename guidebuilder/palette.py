"""The built-in theme colors and icon names that themes take when they name none.

PALETTE      12 colors, distinct for color-blind readers and readable as text on white
ICON_NAMES   the built-in icons every version provides (docs/content-format.md, "Theme")
"""

# Paul Tol's "muted" and "bright" schemes and Okabe-Ito, darkened where needed so every
# color has at least 4.5:1 contrast on white (readable as text).
PALETTE = (
    "#1F5F99",  # blue
    "#B04A00",  # vermilion
    "#117755",  # bluish green
    "#88226A",  # reddish purple
    "#7A6500",  # olive yellow
    "#A41E34",  # wine
    "#0B6E8A",  # cyan
    "#5A4BA0",  # indigo
    "#6B6B00",  # olive
    "#8E4A2B",  # brown
    "#2E7D32",  # green
    "#5D5D5D",  # gray
)

ICON_NAMES = (
    "anchor", "bell", "bird", "book", "butterfly", "candle", "chain", "clock", "coin",
    "compass", "crown", "door", "eye", "feather", "flame", "flower", "hand", "heart",
    "hourglass", "house", "key", "leaf", "letter", "mask", "mirror", "moon", "scales",
    "ship", "skull", "star", "sun", "sword", "tear", "tree", "wave",
)
