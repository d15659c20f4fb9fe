"""Settings from the environment."""

from __future__ import annotations

import pytest

from microtask.config import ConfigError, Settings, article_url, edit_url


def test_that_defaults_point_at_wikimedia() -> None:
    settings = Settings.from_env({})

    assert settings.mediawiki_endpoint("pa") == "https://pa.wikipedia.org/w/api.php"
    assert settings.liftwing_limit == 15
    assert "MICROTASK_CONTACT" in settings.user_agent


def test_that_the_environment_is_read_and_typed() -> None:
    env = {
        "MICROTASK_CONTACT": "https://example.org/organizer",
        "MICROTASK_RETRIES": "2",
        "MICROTASK_TIMEOUT": "7.5",
        "MICROTASK_LIFTWING_TOKEN": "secret",
    }

    settings = Settings.from_env(env)

    assert settings.retries == 2 and settings.timeout == 7.5
    assert settings.liftwing_limit == 100
    assert settings.user_agent.startswith("MicrotaskGenerator/")
    assert "(https://example.org/organizer)" in settings.user_agent
    assert "secret" not in settings.user_agent


@pytest.mark.parametrize(
    ("url", "rate", "limit"),
    [
        pytest.param("", 50.0, 15.0, id="wikimedia-cannot-exceed"),
        pytest.param("", 5.0, 5.0, id="wikimedia-can-lower"),
        pytest.param("http://127.0.0.1:8765/lw", 500.0, 500.0, id="other-endpoint"),
    ],
)
def test_that_a_configured_liftwing_rate_never_exceeds_wikimedias_limit(
    url: str, rate: float, limit: float
) -> None:
    overrides = {"liftwing_url": url} if url else {}

    settings = Settings.from_env({}, liftwing_rate=rate, **overrides)

    assert settings.liftwing_limit == limit


def test_that_a_bad_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="MICROTASK_RETRIES='many'"):
        Settings.from_env({"MICROTASK_RETRIES": "many"})


def test_that_links_are_percent_encoded() -> None:
    assert article_url("pa", "ਪੰਜਾਬ ਦਾ") == (
        "https://pa.wikipedia.org/wiki/%E0%A8%AA%E0%A9%B0%E0%A8%9C%E0%A8%BE%E0%A8%AC_"
        "%E0%A8%A6%E0%A8%BE"
    )
    assert edit_url("en", "AC/DC").endswith("title=AC/DC&action=edit")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MICROTASK_LIFTWING_RATE", "nan"),
        ("MICROTASK_LIFTWING_RATE", "inf"),
        ("MICROTASK_LIFTWING_RATE", "-1"),
        ("MICROTASK_TIMEOUT", "0"),
        ("MICROTASK_RETRIES", "-2"),
    ],
)
def test_that_values_out_of_range_are_refused(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})
