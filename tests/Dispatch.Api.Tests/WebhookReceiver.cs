using System.Collections.Concurrent;
using Dispatch.Api.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dispatch.Api.Tests;

/// <summary>One request as a receiver got it, whether its signature checked out, and what it answered (null: still held).</summary>
public sealed record ReceivedDelivery(string Id, string Timestamp, string Signature, string ContentType, byte[] Body, bool Verified)
{
    public int? Answered { get; set; }
    public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;
    public string Type => (string)Json["type"]!;
}

/// <summary>
/// An integrator's endpoint: Kestrel on loopback in the test process. It checks every delivery's signature with the
/// documented helper against the API's clock (401 when it fails), answers <see cref="FailFirst"/> requests with 503,
/// and holds requests while <see cref="Hold"/> is set (a receiver that never answers).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedDelivery> Requests { get; } = new();
    public string Url => _app.Urls.First() + "/hook";
    public int FailFirst { get; init; }
    public bool Hold { get; init; }

    public IReadOnlyList<ReceivedDelivery> Accepted => Requests.Where(r => r.Answered is >= 200 and < 300).ToList();

    public static async Task<WebhookReceiver> StartAsync(string secret, Func<Instant> now, int failFirst = 0, bool hold = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { FailFirst = failFirst, Hold = hold };
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var timestamp = http.Request.Headers[WebhookSignature.TimestampHeader].ToString();
            var signature = http.Request.Headers[WebhookSignature.SignatureHeader].ToString();
            var verified = WebhookSignature.Verify(secret, timestamp, signature, body, now().ToUnixTimeSeconds());
            var received = new ReceivedDelivery(http.Request.Headers[WebhookSignature.IdHeader].ToString(), timestamp, signature,
                http.Request.ContentType ?? "", body, verified);
            receiver.Requests.Enqueue(received);
            if (receiver.Hold) await receiver._release.Task.WaitAsync(http.RequestAborted);
            var status = !verified ? 401 : Interlocked.Increment(ref receiver._count) <= receiver.FailFirst ? 503 : 204;
            received.Answered = status;
            http.Response.StatusCode = status;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Lets every held request, and every later one, be answered.</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Waits until <paramref name="done"/> holds or 60 s pass; answers whether it held.</summary>
    public async Task<bool> WaitFor(Func<WebhookReceiver, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
