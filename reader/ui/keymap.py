"""Key remapping from the config's `[keys]` table, on top of Textual's keymap (binding ids).

Textual 8 remaps a binding by its `id` (`App.set_keymap({"id": "key"})`). Users should not need
to know ids, so a name in `[keys]` may be a binding id (`app.open`), its last part (`open`),
the binding's action name (`open_location`) or its description as `?` shows it, in lower case
with `_` for spaces (`copy_sentence`); all resolve to the id. Bindings therefore need ids: `with_ids()` gives every binding
of a BINDINGS list an id equal to its action name (without namespace or arguments) unless it
has one already.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import _character_to_key


def action_name(action: str) -> str:
    """`app.scroll_to('x')` -> `scroll_to`: the bare name users see and write."""
    bare = action.split("(", 1)[0].strip()
    return bare.rsplit(".", 1)[-1]


def _name_of(text: str) -> str:
    """A config-friendly name: "Copy sentence" / "copy-sentence" -> "copy_sentence"."""
    return "_".join(text.lower().replace("-", " ").split())


def with_ids(bindings: Iterable[BindingType]) -> list[Binding]:
    """A BINDINGS list where every binding has an id (its action name unless set)."""
    out: list[Binding] = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if binding.id is None:
            binding = replace(binding, id=action_name(binding.action))
        out.append(binding)
    return out


def normalize_key(key: str) -> str:
    """`?` -> `question_mark`, `Ctrl+F` -> `ctrl+f`: the names Textual's key events carry."""
    *modifiers, last = key.strip().split("+") if len(key.strip()) > 1 else [key.strip()]
    if len(last) == 1:
        # With a modifier the terminal reports the lower-case letter (ctrl+F arrives as ctrl+f).
        last = _character_to_key(last.lower() if modifiers else last)
    else:
        last = last.lower()
    return "+".join([m.lower() for m in modifiers] + [last])


@dataclass(slots=True)
class Resolved:
    keymap: dict[str, str] = field(default_factory=dict)   # binding id -> keys (Textual form)
    problems: list[str] = field(default_factory=list)


def bindings_of(classes: Iterable[type[DOMNode]]) -> list[Binding]:
    """Every binding declared by these classes (their merged BINDINGS, inherited included)."""
    found: list[Binding] = []
    for cls in classes:
        merged = cls._merged_bindings
        if merged is None:
            continue
        for _key, binding in merged:
            found.append(binding)
    return found


def resolve(keys: Mapping[str, str], bindings: Iterable[Binding]) -> Resolved:
    """Turn config `[keys]` (name -> "key,key") into a Textual keymap, with problems for names
    that match no binding and for keys taken from another action."""
    bindings = list(bindings)
    by_name: dict[str, str] = {}
    for binding in bindings:
        if binding.id is None:
            continue
        by_name.setdefault(binding.id, binding.id)
        by_name.setdefault(binding.id.rsplit(".", 1)[-1], binding.id)  # "app.open" -> "open"
        by_name.setdefault(action_name(binding.action), binding.id)
        if binding.description:  # what `?` shows: "Copy sentence" -> copy_sentence
            by_name.setdefault(_name_of(binding.description), binding.id)
    result = Resolved()
    for name, value in keys.items():
        binding_id = by_name.get(name) or by_name.get(_name_of(name))
        if binding_id is None:
            known = ", ".join(sorted({n for n in by_name}))
            result.problems.append(f"[keys] {name}: no action has that name; known actions: "
                                   f"{known}.")
            continue
        result.keymap[binding_id] = ",".join(normalize_key(k) for k in value.split(","))
    remapped = set(result.keymap)
    actions = {b.id: action_name(b.action) for b in bindings if b.id}
    for binding_id, value in result.keymap.items():
        for key in value.split(","):
            for other in bindings:
                if other.id in remapped or other.id == binding_id:
                    continue
                if action_name(other.action) == actions.get(binding_id):
                    continue  # the same action under another key (e.g. an inherited one)
                if normalize_key(other.key) == key:
                    result.problems.append(
                        f"[keys] {binding_id} = {key!r} takes the key of "
                        f"{action_name(other.action)}, which no longer has it.")
    return result


def apply(app, keys: Mapping[str, str], classes: Iterable[type[DOMNode]]) -> list[str]:
    """Install the remapping on `app`; returns problems to show the user (never raises)."""
    resolved = resolve(keys, bindings_of([type(app), *classes]))
    if resolved.keymap:
        app.set_keymap(resolved.keymap)
    return resolved.problems


__all__ = ["with_ids", "resolve", "apply", "bindings_of", "normalize_key",
           "action_name", "Resolved"]
