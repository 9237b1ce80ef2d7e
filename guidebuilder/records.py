"""@dataclass: dataclasses whose methods come compiled with the package instead of at every start.

Python's dataclasses write each class's __init__, __repr__, __eq__, __hash__ (and, frozen,
__setattr__ and __delattr__; ordered, __lt__ and the rest) as source text and compile it when the
class is created: for our 33 classes 193 compilations, about 25 ms of every start (a twelfth of
a 12-chapter build, all of it before the second core can start). `recordbake.py` writes the same
methods, by the rules dataclasses follows, as the source of `records_baked.py`, which Python
compiles once into its .pyc like any other module.

Our modules import `dataclass` from here instead of from dataclasses: the same decorator, with the
options we use (frozen, order). When records_baked.py holds methods made for the class as it is now
(key(): its fields' names, annotations and defaults, and the options), dataclasses is asked for
the fields alone (init, repr and eq off: nothing to compile) and the baked methods are put on;
otherwise the class is made by dataclasses.dataclass: the same class, only slower. Either way it
is a dataclass (fields(), replace(), asdict() work). tests/test_records.py holds the committed
module to what the bake makes, every one of our dataclasses to its baked methods, and each baked
class to the one dataclasses makes from the same declaration.
"""
from __future__ import annotations

import dataclasses

MADE: dict[str, dict] = {}  # "module.Class" -> its class, key, options, whether baked: for the bake and tests
_MISSING = dataclasses.MISSING
_dataclass = dataclasses.dataclass
GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
             "__lt__", "__le__", "__gt__", "__ge__")


def dataclass(cls=None, /, *, frozen: bool = False, order: bool = False):
    def make(cls):
        name = f"{cls.__module__}.{cls.__qualname__}"
        declared = {"key": key(cls, frozen, order), "doc": cls.__doc__ is not None, "frozen": frozen, "order": order,
                    "own": [m for m in GENERATED if m in cls.__dict__]}
        baked = _baked().get(name)
        fits = baked is not None and baked[0] == declared["key"]
        made = _with_baked(cls, baked, frozen, order) if fits else _dataclass(cls, frozen=frozen, order=order)
        MADE[name] = dict(declared, cls=made, baked=fits)
        return made

    return make if cls is None else make(cls)


def key(cls, frozen: bool, order: bool) -> tuple:
    """What the baked methods of `cls` depend on, read from its declaration (before dataclasses
    has processed it): the options, and each field's name, annotation and default (a
    default_factory by name). A field() with anything but a default_factory is not baked."""
    fields = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        default = cls.__dict__.get(name, _MISSING)
        if isinstance(default, dataclasses.Field):
            factory = default.default_factory
            if default.default is not _MISSING or repr(default) != repr(dataclasses.field(default_factory=factory)):
                return ("not baked: a field() with more than a default_factory",)
            fields.append((name, repr(annotation), "factory", f"{factory.__module__}.{factory.__qualname__}"))
        elif default is not _MISSING:
            fields.append((name, repr(annotation), "default", repr(default)))
        else:
            fields.append((name, repr(annotation)))
    return (frozen, order, tuple(fields))


def _baked() -> dict:
    try:
        from .records_baked import METHODS
    except ImportError:  # pragma: no cover - being baked for the first time
        return {}
    return METHODS


def _with_baked(cls, baked: tuple, frozen: bool, order: bool):
    _, doc, factory = baked
    if cls.__doc__ is None:
        cls.__doc__ = doc  # what dataclasses would write, from the signature of __init__
    cls = _dataclass(cls, init=False, repr=False, eq=False)  # the fields alone
    params = cls.__dataclass_params__
    params.init = params.repr = params.eq = True
    params.frozen, params.order = frozen, order
    for name, method in factory(cls, dataclasses.fields(cls)).items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)  # the bake refuses a class that writes one of them itself
    return cls
