"""Find a Marian checkpoint: a local directory or a Hugging Face hub id.

Every way this can fail (offline, wrong id, incomplete directory) ends in one
``ModelError`` line that names the fix, within seconds: the hub is asked only
after the local cache, with a short timeout, and never when offline mode is set.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..paths import oserror_reason, probe, shown

log = logging.getLogger(__name__)

# What a Marian checkpoint needs (as laid out by Helsinki-NLP/opus-mt-*).
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
DOWNLOAD_PATTERNS = ["*.json", "*.spm", "*.safetensors", "*.txt"]
DOWNLOAD_FALLBACK_PATTERNS = ["*.json", "*.spm", "pytorch_model.bin", "*.txt"]
ETAG_TIMEOUT_S = 10


@dataclass(frozen=True)
class ResolvedModel:
    """A checkpoint on disk and where it came from."""

    path: Path
    model_id: str
    revision: str

    def info(self) -> dict[str, str]:
        return {"model": self.model_id, "revision": self.revision}


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def offline() -> bool:
    """True when the user asked for offline mode (``HF_HUB_OFFLINE``/``TRANSFORMERS_OFFLINE``)."""
    return _truthy("HF_HUB_OFFLINE") or _truthy("TRANSFORMERS_OFFLINE")


def _looks_like_path(model: str) -> bool:
    """Whether ``model`` (not an existing directory) names a local path, not a hub id:
    ``./m``, ``/m``, ``~/m``, ``a/b/c``, ``m/``, or ``models/nope`` where ``models`` is a
    local directory (a hub id ``org/name`` has one slash too)."""
    return (model.startswith((".", "/", "~")) or "\\" in model or model.count("/") > 1
            or model.endswith("/") or (model.count("/") == 1 and Path(model.split("/")[0]).is_dir()))


def check_checkpoint(path: Path, name: str) -> None:
    """Raise ``ModelError`` unless ``path`` holds a complete, readable Marian checkpoint."""
    try:
        _check_checkpoint(path, name)
    except OSError as exc:  # a folder that may not be listed, a name too long

        where = shown(exc.filename) if exc.filename is not None else shown(path)
        raise ModelError(f"model {shown(name, 60)!r}: cannot read {where} "
                         f"({oserror_reason(exc)})") from None


def _check_checkpoint(path: Path, name: str) -> None:
    if not path.is_dir():
        raise ModelError(f"model {name!r}: {path} is not a directory")
    missing = [f for f in ("config.json", *TOKENIZER_FILES) if not (path / f).is_file()]
    if not any((path / f).is_file() for f in WEIGHT_FILES):
        missing.append(" or ".join(WEIGHT_FILES))
    if missing:
        raise ModelError(
            f"model {name!r}: {path} is not a complete Marian checkpoint "
            f"(missing {', '.join(missing)}); download it again or pass the directory that "
            "holds config.json with --model PATH (in Python: TranslateOptions(model=PATH))")
    # every file either backend reads must be readable (a mode-000 file fails here, in
    # one line, not as an OSError from deep inside transformers or CTranslate2)
    for f in ("config.json", "generation_config.json", "tokenizer_config.json",
              *TOKENIZER_FILES, *WEIGHT_FILES):
        if (path / f).is_file():
            with (path / f).open("rb") as handle:
                handle.read(1)
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"model {name!r}: {path / 'config.json'} is unreadable ({exc}); "
                         "download the model again") from None
    if not isinstance(config, dict) or config.get("model_type") != "marian":
        model_type = config.get("model_type") if isinstance(config, dict) else None
        raise ModelError(f"model {name!r}: model_type is {model_type!r}, "
                         "not 'marian'; transalign runs MarianMT checkpoints (opus-mt)")


LOCAL_REVISION = "local-"  # prefix of a local checkpoint's content hash


def is_local_revision(revision: str | None) -> bool:
    """True for the content hash of a local directory (not a hub revision)."""
    return bool(revision) and str(revision).startswith(LOCAL_REVISION)


def content_hash(path: Path) -> str:
    """A hash of a checkpoint's content (configuration and tokenizer files whole, weight
    files by size and their first and last MiB), so manifests tell two local models
    apart and the CTranslate2 cache converts the same model once, whatever its path."""
    digest = hashlib.sha256()
    for name in ("config.json", "generation_config.json", *TOKENIZER_FILES):
        f = path / name
        if f.is_file():
            digest.update(name.encode() + b"\0" + f.read_bytes())
    for name in WEIGHT_FILES:
        f = path / name
        if f.is_file():
            size = f.stat().st_size
            with f.open("rb") as handle:
                head = handle.read(1 << 20)
                handle.seek(max(0, size - (1 << 20)))
                tail = handle.read(1 << 20)
            digest.update(f"{name}:{size}".encode() + head + tail)
    return digest.hexdigest()[:12]


def resolve_model(model: str, revision: str | None = None) -> ResolvedModel:
    """Path of a checkpoint given a local directory or a hub id.

    Raises:
        ModelError: with the fix in the message, when the model cannot be had.
    """

    if not model or not model.strip():
        raise ModelError("no model given; pass --model with a hub id or a local directory")
    local = Path(model).expanduser()
    try:
        there = probe(local, ModelError) is not None
    except ModelError as exc:
        raise ModelError(f"model {exc}; check --model (a hub id or a local directory)") \
            from None
    if there:
        if revision:
            raise ModelError(f"model {model!r} is a local directory; a revision ({revision!r}) "
                             "applies to hub models only: drop --revision, or check that "
                             "revision out into the directory")
        check_checkpoint(local, model)
        return ResolvedModel(local.resolve(), model, LOCAL_REVISION + content_hash(local))
    if _looks_like_path(model):
        raise ModelError(f"model directory {shown(model)!r} does not exist; check the path "
                         "(build a tiny test model with scripts/build_tiny_model.py DIR)")
    return _from_hub(model, revision)


def _from_hub(model: str, revision: str | None) -> ResolvedModel:
    from huggingface_hub import errors as hub_errors  # heavy: huggingface_hub
    from huggingface_hub import snapshot_download  # heavy: huggingface_hub, only to download


    label = shown(model, 80)
    fix = (f"pass a local directory with --model PATH (in Python: TranslateOptions(model=PATH)), "
           f"or download it once with network "
           f"(`hf download {label}`) and run with HF_HUB_OFFLINE=1")
    path: str | None = None
    for patterns in (DOWNLOAD_PATTERNS, DOWNLOAD_FALLBACK_PATTERNS):
        try:
            path = snapshot_download(model, revision=revision, allow_patterns=patterns,
                                     local_files_only=True)
        except Exception:
            path = None
        if path and any((Path(path) / f).is_file() for f in WEIGHT_FILES):
            break
        path = None
    if path is None:
        if offline():
            raise ModelError(f"model {label!r} is not in the local Hugging Face cache and "
                             f"offline mode is on (HF_HUB_OFFLINE); {fix}")
        log.info("downloading %s from the Hugging Face hub", model)
        try:
            path = snapshot_download(model, revision=revision, allow_patterns=DOWNLOAD_PATTERNS,
                                     etag_timeout=ETAG_TIMEOUT_S)
            if not any((Path(path) / f).is_file() for f in WEIGHT_FILES):
                path = snapshot_download(model, revision=revision,
                                         allow_patterns=DOWNLOAD_FALLBACK_PATTERNS,
                                         etag_timeout=ETAG_TIMEOUT_S)
        except hub_errors.RepositoryNotFoundError:
            raise ModelError(f"model {label!r} was not found on the Hugging Face hub "
                             "(wrong id, or private); check the id, or pass a local "
                             "directory with --model PATH (in Python: TranslateOptions(model=PATH))") from None
        except hub_errors.RevisionNotFoundError:
            raise ModelError(f"model {label!r} has no revision {revision!r}; "
                             "check --revision") from None
        except Exception as exc:
            reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot download model {label!r} (no network? {reason}); "
                             f"{fix}") from None
    resolved = Path(path)
    check_checkpoint(resolved, model)
    # Snapshots live in .../snapshots/<commit>: the commit is the exact revision.
    return ResolvedModel(resolved, model, resolved.name if revision is None else revision)
