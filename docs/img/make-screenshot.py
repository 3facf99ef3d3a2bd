#!/usr/bin/env python3
"""Regenerates docs/img/ui-run.png, the README's picture of the run page, the way the README says:
a real demo run on Fashion-MNIST (./demo.sh, 600 steps by default) with a real Prometheus started
from deploy/prometheus/prometheus-local.yml, so the page shows the alert rules as Prometheus
evaluates them; then headless Chromium (Debian's chromium and chromedriver, driven through the
WebDriver protocol) opens the finished run's page and saves what a user sees first.

Everything runs on free ports with a temporary data directory, so it does not disturb an analyzer,
broker or Prometheus already running. Standard library only.

  docs/img/make-screenshot.py [--steps 600] [--out docs/img/ui-run.png] [--keep-temp]
"""
import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROMETHEUS_CONFIG = REPO / "deploy/prometheus/prometheus-local.yml"
RULES = REPO / "dashboards/alerts/topowatch-rules.yml"
WIDTH, HEIGHT = 1400, 1200  # the window; the picture ends below the loss and accuracy charts


def main():
    args = parse_args()
    temp = Path(tempfile.mkdtemp(prefix="topowatch-screenshot-"))
    http_port, kafka_port, prometheus_port, driver_port = free_ports(4)
    processes = []
    try:
        config = local_prometheus_config(temp, http_port)
        say(f"Prometheus on 127.0.0.1:{prometheus_port} (config {config}), analyzer on {http_port}, broker on {kafka_port}")
        processes.append(start(["prometheus", f"--config.file={config}", f"--web.listen-address=127.0.0.1:{prometheus_port}",
                                f"--storage.tsdb.path={temp / 'prometheus-data'}"], temp / "prometheus.log"))
        prometheus = f"http://127.0.0.1:{prometheus_port}"
        wait_for(f"Prometheus at {prometheus}", 120, lambda: http_ok(prometheus + "/-/ready"))

        demo_log = temp / "demo.log"
        say(f"./demo.sh --steps {args.steps} (builds first; log: {demo_log})")
        demo = start([str(REPO / "demo.sh"), "--steps", str(args.steps), "--http-port", str(http_port),
                      "--kafka-port", str(kafka_port), "--data-dir", str(temp / "demo"), "--prometheus-url", prometheus],
                     demo_log)
        processes.append(demo)
        run_page = wait_for("the demo's run page address", 30 * 60,
                            lambda: match(demo_log, r"the page is up: (\S+)") or exited(demo, demo_log))
        say(f"training: {run_page}")
        wait_for("the end of training", args.training_timeout * 60,
                 lambda: match(demo_log, r"(training is over)") or exited(demo, demo_log))
        say(match(demo_log, r"(reading: .*)") or "training is over")

        processes.append(start(["chromedriver", f"--port={driver_port}"], temp / "chromedriver.log"))
        driver = WebDriver(f"http://127.0.0.1:{driver_port}")
        wait_for("chromedriver", 60, driver.ready)
        driver.open_session()
        try:
            driver.call("POST", "/url", {"url": run_page})
            # What a user would wait for: the finished run, its charts drawn, the rules as Prometheus
            # evaluated them after the run ended (the page asks every 15 s).
            wait_for("the finished run's page with the rules evaluated", 180, lambda: driver.script("""
                const text = css => document.querySelector(css)?.innerText ?? '';
                const points = name => Number(document.querySelector(`[data-chart='${name}']`)?.dataset.points ?? 0);
                return text('[data-status]') === 'COMPLETED' && points('theta') > 0 && points('loss') > 0
                    && text('[data-verdict]').includes('rules evaluated by Prometheus')
                    && !text('[data-table=alerts]').includes('not evaluated');"""))
            time.sleep(2)  # the last redraw (the page renders at most every 250 ms)
            # End the picture below the first grid of cards (θ, rules, loss, accuracy), not mid-card.
            height = driver.script("""
                const cards = [...document.querySelectorAll('.grid .card')].filter(c => c.querySelector('[data-chart=loss], [data-chart=accuracy]'));
                return Math.ceil(Math.max(...cards.map(c => c.getBoundingClientRect().bottom)) + 6 + window.outerHeight - window.innerHeight);""")
            driver.call("POST", "/window/rect", {"width": WIDTH, "height": height})
            time.sleep(1)  # charts follow the new size
            verdict = driver.script("return document.querySelector('[data-verdict]').innerText")
            png = base64.b64decode(driver.call("GET", "/screenshot"))
        finally:
            driver.close_session()
        out = Path(args.out)
        out.write_bytes(png)
        say(f"saved {out} ({len(png)} bytes). The page's verdict:\n{verdict}")
    finally:
        for p in reversed(processes):
            stop(p)
        if args.keep_temp:
            say(f"kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=600, help="training steps of the demo run (default 600)")
    parser.add_argument("--out", default=str(REPO / "docs/img/ui-run.png"), help="where the PNG goes")
    parser.add_argument("--training-timeout", type=int, default=60, help="minutes training may take (default 60)")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary directory (logs, data)")
    return parser.parse_args()


def local_prometheus_config(temp, http_port):
    """deploy/prometheus/prometheus-local.yml with the analyzer on its free port and the shipped rules by absolute path."""
    text = PROMETHEUS_CONFIG.read_text()
    if "127.0.0.1:8080" not in text or "../../dashboards/alerts/topowatch-rules.yml" not in text:
        sys.exit(f"{PROMETHEUS_CONFIG} changed: this script expects its analyzer target 127.0.0.1:8080 and its relative rule path")
    text = text.replace("127.0.0.1:8080", f"127.0.0.1:{http_port}").replace("../../dashboards/alerts/topowatch-rules.yml", str(RULES))
    config = temp / "prometheus.yml"
    config.write_text(text)
    subprocess.run(["promtool", "check", "config", str(config)], check=True, stdout=subprocess.DEVNULL)
    return config


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def start(command, log):
    # A process group of its own: stopping demo.sh stops the JVM it started, and nothing else.
    return subprocess.Popen(command, stdout=open(log, "w"), stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(what, seconds, condition):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
        except (OSError, urllib.error.URLError, json.JSONDecodeError):
            result = None
        if result:
            return result
        time.sleep(1)
    sys.exit(f"gave up after {seconds} s waiting for {what}")


def match(log, pattern):
    found = re.search(pattern, log.read_text(errors="replace"))
    return found.group(1) if found else None


def exited(process, log):
    if process.poll() is not None:
        sys.exit(f"{process.args[0]} ended with {process.returncode}; its log ({log}) ends:\n" + log.read_text(errors="replace")[-3000:])
    return None


def http_ok(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status == 200


def say(line):
    print(line, flush=True)


class WebDriver:
    """The few W3C WebDriver calls this needs, against Debian's chromedriver."""

    def __init__(self, base):
        self.base = base
        self.session = None

    def ready(self):
        return self.request("GET", "/status")["ready"]

    def open_session(self):
        options = {"binary": "/usr/bin/chromium",
                   "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                            f"--window-size={WIDTH},{HEIGHT}", "--force-device-scale-factor=1"]}
        answer = self.request("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})
        self.session = answer["sessionId"]

    def close_session(self):
        if self.session:
            self.request("DELETE", f"/session/{self.session}")
            self.session = None

    def call(self, method, path, body=None):
        return self.request(method, f"/session/{self.session}{path}", body)

    def script(self, source):
        return self.call("POST", "/execute/sync", {"script": source, "args": []})

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())["value"]


if __name__ == "__main__":
    main()
