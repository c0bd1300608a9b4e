"""Where the browser-test tools live, how Chromium is started, and which pages are audited.

Shared by the end-to-end tests and by the audit runner (``python -m tests.e2e.audit``).
Nothing here imports Django or pytest.

- Chromium: ``CHROME_PATH`` if set, else ``chromium`` (Debian's package) or another
  Chrome-family browser on the PATH. Playwright drives it; its own browser downloads are
  never used.
- axe-core, the Nu Html Checker (vnu-jar) and Lighthouse: npm packages pinned in
  tests/e2e/package.json, installed into ``.tools/`` by ``make browser-tools``.
- Java runs the Nu Html Checker.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS_DIR = Path(os.environ.get("STACKADVISOR_TOOLS_DIR", ROOT / ".tools"))
NODE_MODULES = TOOLS_DIR / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"

INSTALL_TOOLS = "make browser-tools"
INSTALL_CHROMIUM = "apt-get update && apt-get install -y chromium"
INSTALL_JAVA = "apt-get update && apt-get install -y default-jre-headless"

# Headless Chromium on a closed network: no sandbox (containers), no GPU, and none of the
# background traffic (updates, sync, QUIC probes) that would only time out.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_BROWSER_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


def in_ci() -> bool:
    """CI sets CI=true: there a missing tool is a failure, never a skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium_path() -> str | None:
    configured = os.environ.get("CHROME_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def java_path() -> str | None:
    return shutil.which("java")


def node_path() -> str | None:
    return shutil.which("node")


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _playwright_installed() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _checks() -> dict[str, list[tuple[bool, str, str]]]:
    """Per tool: (whether it is missing, the problem, the command that installs it)."""
    where = os.environ.get("CHROME_PATH") or "chromium on the PATH"
    return {
        "chromium": [(not chromium_path(), f"no Chromium found ({where})", INSTALL_CHROMIUM)],
        "playwright": [
            (
                not _playwright_installed(),
                "the playwright Python package is not installed",
                "make venv-test",
            )
        ],
        "axe": [
            (
                not AXE_JS.is_file(),
                f"axe-core is not installed ({_shown(AXE_JS)} missing)",
                INSTALL_TOOLS,
            )
        ],
        "vnu": [
            (
                not VNU_JAR.is_file(),
                f"the Nu Html Checker is not installed ({_shown(VNU_JAR)} missing)",
                INSTALL_TOOLS,
            ),
            (
                not java_path(),
                "no java on the PATH (the Nu Html Checker needs it)",
                INSTALL_JAVA,
            ),
        ],
        "lighthouse": [
            (
                not LIGHTHOUSE_CLI.is_file(),
                f"Lighthouse is not installed ({_shown(LIGHTHOUSE_CLI)} missing)",
                INSTALL_TOOLS,
            ),
            (
                not node_path(),
                "no node on the PATH (Lighthouse needs Node.js 18.20 or newer)",
                "install Node.js 20",
            ),
        ],
    }


def missing(*needs: str) -> str | None:
    """Why the named tools cannot run here, with the command that installs them; None when
    they all can. Names: chromium, playwright, axe, vnu, lighthouse."""
    checks = _checks()
    found = [
        (problem, command) for need in needs for lacks, problem, command in checks[need] if lacks
    ]
    if not found:
        return None
    unique_commands = list(dict.fromkeys(command for _, command in found))
    return (
        "; ".join(problem for problem, _ in found)
        + ". Install with: "
        + " && ".join(unique_commands)
    )


def audited_pages(token: str) -> list[tuple[str, str]]:
    """(name, path) of the public pages every audit covers; ``token`` is a saved result's."""
    return [
        ("home", "/"),
        ("advisor", "/advisor/"),
        ("result", f"/results/{token}/"),
        ("frameworks", "/frameworks/"),
        ("framework", "/frameworks/django/"),
        ("compare picker", "/compare/"),
        ("compare", "/compare/django-vs-express/"),
        ("personal compare", f"/results/{token}/compare/"),
        ("frameworks filtered", "/frameworks/?language=python&tag=micro"),
        (
            "compare of three, differences only",
            "/compare/django-vs-express-vs-flask/?only=differences",
        ),
        ("compare weighed by hand", "/compare/django-vs-express/weighed/?security=10"),
        ("methodology", "/methodology/"),
    ]
