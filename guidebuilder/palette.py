"""The built-in theme colors and icon names that themes take when they name none; text contrast.

PALETTE      12 colors, distinct for color-blind readers and readable as text on white
ICON_NAMES   the built-in icons every version provides (docs/content-format.md, "Theme")
contrast()   the WCAG 2 contrast ratio of two "#RRGGBB" colors
for_text()   a color darkened (hue kept) until text in it reaches a contrast ratio on a background
"""

TEXT_CONTRAST = 4.5  # WCAG 2 AA for text; large text (LARGE_TEXT points and over) needs LARGE_CONTRAST
LARGE_CONTRAST = 3.0
LARGE_TEXT = 18.0
WHITE = "#FFFFFF"


def _rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(hex_color: str) -> float:
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(hex_color)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = WHITE) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def needed(size: float) -> float:
    """The contrast text of `size` points needs."""
    return LARGE_CONTRAST if size >= LARGE_TEXT else TEXT_CONTRAST


def for_text(hex_color: str, ratio: float = TEXT_CONTRAST, background: str = WHITE) -> str:
    """`hex_color` itself when text in it has `ratio` on `background`, else the lightest darker
    shade of it (same hue) that has."""
    if contrast(hex_color, background) >= ratio:
        return hex_color.upper()
    r, g, b = _rgb(hex_color)
    for step in range(1, 101):
        k = 1 - step / 100
        shade = "#%02X%02X%02X" % tuple(round(v * k * 255) for v in (r, g, b))
        if contrast(shade, background) >= ratio:
            return shade
    return "#000000"

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

# What each built-in icon means: a theme without an icon gets the unused icon whose words best
# match its name (counted twice) and summary; a theme matching none takes the next unused icon.
ICON_KEYWORDS = {
    "heart": ("love", "desire", "romance", "passion", "marriage", "affection", "longing", "lover"),
    "star": ("fate", "destiny", "prophecy", "fortune", "stars", "omen", "dream", "wish"),
    "crown": ("ambition", "power", "king", "queen", "royal", "throne", "authority", "rule", "tyranny", "crown"),
    "sword": ("violence", "war", "battle", "blood", "conflict", "revenge", "murder", "fight", "honor"),
    "skull": ("death", "mortality", "dying", "grave", "decay", "corruption", "dead"),
    "hourglass": ("time", "past", "aging", "age", "youth", "future", "memory", "transience"),
    "clock": ("time", "hours", "routine", "waiting", "punctual", "past"),
    "mask": ("appearance", "reality", "deception", "disguise", "illusion", "pretense", "performance", "acting", "lies"),
    "mirror": ("identity", "self", "reflection", "vanity", "double", "image", "invention"),
    "scales": ("justice", "law", "morality", "moral", "judgment", "fairness", "equality", "ethics", "trial"),
    "coin": ("money", "wealth", "class", "greed", "poverty", "rich", "riches", "economy", "materialism"),
    "eye": ("vision", "sight", "seeing", "watching", "surveillance", "perception", "witness", "blindness"),
    "book": ("knowledge", "education", "learning", "reading", "story", "stories", "language", "wisdom"),
    "key": ("secret", "secrets", "mystery", "truth", "discovery", "hidden"),
    "chain": ("slavery", "oppression", "bondage", "captivity", "prison", "imprisonment", "control", "confinement"),
    "bird": ("freedom", "liberty", "escape", "flight"),
    "house": ("home", "family", "domestic", "belonging", "household", "parents"),
    "tree": ("nature", "roots", "generations", "growth", "wilderness"),
    "leaf": ("seasons", "change", "spring", "autumn", "renewal"),
    "flame": ("anger", "rage", "destruction", "fire", "rebellion", "revolution", "passion"),
    "tear": ("grief", "sorrow", "loss", "mourning", "suffering", "guilt", "regret", "pain"),
    "hand": ("friendship", "loyalty", "work", "labor", "help", "kindness", "duty", "responsibility"),
    "wave": ("sea", "ocean", "water", "storm", "tide"),
    "ship": ("journey", "voyage", "travel", "adventure", "exile"),
    "compass": ("quest", "search", "direction", "exploration", "choice", "choices"),
    "moon": ("night", "sleep", "madness", "darkness", "dreams", "insanity", "unconscious"),
    "sun": ("light", "hope", "enlightenment", "summer", "joy", "happiness"),
    "candle": ("faith", "religion", "god", "spirit", "prayer", "soul", "sin", "grace"),
    "bell": ("warning", "church", "alarm", "call", "conscience"),
    "door": ("opportunity", "threshold", "isolation", "outsider", "exclusion", "passage"),
    "feather": ("innocence", "purity", "lightness", "writing"),
    "flower": ("beauty", "femininity", "youth", "innocence", "bloom"),
    "butterfly": ("transformation", "metamorphosis", "rebirth", "growing"),
    "letter": ("communication", "letters", "messages", "correspondence", "news"),
    "anchor": ("stability", "steadfastness", "loyalty", "hope", "constancy"),
}
