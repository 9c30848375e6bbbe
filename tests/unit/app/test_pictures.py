"""Checking a picture before anything is uploaded: the kind by content, the size, the pixels."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import PictureRejected
from app.messages import Catalogue, Surface
from app.pictures import MAX_BYTES, PictureKind, check_picture
from tests.pictures import picture_bytes, write_picture


@pytest.mark.parametrize("kind", ["png", "jpeg", "webp"])
def test_each_kind_pixverse_takes_passes_with_its_size_read(tmp_path: Path, kind: str) -> None:
    path = write_picture(tmp_path / f"still.{kind}", 96, 64, kind)
    checked = check_picture(path)
    assert (checked.kind, checked.width, checked.height) == (PictureKind(kind), 96, 64)
    assert checked.size == path.stat().st_size and len(checked.sha256) == 64


def test_the_kind_is_judged_by_content_not_by_name(tmp_path: Path) -> None:
    renamed = write_picture(tmp_path / "really-a-png.jpg", kind="png")
    assert check_picture(renamed).kind is PictureKind.PNG
    text = tmp_path / "notes.png"
    text.write_text("not a picture at all")
    with pytest.raises(PictureRejected) as caught:
        check_picture(text)
    assert caught.value.reason_key == "reason.not_a_picture"


def test_a_gif_or_a_cut_png_is_not_a_picture_pixverse_takes(tmp_path: Path) -> None:
    gif = tmp_path / "anim.gif"
    gif.write_bytes(b"GIF89a" + bytes(200))
    whole = picture_bytes(200, 120, "png")
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole[: len(whole) // 2])
    for path in (gif, cut):
        with pytest.raises(PictureRejected) as caught:
            check_picture(path)
        assert caught.value.reason_key == "reason.not_a_picture", path


def test_missing_and_a_folder_are_said_as_such(tmp_path: Path) -> None:
    with pytest.raises(PictureRejected) as missing:
        check_picture(tmp_path / "gone.png", "image_tail")
    assert missing.value.reason_key == "reason.picture_missing"
    assert missing.value.field == "image_tail"
    with pytest.raises(PictureRejected) as folder:
        check_picture(tmp_path)
    assert folder.value.reason_key == "reason.picture_unreadable"


def test_over_20_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = write_picture(tmp_path / "huge.png")
    with big.open("r+b") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: the check must not read it
    with pytest.raises(PictureRejected) as caught:
        check_picture(big)
    assert caught.value.reason_key == "reason.picture_too_large"
    english = Catalogue("en").explain(caught.value)
    assert "huge.png is 20.0 MB; a picture may be at most 20 MB" in english
    assert english.startswith("First frame: ")


def test_a_side_over_10000_pixels_is_refused_with_its_size(tmp_path: Path) -> None:
    wide = write_picture(tmp_path / "panorama.png", 10_001, 2)
    with pytest.raises(PictureRejected) as caught:
        check_picture(wide, "image_tail")
    english = Catalogue("en", Surface.CLI).explain(caught.value)
    assert "10001 × 2 pixels; each side may be at most 10,000 pixels" in english
    assert english.startswith("Last frame: ") and "--tail-image" in english
    assert "尾帧" in Catalogue("zh_CN").explain(caught.value)
    assert check_picture(write_picture(tmp_path / "ok.png", 10_000, 2)).width == 10_000
