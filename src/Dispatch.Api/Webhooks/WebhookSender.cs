using System.Diagnostics;
using System.Net.Http.Headers;
using Dispatch.Api.Feed;
using NodaTime;

namespace Dispatch.Api.Webhooks;

/// <summary>The outcome of one POST: success is any 2xx.</summary>
public sealed record SendOutcome(bool Success, int? StatusCode, string? Error, long DurationMilliseconds);

/// <summary>
/// POSTs a signed CloudEvent. Redirects are not followed (a 3xx is a failed attempt); every request has the configured
/// timeout, so a receiver that never answers holds one delivery slot for that long and no more.
/// </summary>
public sealed class WebhookSender(WebhookSettings settings) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = settings.Timeout,
    }) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<SendOutcome> SendAsync(string url, string secret, string eventId, byte[] body, Instant now, CancellationToken cancellation)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(StructuredCloudEvent.ContentType) { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.IdHeader, eventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(settings.Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return new SendOutcome(response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"status {status}",
                clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new SendOutcome(false, null, "timeout", clock.ElapsedMilliseconds);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome(false, null, e.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : $"connection failed: {e.HttpRequestError}",
                clock.ElapsedMilliseconds);
        }
    }

    public void Dispose() => _http.Dispose();
}
