"""Suite-wide settings: the tests never read or write the user's own configuration."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

TEST_PSEUDONYM_KEY = "infusionkit-test-suite-key"


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A fixed pseudonym key and a private config folder, so no test writes into ``~/.config``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFUSIONKIT_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        yield
