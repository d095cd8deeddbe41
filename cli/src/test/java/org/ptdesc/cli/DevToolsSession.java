package org.ptdesc.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One headless Chromium driven through its DevTools protocol, for tests that need real input
 * events: the browser listens on a loopback port of its choosing (read from the
 * {@code DevToolsActivePort} file of its profile), and the session speaks to its one page over a
 * WebSocket of {@code java.net.http}. Mouse and key events go through {@code Input.dispatch*},
 * state comes back through {@code Runtime.evaluate}, and every console error and uncaught
 * exception of the page is collected.
 */
final class DevToolsSession implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 20;

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private DevToolsSession(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts {@code binary} headless with a {@code width}x{@code height} window and connects to its page. */
    static DevToolsSession start(Path binary, Path work, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-devtools");
        List<String> command = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "--hide-scrollbars",
                "--user-data-dir=" + profile.toAbsolutePath(), "about:blank");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("chromium-devtools.log").toFile()).start();
        try {
            Path activePort = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!Files.exists(activePort) || Files.readAllLines(activePort).size() < 2) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("Chromium did not open its DevTools port: "
                            + Files.readString(work.resolve("chromium-devtools.log")));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(activePort).getFirst().strip());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build();
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            String url = null;
            for (Object t : (List<?>) DevToolsJson.parse(targets)) {
                Map<?, ?> target = (Map<?, ?>) t;
                if ("page".equals(target.get("type")) && url == null) {
                    url = (String) target.get("webSocketDebuggerUrl");
                }
            }
            if (url == null) {
                throw new AssertionError("Chromium has no page target: " + targets);
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), listener)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            DevToolsSession session = new DevToolsSession(p, socket);
            listener.session = session;
            session.send("Runtime.enable", Map.of());
            session.send("Page.enable", Map.of());
            session.send("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
            return session;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            p.destroyForcibly().waitFor();
            throw e;
        } catch (Exception e) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("cannot connect to Chromium's DevTools", e);
        }
    }

    /** Sends one command and waits for its result; a protocol error fails the test. */
    Map<String, Object> send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        socket.sendText(DevToolsJson.write(message), true).join();
        Map<String, Object> reply;
        try {
            reply = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(method + ": no answer from Chromium", e);
        }
        if (reply.containsKey("error")) {
            throw new AssertionError(method + ": " + reply.get("error"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) reply.get("result");
        return result;
    }

    /** The value of a JavaScript expression in the page (strings, numbers, booleans, null; objects by value). */
    Object evaluate(String expression) {
        Map<String, Object> result = send("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.containsKey("exceptionDetails")) {
            throw new AssertionError(expression + ": " + result.get("exceptionDetails"));
        }
        return ((Map<?, ?>) result.get("result")).get("value");
    }

    /** Loads {@code page} and waits until {@code ready} (an expression) is true. */
    void load(Path page, String ready) throws InterruptedException {
        send("Page.navigate", Map.of("url", page.toUri().toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!Boolean.TRUE.equals(evaluate("(() => { try { return !!(" + ready + "); } catch (e) { return false; } })()"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(page + " was not ready within " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
    }

    /** One mouse event at viewport CSS pixel {@code x, y}. */
    void mouse(String type, double x, double y, String button, int buttons) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("x", x);
        p.put("y", y);
        p.put("button", button);
        p.put("buttons", buttons);
        if (!type.equals("mouseMoved")) {
            p.put("clickCount", 1);
        }
        send("Input.dispatchMouseEvent", p);
    }

    /** A turn of the mouse wheel at {@code x, y} ({@code deltaY} < 0 rolls it away from the user). */
    void wheel(double x, double y, double deltaY) {
        send("Input.dispatchMouseEvent", Map.of("type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
    }

    /** Presses and releases a key: {@code key} as KeyboardEvent.key, {@code code} and its Windows key code. */
    void key(String key, String code, int keyCode) {
        Map<String, Object> down = new LinkedHashMap<>();
        boolean printable = key.length() == 1;
        down.put("type", printable ? "keyDown" : "rawKeyDown");
        down.put("key", key);
        down.put("code", code);
        down.put("windowsVirtualKeyCode", keyCode);
        if (printable) {
            down.put("text", key);
        }
        send("Input.dispatchKeyEvent", down);
        send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", code, "windowsVirtualKeyCode", keyCode));
    }

    /** Console errors and warnings and uncaught exceptions seen since the last call. */
    List<String> takeProblems() {
        List<String> seen = new ArrayList<>(problems);
        problems.removeAll(seen);
        return seen;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is ended below either way
        }
        // Chromium's renderer, GPU and crash-handler processes outlive the browser process and go
        // on writing into the profile; end them all and wait, so the profile's temporary
        // directory can be deleted after the test.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private void received(String text) {
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) DevToolsJson.parse(text);
        Object id = message.get("id");
        if (id instanceof Double d) {
            CompletableFuture<Map<String, Object>> f = pending.remove(d.intValue());
            if (f != null) {
                f.complete(message);
            }
            return;
        }
        Object method = message.get("method");
        Map<?, ?> params = (Map<?, ?>) message.get("params");
        if ("Runtime.exceptionThrown".equals(method)) {
            problems.add("exception: " + params.get("exceptionDetails"));
        } else if ("Runtime.consoleAPICalled".equals(method)
                && List.of("error", "warning", "assert").contains(params.get("type"))) {
            problems.add("console " + params.get("type") + ": " + params.get("args"));
        }
    }

    /** Joins the fragments of each message and hands it to the session. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile DevToolsSession session;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                session.received(text);
            }
            webSocket.request(1);
            return null;
        }
    }
}
