"""Browser test helpers: where Debian's Chromium is, where screenshots go, and a visit that waits, shoots and checks for errors."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def visit(page: Page, url: str, ready: str, shot: str) -> None:
    page.goto(url)
    expect(page.locator(ready).first).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    assert page.locator(".dash-fe-error__title").count() == 0
    assert page.console_errors == []  # type: ignore[attr-defined]
