"""The config's `[keys]` table resolved against the actions registry into a Textual keymap.

Textual remaps a binding by its `id` (`App.set_keymap({"id": "key"})`). Users should not need
to know ids, so a name in `[keys]` may be the id (`app.open`), its last part (`open`), the
action's method name (`open_location`) or its description as `?` shows it, in lower case with
`_` for spaces (`copy_sentence`). A key that another action active at the same time already
uses (see `actions.CONTEXTS`) is reported; an unknown name gets the closest names suggested.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from reader.ui.actions import ACTIONS, CONTEXTS, Action


def _name_of(text: str) -> str:
    """A config-friendly name: "Copy sentence" / "copy-sentence" -> "copy_sentence"."""
    return "_".join(text.lower().replace("-", " ").split())


def action_name(action: str) -> str:
    """`app.scroll_to('x')` -> `scroll_to`: the bare method name."""
    return action.split("(", 1)[0].strip().rsplit(".", 1)[-1]


def normalize_key(key: str) -> str:
    """`?` -> `question_mark`, `Ctrl+F` -> `ctrl+f`: the names Textual's key events carry."""
    from textual.keys import _character_to_key

    key = key.strip()
    *modifiers, last = key.split("+") if len(key) > 1 else [key]
    if len(last) == 1:
        # With a modifier the terminal reports the lower-case letter (ctrl+F arrives as ctrl+f).
        last = _character_to_key(last.lower() if modifiers else last)
    else:
        last = last.lower()
    return "+".join([m.lower() for m in modifiers] + [last])


@dataclass(slots=True)
class Resolved:
    keymap: dict[str, str] = field(default_factory=dict)   # action id -> keys (Textual form)
    problems: list[str] = field(default_factory=list)


def names(actions: Iterable[Action] = ACTIONS) -> dict[str, str]:
    """Every name a `[keys]` entry may use -> action id."""
    by_name: dict[str, str] = {}
    for action in actions:
        for name in (action.id, action.name, action_name(action.action),
                     _name_of(action.description)):
            by_name.setdefault(name, action.id)
    return by_name


def _keys_of(action: Action, keymap: Mapping[str, str]) -> set[str]:
    value = keymap.get(action.id, action.keys)
    return {normalize_key(k) for k in value.split(",") if k.strip()}


def resolve(keys: Mapping[str, str], actions: Iterable[Action] = ACTIONS,
            where: Callable[[str], str] | None = None) -> Resolved:
    """Turn `[keys]` (name -> "key,key") into a keymap, with a problem for each unknown name
    and for each key that another action active at the same time loses; `where(name)` is the
    place of that entry in the config file ("config.toml line 7"), said before the problem."""
    actions = list(actions)
    by_name = names(actions)
    by_id = {a.id: a for a in actions}
    result = Resolved()
    given: dict[str, str] = {}  # action id -> the name the config used for it

    def at(name: str) -> str:
        return f"{where(name)}: " if where is not None else ""

    for name, value in keys.items():
        action_id = by_name.get(name) or by_name.get(_name_of(name))
        if action_id is None:
            close = difflib.get_close_matches(_name_of(name), list(by_name), n=3, cutoff=0.6)
            hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else \
                " Press ? in the app to see every action."
            result.problems.append(f"{at(name)}[keys] {name}: no action has that name.{hint}")
            continue
        result.keymap[action_id] = ",".join(normalize_key(k) for k in value.split(","))
        given[action_id] = name
    for action_id, value in result.keymap.items():
        action = by_id[action_id]
        contexts = [scopes for scopes in CONTEXTS.values() if action.scope in scopes]
        for key in value.split(","):
            for other in actions:
                if other.id == action_id or not any(other.scope in c for c in contexts):
                    continue
                if action_name(other.action) == action_name(action.action):
                    continue  # the same action under another id
                if key in _keys_of(other, result.keymap):
                    result.problems.append(
                        f"{at(given[action_id])}[keys] {action.name} = {key!r}: that key already belongs to "
                        f"{other.name} ({other.description.lower()}); remap one of them.")
    return result


__all__ = ["Resolved", "action_name", "names", "normalize_key", "resolve"]
