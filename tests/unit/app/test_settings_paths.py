"""The download folder as settings hold it: a Windows path on another system is refused, with
a message naming the field, in both languages."""

from __future__ import annotations

import pytest

from app.messages import Catalogue
from app.settings import Settings, SettingsError, check_download_dir


@pytest.mark.parametrize("folder", ["Z:\\Videos", "C:/x", "c:", "\\\\server\\share"])
def test_a_windows_path_is_refused_elsewhere(folder: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings(download_dir=folder).validate()
    assert caught.value.field == "download_dir"
    assert Catalogue("en").error_message(caught.value) == (
        f"Download folder: {folder} is a Windows path; "
        "on this computer a folder looks like /home/you/Videos"
    )
    assert Catalogue("zh_CN").error_message(caught.value).startswith(f"下载文件夹：{folder} 是")
    assert check_download_dir(folder, windows=True) == folder


@pytest.mark.parametrize("folder", ["", "/srv/videos", "~/Videos", "relative/dir", "a:b"])
def test_folders_of_this_system_are_kept(folder: str) -> None:
    assert check_download_dir(folder, windows=False) == folder
