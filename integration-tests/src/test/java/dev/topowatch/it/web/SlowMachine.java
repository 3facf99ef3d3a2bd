package dev.topowatch.it.web;

import java.time.Duration;

/**
 * A loaded machine, made reproducible in the browser: a script that runs before the page's own and
 * makes its event stream connect late and its {@code /series} answers arrive late (held after the
 * analyzer read them, so they are older than the live events that overtake them). Under a load
 * average of 20–80 the page saw such gaps by chance; with the script every run has them, so a page
 * that loses or regresses a record while it loads fails every time, not once in a while.
 */
final class SlowMachine {

  private SlowMachine() {}

  /** The script for {@link HeadlessChromium#beforeEveryPage}. */
  static String script(Duration streamDelay, Duration seriesDelay) {
    return """
        (() => {
          const NativeEventSource = window.EventSource;
          const streamDelay = %d, seriesDelay = %d;
          class LateEventSource extends EventTarget {
            static CONNECTING = 0; static OPEN = 1; static CLOSED = 2;
            constructor(url) {
              super();
              this.readyState = 0;
              this.timer = setTimeout(() => {
                this.inner = new NativeEventSource(url);
                for (const type of ['open', 'error', 'message', 'run', 'records']) {
                  this.inner.addEventListener(type, e => {
                    this.readyState = this.inner.readyState;
                    this.dispatchEvent(new MessageEvent(type, {data: e.data}));
                  });
                }
              }, streamDelay);
            }
            close() { clearTimeout(this.timer); this.inner?.close(); this.readyState = 2; }
          }
          window.EventSource = LateEventSource;
          const nativeFetch = window.fetch.bind(window);
          window.fetch = async (input, init) => {
            const response = await nativeFetch(input, init);
            if (String(input).includes('/series')) await new Promise(r => setTimeout(r, seriesDelay));
            return response;
          };
        })();
        """.formatted(streamDelay.toMillis(), seriesDelay.toMillis());
  }
}
