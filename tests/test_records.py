"""Our dataclasses get their methods from records_baked.py (records.py): the committed module is
what the bake makes, every one of them is baked, each behaves as the class dataclasses makes from
the same fields, and a declaration changed since the bake is made by dataclasses."""
from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest

from guidebuilder import recordbake, records

REPO = Path(__file__).resolve().parents[1]
MADE = recordbake._records()  # imports every module of the package


def test_committed_baked_methods_are_what_the_bake_makes():
    committed = (REPO / "guidebuilder" / "records_baked.py").read_text(encoding="utf-8")
    assert committed == recordbake.source(), "run: python -m guidebuilder.recordbake"


def test_every_dataclass_of_ours_is_baked():
    assert len(MADE) >= 30
    assert [name for name, made in MADE.items() if not made["baked"]] == []


def _twin(cls, made: dict):
    """The class dataclasses makes from the same fields and options."""
    fields = []
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            fields.append((f.name, f.type, dataclasses.field(default_factory=f.default_factory)))
        elif f.default is not dataclasses.MISSING:
            fields.append((f.name, f.type, f.default))
        else:
            fields.append((f.name, f.type))
    namespace = {k: v for k, v in vars(cls).items() if k in ("__str__",)}
    twin = dataclasses.make_dataclass(cls.__name__, fields, frozen=made["frozen"], order=made["order"], namespace=namespace)
    twin.__qualname__ = cls.__qualname__
    return twin


def _values(cls, salt: str) -> dict:
    return {f.name: (f"{salt}{i}", i) for i, f in enumerate(dataclasses.fields(cls))
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


@pytest.mark.parametrize("name", sorted(MADE))
def test_a_baked_class_behaves_as_the_one_dataclasses_makes(name):
    made = MADE[name]
    cls = made["cls"]
    twin = _twin(cls, made)
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert cls.__match_args__ == twin.__match_args__
    if not made["doc"]:
        assert cls.__doc__ == twin.__doc__
    for attr in ("init", "repr", "eq", "order", "unsafe_hash", "frozen"):
        assert getattr(cls.__dataclass_params__, attr) == getattr(twin.__dataclass_params__, attr), attr

    a, a2, b = cls(**_values(cls, "a")), cls(**_values(cls, "a")), cls(**_values(cls, "b"))
    ta, tb = twin(**_values(cls, "a")), twin(**_values(cls, "b"))
    assert repr(a) == repr(ta) and repr(b) == repr(tb)
    assert (a == a2, a == b, a != b, a == ta) == (ta == twin(**_values(cls, "a")), ta == tb, ta != tb, False)
    assert dataclasses.replace(a, **_values(cls, "b")) == b
    if made["frozen"]:
        assert hash(a) == hash(a2) == hash(ta)
        first = dataclasses.fields(cls)[0].name
        for act in (lambda o: setattr(o, first, 1), lambda o: delattr(o, first)):
            messages = []
            for obj in (a, ta):
                with pytest.raises(dataclasses.FrozenInstanceError) as raised:
                    act(obj)
                messages.append(str(raised.value))
            assert messages[0] == messages[1]
    else:
        assert cls.__hash__ is None is twin.__hash__
        first = dataclasses.fields(cls)[0].name
        setattr(a, first, "changed")
        assert getattr(a, first) == "changed"
    if made["order"]:
        assert (a < b, a <= b, a > b, a >= b) == (ta < tb, ta <= tb, ta > tb, ta >= tb)
        with pytest.raises(TypeError):
            a < ta  # noqa: B015 - another class: not comparable, as dataclasses has it


def test_defaults_and_factories_are_those_of_the_declaration():
    from guidebuilder.fields import Ctx
    from guidebuilder.model import Background, Guide

    one, two = Ctx(**_values(Ctx, "x")), Ctx(**_values(Ctx, "x"))
    assert one.problems == [] and one.problems is not two.problems  # a new list each time
    guide_fields = {f.name: f for f in dataclasses.fields(Guide)}
    assert guide_fields["background"].default_factory is Background


def test_a_declaration_changed_since_the_bake_is_made_by_dataclasses(monkeypatch):
    monkeypatch.setattr(records, "MADE", dict(records.MADE))
    namespace = {"__module__": "guidebuilder.options", "__qualname__": "ChapterSpan",
                 "__annotations__": {"first": "int", "last": "int", "total": "int", "added": "str"}, "added": "new"}
    changed = records.dataclass(type("ChapterSpan", (), namespace), frozen=True)
    assert records.MADE["guidebuilder.options.ChapterSpan"]["baked"] is False
    span = changed(1, 2, 3)
    assert span.added == "new" and repr(span) == "ChapterSpan(first=1, last=2, total=3, added='new')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.first = 4
