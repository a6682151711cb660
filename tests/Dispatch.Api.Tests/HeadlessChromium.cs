using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dispatch.Api.Tests;

/// <summary>
/// Debian's headless Chromium driven over its DevTools protocol (a WebSocket), so a page can be opened with an
/// Authorization header, as a browser behind the bureau's sign-on would send it. build/test.sh installs Chromium.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket;
    private readonly Queue<JsonNode> _events = new();
    private int _lastId;

    private HeadlessChromium(Process process, ClientWebSocket socket)
    {
        _process = process;
        _socket = socket;
    }

    private static string Binary() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => p is not null && File.Exists(p))
        ?? throw new InvalidOperationException("No Chromium: run the tests with build/test.sh, which installs Debian's chromium, or set CHROMIUM.");

    public static async Task<HeadlessChromium> StartAsync(int width, int height)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-").FullName;
        var start = new ProcessStartInfo(Binary()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     $"--user-data-dir={profile}", "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();

        // Chromium writes the port it chose into the profile folder.
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile) || (await File.ReadAllLinesAsync(portFile)).Length < 2)
        {
            if (process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("Chromium did not open its DevTools port.");
            await Task.Delay(100);
        }
        var port = (await File.ReadAllLinesAsync(portFile))[0];
        using var http = new HttpClient();
        string? page = null;
        while (page is null)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            page = targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
            if (page is null)
            {
                if (DateTime.UtcNow > deadline) throw new InvalidOperationException("Chromium opened no page.");
                await Task.Delay(100);
            }
        }
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(page), CancellationToken.None);
        var browser = new HeadlessChromium(process, socket);
        await browser.Send("Page.enable");
        await browser.Send("Network.enable");
        await browser.Send("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });
        return browser;
    }

    /// <summary>Opens the page with these request headers and waits for its load event; answers the DOM as serialized HTML.</summary>
    public async Task<string> Open(string url, IReadOnlyDictionary<string, string> headers)
    {
        await Send("Network.setExtraHTTPHeaders", new { headers });
        var navigated = await Send("Page.navigate", new { url });
        if (navigated["errorText"] is { } error) throw new InvalidOperationException($"Chromium could not open {url}: {error}");
        await WaitFor("Page.loadEventFired");
        var dom = await Send("Runtime.evaluate", new { expression = "document.documentElement.outerHTML", returnByValue = true });
        return (string)dom["result"]!["value"]!;
    }

    public async Task<byte[]> Screenshot() => Convert.FromBase64String((string)(await Send("Page.captureScreenshot", new { format = "png" }))["data"]!);

    private async Task<JsonNode> Send(string method, object? parameters = null)
    {
        var id = ++_lastId;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            var reply = await Receive();
            if (reply["id"] is null)
            {
                _events.Enqueue(reply);
                continue;
            }
            if ((int)reply["id"]! != id) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    private async Task WaitFor(string eventName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (_events.TryDequeue(out var queued))
            if ((string?)queued["method"] == eventName) return;
        while ((string?)(await Receive(timeout.Token))["method"] != eventName) { }
    }

    private async Task<JsonNode> Receive(CancellationToken cancellation = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(chunk, cancellation);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("Chromium closed the DevTools connection.");
            buffer.Write(chunk, 0, result.Count);
        } while (!result.EndOfMessage);
        return JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()))!;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
